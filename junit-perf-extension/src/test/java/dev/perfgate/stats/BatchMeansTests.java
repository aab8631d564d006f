package dev.perfgate.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;

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
    void theBoundsLieEitherSideOfTheBlockAverage() {
        double[] values = alternating(10, 100, 10);

        assertThat(BatchMeans.lowerBound(values, 0.001)).isLessThan(100);
        assertThat(BatchMeans.upperBound(values, 0.001)).isGreaterThan(100);
        assertThat(100 - BatchMeans.lowerBound(values, 0.001))
                .isCloseTo(BatchMeans.upperBound(values, 0.001) - 100, within(1e-9));
    }

    @Test
    void theMarginIsTheOneSidedStudentQuantileTimesTheStandardError() {
        // ten values 90, 110, ...: standard deviation 10 * sqrt(10 / 9), standard error 10 / 3;
        // one-sided t at 0.999 with 9 degrees of freedom = 4.2968, at 0.95 = 1.8331 (from the table)
        double[] values = alternating(10, 100, 10);

        assertThat(BatchMeans.upperBound(values, 0.001) - 100).isCloseTo(4.2968 * 10 / 3.0, within(0.001));
        assertThat(100 - BatchMeans.lowerBound(values, 0.05)).isCloseTo(1.8331 * 10 / 3.0, within(0.001));
    }

    @Test
    void moreBlocksOfTheSameSpreadGiveTighterBounds() {
        double ten = BatchMeans.upperBound(alternating(10, 100, 10), 0.001) - 100;
        double forty = BatchMeans.upperBound(alternating(40, 100, 10), 0.001) - 100;
        double thousand = BatchMeans.upperBound(alternating(1000, 100, 10), 0.001) - 100;

        assertThat(forty).isLessThan(ten / 2);
        assertThat(thousand).isLessThan(forty / 4);
    }

    @Test
    void blocksWithoutSpreadGiveBoundsAtTheValue() {
        double[] values = new double[12];
        Arrays.fill(values, 42.5);

        assertThat(BatchMeans.lowerBound(values, 0.001)).isEqualTo(42.5);
        assertThat(BatchMeans.upperBound(values, 0.001)).isEqualTo(42.5);
    }

    @Test
    void fewerThanTenBlocksAreRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> BatchMeans.lowerBound(alternating(9, 100, 10), 0.001))
                .withMessage("need at least 10 blocks, had 9");
        assertThatIllegalArgumentException().isThrownBy(() -> BatchMeans.upperBound(new double[0], 0.001));
    }
}
