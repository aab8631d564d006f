package dev.perfgate.config;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses sizes as people write them in annotations: {@code "2KB"}, {@code "1.5 MB"}, {@code "512 B"}. */
public final class ByteSize {

    /** Valid examples, for error messages. */
    public static final String EXAMPLES = "\"512B\", \"2KB\", \"200MB\"";

    private static final Pattern SIZE = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*(B|KB|KIB|MB|MIB|GB|GIB)\\s*");

    private ByteSize() {
    }

    /**
     * The size in bytes, rounded to a whole byte; binary units ({@code KB} = {@code KiB} = 1,024 bytes), as the
     * JVM reads {@code -Xmx512m}. Empty when {@code text} is not a size.
     */
    public static Optional<Long> parseBytes(String text) {
        Matcher matcher = SIZE.matcher(text.toUpperCase(Locale.ROOT));
        if (!matcher.matches()) {
            return Optional.empty();
        }
        long unit;
        switch (matcher.group(2)) {
            case "B":
                unit = 1;
                break;
            case "KB":
            case "KIB":
                unit = 1L << 10;
                break;
            case "MB":
            case "MIB":
                unit = 1L << 20;
                break;
            default:
                unit = 1L << 30;
                break;
        }
        BigDecimal bytes = new BigDecimal(matcher.group(1)).multiply(BigDecimal.valueOf(unit));
        if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            return Optional.empty();
        }
        return Optional.of(bytes.setScale(0, java.math.RoundingMode.HALF_UP).longValueExact());
    }
}
