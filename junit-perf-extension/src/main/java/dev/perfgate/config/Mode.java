package dev.perfgate.config;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** What perfgate does with annotated tests, set by {@code perfgate.mode}. */
public enum Mode {

    /** Measure, judge, and fail the test on a confirmed violation of a {@code Severity.FAIL} SLA (default). */
    ENFORCE,

    /** Measure, judge and report, never fail a test. */
    REPORT,

    /** Run the method once as a plain test and measure nothing. */
    DISABLED,

    /** {@link #DISABLED} when the JVM runs with a debugger agent, {@link #ENFORCE} otherwise. */
    DISABLED_ON_DEBUG;

    /** Valid values, shown in errors. */
    public static final String EXAMPLES = "\"enforce\", \"report\", \"disabled\", \"disabled_on_debug\"";

    static Optional<Mode> parse(String text) {
        String normalized = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (Mode mode : values()) {
            if (mode.name().equals(normalized)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }

    /** This mode with {@link #DISABLED_ON_DEBUG} decided for the running JVM. */
    public Mode effective() {
        return this == DISABLED_ON_DEBUG ? effective(ManagementFactory.getRuntimeMXBean().getInputArguments()) : this;
    }

    /** This mode decided for a JVM started with {@code jvmArguments}: a debugger attaches through JDWP. */
    Mode effective(List<String> jvmArguments) {
        if (this != DISABLED_ON_DEBUG) {
            return this;
        }
        boolean debugging = jvmArguments.stream()
                .anyMatch(argument -> argument.startsWith("-agentlib:jdwp") || argument.startsWith("-Xrunjdwp"));
        return debugging ? DISABLED : ENFORCE;
    }
}
