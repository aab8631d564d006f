package dev.perfgate.verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

class OverheadAverageTests {

    /** Two tests: +4 % in [+2 %, +6 %] and +8 % in [+6 %, +10 %]; means +6 % in [+4 %, +8 %]. */
    private static final List<OverheadEstimate> TWO_TESTS = List.of(
            new OverheadEstimate(0.04, 0.02, 0.06, 0.999, 300),
            new OverheadEstimate(0.08, 0.06, 0.10, 0.999, 300));

    @Test
    void passesWhenTheMeanOfTheUpperEndsIsBelowTheLimit() {
        ObjectiveResult result = OverheadAverage.judge(TWO_TESTS, 0.10);

        assertThat(result.name()).isEqualTo("otelOverheadAverage");
        assertThat(result.expected()).isEqualTo("<= 10 %");
        assertThat(result.actual()).isEqualTo("+6 %");
        assertThat(result.limit()).isCloseTo(10.0, within(1e-9));
        assertThat(result.value()).isCloseTo(6.0, within(1e-9));
        assertThat(result.unit()).isEqualTo("%");
        assertThat(result.verdict()).isEqualTo(Verdict.PASS);
        assertThat(result.evidence()).isEqualTo("mean of 2 tests' estimates; mean of their interval ends +4 % to +8 %");
    }

    @Test
    void warnsWhenTheMeansOfTheEndsStraddleTheLimit() {
        ObjectiveResult result = OverheadAverage.judge(TWO_TESTS, 0.07);

        assertThat(result.verdict()).isEqualTo(Verdict.WARN);
        assertThat(result.evidence()).isEqualTo("inconclusive: mean of 2 tests' estimates; mean of their interval "
                + "ends +4 % to +8 %, straddling 7 %");
    }

    @Test
    void failsWhenTheMeanOfTheLowerEndsIsAboveTheLimit() {
        ObjectiveResult result = OverheadAverage.judge(TWO_TESTS, 0.03);

        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.expected()).isEqualTo("<= 3 %");
        assertThat(result.evidence()).isEqualTo("mean of 2 tests' estimates; mean of their interval ends +4 % to +8 %"
                + ", wholly above 3 %");
    }

    @Test
    void aTestAboveTheLimitCanBeOffsetByOthers() {
        // the second test alone would fail a 5 % limit; the mean of the upper ends, 4.5 %, is below it
        List<OverheadEstimate> estimates = List.of(
                new OverheadEstimate(0.01, 0.00, 0.02, 0.999, 300),
                new OverheadEstimate(0.06, 0.055, 0.07, 0.999, 300));

        assertThat(OverheadAverage.judge(estimates, 0.05).verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void theMeansEndsAtTheLimitAreInconclusive() {
        assertThat(OverheadAverage.judge(TWO_TESTS, 0.08).verdict()).isEqualTo(Verdict.WARN);
        assertThat(OverheadAverage.judge(TWO_TESTS, 0.04).verdict()).isEqualTo(Verdict.WARN);
    }

    @Test
    void oneTestIsCountedInTheSingular() {
        ObjectiveResult result = OverheadAverage.judge(List.of(new OverheadEstimate(-0.004, -0.01, 0.003, 0.999,
                300)), 0.05);

        assertThat(result.actual()).isEqualTo("-0.4 %");
        assertThat(result.evidence()).isEqualTo("mean of 1 test's estimates; mean of their interval ends -1 % to "
                + "+0.3 %");
    }

    @Test
    void thereMustBeSomethingToAverage() {
        assertThatIllegalArgumentException().isThrownBy(() -> OverheadAverage.judge(List.of(), 0.05))
                .withMessage("no overhead estimates to average");
    }
}
