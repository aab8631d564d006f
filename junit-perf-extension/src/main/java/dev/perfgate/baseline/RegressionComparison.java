package dev.perfgate.baseline;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The statistics of a regression check: the ratio of median latencies, current over baseline, normalised by the
 * calibration ratio, with a bootstrap confidence interval over the measurement blocks.
 *
 * <p>Blocks, not invocations, are resampled: successive invocations are correlated (a GC pause, a noisy
 * neighbour), and the medians of consecutive blocks are close to independent. Each bootstrap replicate resamples
 * both runs' block medians with replacement and takes the ratio of their medians; the interval is the
 * {@code alpha / 2} and {@code 1 - alpha / 2} percentiles of the replicates (percentile bootstrap). The generator is
 * seeded from the test, so a verdict is reproducible from the same data.
 *
 * @param ratio            current median over baseline median, normalised
 * @param lower            lower end of the interval of {@code ratio}
 * @param upper            upper end of the interval of {@code ratio}
 * @param p99Ratio         current p99 over baseline p99, normalised (reported, not judged)
 * @param calibrationRatio current calibration time over the baseline's (above 1: this machine is slower now)
 * @param calibrationApplied whether the ratios were divided by it (see {@link #CALIBRATION_NOISE})
 * @param rawLower         lower end of the interval without the calibration applied
 * @param confidence       the interval's confidence, e.g. {@code 0.999}
 */
public record RegressionComparison(double ratio, double lower, double upper, double p99Ratio,
        double calibrationRatio, boolean calibrationApplied, double rawLower, double confidence) {

    /**
     * Calibration ratios within this fraction of 1 (either way) are the noise of one machine between two runs,
     * not another machine, and are not applied: on this project's shared 2-core VMs, two calibrations in one JVM
     * were seen 16 % apart under load, and dividing by such noise would move every ratio by as much (the code
     * under test itself measured within 2 %). A machine of the same kind that is really faster or slower, by more
     * than 20 %, is normalised; smaller differences between machines fall inside the regression limit's own
     * margin, or show in the fingerprint.
     */
    public static final double CALIBRATION_NOISE = 0.20;

    /** Fewest blocks on either side for an interval; fewer leave the bootstrap with too little to resample. */
    public static final int MIN_BLOCKS = 5;

    /**
     * Compares the current measurement with {@code baseline}; both must have at least {@link #MIN_BLOCKS} blocks.
     *
     * @param baseline        the baseline entry
     * @param currentBlocks   the current measurement's block medians
     * @param currentP50      the current median
     * @param currentP99      the current p99
     * @param currentCalibration the calibration time of this run
     * @param alpha           one minus the interval's confidence
     * @param seed            seeds the bootstrap
     */
    public static RegressionComparison compare(BaselineEntry baseline, long[] currentBlocks, long currentP50,
            long currentP99, long currentCalibration, double alpha, long seed) {
        long[] baselineBlocks = baseline.blockMedians();
        if (baselineBlocks.length < MIN_BLOCKS || currentBlocks.length < MIN_BLOCKS) {
            throw new IllegalArgumentException("a comparison needs " + MIN_BLOCKS + " blocks on each side, had "
                    + baselineBlocks.length + " and " + currentBlocks.length);
        }
        double calibrationRatio = (double) currentCalibration / baseline.calibrationNanos();
        boolean applied = calibrationRatio > 1 + CALIBRATION_NOISE || calibrationRatio < 1 / (1 + CALIBRATION_NOISE);
        double calibration = applied ? calibrationRatio : 1;
        double ratio = ratio(currentP50, baseline.p50Nanos()) / calibration;
        double p99Ratio = ratio(currentP99, baseline.p99Nanos()) / calibration;

        int replicates = replicates(alpha);
        double[] ratios = new double[replicates];
        SplittableRandom random = new SplittableRandom(seed);
        long[] currentSample = new long[currentBlocks.length];
        long[] baselineSample = new long[baselineBlocks.length];
        for (int r = 0; r < replicates; r++) {
            ratios[r] = ratio(resampledMedian(currentBlocks, currentSample, random),
                    resampledMedian(baselineBlocks, baselineSample, random)) / calibration;
        }
        Arrays.sort(ratios);
        double lower = ratios[(int) Math.floor(alpha / 2 * (replicates - 1))];
        double upper = ratios[(int) Math.ceil((1 - alpha / 2) * (replicates - 1))];
        // The estimate is the ratio of the whole histograms' medians; the blocks' medians can sit a little apart
        // from it, and an interval that excludes its own estimate would read as nonsense.
        double boundedLower = Math.min(lower, ratio);
        return new RegressionComparison(ratio, boundedLower, Math.max(upper, ratio), p99Ratio, calibrationRatio,
                applied, boundedLower * calibration, 1 - alpha);
    }

    /** Enough replicates that each tail of the interval rests on at least ten of them. */
    static int replicates(double alpha) {
        return (int) Math.min(200_000, Math.max(2_000, Math.ceil(20 / alpha)));
    }

    private static double ratio(double numerator, double denominator) {
        return numerator / Math.max(1, denominator);
    }

    private static long resampledMedian(long[] values, long[] sample, SplittableRandom random) {
        for (int i = 0; i < values.length; i++) {
            sample[i] = values[random.nextInt(values.length)];
        }
        Arrays.sort(sample);
        int n = sample.length;
        return n % 2 == 1 ? sample[n / 2] : (sample[n / 2 - 1] + sample[n / 2]) / 2;
    }
}
