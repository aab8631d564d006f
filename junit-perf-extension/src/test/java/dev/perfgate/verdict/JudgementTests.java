package dev.perfgate.verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;

import org.junit.jupiter.api.Test;

class JudgementTests {

    private static ObjectiveResult p99(Verdict verdict, String actual, String evidence) {
        return new ObjectiveResult("p99", "<= 1 ms", actual, 1_000_000, 2_310_000, "ns", verdict, evidence);
    }

    private static final ObjectiveResult P99_FAIL =
            p99(Verdict.FAIL, "2.31 ms", "1.9 % of 12,400 samples above 1 ms; at most 1 % allowed");
    private static final ObjectiveResult P99_FAIL_AGAIN =
            p99(Verdict.FAIL, "2.4 ms", "2 % of 12,500 samples above 1 ms; at most 1 % allowed");
    private static final ObjectiveResult P99_PASS = p99(Verdict.PASS, "800 µs", "");
    private static final ObjectiveResult P50_PASS =
            new ObjectiveResult("p50", "<= 200 µs", "140 µs", 200_000, 140_000, "ns", Verdict.PASS, "");

    private static Judgement judgement(ObjectiveResult... results) {
        return new Judgement(List.of(results), 1);
    }

    @Test
    void failureConfirmedByTheNextMeasurementFails() {
        Judgement combined = judgement(P99_FAIL, P50_PASS).confirmWith(judgement(P99_FAIL_AGAIN, P50_PASS));

        assertThat(combined.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(combined.measurements()).isEqualTo(2);
        assertThat(combined.results()).containsExactly(P99_FAIL_AGAIN, P50_PASS);
        assertThat(combined.needsConfirmation()).isTrue();
    }

    @Test
    void failureNotConfirmedByTheNextMeasurementWarns() {
        Judgement combined = judgement(P99_FAIL, P50_PASS).confirmWith(judgement(P99_PASS, P50_PASS));

        assertThat(combined.verdict()).isEqualTo(Verdict.WARN);
        assertThat(combined.measurements()).isEqualTo(2);
        assertThat(combined.results().get(0)).isEqualTo(new ObjectiveResult("p99", "<= 1 ms", "800 µs", 1_000_000,
                2_310_000, "ns", Verdict.WARN, "FAIL on measurement 1 of 2, not on measurement 2"));
        assertThat(combined.results().get(1)).isEqualTo(P50_PASS);
        assertThat(combined.needsConfirmation()).isFalse();
    }

    @Test
    void failureOnlyOnTheLaterMeasurementWarns() {
        Judgement combined = judgement(P99_PASS).confirmWith(judgement(P99_FAIL));

        assertThat(combined.verdict()).isEqualTo(Verdict.WARN);
        assertThat(combined.results().get(0).evidence()).isEqualTo("FAIL on measurement 2 of 2, not on "
                + "measurement 1; 1.9 % of 12,400 samples above 1 ms; at most 1 % allowed");
        assertThat(combined.results().get(0).actual()).isEqualTo("2.31 ms");
    }

    @Test
    void threeFailuresInARowFail() {
        Judgement combined = judgement(P99_FAIL).confirmWith(judgement(P99_FAIL)).confirmWith(judgement(P99_FAIL));

        assertThat(combined.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(combined.measurements()).isEqualTo(3);
    }

    @Test
    void aWarningStaysAWarning() {
        ObjectiveResult warn = p99(Verdict.WARN, "1.01 ms", "above the limit but not significant");

        Judgement combined = judgement(warn).confirmWith(judgement(warn));

        assertThat(combined.verdict()).isEqualTo(Verdict.WARN);
        assertThat(combined.results()).containsExactly(warn);
    }

    @Test
    void verdictIsTheWorstOverAllObjectives() {
        ObjectiveResult warn = p99(Verdict.WARN, "1.01 ms", "");

        assertThat(judgement(P50_PASS, warn).verdict()).isEqualTo(Verdict.WARN);
        assertThat(judgement(warn, P99_FAIL, P50_PASS).verdict()).isEqualTo(Verdict.FAIL);
        assertThat(judgement(P50_PASS).verdict()).isEqualTo(Verdict.PASS);
        assertThat(new Judgement(List.of(), 1).verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void withVerdictSelectsResults() {
        Judgement judgement = judgement(P50_PASS, P99_FAIL);

        assertThat(judgement.withVerdict(Verdict.FAIL)).containsExactly(P99_FAIL);
        assertThat(judgement.withVerdict(Verdict.PASS)).containsExactly(P50_PASS);
        assertThat(judgement.withVerdict(Verdict.WARN)).isEmpty();
    }

    @Test
    void judgementsOfDifferentObjectivesDoNotCombine() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> judgement(P99_FAIL).confirmWith(judgement(P99_FAIL, P50_PASS)));
    }

    @Test
    void atLeastOneMeasurement() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Judgement(List.of(), 0));
    }

    @Test
    void worstOrdersVerdicts() {
        assertThat(Verdict.PASS.worst(Verdict.WARN)).isEqualTo(Verdict.WARN);
        assertThat(Verdict.FAIL.worst(Verdict.WARN)).isEqualTo(Verdict.FAIL);
        assertThat(Verdict.WARN.worst(Verdict.PASS)).isEqualTo(Verdict.WARN);
    }

    @Test
    void aFailureConfirmedOnceAndThenNotNamesEveryMeasurementItFailedOn() {
        Judgement twice = judgement(P99_FAIL).confirmWith(judgement(P99_FAIL_AGAIN));

        Judgement thrice = twice.confirmWith(judgement(P99_PASS));

        assertThat(thrice.measurements()).isEqualTo(3);
        assertThat(thrice.results()).singleElement().satisfies(result -> {
            assertThat(result.verdict()).isEqualTo(Verdict.WARN);
            assertThat(result.evidence()).isEqualTo("FAIL on measurements 1 and 2 of 3, not on measurement 3");
        });
    }

    @Test
    void aLaterPassCannotEraseAnEarlierFailure() {
        Judgement judgement = judgement(P99_FAIL, P50_PASS).confirmWith(judgement(P99_PASS, P50_PASS))
                .confirmWith(judgement(P99_PASS, P50_PASS));

        assertThat(judgement.verdict()).isEqualTo(Verdict.WARN);
        assertThat(judgement.results().get(0).evidence()).isEqualTo("FAIL on measurement 1 of 3, not on measurements 2 and 3");
    }

    @Test
    void failingAgainAfterAPassIsNotConfirmed() {
        Judgement judgement = judgement(P99_FAIL).confirmWith(judgement(P99_PASS)).confirmWith(judgement(P99_FAIL_AGAIN));

        assertThat(judgement.verdict()).isEqualTo(Verdict.WARN);
        assertThat(judgement.results().get(0).evidence())
                .startsWith("FAIL on measurements 1 and 3 of 3, not on measurement 2; ");
    }
}
