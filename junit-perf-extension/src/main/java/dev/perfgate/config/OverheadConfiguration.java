package dev.perfgate.config;

import java.util.Optional;
import java.util.function.Function;

/**
 * The run-wide settings of {@code @OtelOverhead} measurements, read from JUnit configuration parameters once per
 * run.
 *
 * @param warmupNanos {@code perfgate.otel.warmup}: warmup before the pairs, alternating the arms
 * @param batchNanos  {@code perfgate.otel.batch-duration}: target length of one batch (one arm of a pair)
 */
public record OverheadConfiguration(long warmupNanos, long batchNanos) {

    /** Built-in default of {@code perfgate.otel.warmup}. */
    public static final String DEFAULT_WARMUP = "500ms";
    /**
     * Built-in default of {@code perfgate.otel.batch-duration}: a few milliseconds, long enough to hold many
     * invocations of a fast operation, short enough that 300 pairs take a few seconds.
     */
    public static final String DEFAULT_BATCH_DURATION = "3ms";

    static final String WARMUP = "perfgate.otel.warmup";
    static final String BATCH_DURATION = "perfgate.otel.batch-duration";

    public OverheadConfiguration {
        if (warmupNanos < 0 || batchNanos <= 0) {
            throw new IllegalArgumentException("invalid overhead configuration: " + warmupNanos + " ns warmup, "
                    + batchNanos + " ns batches");
        }
    }

    /** Reads every key through {@code parameters} (e.g. {@code ExtensionContext::getConfigurationParameter}). */
    public static OverheadConfiguration from(Function<String, Optional<String>> parameters) {
        return new OverheadConfiguration(nanos(parameters, WARMUP, DEFAULT_WARMUP, true),
                nanos(parameters, BATCH_DURATION, DEFAULT_BATCH_DURATION, false));
    }

    private static long nanos(Function<String, Optional<String>> parameters, String key, String fallback,
            boolean zeroAllowed) {
        String value = parameters.apply(key).orElse(fallback);
        long nanos = Durations.parseNanos(value).orElseThrow(
                () -> PerfgateConfiguration.invalid(key, value, "a duration such as " + Durations.EXAMPLES));
        if (nanos == 0 && !zeroAllowed) {
            throw PerfgateConfiguration.invalid(key, value, "a positive duration such as " + Durations.EXAMPLES);
        }
        return nanos;
    }
}
