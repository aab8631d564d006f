package dev.perfgate.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class MedianIntervalTests {

    /** P(B <= k) for B ~ Binomial(n, 1/2), summed exactly in log space (independent of the library). */
    private static double cumulative(int n, int k) {
        double total = 0;
        for (int i = 0; i <= k; i++) {
            total += Math.exp(logChoose(n, i) - n * Math.log(2));
        }
        return total;
    }

    private static double logChoose(int n, int k) {
        double value = 0;
        for (int i = 1; i <= k; i++) {
            value += Math.log(n - k + i) - Math.log(i);
        }
        return value;
    }

    @Test
    void theRankIsTheLargestWhoseTailIsWithinHalfAlpha() {
        for (int n : new int[] {11, 20, 50, 300, 1_000}) {
            int k = MedianInterval.lowerRank(n, 0.001);
            assertThat(cumulative(n, k - 1)).as("n=%d k=%d", n, k).isLessThanOrEqualTo(0.0005);
            assertThat(cumulative(n, k)).as("n=%d k+1", n).isGreaterThan(0.0005);
        }
    }

    @Test
    void theIntervalIsMadeOfOrderStatisticsAroundTheMedian() {
        double[] values = new double[300];
        for (int i = 0; i < values.length; i++) {
            values[i] = i; // 0 .. 299, shuffled below
        }
        SplittableRandom random = new SplittableRandom(7);
        for (int i = values.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            double swap = values[i];
            values[i] = values[j];
            values[j] = swap;
        }

        Interval interval = MedianInterval.of(values, 0.001);
        int k = MedianInterval.lowerRank(300, 0.001);

        assertThat(interval.estimate()).isEqualTo(149.5);
        assertThat(interval.lower()).isEqualTo(k - 1);
        assertThat(interval.upper()).isEqualTo(300 - k);
        assertThat(interval.confidence()).isEqualTo(0.999);
    }

    @Test
    void coverageHoldsOnSkewedData() {
        SplittableRandom random = new SplittableRandom(11);
        double trueMedian = Math.log(2); // of an exponential distribution with rate 1
        int misses = 0;
        int trials = 2_000;
        for (int trial = 0; trial < trials; trial++) {
            double[] values = new double[101];
            for (int i = 0; i < values.length; i++) {
                values[i] = -Math.log(1 - random.nextDouble());
            }
            Interval interval = MedianInterval.of(values, 0.05);
            if (trueMedian < interval.lower() || trueMedian > interval.upper()) {
                misses++;
            }
        }
        assertThat((double) misses / trials).isLessThanOrEqualTo(0.05 + 0.015);
    }

    @Test
    void tooFewValuesAreRefusedWithTheMinimum() {
        assertThat(MedianInterval.minimumCount(0.001)).isEqualTo(11);
        assertThatIllegalArgumentException().isThrownBy(() -> MedianInterval.of(new double[10], 0.001))
                .withMessage("10 values are too few for a 99.9 % interval of their median (need at least 11)");
        assertThat(MedianInterval.of(new double[11], 0.001).lower()).isZero();
    }
}
