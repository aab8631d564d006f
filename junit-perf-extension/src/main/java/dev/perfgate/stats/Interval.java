package dev.perfgate.stats;

/**
 * A point estimate with a confidence interval.
 *
 * @param estimate   the point estimate
 * @param lower      lower end of the interval
 * @param upper      upper end of the interval
 * @param confidence the interval's confidence level, e.g. {@code 0.999}
 */
public record Interval(double estimate, double lower, double upper, double confidence) {

    public Interval {
        if (!(lower <= upper) || !(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("invalid interval [" + lower + ", " + upper + "] at " + confidence);
        }
    }
}
