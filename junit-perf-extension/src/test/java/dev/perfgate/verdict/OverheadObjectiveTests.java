package dev.perfgate.verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class OverheadObjectiveTests {

    private static final double ALPHA = 0.001;

    /** {@code otelOverhead <= 10 %}, WARN above 8 %. */
    private final OverheadObjective objective = new OverheadObjective(0.10, 0.08);

    /**
     * 300 pairs: 140 at {@code lower}, 20 at {@code median}, 140 at {@code upper}. The sign test's 99.9 % interval of
     * 300 values lies between ranks 121 and 180, so its ends are {@code lower} and {@code upper}.
     */
    private static OverheadEstimate spread(double lower, double median, double upper) {
        double[] logRatios = new double[300];
        Arrays.fill(logRatios, 0, 140, Math.log1p(lower));
        Arrays.fill(logRatios, 140, 160, Math.log1p(median));
        Arrays.fill(logRatios, 160, 300, Math.log1p(upper));
        return OverheadEstimate.of(logRatios, ALPHA);
    }

    @Test
    void theSyntheticRatiosGiveTheIntendedInterval() {
        OverheadEstimate estimate = spread(0.052, 0.061, 0.070);

        assertThat(estimate.estimate()).isCloseTo(0.061, within(1e-12));
        assertThat(estimate.lower()).isCloseTo(0.052, within(1e-12));
        assertThat(estimate.upper()).isCloseTo(0.070, within(1e-12));
        assertThat(estimate.confidence()).isCloseTo(0.999, within(1e-12));
        assertThat(estimate.pairs()).isEqualTo(300);
    }

    @Test
    void passesWhenTheIntervalIsBelowMaxAndTheEstimateAtMostWarn() {
        ObjectiveResult result = objective.judge(spread(0.052, 0.061, 0.070));

        assertThat(result.verdict()).isEqualTo(Verdict.PASS);
        assertThat(result.name()).isEqualTo("otelOverhead");
        assertThat(result.expected()).isEqualTo("<= 10 %");
        assertThat(result.actual()).isEqualTo("+6.1 %");
        assertThat(result.unit()).isEqualTo("%");
        assertThat(result.limit()).isCloseTo(10.0, within(1e-9));
        assertThat(result.value()).isCloseTo(6.1, within(1e-9));
        assertThat(result.evidence())
                .isEqualTo("99.9 % interval +5.2 % to +7 %; median of 300 paired ratios; grade good");
    }

    @Test
    void warnsWhenTheEstimateIsAboveWarnButTheIntervalBelowMax() {
        ObjectiveResult result = objective.judge(spread(0.082, 0.088, 0.095));

        assertThat(result.verdict()).isEqualTo(Verdict.WARN);
        assertThat(result.actual()).isEqualTo("+8.8 %");
        assertThat(result.evidence()).isEqualTo("above the warn level of 8 %; 99.9 % interval +8.2 % to +9.5 %; "
                + "median of 300 paired ratios; grade acceptable");
        assertThat(objective.conclusive(spread(0.082, 0.088, 0.095))).isTrue();
    }

    @Test
    void warnsAsInconclusiveWhenTheIntervalStraddlesMax() {
        OverheadEstimate estimate = spread(0.07, 0.095, 0.12);

        ObjectiveResult result = objective.judge(estimate);

        assertThat(result.verdict()).isEqualTo(Verdict.WARN);
        assertThat(result.evidence()).isEqualTo("inconclusive: the 99.9 % interval +7 % to +12 % straddles 10 %; "
                + "median of 300 paired ratios; grade acceptable");
        assertThat(objective.conclusive(estimate)).isFalse();
    }

    @Test
    void anEstimateAboveMaxWithAnIntervalReachingBelowItIsOnlyAWarn() {
        ObjectiveResult result = objective.judge(spread(0.09, 0.13, 0.16));

        assertThat(result.verdict()).isEqualTo(Verdict.WARN);
        assertThat(result.actual()).isEqualTo("+13 %");
        assertThat(result.evidence()).startsWith("inconclusive: ");
    }

    @Test
    void failsWhenTheWholeIntervalIsAboveMax() {
        OverheadEstimate estimate = spread(0.11, 0.13, 0.15);

        ObjectiveResult result = objective.judge(estimate);

        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.name()).isEqualTo("otelOverhead");
        assertThat(result.expected()).isEqualTo("<= 10 %");
        assertThat(result.actual()).isEqualTo("+13 %");
        assertThat(result.limit()).isCloseTo(10.0, within(1e-9));
        assertThat(result.value()).isCloseTo(13.0, within(1e-9));
        assertThat(result.evidence()).isEqualTo("the whole 99.9 % interval +11 % to +15 % is above 10 %; "
                + "median of 300 paired ratios; grade warning");
        assertThat(objective.conclusive(estimate)).isTrue();
    }

    @Test
    void aNegativeOverheadPasses() {
        ObjectiveResult result = objective.judge(spread(-0.03, -0.004, 0.02));

        assertThat(result.verdict()).isEqualTo(Verdict.PASS);
        assertThat(result.actual()).isEqualTo("-0.4 %");
        assertThat(result.evidence())
                .isEqualTo("99.9 % interval -3 % to +2 %; median of 300 paired ratios; grade excellent");
    }

    @Test
    void anIntervalEndingExactlyAtMaxStraddlesIt() {
        OverheadEstimate upperAtMax = new OverheadEstimate(0.09, 0.08, 0.10, 0.999, 300);
        OverheadEstimate lowerAtMax = new OverheadEstimate(0.12, 0.10, 0.14, 0.999, 300);

        assertThat(objective.judge(upperAtMax).verdict()).isEqualTo(Verdict.WARN);
        assertThat(objective.judge(lowerAtMax).verdict()).isEqualTo(Verdict.WARN);
        assertThat(objective.conclusive(upperAtMax)).isFalse();
        assertThat(objective.conclusive(lowerAtMax)).isFalse();
    }

    @Test
    void anEstimateExactlyAtWarnPasses() {
        ObjectiveResult result = objective.judge(new OverheadEstimate(0.08, 0.07, 0.09, 0.999, 300));

        assertThat(result.verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void pairsAreCountedWithThousandsSeparators() {
        ObjectiveResult result = objective.judge(new OverheadEstimate(0.02, 0.01, 0.03, 0.999, 1_200));

        assertThat(result.evidence())
                .isEqualTo("99.9 % interval +1 % to +3 %; median of 1,200 paired ratios; grade excellent");
    }

    @Test
    void aFractionalLimitKeepsItsDigits() {
        ObjectiveResult result = new OverheadObjective(0.125, 0.1).judge(spread(0.052, 0.061, 0.070));

        assertThat(result.expected()).isEqualTo("<= 12.5 %");
        assertThat(result.limit()).isCloseTo(12.5, within(1e-9));
    }

    @Test
    void aMeasurementWithoutTelemetryFails() {
        ObjectiveResult result = objective.vacuous("0 spans and 0 metric points from 3,000 invocations");

        assertThat(result.name()).isEqualTo("otelOverhead");
        assertThat(result.expected()).isEqualTo("<= 10 %");
        assertThat(result.actual()).isEqualTo("n/a");
        assertThat(result.limit()).isCloseTo(10.0, within(1e-9));
        assertThat(result.value()).isNaN();
        assertThat(result.unit()).isEqualTo("%");
        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.evidence()).isEqualTo("instrumentation produced no telemetry; the overhead check would be "
                + "vacuous: 0 spans and 0 metric points from 3,000 invocations");
    }

    @Test
    void aMeasurementThatCannotBeJudgedIsAWarnWithTheReason() {
        ObjectiveResult result = objective.unjudged("too few pairs in which both batches returned normally to judge");

        assertThat(result.verdict()).isEqualTo(Verdict.WARN);
        assertThat(result.actual()).isEqualTo("n/a");
        assertThat(result.value()).isNaN();
        assertThat(result.expected()).isEqualTo("<= 10 %");
        assertThat(result.evidence()).isEqualTo("too few pairs in which both batches returned normally to judge");
    }

    @Test
    void limitsAreValidated() {
        assertThatIllegalArgumentException().isThrownBy(() -> new OverheadObjective(0.10, 0.12))
                .withMessage("invalid overhead limits: max 0.1, warn 0.12");
        assertThatIllegalArgumentException().isThrownBy(() -> new OverheadObjective(-0.05, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new OverheadObjective(0.10, -0.01));
        assertThatIllegalArgumentException().isThrownBy(() -> new OverheadObjective(Double.NaN, 0));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new OverheadObjective(Double.POSITIVE_INFINITY, 0.1));
        assertThat(new OverheadObjective(0, 0).maxFraction()).isZero();
        assertThat(new OverheadObjective(0.10, 0.10).warnFraction()).isEqualTo(0.10);
    }
}
