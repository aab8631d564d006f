package dev.perfgate.perftests.overhead;

/**
 * Heap around one perfgate measurement of {@link EmptyOperation#run()} with a fixed invocation count. Used heap is
 * read after forced garbage collections, so it is what stays reachable, not what was allocated on the way.
 *
 * @param iterations          {@code @Measure(iterations)} of the run
 * @param measuredInvocations invocations perfgate recorded (its JSON result's {@code samples + errors})
 * @param measuredNanos       perfgate's measured duration
 * @param usedHeapBeforeBytes used heap before the run
 * @param usedHeapAfterBytes  used heap after the run
 * @param allocatedBytes      bytes the running thread allocated during the whole run (JUnit engine, perfgate, result
 *                            writing), {@code -1} when the JVM cannot tell
 */
record HeapFigures(
        long iterations,
        long measuredInvocations,
        long measuredNanos,
        long usedHeapBeforeBytes,
        long usedHeapAfterBytes,
        long allocatedBytes) {
}
