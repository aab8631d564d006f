package dev.perfgate.verdict;

import dev.perfgate.stats.Interval;
import dev.perfgate.stats.MedianInterval;

/**
 * The overhead of the "on" arm over the "off" arm, as fractions ({@code 0.061} is 6.1 % slower): the median of the
 * pairs' ratios, and the distribution-free interval the sign test puts around it.
 *
 * <p>The median and its interval are taken on the log ratios and mapped back with {@code exp(x) - 1}: the median
 * commutes with any monotonic map, so this is the median ratio, and a pair twice as slow weighs as much as a pair
 * twice as fast.
 *
 * @param estimate   median overhead
 * @param lower      lower end of the interval
 * @param upper      upper end of the interval
 * @param confidence the interval's confidence, e.g. {@code 0.999}
 * @param pairs      pairs the estimate is taken over
 */
public record OverheadEstimate(double estimate, double lower, double upper, double confidence, int pairs) {

    public OverheadEstimate {
        if (!(lower <= estimate && estimate <= upper) || !(confidence > 0 && confidence < 1) || pairs < 1) {
            throw new IllegalArgumentException("invalid overhead estimate " + estimate + " in [" + lower + ", "
                    + upper + "] at " + confidence + " over " + pairs + " pairs");
        }
    }

    /**
     * The estimate over {@code logRatios}, {@code ln(on / off)} of each pair, at confidence {@code 1 - alpha}.
     *
     * @throws IllegalArgumentException when there are too few pairs for an interval at that confidence
     */
    public static OverheadEstimate of(double[] logRatios, double alpha) {
        Interval interval = MedianInterval.of(logRatios, alpha);
        return new OverheadEstimate(Math.expm1(interval.estimate()), Math.expm1(interval.lower()),
                Math.expm1(interval.upper()), interval.confidence(), logRatios.length);
    }

    /** {@code +6.1 %}, {@code -0.4 %}. */
    public static String signedPercent(double fraction) {
        return (fraction >= 0 ? "+" : "") + Units.percent(fraction);
    }

    /** {@code +6.1 % (99.9 % interval +5.2 % to +7.3 %)}. */
    public String text() {
        return signedPercent(estimate) + " (" + Units.percent(confidence) + " interval " + signedPercent(lower)
                + " to " + signedPercent(upper) + ")";
    }
}
