package dev.perfgate.stats;

import org.apache.commons.statistics.distribution.TDistribution;

/**
 * Confidence intervals for a mean from the means of consecutive measurement blocks.
 *
 * <p>Latencies of successive invocations are correlated (GC, JIT, caches, a noisy neighbour), so a textbook
 * interval over individual invocations would be far too narrow. The means of long enough consecutive blocks are
 * close to independent and normal (the batch-means method of simulation output analysis), so a Student t interval
 * over the block values is honest where one over the raw samples is not.
 */
public final class BatchMeans {

    /** Fewest blocks an interval is computed from; fewer make the t quantile, and the interval, very wide. */
    public static final int MIN_BLOCKS = 10;

    private BatchMeans() {
    }

    /**
     * A one-sided lower confidence bound at {@code 1 - alpha} for the mean of the process behind
     * {@code blockValues}: their average less the t quantile times their standard error.
     *
     * @param blockValues one value per block, at least {@link #MIN_BLOCKS}
     */
    public static double lowerBound(double[] blockValues, double alpha) {
        return average(blockValues) - margin(blockValues, alpha);
    }

    /** A one-sided upper confidence bound at {@code 1 - alpha}, as {@link #lowerBound(double[], double)}. */
    public static double upperBound(double[] blockValues, double alpha) {
        return average(blockValues) + margin(blockValues, alpha);
    }

    private static double average(double[] values) {
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        return sum / values.length;
    }

    private static double margin(double[] values, double alpha) {
        int k = values.length;
        if (k < MIN_BLOCKS) {
            throw new IllegalArgumentException("need at least " + MIN_BLOCKS + " blocks, had " + k);
        }
        double mean = average(values);
        double squares = 0;
        for (double value : values) {
            squares += (value - mean) * (value - mean);
        }
        double standardError = Math.sqrt(squares / (k - 1) / k);
        return TDistribution.of(k - 1).inverseSurvivalProbability(alpha) * standardError;
    }
}
