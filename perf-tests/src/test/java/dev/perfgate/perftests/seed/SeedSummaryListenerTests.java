package dev.perfgate.perftests.seed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** How the seed summary reads perfgate's lines: on lines perfgate printed in the suite's runs. */
class SeedSummaryListenerTests {

    private static final String PASS = "PASS p95 485 µs <= 500 ms; 5,851 samples in 2 s on 1 thread; p50 316 µs";
    private static final String REGRESSION_WARNS = "WARN p50 691 ns <= 20 µs, p99 1.08 µs <= 1 ms, regression +15 % "
            + "<= +15 % (WARN); 1,121,997 samples in 1 s on 1 thread";
    private static final String SLA_WARNS = "WARN p95 304 ms <= 2 s (WARN), regression +2 % <= +15 %; 118 samples";
    private static final String REGRESSION_FAILS = "FAIL p99 2.83 µs <= 1 ms, regression +40 % <= +15 % (FAIL); x";

    @Test
    void aWarningAboutTheBaselineAloneIsTheRegressionRowsNotTheTestsRow() {
        assertThat(SeedSummaryListener.verdictOf(List.of(PASS))).isEqualTo("PASS");
        assertThat(SeedSummaryListener.verdictOf(List.of(REGRESSION_WARNS))).isEqualTo("PASS");
        assertThat(SeedSummaryListener.verdictOf(List.of(SLA_WARNS))).isEqualTo("WARN");
        assertThat(SeedSummaryListener.verdictOf(List.of(PASS, SLA_WARNS))).isEqualTo("WARN");
    }

    @Test
    void theRegressionObjectiveIsFoundWithItsVerdict() {
        assertThat(SeedSummaryListener.regression(PASS)).isEmpty();
        assertThat(SeedSummaryListener.regression(REGRESSION_WARNS)).contains("regression +15 % <= +15 % (WARN)");
        assertThat(SeedSummaryListener.regression(SLA_WARNS)).contains("regression +2 % <= +15 %");
        assertThat(SeedSummaryListener.regression(REGRESSION_FAILS)).contains("regression +40 % <= +15 % (FAIL)");
    }

    @Test
    void aScalingTestsSizesCheckItsRowAndItsScalingVerdictTheScalingRow() throws NoSuchMethodException {
        SeedRow both = Rows.class.getDeclaredMethod("sizesAndScaling").getAnnotation(SeedRow.class);
        assertThat(SeedSummaryListener.checked(both, "N = 1,000"))
                .isEqualTo(new SeedSummaryListener.Checked(1, "Search < 100 ms"));
        assertThat(SeedSummaryListener.checked(both, "scaling"))
                .isEqualTo(new SeedSummaryListener.Checked(3, "Search scaling O(N)"));

        SeedRow one = Rows.class.getDeclaredMethod("oneRow").getAnnotation(SeedRow.class);
        assertThat(SeedSummaryListener.checked(one, "scaling"))
                .isEqualTo(new SeedSummaryListener.Checked(2, "Network scalability"));
    }

    private static final class Rows {
        @SeedRow(tier = 1, value = "Search < 100 ms", scaling = "Search scaling O(N)")
        void sizesAndScaling() {
        }

        @SeedRow(tier = 2, value = "Network scalability")
        void oneRow() {
        }
    }

    @Test
    void theTableShowsTheLimitAndOurFigureWithoutTheDetails() {
        assertThat(SeedSummaryListener.limitAndFigure(PASS)).isEqualTo("PASS p95 485 µs <= 500 ms");
        assertThat(SeedSummaryListener.limitAndFigure("PASS scaling O(log N) <= O(log N) (best fit O(log N))\n  N  "
                + "median")).isEqualTo("PASS scaling O(log N) <= O(log N) (best fit O(log N))");
    }
}
