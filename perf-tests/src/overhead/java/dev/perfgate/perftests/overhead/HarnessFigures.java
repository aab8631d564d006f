package dev.perfgate.perftests.overhead;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What one harness measured for {@link EmptyOperation#run()} on one thread.
 *
 * @param harness              the harness and how it was run, e.g. {@code "JMH 1.37, Throughput"}
 * @param invocationIncludes   what the harness does around each invocation of the empty method
 * @param invocations          measured invocations (warmup excluded)
 * @param measuredNanos        wall time those invocations took
 * @param invocationsPerSecond measured invocations per second of wall time, as the harness reports it
 * @param nanosPerInvocation   wall time per measured invocation
 * @param recordedLatency      the per-invocation latency the harness recorded, {@code null} when it times no single
 *                             invocation (JMH)
 * @param note                 anything a reader needs to weigh the figure, e.g. JMH's error bound
 */
record HarnessFigures(
        String harness,
        String invocationIncludes,
        long invocations,
        long measuredNanos,
        double invocationsPerSecond,
        double nanosPerInvocation,
        @Nullable RecordedLatency recordedLatency,
        String note) {

    HarnessFigures {
        Objects.requireNonNull(harness, "harness");
        Objects.requireNonNull(invocationIncludes, "invocationIncludes");
        Objects.requireNonNull(note, "note");
    }

    /** Latency of single invocations as the harness recorded them, in nanoseconds. */
    record RecordedLatency(double meanNanos, double p50Nanos, double p99Nanos) {
    }
}
