package dev.perfgate;

import java.util.Arrays;
import java.util.SortedMap;
import java.util.TreeMap;

import org.junit.jupiter.api.extension.ExtensionConfigurationException;

import dev.perfgate.measure.Harness;
import dev.perfgate.measure.Measurement;
import dev.perfgate.measure.MeasurementPlan;
import dev.perfgate.measure.Operation;
import dev.perfgate.stats.BatchMeans;
import dev.perfgate.verdict.ConcurrencyEfficiency;

/** Measures an operation at each thread count of a {@link ConcurrencyScaling} and judges its efficiency. */
final class ConcurrencyCheck {

    private ConcurrencyCheck() {
    }

    /**
     * The thread counts, sorted, checked: 1 among them, none below 1; and the minimum efficiency above 0 and at
     * most 1.
     *
     * @throws ExtensionConfigurationException naming the annotation, the attribute and the value
     */
    static int[] threads(ConcurrencyScaling annotation, String source) {
        int[] threads = Arrays.stream(annotation.threads()).distinct().sorted().toArray();
        if (threads.length < 2 || threads[0] != 1) {
            throw new ExtensionConfigurationException("@ConcurrencyScaling(threads=" + Arrays.toString(
                    annotation.threads()) + ") on " + source + ": invalid threads (expected 1 and at least one more"
                    + " thread count, e.g. threads = {1, 2, 4, 8})");
        }
        double min = annotation.minEfficiency();
        if (!(min > 0 && min <= 1)) {
            throw new ExtensionConfigurationException("@ConcurrencyScaling(minEfficiency=" + min + ") on " + source
                    + ": invalid minEfficiency (expected a fraction above 0 and at most 1, e.g. minEfficiency = 0.7)");
        }
        if (annotation.upTo() < 0) {
            throw new ExtensionConfigurationException("@ConcurrencyScaling(upTo=" + annotation.upTo() + ") on "
                    + source + ": invalid upTo (expected 0 for the number of processors, or a thread count, e.g."
                    + " upTo = 4)");
        }
        return threads;
    }

    /**
     * Measures {@code operation} once per thread count, closed model, with {@code plan}'s warmup and duration and
     * enough blocks for throughput intervals, and judges the efficiency.
     */
    static ConcurrencyEfficiency.Result run(Harness harness, Operation operation, MeasurementPlan plan,
            int[] threads, ConcurrencyScaling annotation, double alpha) throws Throwable {
        SortedMap<Integer, Measurement> byThreads = new TreeMap<>();
        for (int count : threads) {
            MeasurementPlan atCount = new MeasurementPlan(plan.warmupNanos(), plan.durationNanos(), 0, count, null,
                    plan.maxDurationNanos(), 2, BatchMeans.MIN_BLOCKS, false);
            byThreads.put(count, harness.measure(operation, atCount));
        }
        int upTo = annotation.upTo() == 0 ? Runtime.getRuntime().availableProcessors() : annotation.upTo();
        return ConcurrencyEfficiency.judge(byThreads, annotation.minEfficiency(), upTo, alpha);
    }

}
