package dev.perfgate.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.perfgate.measure.Measurement;

class ObjectiveTests {

    private static final double ALPHA = 0.001;
    private static final long MS = 1_000_000L;
    private static final Measurement.Blocks NO_BLOCKS = new Measurement.Blocks(MS, new long[0], new long[0]);

    private static Histogram histogram(long... valueCountPairs) {
        Histogram histogram = new Histogram(3);
        for (int i = 0; i < valueCountPairs.length; i += 2) {
            histogram.recordValueWithCount(valueCountPairs[i], valueCountPairs[i + 1]);
        }
        return histogram;
    }

    private static Measurement measurement(Histogram latencies, long errors, List<Throwable> firstErrors,
            long elapsedNanos, long sumNanos, long maxNanos, Measurement.Blocks blocks) {
        long min = latencies.getTotalCount() == 0 ? 0 : latencies.getMinValue();
        return new Measurement(latencies, errors, firstErrors, elapsedNanos, sumNanos, min, maxNanos, blocks, 1, 0, 0,
                0);
    }

    /** Samples at 500 µs (within a 1 ms limit) and at 2 ms (beyond it). */
    private static Measurement latencies(long within, long beyond) {
        Histogram histogram = histogram(500_000L, within, 2 * MS, beyond);
        return measurement(histogram, 0, List.of(), 1_000 * MS, within * 500_000L + beyond * 2 * MS,
                beyond > 0 ? 2 * MS : 500_000L, NO_BLOCKS);
    }

    @Nested
    class PercentileTests {

        private final Objective p99 = new Objective.Percentile("p99", 0.99, MS);

        @Test
        void exactlyTheAllowedFractionAboveTheLimitPasses() {
            ObjectiveResult result = p99.judge(latencies(9_900, 100), ALPHA);

            assertThat(result).isEqualTo(new ObjectiveResult("p99", "<= 1 ms", "500 µs", MS, 500_223, "ns",
                    Verdict.PASS, "1 % of 10,000 samples above 1 ms; at most 1 % allowed"));
        }

        @Test
        void significantlyMoreThanTheAllowedFractionFails() {
            ObjectiveResult result = p99.judge(latencies(9_750, 250), ALPHA);

            // HdrHistogram's p99 here is 2,000,895 ns (its bucket's highest value); shown values never exceed the
            // exact maximum, 2 ms.
            assertThat(result).isEqualTo(new ObjectiveResult("p99", "<= 1 ms", "2 ms", MS, 2_000_000, "ns",
                    Verdict.FAIL, "2.5 % of 10,000 samples above 1 ms; at most 1 % allowed"));
        }

        @Test
        void slightlyMoreThanTheAllowedFractionWarns() {
            ObjectiveResult result = p99.judge(latencies(9_885, 115), ALPHA);

            assertThat(result.verdict()).isEqualTo(Verdict.WARN);
            assertThat(result.evidence()).isEqualTo("1.15 % of 10,000 samples above 1 ms; at most 1 % allowed; "
                    + "above the limit but not significant at 99.9 % confidence");
        }

        @Test
        void theSameExcessFailsAtALowerConfidence() {
            // P(X >= 115) for X ~ Binomial(10000, 0.01) is about 0.07
            assertThat(p99.judge(latencies(9_885, 115), 0.1).verdict()).isEqualTo(Verdict.FAIL);
        }

        @Test
        void tooFewSamplesToJudgeWarns() {
            ObjectiveResult result = p99.judge(latencies(500, 0), ALPHA);

            assertThat(result.verdict()).isEqualTo(Verdict.WARN);
            assertThat(result.actual()).isEqualTo("500 µs");
            assertThat(result.evidence()).isEqualTo("insufficient samples: 500 of 1,000 needed to judge p99; "
                    + "0 % of 500 samples above 1 ms; at most 1 % allowed");
        }

        @Test
        void aSignificantExcessFailsDespiteFewSamples() {
            ObjectiveResult result = p99.judge(latencies(400, 100), ALPHA);

            assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
            assertThat(result.evidence()).isEqualTo("20 % of 500 samples above 1 ms; at most 1 % allowed");
        }

        @Test
        void nothingMeasuredWarns() {
            ObjectiveResult result = p99.judge(latencies(0, 0), ALPHA);

            assertThat(result).isEqualTo(new ObjectiveResult("p99", "<= 1 ms", "n/a", MS, Double.NaN, "ns",
                    Verdict.WARN, "no invocation returned normally, nothing to judge"));
        }

        @Test
        void samplesWithinTheHistogramPrecisionOfTheLimitCountAsWithin() {
            Measurement measurement = measurement(histogram(500_000L, 9_000, 1_000_400L, 1_000), 0, List.of(),
                    1_000 * MS, 0, 1_000_400L, NO_BLOCKS);

            assertThat(p99.judge(measurement, ALPHA).verdict()).isEqualTo(Verdict.PASS);
        }

        @Test
        void samplesBeyondTheHistogramPrecisionOfTheLimitCountAsAbove() {
            Measurement measurement = measurement(histogram(500_000L, 9_000, 1_002_000L, 1_000), 0, List.of(),
                    1_000 * MS, 0, 1_002_000L, NO_BLOCKS);

            assertThat(p99.judge(measurement, ALPHA).verdict()).isEqualTo(Verdict.FAIL);
        }

        @Test
        void requiredSamplesLeaveTenExpectedInTheTail() {
            assertThat(new Objective.Percentile("p50", 0.5, MS).requiredSamples()).isEqualTo(20);
            assertThat(p99.requiredSamples()).isEqualTo(1_000);
            assertThat(new Objective.Percentile("p999", 0.999, MS).requiredSamples()).isEqualTo(10_000);
            assertThat(p99.requiredBlocks()).isZero();
        }
    }

    @Nested
    class MaxTests {

        private final Objective max = new Objective.Max(MS);

        @Test
        void anInvocationAboveTheLimitFails() {
            Measurement measurement = measurement(histogram(500_000L, 9_999, 1_500_000L, 1), 0, List.of(), 1_000 * MS,
                    0, 1_500_000L, NO_BLOCKS);

            assertThat(max.judge(measurement, ALPHA)).isEqualTo(new ObjectiveResult("max", "<= 1 ms", "1.5 ms", MS,
                    1_500_000, "ns", Verdict.FAIL, "slowest of 10,000 samples took 1.5 ms"));
        }

        @Test
        void theExactMaxIsJudgedNotItsHistogramBucket() {
            Measurement atLimit = measurement(histogram(MS, 10), 0, List.of(), 1_000 * MS, 10 * MS, MS, NO_BLOCKS);
            Measurement justAbove = measurement(histogram(MS + 1, 10), 0, List.of(), 1_000 * MS, 10 * MS + 10, MS + 1,
                    NO_BLOCKS);

            assertThat(max.judge(atLimit, ALPHA)).isEqualTo(new ObjectiveResult("max", "<= 1 ms", "1 ms", MS, MS,
                    "ns", Verdict.PASS, ""));
            assertThat(max.judge(justAbove, ALPHA).verdict()).isEqualTo(Verdict.FAIL);
        }

        @Test
        void nothingMeasuredWarns() {
            ObjectiveResult result = max.judge(latencies(0, 0), ALPHA);

            assertThat(result.verdict()).isEqualTo(Verdict.WARN);
            assertThat(result.evidence()).isEqualTo("no invocation returned normally, nothing to judge");
        }
    }

    /** 20 blocks of 100 invocations with block means alternating 990 µs and 1.01 ms: a 1 ms mean. */
    private static Measurement steadyAtOneMillisecond(int blocks) {
        long[] counts = new long[blocks];
        long[] sums = new long[blocks];
        for (int i = 0; i < blocks; i++) {
            counts[i] = 100;
            sums[i] = i % 2 == 0 ? 100 * 990_000L : 100 * 1_010_000L;
        }
        long samples = 100L * blocks;
        return measurement(histogram(990_000L, samples / 2, 1_010_000L, samples - samples / 2), 0, List.of(),
                blocks * 10 * MS, Arrays.stream(sums).sum(), 1_010_000L, new Measurement.Blocks(10 * MS, counts, sums));
    }

    @Nested
    class MeanTests {

        @Test
        void intervalAboveTheLimitFails() {
            ObjectiveResult result = new Objective.Mean(900_000L).judge(steadyAtOneMillisecond(20), ALPHA);

            assertThat(result).isEqualTo(new ObjectiveResult("mean", "<= 900 µs", "1 ms", 900_000L, 1_000_000, "ns",
                    Verdict.FAIL, "99.9 % lower bound 992 µs over 20 blocks"));
        }

        @Test
        void intervalBelowTheLimitPasses() {
            ObjectiveResult result = new Objective.Mean(2 * MS).judge(steadyAtOneMillisecond(20), ALPHA);

            assertThat(result.verdict()).isEqualTo(Verdict.PASS);
            assertThat(result.evidence()).isEmpty();
        }

        @Test
        void meanAboveTheLimitWithTheIntervalAcrossItWarns() {
            ObjectiveResult result = new Objective.Mean(995_000L).judge(steadyAtOneMillisecond(20), ALPHA);

            assertThat(result.verdict()).isEqualTo(Verdict.WARN);
            assertThat(result.evidence()).isEqualTo("99.9 % lower bound 992 µs over 20 blocks");
        }

        @Test
        void meanBelowTheLimitWithTheIntervalAcrossItPasses() {
            assertThat(new Objective.Mean(1_005_000L).judge(steadyAtOneMillisecond(20), ALPHA).verdict())
                    .isEqualTo(Verdict.PASS);
        }

        @Test
        void fewerThanTenBlocksWarn() {
            ObjectiveResult result = new Objective.Mean(2 * MS).judge(steadyAtOneMillisecond(9), ALPHA);

            assertThat(result.verdict()).isEqualTo(Verdict.WARN);
            assertThat(result.actual()).isEqualTo("999 µs"); // 5 blocks at 990 µs, 4 at 1.01 ms
            assertThat(result.evidence()).isEqualTo("insufficient measurement blocks: 9 of 10 needed for an interval");
        }

        @Test
        void emptyBlocksHaveNoMean() {
            long[] counts = {100, 100, 100, 0, 100, 100, 0, 100, 100, 0, 100, 100};
            long[] sums = new long[counts.length];
            for (int i = 0; i < counts.length; i++) {
                sums[i] = counts[i] * 1_000_000L;
            }
            Measurement measurement = measurement(histogram(MS, 900), 0, List.of(), 120 * MS, 900 * MS, MS,
                    new Measurement.Blocks(10 * MS, counts, sums));

            ObjectiveResult result = new Objective.Mean(2 * MS).judge(measurement, ALPHA);

            assertThat(result.verdict()).isEqualTo(Verdict.WARN);
            assertThat(result.evidence()).isEqualTo("insufficient measurement blocks: 9 of 10 needed for an interval");
        }

        @Test
        void needsTenBlocks() {
            assertThat(new Objective.Mean(MS).requiredBlocks()).isEqualTo(10);
        }
    }

    /** Blocks of 10 ms with 90 and 110 invocations in turn: 10,000/s. */
    private static Measurement steadyAtTenThousandPerSecond(int blocks) {
        long[] counts = new long[blocks];
        for (int i = 0; i < blocks; i++) {
            counts[i] = i % 2 == 0 ? 90 : 110;
        }
        long samples = Arrays.stream(counts).sum();
        return measurement(histogram(100_000L, samples), 0, List.of(), blocks * 10 * MS, samples * 100_000L,
                100_000L, new Measurement.Blocks(10 * MS, counts, new long[blocks]));
    }

    @Nested
    class ThroughputTests {

        @Test
        void intervalBelowTheLimitFails() {
            ObjectiveResult result = new Objective.Throughput(12_000).judge(steadyAtTenThousandPerSecond(20), ALPHA);

            assertThat(result).isEqualTo(new ObjectiveResult("throughput", ">= 12,000/s", "10,000/s", 12_000, 10_000,
                    "1/s", Verdict.FAIL, "99.9 % upper bound 10,800/s over 20 blocks"));
        }

        @Test
        void intervalAboveTheLimitPasses() {
            ObjectiveResult result = new Objective.Throughput(5_000).judge(steadyAtTenThousandPerSecond(20), ALPHA);

            assertThat(result.verdict()).isEqualTo(Verdict.PASS);
            assertThat(result.evidence()).isEmpty();
        }

        @Test
        void rateBelowTheLimitWithTheIntervalAcrossItWarns() {
            ObjectiveResult result = new Objective.Throughput(10_500).judge(steadyAtTenThousandPerSecond(20), ALPHA);

            assertThat(result.verdict()).isEqualTo(Verdict.WARN);
            assertThat(result.evidence()).isEqualTo("99.9 % upper bound 10,800/s over 20 blocks");
        }

        @Test
        void fewerThanTenBlocksWarn() {
            ObjectiveResult result = new Objective.Throughput(5_000).judge(steadyAtTenThousandPerSecond(9), ALPHA);

            assertThat(result.verdict()).isEqualTo(Verdict.WARN);
            assertThat(result.evidence()).isEqualTo("insufficient measurement blocks: 9 of 10 needed for an interval");
        }
    }

    private static Measurement invocations(long succeeded, long failed) {
        List<Throwable> firstErrors = failed == 0 ? List.of() : List.of(new IllegalStateException("boom"));
        return measurement(histogram(100_000L, succeeded), failed, firstErrors, 1_000 * MS, succeeded * 100_000L,
                100_000L, NO_BLOCKS);
    }

    @Nested
    class ErrorRateTests {

        @Test
        void oneErrorWhenNoneIsAllowedFails() {
            ObjectiveResult result = new Objective.ErrorRate(0).judge(invocations(999, 1), ALPHA);

            assertThat(result).isEqualTo(new ObjectiveResult("errorRate", "<= 0 %", "0.1 %", 0, 0.001, "fraction",
                    Verdict.FAIL, "1 of 1,000 invocations threw (first: java.lang.IllegalStateException: boom)"));
        }

        @Test
        void errorsWithinTheAllowedFractionPassAndAreStillReported() {
            ObjectiveResult result = new Objective.ErrorRate(0.5).judge(invocations(900, 100), ALPHA);

            assertThat(result).isEqualTo(new ObjectiveResult("errorRate", "<= 50 %", "10 %", 0.5, 0.1, "fraction",
                    Verdict.PASS, "100 of 1,000 invocations threw (first: java.lang.IllegalStateException: boom)"));
        }

        @Test
        void noErrorWhenNoneIsAllowedPassesSilently() {
            ObjectiveResult result = new Objective.ErrorRate(0).judge(invocations(1_000, 0), ALPHA);

            assertThat(result.verdict()).isEqualTo(Verdict.PASS);
            assertThat(result.evidence()).isEmpty();
        }

        @Test
        void tooFewInvocationsToJudgeASmallAllowedFractionWarn() {
            ObjectiveResult result = new Objective.ErrorRate(0.001).judge(invocations(100, 0), ALPHA);

            assertThat(result.verdict()).isEqualTo(Verdict.WARN);
            assertThat(result.evidence()).isEqualTo(
                    "insufficient samples: 100 of 10,000 needed to judge errorRate; 0 of 100 invocations threw");
        }

        @Test
        void onlyErrorsFails() {
            assertThat(new Objective.ErrorRate(0).judge(invocations(0, 5), ALPHA).verdict()).isEqualTo(Verdict.FAIL);
        }

        @Test
        void nothingMeasuredWarns() {
            ObjectiveResult result = new Objective.ErrorRate(0).judge(invocations(0, 0), ALPHA);

            assertThat(result).isEqualTo(new ObjectiveResult("errorRate", "<= 0 %", "n/a", 0, Double.NaN, "fraction",
                    Verdict.WARN, "no invocation measured"));
        }
    }

    @Test
    void judgementJudgesEveryObjectiveInOrder() {
        Judgement judgement = Judgement.first(
                List.of(new Objective.Percentile("p99", 0.99, MS), new Objective.Max(MS),
                        new Objective.ErrorRate(0)),
                latencies(9_750, 250), ALPHA);

        assertThat(judgement.measurements()).isEqualTo(1);
        assertThat(judgement.results()).extracting(ObjectiveResult::name, ObjectiveResult::verdict).containsExactly(
                org.assertj.core.groups.Tuple.tuple("p99", Verdict.FAIL),
                org.assertj.core.groups.Tuple.tuple("max", Verdict.FAIL),
                org.assertj.core.groups.Tuple.tuple("errorRate", Verdict.PASS));
        assertThat(judgement.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(judgement.needsConfirmation()).isTrue();
    }
}
