package dev.perfgate.memory;

import java.math.BigDecimal;
import java.math.MathContext;

import dev.perfgate.verdict.Units;

/**
 * Formats byte counts for people in binary units, always with the unit: {@code 312 B}, {@code 64 KiB},
 * {@code 1.02 MiB}. Sizes are kept in bytes everywhere else; this is the edge.
 *
 * <p>Binary units because the JVM sizes everything in them (regions, TLABs, {@code -Xmx1g}): a fixture of
 * {@code 1,048,576} bytes reads {@code 1 MiB}, not {@code 1.05 MB}.
 */
public final class ByteSizes {

    private static final MathContext THREE_DIGITS = new MathContext(3);
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

    private ByteSizes() {
    }

    /**
     * A size to three significant digits in the smallest binary unit in which it stays below 1,000, so that it never
     * shows more than three digits before the point: {@code 1,000} bytes is {@code 0.977 KiB}.
     *
     * <pre>{@code
     * ByteSizes.format(1_048_576);  // "1 MiB"
     * ByteSizes.format(84.25);      // "84.3 B"
     * }</pre>
     */
    public static String format(double bytes) {
        if (Double.isNaN(bytes) || Double.isInfinite(bytes)) {
            return Units.number(bytes) + " B";
        }
        double scaled = bytes;
        int unit = 0;
        while (true) {
            // Round in the candidate unit before comparing: 999.7 B rounds to "1,000 B", which is shown as KiB.
            double rounded = scaled == 0 ? 0 : new BigDecimal(scaled).round(THREE_DIGITS).doubleValue();
            if (Math.abs(rounded) < 1000 || unit == UNITS.length - 1) {
                return Units.number(rounded) + " " + UNITS[unit];
            }
            scaled /= 1024;
            unit++;
        }
    }

    /** A size per operation: {@code 84.3 B/op}. */
    public static String perOperation(double bytesPerOperation) {
        return format(bytesPerOperation) + "/op";
    }
}
