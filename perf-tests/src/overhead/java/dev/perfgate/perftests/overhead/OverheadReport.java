package dev.perfgate.perftests.overhead;

import java.util.List;
import java.util.Locale;

/** Formats the comparison as the Markdown recorded in {@code docs/performance.md}; every number carries its unit. */
final class OverheadReport {

    private static final double MEBIBYTE = 1024.0 * 1024.0;

    private OverheadReport() {
    }

    static String markdown(String environment, List<HarnessFigures> harnesses, HarnessOverheadTests.ClockCost nanoTime,
            List<HeapFigures> heap, HarnessOverheadTests.RetainedHeap junitPerf) {
        StringBuilder out = new StringBuilder();
        out.append("Environment: ").append(environment).append("\n\n");
        out.append("| Harness (one thread, the same empty method) | Measured invocations | Measured time"
                + " | Invocations per second | Wall time per invocation | Recorded latency mean / p50 / p99 |\n");
        out.append("|---|---:|---:|---:|---:|---:|\n");
        for (HarnessFigures figures : harnesses) {
            HarnessFigures.RecordedLatency latency = figures.recordedLatency();
            out.append("| ").append(figures.harness())
                    .append(" | ").append(count(figures.invocations()))
                    .append(" | ").append(seconds(figures.measuredNanos()))
                    .append(" | ").append(rate(figures.invocationsPerSecond()))
                    .append(" | ").append(nanos(figures.nanosPerInvocation()))
                    .append(" | ").append(latency == null ? "none (no per-call timing)"
                            : nanos(latency.meanNanos()) + " / " + nanos(latency.p50Nanos()) + " / "
                                    + nanos(latency.p99Nanos()))
                    .append(" |\n");
        }
        out.append("\nWhat each harness does around one invocation:\n\n");
        for (HarnessFigures figures : harnesses) {
            out.append("- ").append(figures.harness()).append(": ").append(figures.invocationIncludes())
                    .append(". ").append(figures.note()).append("\n");
        }
        out.append(String.format(Locale.ROOT, "%nOne `System.nanoTime()` (JMH, AverageTime, same setup): %s ± %s"
                + " (99.9 %% interval).%n", nanos(nanoTime.meanNanos()), nanos(nanoTime.errorNanos())));
        out.append("\n| perfgate, empty method, warmup 0 s | Measured invocations | Measured time"
                + " | Used heap before (after GC) | Used heap after (after GC)"
                + " | Allocated by the test thread during the run |\n");
        out.append("|---|---:|---:|---:|---:|---:|\n");
        for (HeapFigures figures : heap) {
            out.append("| @Measure(iterations = ").append(count(figures.iterations()))
                    .append(") | ").append(count(figures.measuredInvocations()))
                    .append(" | ").append(seconds(figures.measuredNanos()))
                    .append(" | ").append(mebibytes(figures.usedHeapBeforeBytes()))
                    .append(" | ").append(mebibytes(figures.usedHeapAfterBytes()))
                    .append(" | ").append(figures.allocatedBytes() < 0 ? "unknown"
                            : mebibytes(figures.allocatedBytes()))
                    .append(" |\n");
        }
        out.append(String.format(Locale.ROOT, "%nJUnitPerf, for comparison: used heap (after GC) %s before its run,"
                + " %s after it (%s measured invocations; once this test dropped its own references to the"
                + " results).%n", mebibytes(junitPerf.usedHeapBeforeBytes()), mebibytes(junitPerf.usedHeapAfterBytes()),
                count(junitPerf.invocations())));
        return out.toString();
    }

    static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%,.0f/s", perSecond);
    }

    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
    }

    static String nanos(double nanos) {
        return String.format(Locale.ROOT, nanos < 10 ? "%.2f ns" : "%.1f ns", nanos);
    }

    static String mebibytes(long bytes) {
        return String.format(Locale.ROOT, "%.2f MiB", bytes / MEBIBYTE);
    }
}
