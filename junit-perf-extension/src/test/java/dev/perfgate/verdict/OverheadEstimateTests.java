package dev.perfgate.verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class OverheadEstimateTests {

    @Test
    void identicalRatiosGiveAPointInterval() {
        double[] logRatios = new double[300];
        Arrays.fill(logRatios, Math.log(1.3));

        OverheadEstimate estimate = OverheadEstimate.of(logRatios, 0.001);

        assertThat(estimate.estimate()).isCloseTo(0.3, within(1e-12));
        assertThat(estimate.lower()).isEqualTo(estimate.estimate());
        assertThat(estimate.upper()).isEqualTo(estimate.estimate());
        assertThat(estimate.confidence()).isCloseTo(0.999, within(1e-12));
        assertThat(estimate.pairs()).isEqualTo(300);
    }

    @Test
    void twiceAsSlowWeighsAsMuchAsTwiceAsFast() {
        double[] logRatios = {Math.log(2), Math.log(0.5), 0};

        // at 75 % the interval of three values is their range
        OverheadEstimate estimate = OverheadEstimate.of(logRatios, 0.25);

        assertThat(estimate.estimate()).isZero();
        assertThat(estimate.lower()).isCloseTo(-0.5, within(1e-12));
        assertThat(estimate.upper()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void tooFewPairsForTheConfidenceAreRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> OverheadEstimate.of(new double[10], 0.001))
                .withMessageStartingWith("10 values are too few for a 99.9");
        assertThat(OverheadEstimate.of(new double[11], 0.001).pairs()).isEqualTo(11);
    }

    @Test
    void theEstimateMustLieInItsInterval() {
        assertThatIllegalArgumentException().isThrownBy(() -> new OverheadEstimate(0.2, 0.0, 0.1, 0.999, 300))
                .withMessage("invalid overhead estimate 0.2 in [0.0, 0.1] at 0.999 over 300 pairs");
        assertThatIllegalArgumentException().isThrownBy(() -> new OverheadEstimate(0.05, 0.0, 0.1, 1.0, 300));
        assertThatIllegalArgumentException().isThrownBy(() -> new OverheadEstimate(0.05, 0.0, 0.1, 0.999, 0));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new OverheadEstimate(Double.NaN, Double.NaN, Double.NaN, 0.999, 300));
    }

    @Test
    void signedPercentShowsTheSign() {
        assertThat(OverheadEstimate.signedPercent(0.061)).isEqualTo("+6.1 %");
        assertThat(OverheadEstimate.signedPercent(-0.004)).isEqualTo("-0.4 %");
        assertThat(OverheadEstimate.signedPercent(0)).isEqualTo("+0 %");
        assertThat(OverheadEstimate.signedPercent(1.5)).isEqualTo("+150 %");
    }

    @Test
    void textShowsTheEstimateAndItsInterval() {
        assertThat(new OverheadEstimate(0.061, 0.052, 0.070, 0.999, 300).text())
                .isEqualTo("+6.1 % (99.9 % interval +5.2 % to +7 %)");
        assertThat(new OverheadEstimate(-0.004, -0.012, 0.005, 0.99, 300).text())
                .isEqualTo("-0.4 % (99 % interval -1.2 % to +0.5 %)");
    }
}
