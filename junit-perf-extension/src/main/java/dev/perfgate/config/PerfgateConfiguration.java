package dev.perfgate.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * The run-wide settings read from JUnit configuration parameters ({@code junit-platform.properties}, {@code -D},
 * {@code EngineTestKit}), parsed once per run.
 *
 * @param mode             {@code perfgate.mode}
 * @param scale            {@code perfgate.sla.scale}: factor on latency limits, divisor of throughput limits
 * @param alpha            {@code perfgate.sla.alpha}: significance level of every verdict
 * @param confirmRetries   {@code perfgate.confirm.retries}: extra measurements that must confirm a failure
 * @param warmupNanos      {@code perfgate.measure.warmup.default}
 * @param durationNanos    {@code perfgate.measure.duration.default}
 * @param threads          {@code perfgate.measure.threads.default}
 * @param maxDurationNanos {@code perfgate.measure.max-duration}
 * @param resultsDir       {@code perfgate.results.dir}
 */
public record PerfgateConfiguration(
        Mode mode,
        double scale,
        double alpha,
        int confirmRetries,
        long warmupNanos,
        long durationNanos,
        int threads,
        long maxDurationNanos,
        Path resultsDir) {

    /** Built-in default of {@code perfgate.measure.warmup.default}. */
    public static final String DEFAULT_WARMUP = "500ms";
    /** Built-in default of {@code perfgate.measure.duration.default}. */
    public static final String DEFAULT_DURATION = "2s";
    /** Built-in default of {@code perfgate.measure.threads.default}. */
    public static final int DEFAULT_THREADS = 1;
    /** Built-in default of {@code perfgate.measure.max-duration}. */
    public static final String DEFAULT_MAX_DURATION = "30s";
    /** Built-in default of {@code perfgate.sla.alpha}: verdicts at 99.9 % confidence. */
    public static final double DEFAULT_ALPHA = 0.001;
    /** Built-in default of {@code perfgate.confirm.retries}. */
    public static final int DEFAULT_CONFIRM_RETRIES = 1;
    /** Built-in default of {@code perfgate.results.dir}, relative to the working directory. */
    public static final String DEFAULT_RESULTS_DIR = "target/perfgate/results";

    /** Property name of the folder of the JSON results (the reports go to the folder above it): {@value} */
    public static final String RESULTS_DIR_PROPERTY_NAME = "perfgate.results.dir";

    /** Keys, repeated here so that this class does not depend on the public annotations that document them. */
    static final String MODE = "perfgate.mode";
    static final String SCALE = "perfgate.sla.scale";
    static final String ALPHA = "perfgate.sla.alpha";
    static final String CONFIRM_RETRIES = "perfgate.confirm.retries";
    static final String WARMUP = "perfgate.measure.warmup.default";
    static final String DURATION = "perfgate.measure.duration.default";
    static final String THREADS = "perfgate.measure.threads.default";
    static final String MAX_DURATION = "perfgate.measure.max-duration";
    static final String RESULTS_DIR = RESULTS_DIR_PROPERTY_NAME;

    public PerfgateConfiguration {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("scale must be positive, was " + scale);
        }
        if (!(alpha > 0 && alpha < 0.5)) {
            throw new IllegalArgumentException("alpha must be in (0, 0.5), was " + alpha);
        }
        if (confirmRetries < 0 || threads < 1 || warmupNanos < 0 || durationNanos <= 0 || maxDurationNanos <= 0) {
            throw new IllegalArgumentException("invalid configuration " + confirmRetries + ", " + threads);
        }
    }

    /** Reads every key through {@code parameters} (e.g. {@code ExtensionContext::getConfigurationParameter}). */
    public static PerfgateConfiguration from(Function<String, Optional<String>> parameters) {
        Mode mode = parameters.apply(MODE)
                .map(value -> Mode.parse(value).orElseThrow(() -> invalid(MODE, value, Mode.EXAMPLES)))
                .orElse(Mode.ENFORCE);
        double scale = parameters.apply(SCALE)
                .map(value -> parseDouble(SCALE, value, 0, Double.MAX_VALUE,
                        "a number above 0, e.g. \"1.5\" (limits 50 % looser)"))
                .orElse(1.0);
        double alpha = parameters.apply(ALPHA)
                .map(value -> parseDouble(ALPHA, value, 0, 0.5,
                        "a number above 0 and below 0.5, e.g. \"0.001\" (99.9 % confidence)"))
                .orElse(DEFAULT_ALPHA);
        int retries = parameters.apply(CONFIRM_RETRIES)
                .map(value -> parseInt(CONFIRM_RETRIES, value, 0, "\"1\""))
                .orElse(DEFAULT_CONFIRM_RETRIES);
        long warmup = nanos(parameters, WARMUP, DEFAULT_WARMUP, true);
        long duration = nanos(parameters, DURATION, DEFAULT_DURATION, false);
        int threads = parameters.apply(THREADS)
                .map(value -> parseInt(THREADS, value, 1, "\"4\""))
                .orElse(DEFAULT_THREADS);
        long maxDuration = nanos(parameters, MAX_DURATION, DEFAULT_MAX_DURATION, false);
        Path resultsDir = parameters.apply(RESULTS_DIR)
                .map(value -> path(RESULTS_DIR, value))
                .orElse(Path.of(DEFAULT_RESULTS_DIR));
        return new PerfgateConfiguration(mode, scale, alpha, retries, warmup, duration, threads, maxDuration, resultsDir);
    }

    private static long nanos(Function<String, Optional<String>> parameters, String key, String fallback,
            boolean zeroAllowed) {
        String value = parameters.apply(key).orElse(fallback);
        long nanos = Durations.parseNanos(value)
                .orElseThrow(() -> invalid(key, value, "a duration such as " + Durations.EXAMPLES));
        if (nanos == 0 && !zeroAllowed) {
            throw invalid(key, value, "a positive duration such as " + Durations.EXAMPLES);
        }
        return nanos;
    }

    private static double parseDouble(String key, String value, double exclusiveMin, double exclusiveMax,
            String expected) {
        try {
            double parsed = Double.parseDouble(value.trim());
            if (parsed > exclusiveMin && parsed < exclusiveMax) {
                return parsed;
            }
        }
        catch (NumberFormatException e) {
            // reported below, with the valid example
        }
        throw invalid(key, value, expected);
    }

    private static int parseInt(String key, String value, int min, String example) {
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= min) {
                return parsed;
            }
        }
        catch (NumberFormatException e) {
            // reported below, with the valid example
        }
        throw invalid(key, value, "a whole number of at least " + min + ", e.g. " + example);
    }

    private static Path path(String key, String value) {
        try {
            return Path.of(value.trim());
        }
        catch (InvalidPathException e) {
            throw invalid(key, value, "a folder such as \"" + DEFAULT_RESULTS_DIR + "\"");
        }
    }

    /** The error for configuration parameter {@code key} set to {@code value}: the one wording of every such error. */
    public static ExtensionConfigurationException invalid(String key, String value, String expected) {
        return new ExtensionConfigurationException(
                "Configuration parameter [" + key + "] has invalid value [" + value + "] (expected " + expected + ")");
    }
}
