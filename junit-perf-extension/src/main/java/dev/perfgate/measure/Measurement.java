package dev.perfgate.measure;

import java.util.List;

import org.HdrHistogram.Histogram;

/**
 * What one measurement recorded. Latencies are in nanoseconds; only invocations that returned normally are in the
 * histogram, invocations that threw are counted in {@link #errors()}.
 *
 * @param latencyNanos       latencies of the successful invocations (3 significant digits); not to be modified
 * @param errors             invocations that threw an exception
 * @param firstErrors        the first few of those exceptions, for the failure message
 * @param elapsedNanos       wall time of the measurement, from the first start to the last end
 * @param sumNanos           exact sum of the recorded latencies
 * @param minNanos           exact smallest recorded latency ({@code 0} when nothing was recorded)
 * @param maxNanos           exact largest recorded latency ({@code 0} when nothing was recorded)
 * @param blocks             per-block counts over the complete measurement blocks, for interval estimates
 * @param threads            number of threads that invoked the operation
 * @param scheduledStarts    open model: invocations started from the schedule; 0 for the closed model
 * @param lateStarts         open model: of those, how many began late (see {@link Harness})
 * @param warmupInvocations  invocations made during warmup, not recorded
 */
public record Measurement(
        Histogram latencyNanos,
        long errors,
        List<Throwable> firstErrors,
        long elapsedNanos,
        long sumNanos,
        long minNanos,
        long maxNanos,
        Blocks blocks,
        int threads,
        long scheduledStarts,
        long lateStarts,
        long warmupInvocations) {

    public Measurement {
        firstErrors = List.copyOf(firstErrors);
    }

    /** Successful invocations, the samples in {@link #latencyNanos()}. */
    public long samples() {
        return latencyNanos.getTotalCount();
    }

    /** All measured invocations, successful or not. */
    public long invocations() {
        return samples() + errors;
    }

    /**
     * The latency at {@code percentile} (0 to 100) in nanoseconds, as HdrHistogram reports it (the highest value
     * equivalent to the sample at that rank, 3 significant digits), but never above the exact maximum; 0 when
     * nothing was recorded.
     */
    public long percentileNanos(double percentile) {
        return samples() == 0 ? 0 : Math.min(latencyNanos.getValueAtPercentile(percentile), maxNanos);
    }

    /** Exact mean latency of the successful invocations in nanoseconds, {@code NaN} when there are none. */
    public double meanNanos() {
        long samples = samples();
        return samples == 0 ? Double.NaN : (double) sumNanos / samples;
    }

    /** Successful invocations per second over the whole measurement. */
    public double throughputPerSecond() {
        return elapsedNanos == 0 ? 0 : samples() * 1e9 / elapsedNanos;
    }

    /**
     * Counts of consecutive, equally long slices of the measurement: the units of the batch-means interval
     * estimates of mean latency and throughput. Only complete blocks are kept.
     *
     * @param blockNanos length of one block
     * @param counts     successful invocations that ended in each block
     * @param sumsNanos  sum of their latencies
     */
    public record Blocks(long blockNanos, long[] counts, long[] sumsNanos) {

        public Blocks {
            if (blockNanos <= 0 || counts.length != sumsNanos.length) {
                throw new IllegalArgumentException("invalid blocks: " + blockNanos + " ns, " + counts.length);
            }
            counts = counts.clone();
            sumsNanos = sumsNanos.clone();
        }

        /** Number of complete blocks. */
        public int size() {
            return counts.length;
        }

        /** Successful invocations per second in each block. */
        public double[] throughputsPerSecond() {
            double[] result = new double[counts.length];
            for (int i = 0; i < counts.length; i++) {
                result[i] = counts[i] * 1e9 / blockNanos;
            }
            return result;
        }

        /** Mean latency in nanoseconds of each block that recorded anything. */
        public double[] meansNanos() {
            return java.util.stream.IntStream.range(0, counts.length)
                    .filter(i -> counts[i] > 0)
                    .mapToDouble(i -> (double) sumsNanos[i] / counts[i])
                    .toArray();
        }

        @Override
        public long[] counts() {
            return counts.clone();
        }

        @Override
        public long[] sumsNanos() {
            return sumsNanos.clone();
        }

        @Override
        public String toString() {
            return "Blocks[" + counts.length + " x " + blockNanos + " ns]";
        }
    }
}
