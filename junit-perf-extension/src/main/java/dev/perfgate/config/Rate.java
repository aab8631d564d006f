package dev.perfgate.config;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rate of events, such as a throughput limit ({@code "5000/s"}) or an open-model arrival rate ({@code "1000/s"}).
 *
 * @param perSecond events per second, positive and finite
 */
public record Rate(double perSecond) {

    /** Valid examples, shown in every error about a rate. */
    public static final String EXAMPLES = "\"5000/s\", \"20/ms\", \"300/min\"";

    private static final Pattern RATE = Pattern.compile(
            "\\s*(\\d+(?:\\.\\d+)?|\\.\\d+)\\s*/\\s*(ns|us|µs|μs|ms|s|sec|m|min|h)\\s*", Pattern.CASE_INSENSITIVE);

    public Rate {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("rate must be positive and finite, was " + perSecond + "/s");
        }
    }

    /** Parses {@code "5000/s"}, {@code "20/ms"}, {@code "300/min"}; empty when the text is not a valid positive rate. */
    public static Optional<Rate> parse(String text) {
        Matcher matcher = RATE.matcher(text);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        double count = new BigDecimal(matcher.group(1)).doubleValue();
        double perSecond = count * perSecondFactor(matcher.group(2).toLowerCase(Locale.ROOT));
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            return Optional.empty();
        }
        return Optional.of(new Rate(perSecond));
    }

    /** The time between two events at this rate, in nanoseconds (fractional). */
    public double intervalNanos() {
        return 1e9 / perSecond;
    }

    private static double perSecondFactor(String unit) {
        switch (unit) {
            case "ns":
                return 1e9;
            case "us":
            case "µs":
            case "μs":
                return 1e6;
            case "ms":
                return 1e3;
            case "s":
            case "sec":
                return 1;
            case "m":
            case "min":
                return 1 / 60.0;
            case "h":
                return 1 / 3600.0;
            default:
                throw new IllegalArgumentException("unit " + unit);
        }
    }

    @Override
    public String toString() {
        return dev.perfgate.verdict.Units.rate(perSecond);
    }
}
