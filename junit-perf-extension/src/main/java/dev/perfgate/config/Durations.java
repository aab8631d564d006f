package dev.perfgate.config;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations such as {@code "250us"}, {@code "1.5 ms"} or {@code "2s"} into nanoseconds.
 *
 * <p>A duration is a non-negative decimal number and a unit, case-insensitive, with optional spaces between:
 * {@code ns}, {@code us}, {@code µs}, {@code ms}, {@code s}, {@code m} or {@code min}, {@code h}. The unit is required: a bare
 * number is ambiguous, and an SLA read in the wrong unit is off by a factor of a thousand.
 */
public final class Durations {

    /** Valid examples, shown in every error about a duration. */
    public static final String EXAMPLES = "\"250us\", \"1ms\", \"2s\"";

    private static final Pattern DURATION =
            Pattern.compile("\\s*(\\d+(?:\\.\\d+)?|\\.\\d+)\\s*(ns|us|µs|μs|ms|s|min|m|h)\\s*", Pattern.CASE_INSENSITIVE);

    private Durations() {
    }

    /**
     * Parses {@code text} into nanoseconds.
     *
     * @return the duration, or empty when {@code text} is not a valid duration
     */
    public static Optional<Long> parseNanos(String text) {
        Matcher matcher = DURATION.matcher(text);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        BigDecimal amount = new BigDecimal(matcher.group(1));
        long nanosPerUnit = nanosPerUnit(matcher.group(2).toLowerCase(Locale.ROOT));
        BigDecimal nanos = amount.multiply(BigDecimal.valueOf(nanosPerUnit));
        if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            return Optional.empty();
        }
        // Sub-nanosecond fractions ("0.5ns") round to the nearest nanosecond, which is what the clock can show.
        return Optional.of(nanos.setScale(0, java.math.RoundingMode.HALF_UP).longValueExact());
    }

    private static long nanosPerUnit(String unit) {
        switch (unit) {
            case "ns":
                return 1L;
            case "us":
            case "µs":
            case "μs":
                return 1_000L;
            case "ms":
                return 1_000_000L;
            case "s":
                return 1_000_000_000L;
            case "m":
            case "min":
                return 60_000_000_000L;
            case "h":
                return 3_600_000_000_000L;
            default:
                throw new IllegalArgumentException("unit " + unit);
        }
    }
}
