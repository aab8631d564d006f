package dev.perfgate.measure;

import org.jspecify.annotations.Nullable;

import dev.perfgate.config.Rate;

/**
 * How one measurement runs.
 *
 * @param warmupNanos      time spent invoking the operation before anything is recorded
 * @param durationNanos    planned measurement time (time-bound when {@code iterations == 0})
 * @param iterations       planned number of recorded invocations over all threads, 0 for time-bound
 * @param threads          number of threads invoking the operation
 * @param rate             open model arrival rate over all threads, or {@code null} for the closed model
 * @param maxDurationNanos longest the measurement may be extended to reach {@code requiredSamples}
 * @param requiredSamples  successful invocations needed to judge what is asserted; the measurement is extended
 *                         until it has them, or until {@code maxDurationNanos}
 * @param requiredBlocks   complete measurement blocks needed for interval estimates (mean, throughput)
 * @param blockMedians     whether each block's median latency is recorded (what a baseline resamples): a second
 *                         histogram record per invocation, so only when a baseline is saved or compared
 */
public record MeasurementPlan(
        long warmupNanos,
        long durationNanos,
        long iterations,
        int threads,
        @Nullable Rate rate,
        long maxDurationNanos,
        long requiredSamples,
        int requiredBlocks,
        boolean blockMedians) {

    public MeasurementPlan {
        if (warmupNanos < 0 || durationNanos <= 0 || iterations < 0 || threads < 1 || maxDurationNanos <= 0
                || requiredSamples < 0 || requiredBlocks < 0) {
            throw new IllegalArgumentException("invalid plan: " + warmupNanos + " ns warmup, " + durationNanos
                    + " ns, " + iterations + " iterations, " + threads + " threads");
        }
    }

    /** A plan that records no block medians. */
    public MeasurementPlan(long warmupNanos, long durationNanos, long iterations, int threads, @Nullable Rate rate,
            long maxDurationNanos, long requiredSamples, int requiredBlocks) {
        this(warmupNanos, durationNanos, iterations, threads, rate, maxDurationNanos, requiredSamples, requiredBlocks,
                false);
    }

    /** The same plan without warmup: a confirming measurement runs on an already warm JVM. */
    public MeasurementPlan withoutWarmup() {
        return new MeasurementPlan(0, durationNanos, iterations, threads, rate, maxDurationNanos, requiredSamples,
                requiredBlocks, blockMedians);
    }

    /** Whether invocations start on a fixed schedule (open model). */
    public boolean openModel() {
        return rate != null;
    }
}
