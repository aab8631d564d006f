package dev.perfgate.config;

import org.junit.jupiter.api.extension.ExtensionConfigurationException;

import dev.perfgate.OtelOverhead;
import dev.perfgate.OtelOverhead.Exporter;
import dev.perfgate.OtelOverhead.Statistic;
import dev.perfgate.Severity;
import dev.perfgate.verdict.OverheadObjective;
import dev.perfgate.verdict.Units;

/**
 * What one {@code @OtelOverhead} test asks for, validated: the one place where its attributes are read.
 *
 * @param objective     the limit and the warn level
 * @param statistic     what each batch is compared on
 * @param exporter      where the "on" arm exports to
 * @param samplingRatio fraction of traces sampled in the "on" arm
 * @param severity      what a violation does to the build
 */
public record OverheadSettings(OverheadObjective objective, Statistic statistic, Exporter exporter,
        double samplingRatio, Severity severity) {

    /** Rounds of {@link OtelOverhead#MIN_PAIRS} pairs a measurement may take before an unsettled interval is a WARN. */
    public static final int MAX_ROUNDS = 3;
    /** The share of {@code max} that {@code warn} defaults to. */
    public static final double DEFAULT_WARN_SHARE = 0.8;

    /**
     * Resolves {@code annotation}, found on {@code source} ({@code SearchTests.search()} or {@code SearchTests}).
     *
     * @throws ExtensionConfigurationException naming the annotation, attribute, value and a valid example
     */
    public static OverheadSettings resolve(OtelOverhead annotation, String source) {
        double max = annotation.max();
        if (!(max >= 0) || Double.isInfinite(max)) {
            throw invalid(source, "max", max, "a percentage of at least 0, e.g. max = 10 (10 % slower at most)");
        }
        double warn = annotation.warn() == OtelOverhead.UNSET ? max * DEFAULT_WARN_SHARE : annotation.warn();
        if (!(warn >= 0 && warn <= max)) {
            throw invalid(source, "warn", annotation.warn(), "a percentage from 0 to max (" + Units.number(max)
                    + "), e.g. warn = " + Units.number(max * DEFAULT_WARN_SHARE) + ", or leave it out for 80 % of max");
        }
        double ratio = annotation.samplingRatio();
        if (!(ratio > 0 && ratio <= 1)) {
            throw invalid(source, "samplingRatio", ratio, "a fraction above 0 and at most 1, e.g. samplingRatio = 0.1"
                    + " (10 % of traces)");
        }
        averageMaxFraction(annotation, source); // validated wherever the annotation is
        return new OverheadSettings(new OverheadObjective(max / 100, warn / 100), annotation.statistic(),
                annotation.exporter(), ratio, annotation.severity());
    }

    /**
     * The class's limit of the mean overhead, as a fraction, or {@code NaN} when {@code averageMax} is not set.
     *
     * @throws ExtensionConfigurationException when it is set to something that is not a percentage
     */
    public static double averageMaxFraction(OtelOverhead annotation, String source) {
        double averageMax = annotation.averageMax();
        if (averageMax == OtelOverhead.UNSET) {
            return Double.NaN;
        }
        if (!(averageMax >= 0) || Double.isInfinite(averageMax)) {
            throw invalid(source, "averageMax", averageMax, "a percentage of at least 0, e.g. averageMax = 5");
        }
        return averageMax / 100;
    }

    /** The value as the user wrote it, not rounded: {@code 1.0001}, {@code -5}. */
    private static String written(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return String.valueOf(value);
        }
        return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static ExtensionConfigurationException invalid(String source, String attribute, double value,
            String expected) {
        return new ExtensionConfigurationException("@OtelOverhead(" + attribute + "=" + written(value)
                + ") on " + source + ": invalid " + attribute + " (expected " + expected + ")");
    }
}
