package dev.perfgate.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import dev.perfgate.measure.Measurement;

class MessagesTests {

    private static final ObjectiveResult P50 =
            new ObjectiveResult("p50", "<= 200 µs", "140 µs", 200_000, 140_031, "ns", Verdict.PASS, "");
    private static final ObjectiveResult P99 = new ObjectiveResult("p99", "<= 1 ms", "2.31 ms", 1_000_000, 2_310_143,
            "ns", Verdict.FAIL, "1.9 % of 12,400 samples above 1 ms; at most 1 % allowed");
    private static final ObjectiveResult THROUGHPUT =
            new ObjectiveResult("throughput", ">= 5,000/s", "7,210/s", 5_000, 7_213.4, "1/s", Verdict.PASS, "");
    /** No error, none allowed: true of every SLA that does not mention errors, so not shown. */
    private static final ObjectiveResult NO_ERRORS =
            new ObjectiveResult("errorRate", "<= 0 %", "0 %", 0, 0, "fraction", Verdict.PASS, "");

    private static final Judgement CONFIRMED = new Judgement(List.of(P50, P99, THROUGHPUT, NO_ERRORS), 2);

    /** 12,400 samples: p50 140 µs, p99 2.31 ms, max 5 ms, over 1.72 s on 4 threads. */
    private static Measurement measurement(long errors, long scheduledStarts, long lateStarts, int threads) {
        Histogram histogram = new Histogram(3);
        histogram.recordValueWithCount(140_000, 12_164);
        histogram.recordValueWithCount(2_310_000, 235);
        histogram.recordValue(5_000_000);
        return new Measurement(histogram, errors, List.of(), 1_720_000_000L, 0, 140_000, 5_000_000,
                new Measurement.Blocks(50_000_000L, new long[0], new long[0]), threads, scheduledStarts, lateStarts, 0);
    }

    private static final Measurement MEASUREMENT = measurement(0, 0, 0, 4);

    @Test
    void violationListsFailuresFirstInAlignedColumns() {
        assertThat(Messages.violation("CacheTests.cacheHit()", CONFIRMED, MEASUREMENT)).isEqualTo("""
                CacheTests.cacheHit() violated 1 of 3 SLA objectives (confirmed on a second measurement):
                  p99         expected <= 1 ms     but was 2.31 ms   (1.9 % of 12,400 samples above 1 ms; at most 1 % allowed)
                  p50         expected <= 200 µs   was 140 µs        ok
                  throughput  expected >= 5,000/s  was 7,210/s       ok
                  measured 12,400 samples in 1.72 s on 4 threads; p50 140 µs, p99 2.31 ms, max 5 ms""");
    }

    @Test
    void violationShowsWarningsAndPassesWithEvidence() {
        ObjectiveResult warn = new ObjectiveResult("mean", "<= 1 ms", "1.01 ms", 1_000_000, 1_010_000, "ns",
                Verdict.WARN, "99.9 % interval 991 µs .. 1.03 ms over 20 blocks");
        ObjectiveResult errors = new ObjectiveResult("errorRate", "<= 50 %", "10 %", 0.5, 0.1, "fraction",
                Verdict.PASS, "3 of 30 invocations threw");
        Judgement judgement = new Judgement(List.of(errors, warn, P99), 1);

        assertThat(Messages.violation("CacheTests.cacheHit()", judgement, MEASUREMENT)).isEqualTo("""
                CacheTests.cacheHit() violated 1 of 3 SLA objectives:
                  p99        expected <= 1 ms  but was 2.31 ms   (1.9 % of 12,400 samples above 1 ms; at most 1 % allowed)
                  mean       expected <= 1 ms  was 1.01 ms       warn (99.9 % interval 991 µs .. 1.03 ms over 20 blocks)
                  errorRate  expected <= 50 %  was 10 %          ok (3 of 30 invocations threw)
                  measured 12,400 samples in 1.72 s on 4 threads; p50 140 µs, p99 2.31 ms, max 5 ms""");
    }

    @Test
    void violationOfASingleObjectiveConfirmedThreeTimes() {
        Judgement judgement = new Judgement(List.of(P99, NO_ERRORS), 3);

        assertThat(Messages.violation("CacheTests.cacheHit()", judgement, MEASUREMENT)).startsWith(
                "CacheTests.cacheHit() violated 1 of 1 SLA objective (confirmed on 3 measurements):\n"
                        + "  p99  expected <= 1 ms  but was 2.31 ms   (1.9 % ");
    }

    @Test
    void anErrorRateThatWasViolatedIsShown() {
        ObjectiveResult errors = new ObjectiveResult("errorRate", "<= 0 %", "0.1 %", 0, 0.001, "fraction",
                Verdict.FAIL, "1 of 1,000 invocations threw");

        assertThat(Messages.shown(new Judgement(List.of(P50, errors), 1))).containsExactly(P50, errors);
        assertThat(Messages.shown(CONFIRMED)).containsExactly(P50, P99, THROUGHPUT);
    }

    @Test
    void measuredNamesErrorsLateStartsAndASingleThread() {
        assertThat(Messages.measured(measurement(3, 10_000, 12, 1))).isEqualTo("12,400 samples, 3 errors in 1.72 s "
                + "on 1 thread, 12 of 10,000 starts late; p50 140 µs, p99 2.31 ms, max 5 ms");
    }

    @Test
    void measuredWithoutSamplesHasNoLatencies() {
        Measurement nothing = new Measurement(new Histogram(3), 7, List.of(), 2_000_000_000L, 0, 0, 0,
                new Measurement.Blocks(50_000_000L, new long[0], new long[0]), 2, 0, 0, 0);

        assertThat(Messages.measured(nothing)).isEqualTo("0 samples, 7 errors in 2 s on 2 threads");
    }

    @Test
    void summaryListsEveryShownObjectiveInOrder() {
        assertThat(Messages.summary(Verdict.FAIL, CONFIRMED, MEASUREMENT)).isEqualTo("FAIL p50 140 µs <= 200 µs, "
                + "p99 2.31 ms <= 1 ms (FAIL), throughput 7,210/s >= 5,000/s; 12,400 samples in 1.72 s on 4 threads; "
                + "p50 140 µs, p99 2.31 ms, max 5 ms");
    }

    @Test
    void summaryOfNothingAsserted() {
        assertThat(Messages.summary(Verdict.PASS, new Judgement(List.of(NO_ERRORS), 1), MEASUREMENT)).isEqualTo(
                "PASS (nothing asserted); 12,400 samples in 1.72 s on 4 threads; p50 140 µs, p99 2.31 ms, max 5 ms");
    }

    @Test
    void expectedAndActualHoldOneLinePerFailedObjective() {
        ObjectiveResult throughputFailed = new ObjectiveResult("throughput", ">= 5,000/s", "4,100/s", 5_000, 4_100,
                "1/s", Verdict.FAIL, "99.9 % interval 3,900/s .. 4,300/s over 32 blocks");
        Judgement judgement = new Judgement(List.of(P50, P99, throughputFailed), 2);

        assertThat(Messages.expected(judgement)).isEqualTo("p99 <= 1 ms\nthroughput >= 5,000/s");
        assertThat(Messages.actual(judgement)).isEqualTo("p99 = 2.31 ms\nthroughput = 4,100/s");
    }

    @Test
    void expectedAndActualAreEmptyWithoutFailure() {
        Judgement judgement = new Judgement(List.of(P50, THROUGHPUT), 1);

        assertThat(Messages.expected(judgement)).isEmpty();
        assertThat(Messages.actual(judgement)).isEmpty();
    }
}
