package dev.perfgate.verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import dev.perfgate.measure.Measurement;

/** Efficiency verdicts on synthetic measurements: throughput per block given exactly, with a little noise. */
class ConcurrencyEfficiencyTests {

    private static final long BLOCK_NANOS = 100_000_000L; // 0.1 s

    @Test
    void perfectScalingPasses() {
        ConcurrencyEfficiency.Result result = ConcurrencyEfficiency.judge(
                measurements(1, 1000, 2, 2000, 4, 4000), 0.7, 4, 0.001);

        assertThat(result.result().verdict()).isEqualTo(Verdict.PASS);
        assertThat(result.result().value()).isCloseTo(1.0, within(0.01));
        assertThat(result.contention()).isNull();
        assertThat(result.rows()).extracting(ConcurrencyEfficiency.Row::threads).containsExactly(1, 2, 4);
    }

    @Test
    void aPlateauFailsAtTheFirstCountBelowTheMinimum() {
        // 2 threads do 1.8 times the work of one, 4 threads no more than 2: efficiency 0.9, then 0.45.
        ConcurrencyEfficiency.Result result = ConcurrencyEfficiency.judge(
                measurements(1, 1000, 2, 1800, 4, 1800), 0.7, 4, 0.001);

        assertThat(result.result().verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.result().value()).isCloseTo(0.45, within(0.01));
        assertThat(result.result().evidence()).isEqualTo("efficiency on 4 threads significantly below 0.7 (99.9 %"
                + " bounds over 2 thread counts); contention begins at 4 threads");
        assertThat(result.contention()).isEqualTo(4);
    }

    @Test
    void countsAboveUpToAreReportedNotJudged() {
        ConcurrencyEfficiency.Result result = ConcurrencyEfficiency.judge(
                measurements(1, 1000, 2, 2000, 8, 2000), 0.7, 2, 0.001);

        assertThat(result.result().verdict()).isEqualTo(Verdict.PASS);
        assertThat(result.rows().get(2).judged()).isFalse();
        assertThat(result.result().evidence()).isEqualTo("contention begins at 8 threads");
        assertThat(result.table()).contains("(reported, not judged)");
    }

    @Test
    void anEfficiencyJustBelowTheMinimumWithNoisyBlocksIsAWarning() {
        // 0.68 against 0.7, with blocks that vary by 20 %: not significant.
        SortedMap<Integer, Measurement> byThreads = new TreeMap<>();
        byThreads.put(1, measurement(noisyBlocks(1000, 0.2)));
        byThreads.put(2, measurement(noisyBlocks(1360, 0.2)));

        ConcurrencyEfficiency.Result result = ConcurrencyEfficiency.judge(byThreads, 0.7, 2, 0.001);

        assertThat(result.result().verdict()).isEqualTo(Verdict.WARN);
        assertThat(result.result().evidence()).startsWith("efficiency below 0.7 but not significantly");
    }

    @Test
    void withoutAJudgedCountTheResultIsAWarning() {
        ConcurrencyEfficiency.Result result = ConcurrencyEfficiency.judge(measurements(1, 1000, 4, 4000, 8, 8000),
                0.7, 2, 0.001);

        assertThat(result.result().verdict()).isEqualTo(Verdict.WARN);
        assertThat(result.result().evidence()).isEqualTo("no thread count above 1 and up to 2 to judge");
    }

    @Test
    void aMeasurementOnOneThreadIsRequired() {
        SortedMap<Integer, Measurement> byThreads = new TreeMap<>();
        byThreads.put(2, measurement(noisyBlocks(1000, 0.01)));

        assertThatIllegalArgumentException().isThrownBy(() -> ConcurrencyEfficiency.judge(byThreads, 0.7, 2, 0.001))
                .withMessage("no measurement on 1 thread among [2]");
    }

    /** Thread count and invocations per block, pairwise; each measurement has 20 blocks with 1 % noise. */
    private static SortedMap<Integer, Measurement> measurements(int... threadsAndCounts) {
        SortedMap<Integer, Measurement> byThreads = new TreeMap<>();
        for (int i = 0; i < threadsAndCounts.length; i += 2) {
            byThreads.put(threadsAndCounts[i], measurement(noisyBlocks(threadsAndCounts[i + 1], 0.01)));
        }
        return byThreads;
    }

    /** 20 block counts around {@code perBlock}, alternating {@code ± noise}. */
    private static long[] noisyBlocks(long perBlock, double noise) {
        long[] counts = new long[20];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = Math.round(perBlock * (1 + (i % 2 == 0 ? noise : -noise)));
        }
        return counts;
    }

    private static Measurement measurement(long[] counts) {
        Histogram histogram = new Histogram(3);
        long total = 0;
        for (long count : counts) {
            total += count;
        }
        histogram.recordValueWithCount(50_000, total);
        long[] sums = new long[counts.length];
        for (int i = 0; i < counts.length; i++) {
            sums[i] = counts[i] * 50_000;
        }
        return new Measurement(histogram, 0, List.of(), counts.length * BLOCK_NANOS, total * 50_000, 50_000, 50_000,
                new Measurement.Blocks(BLOCK_NANOS, counts, sums), 1, 0, 0, 0);
    }
}
