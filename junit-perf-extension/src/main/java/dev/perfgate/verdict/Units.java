package dev.perfgate.verdict;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/**
 * Formats numbers for people, always with their unit: {@code 2.31 ms}, {@code 7,210/s}, {@code 1.9 %},
 * {@code 12,400}. Values are kept in nanoseconds, per second and fractions everywhere else; this is the edge.
 */
public final class Units {

    private static final MathContext THREE_DIGITS = new MathContext(3);
    private static final String[] BYTE_UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

    private Units() {
    }

    /** A duration in the largest unit that keeps it at or above 1: {@code 850 ns}, {@code 140 µs}, {@code 2.31 s}. */
    public static String duration(double nanos) {
        if (Double.isNaN(nanos)) {
            return "n/a";
        }
        // Round first, then choose the unit: 999,999 ns is "1 ms", not "1,000 µs".
        double rounded = nanos == 0 || Double.isInfinite(nanos)
                ? nanos
                : new BigDecimal(nanos).round(THREE_DIGITS).doubleValue();
        double abs = Math.abs(rounded);
        if (abs < 1e3) {
            return number(rounded) + " ns";
        }
        if (abs < 1e6) {
            return number(rounded / 1e3) + " µs";
        }
        if (abs < 1e9) {
            return number(rounded / 1e6) + " ms";
        }
        if (abs < 60e9) {
            return number(rounded / 1e9) + " s";
        }
        if (abs < 3600e9) {
            return number(rounded / 60e9) + " min";
        }
        return number(rounded / 3600e9) + " h";
    }

    /** A rate per second: {@code 7,210/s}, {@code 12.5/s}. */
    public static String rate(double perSecond) {
        return number(perSecond) + "/s";
    }

    /** A fraction as a percentage: {@code 0.019} is {@code 1.9 %}. */
    public static String percent(double fraction) {
        return number(fraction * 100) + " %";
    }

    /** A count with thousands separators: {@code 12,400}. */
    public static String count(long count) {
        return String.format(Locale.ROOT, "%,d", count);
    }

    /**
     * A size in bytes, to three significant digits in the smallest binary unit in which it stays below 1,000:
     * {@code 312 B}, {@code 84.3 B}, {@code 1 MiB}; {@code 1,000} bytes is {@code 0.977 KiB}. Binary, because the JVM
     * sizes everything so ({@code -Xmx1g}, regions, TLABs).
     */
    public static String bytes(double bytes) {
        if (Double.isNaN(bytes) || Double.isInfinite(bytes)) {
            return number(bytes) + " B";
        }
        double scaled = bytes;
        int unit = 0;
        while (true) {
            // Round in the candidate unit before comparing: 999.7 B rounds to "1,000 B", which is shown as KiB.
            double rounded = scaled == 0 ? 0 : new BigDecimal(scaled).round(THREE_DIGITS).doubleValue();
            if (Math.abs(rounded) < 1000 || unit == BYTE_UNITS.length - 1) {
                return number(rounded) + " " + BYTE_UNITS[unit];
            }
            scaled /= 1024;
            unit++;
        }
    }

    /** A size per operation: {@code 84.3 B/op}. */
    public static String bytesPerOperation(double bytesPerOperation) {
        return bytes(bytesPerOperation) + "/op";
    }

    /** Three significant digits, no trailing zeros, thousands separators: {@code 2.31}, {@code 140}, {@code 7,210}. */
    public static String number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return String.valueOf(value);
        }
        if (value == 0) {
            return "0";
        }
        BigDecimal rounded = new BigDecimal(value).round(THREE_DIGITS).stripTrailingZeros();
        if (rounded.scale() <= 0) {
            return String.format(Locale.ROOT, "%,d", rounded.toBigInteger());
        }
        return rounded.toPlainString();
    }
}
