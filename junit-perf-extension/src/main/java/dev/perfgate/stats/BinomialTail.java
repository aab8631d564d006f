package dev.perfgate.stats;

import org.apache.commons.statistics.inference.AlternativeHypothesis;
import org.apache.commons.statistics.inference.BinomialTest;

/**
 * Tests whether the true fraction of invocations beyond a limit exceeds an allowed fraction.
 *
 * <p>Each invocation is a Bernoulli trial: beyond the limit or not. A percentile objective {@code pq <= L} holds
 * exactly when the probability of an invocation being slower than {@code L} is at most {@code 1 - q}, so the
 * one-sided exact binomial test of {@code H0: p <= 1 - q} against {@code H1: p > 1 - q} judges it without assuming
 * anything about the shape of the latency distribution.
 */
public final class BinomialTail {

    private static final BinomialTest GREATER = BinomialTest.withDefaults().with(AlternativeHypothesis.GREATER_THAN);

    private BinomialTail() {
    }

    /**
     * The p-value of observing {@code beyond} or more of {@code trials} beyond the limit if the true fraction were
     * {@code allowedFraction}: small values mean the allowed fraction is exceeded.
     *
     * @param trials          number of invocations, at least 1
     * @param beyond          how many of them were beyond the limit
     * @param allowedFraction the largest allowed fraction, in [0, 1]
     */
    public static double pValueExceeds(long trials, long beyond, double allowedFraction) {
        if (trials < 1 || beyond < 0 || beyond > trials || !(allowedFraction >= 0 && allowedFraction <= 1)) {
            throw new IllegalArgumentException(
                    "invalid binomial test: " + beyond + " of " + trials + " beyond, allowed " + allowedFraction);
        }
        if (beyond == 0) {
            return 1.0;
        }
        if (allowedFraction == 0) {
            return 0.0; // one occurrence of something not allowed at all
        }
        if (allowedFraction == 1) {
            return 1.0;
        }
        long n = trials;
        long k = beyond;
        if (n > Integer.MAX_VALUE) {
            // The library counts in int. Scaling both counts down keeps the observed fraction and loses
            // evidence, never gains it: the test only becomes more conservative.
            double factor = (double) Integer.MAX_VALUE / n;
            n = Integer.MAX_VALUE;
            k = (long) Math.floor(k * factor);
            if (k == 0) {
                return 1.0;
            }
        }
        return GREATER.test((int) n, (int) k, allowedFraction).getPValue();
    }
}
