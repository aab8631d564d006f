package dev.perfgate.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BatchMeansTests {

    /** {@code count} values alternating between {@code center - spread} and {@code center + spread}. */
    private static double[] alternating(int count, double center, double spread) {
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            values[i] = i % 2 == 0 ? center - spread : center + spread;
        }
        return values;
    }

    @Test
    void intervalContainsTheEstimate() {
        Interval interval = BatchMeans.interval(alternating(10, 100, 10), 100, 0.001);

        assertThat(interval.estimate()).isEqualTo(100);
        assertThat(interval.lower()).isLessThan(100);
        assertThat(interval.upper()).isGreaterThan(100);
        assertThat(interval.confidence()).isCloseTo(0.999, within(1e-12));
    }

    @Test
    void intervalIsCenteredOnTheGivenEstimate() {
        Interval interval = BatchMeans.interval(alternating(10, 100, 10), 101, 0.001);

        assertThat(interval.estimate()).isEqualTo(101);
        assertThat(interval.upper() - 101).isCloseTo(101 - interval.lower(), within(1e-9));
    }

    @Test
    void halfWidthIsTheStudentQuantileTimesTheStandardError() {
        // ten values 90, 110, ...: standard deviation 10 * sqrt(10 / 9), standard error 10 / 3;
        // t(0.9995, 9 degrees of freedom) = 4.7809 from the table
        Interval interval = BatchMeans.interval(alternating(10, 100, 10), 100, 0.001);

        assertThat(interval.upper() - 100).isCloseTo(4.7809 * 10 / 3.0, within(0.001));
    }

    @Test
    void widerConfidenceGivesAWiderInterval() {
        double[] values = alternating(10, 100, 10);

        Interval at999 = BatchMeans.interval(values, 100, 0.001);
        Interval at95 = BatchMeans.interval(values, 100, 0.05);

        assertThat(at95.upper() - at95.lower()).isLessThan(at999.upper() - at999.lower());
        // t(0.975, 9) = 2.2622
        assertThat(at95.upper() - 100).isCloseTo(2.2622 * 10 / 3.0, within(0.001));
    }

    @Test
    void moreBlocksOfTheSameSpreadGiveANarrowerInterval() {
        Interval ten = BatchMeans.interval(alternating(10, 100, 10), 100, 0.001);
        Interval forty = BatchMeans.interval(alternating(40, 100, 10), 100, 0.001);
        Interval thousand = BatchMeans.interval(alternating(1000, 100, 10), 100, 0.001);

        double widthTen = ten.upper() - ten.lower();
        double widthForty = forty.upper() - forty.lower();
        double widthThousand = thousand.upper() - thousand.lower();
        assertThat(widthForty).isLessThan(widthTen / 2);
        assertThat(widthThousand).isLessThan(widthForty / 4);
    }

    @Test
    void blocksWithoutSpreadGiveAZeroWidthInterval() {
        double[] values = new double[12];
        java.util.Arrays.fill(values, 42.5);

        Interval interval = BatchMeans.interval(values, 42.5, 0.001);

        assertThat(interval.lower()).isEqualTo(42.5);
        assertThat(interval.upper()).isEqualTo(42.5);
    }

    @Test
    void fewerThanTenBlocksAreRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> BatchMeans.interval(alternating(9, 100, 10), 100, 0.001))
                .withMessage("need at least 10 blocks, had 9");
        assertThatIllegalArgumentException().isThrownBy(() -> BatchMeans.interval(new double[0], 0, 0.001));
    }
}
