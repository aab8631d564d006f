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
 * @param missedStarts       open model: starts that were due before the measurement ended but never began,
 *                           because the operation could not keep up with the rate (not in the histogram)
 * @param allocatedBytes     bytes the measuring threads allocated while measuring (not in warmup), summed over the
 *                           threads; -1 where the JVM cannot tell ({@code com.sun.management.ThreadMXBean})
 * @param gcCollections      garbage collections in the JVM while measuring, of any thread
 * @param gcPauseNanos       their accumulated time, as the collectors report it (milliseconds resolution)
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
        long warmupInvocations,
        long missedStarts,
        long allocatedBytes,
        long gcCollections,
        long gcPauseNanos) {

    public Measurement {
        firstErrors = List.copyOf(firstErrors);
    }

    /** A measurement without allocation and GC figures (allocation unknown, no collection). */
    public Measurement(Histogram latencyNanos, long errors, List<Throwable> firstErrors, long elapsedNanos,
            long sumNanos, long minNanos, long maxNanos, Blocks blocks, int threads, long scheduledStarts,
            long lateStarts, long warmupInvocations, long missedStarts) {
        this(latencyNanos, errors, firstErrors, elapsedNanos, sumNanos, minNanos, maxNanos, blocks, threads,
                scheduledStarts, lateStarts, warmupInvocations, missedStarts, -1, 0, 0);
    }

    /**
     * Bytes allocated per invocation, what JMH reports as {@code gc.alloc.rate.norm}: {@code NaN} when the JVM
     * cannot tell or nothing was invoked.
     */
    public double allocatedBytesPerOperation() {
        long invocations = invocations();
        return allocatedBytes < 0 || invocations == 0 ? Double.NaN : (double) allocatedBytes / invocations;
    }

    /** A measurement in which no scheduled start was missed (always so for the closed model). */
    public Measurement(Histogram latencyNanos, long errors, List<Throwable> firstErrors, long elapsedNanos,
            long sumNanos, long minNanos, long maxNanos, Blocks blocks, int threads, long scheduledStarts,
            long lateStarts, long warmupInvocations) {
        this(latencyNanos, errors, firstErrors, elapsedNanos, sumNanos, minNanos, maxNanos, blocks, threads,
                scheduledStarts, lateStarts, warmupInvocations, 0);
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
     * @param blockNanos   length of one block
     * @param counts       successful invocations that ended in each block
     * @param sumsNanos    sum of their latencies
     * @param mediansNanos median latency in each block (2 significant digits; with several threads, the median of
     *                     the threads' block medians), 0 for a block that recorded nothing, or for every block when the plan
     *                     did not ask for block medians: the units of the
     *                     bootstrap that compares medians against a baseline
     */
    public record Blocks(long blockNanos, long[] counts, long[] sumsNanos, long[] mediansNanos) {

        public Blocks {
            if (blockNanos <= 0 || counts.length != sumsNanos.length || counts.length != mediansNanos.length) {
                throw new IllegalArgumentException("invalid blocks: " + blockNanos + " ns, " + counts.length);
            }
            counts = counts.clone();
            sumsNanos = sumsNanos.clone();
            mediansNanos = mediansNanos.clone();
        }

        /** Blocks without medians, for callers that have only counts and sums. */
        public Blocks(long blockNanos, long[] counts, long[] sumsNanos) {
            this(blockNanos, counts, sumsNanos, new long[counts.length]);
        }

        /** The median latency of each block that recorded anything. */
        public long[] nonEmptyMediansNanos() {
            return java.util.stream.IntStream.range(0, counts.length)
                    .filter(i -> counts[i] > 0)
                    .mapToLong(i -> mediansNanos[i])
                    .toArray();
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
        public long[] mediansNanos() {
            return mediansNanos.clone();
        }


        @Override
        public String toString() {
            return "Blocks[" + counts.length + " x " + blockNanos + " ns]";
        }
    }
}
