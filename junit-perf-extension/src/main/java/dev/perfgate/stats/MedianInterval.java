package dev.perfgate.stats;

import java.util.Arrays;

import org.apache.commons.statistics.distribution.BinomialDistribution;

/**
 * A distribution-free confidence interval for a median: the order statistics that the sign test puts at the
 * edges of the interval.
 *
 * <p>Of {@code n} independent values, the number below the true median is Binomial({@code n}, 1/2), whatever the
 * distribution. So the {@code k}-th smallest and {@code k}-th largest values enclose the median with probability
 * {@code 1 - 2 P(B < k)}; {@code k} is the largest rank for which that is at least {@code 1 - alpha}. This is the
 * interval that inverts the two-sided sign test, and it assumes nothing about the shape of the values (paired
 * log ratios of two arms, here), which is why perfgate uses it for overhead estimates.
 */
public final class MedianInterval {

    private MedianInterval() {
    }

    /**
     * The sample median of {@code values} with a two-sided interval at {@code 1 - alpha} for the true median.
     *
     * @throws IllegalArgumentException when there are too few values for any interval at that confidence
     */
    public static Interval of(double[] values, double alpha) {
        int n = values.length;
        if (n == 0 || !(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("invalid median interval: " + n + " values, alpha " + alpha);
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int k = lowerRank(n, alpha);
        if (k < 1) {
            throw new IllegalArgumentException(n + " values are too few for a " + (1 - alpha) * 100
                    + " % interval of their median (need at least " + minimumCount(alpha) + ")");
        }
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new Interval(median, sorted[k - 1], sorted[n - k], 1 - alpha);
    }

    /**
     * The largest rank {@code k} (from 1) with {@code P(B <= k - 1) <= alpha / 2}, B ~ Binomial(n, 1/2); 0 when
     * even the extreme values do not reach the confidence.
     */
    static int lowerRank(int n, double alpha) {
        BinomialDistribution below = BinomialDistribution.of(n, 0.5);
        // inverseCumulativeProbability(p) is the smallest x with P(B <= x) >= p; step back while it exceeds alpha/2.
        int k = below.inverseCumulativeProbability(alpha / 2) + 1;
        while (k >= 1 && below.cumulativeProbability(k - 1) > alpha / 2) {
            k--;
        }
        return Math.min(k, (n + 1) / 2);
    }

    /** The fewest values for which an interval at {@code 1 - alpha} exists: {@code 2 (1/2)^n <= alpha}. */
    public static int minimumCount(double alpha) {
        return (int) Math.ceil(Math.log(2 / alpha) / Math.log(2));
    }
}
