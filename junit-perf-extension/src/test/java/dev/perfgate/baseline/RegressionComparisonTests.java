package dev.perfgate.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import dev.perfgate.result.ResultWriter;

/** The statistics of the regression check on synthetic block medians: no clock, no machine. */
class RegressionComparisonTests {

    private static final double ALPHA = 0.001;
    private static final Fingerprint MACHINE = new Fingerprint("CPU", 2, "vendor", "17.0.15", "Linux amd64", "0.1.0");

    /** 32 block medians around {@code median} with multiplicative noise of {@code noise} (uniform, either way). */
    private static long[] blocks(double median, double noise, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long[] blocks = new long[32];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = Math.round(median * (1 + noise * (2 * random.nextDouble() - 1)));
        }
        return blocks;
    }

    private static BaselineEntry entry(long[] blocks, long calibration) {
        long[] sorted = blocks.clone();
        Arrays.sort(sorted);
        return new BaselineEntry("id", "T.t()", 10_000, sorted[sorted.length / 2], sorted[sorted.length / 2] * 3,
                blocks, ResultWriter.encode(new Histogram(3)), calibration, MACHINE, null);
    }

    private static RegressionComparison compare(BaselineEntry baseline, long[] current, long calibration) {
        long[] sorted = current.clone();
        Arrays.sort(sorted);
        long median = sorted[sorted.length / 2];
        return RegressionComparison.compare(baseline, current, median, median * 3, calibration, ALPHA, 42);
    }

    @Test
    void unchangedCodeGivesAnIntervalAroundOne() {
        int containsOne = 0;
        for (long seed = 0; seed < 50; seed++) {
            RegressionComparison comparison = compare(entry(blocks(100_000, 0.05, seed), 1_000_000),
                    blocks(100_000, 0.05, seed + 1_000), 1_000_000);
            if (comparison.lower() <= 1 && comparison.upper() >= 1) {
                containsOne++;
            }
            assertThat(comparison.lower()).isLessThan(1.10); // never a FAIL at a 10 % limit
        }
        assertThat(containsOne).isGreaterThanOrEqualTo(48);
    }

    @Test
    void aQuarterSlowerIsAboveTenPercentWithTheWholeInterval() {
        for (long seed = 0; seed < 50; seed++) {
            RegressionComparison comparison = compare(entry(blocks(100_000, 0.05, seed), 1_000_000),
                    blocks(125_000, 0.05, seed + 1_000), 1_000_000);

            assertThat(comparison.lower()).as("seed %d", seed).isGreaterThan(1.10);
            assertThat(comparison.ratio()).isCloseTo(1.25, org.assertj.core.data.Offset.offset(0.07));
        }
    }

    @Test
    void fivePercentSlowerNeverHasItsWholeIntervalAboveTenPercent() {
        for (long seed = 0; seed < 50; seed++) {
            RegressionComparison comparison = compare(entry(blocks(100_000, 0.05, seed), 1_000_000),
                    blocks(105_000, 0.05, seed + 1_000), 1_000_000);

            assertThat(comparison.lower()).as("seed %d", seed).isLessThanOrEqualTo(1.10);
        }
    }

    @Test
    void aBaselineFromAMachineThirtyPercentSlowerIsNormalisedByTheCalibration() {
        RegressionComparison comparison = compare(entry(blocks(130_000, 0.05, 1), 1_300_000),
                blocks(100_000, 0.05, 2), 1_000_000);

        assertThat(comparison.calibrationApplied()).isTrue();
        assertThat(comparison.calibrationRatio()).isCloseTo(1 / 1.3, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(comparison.ratio()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.04));
    }

    @Test
    void calibrationDifferencesWithinTheNoiseAreNotApplied() {
        RegressionComparison comparison = compare(entry(blocks(100_000, 0.05, 1), 1_000_000),
                blocks(100_000, 0.05, 2), 850_000);

        assertThat(comparison.calibrationApplied()).isFalse();
        assertThat(comparison.ratio()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.04));
    }

    @Test
    void theIntervalAlwaysHoldsTheEstimateAndIsReproducible() {
        BaselineEntry baseline = entry(blocks(100_000, 0.2, 3), 1_000_000);
        long[] current = blocks(110_000, 0.2, 4);

        RegressionComparison first = compare(baseline, current, 1_000_000);
        RegressionComparison again = compare(baseline, current, 1_000_000);

        assertThat(first).isEqualTo(again);
        assertThat(first.lower()).isLessThanOrEqualTo(first.ratio());
        assertThat(first.upper()).isGreaterThanOrEqualTo(first.ratio());
        assertThat(first.confidence()).isEqualTo(0.999);
    }

    @Test
    void tooFewBlocksAreRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> compare(entry(blocks(100_000, 0.05, 1), 1_000_000), new long[] {1, 2, 3}, 1_000_000))
                .withMessage("a comparison needs 5 blocks on each side, had 32 and 3");
    }

    @Test
    void replicatesLeaveTenOnEachSideOfTheInterval() {
        assertThat(RegressionComparison.replicates(0.001)).isEqualTo(20_000);
        assertThat(RegressionComparison.replicates(0.05)).isEqualTo(2_000);
    }
}
