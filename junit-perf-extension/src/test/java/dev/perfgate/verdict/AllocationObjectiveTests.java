package dev.perfgate.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import dev.perfgate.measure.Measurement;

class AllocationObjectiveTests {

    private final Objective.AllocationPerOperation objective = new Objective.AllocationPerOperation(2048);

    @Test
    void atOrBelowTheLimitPasses() {
        ObjectiveResult result = objective.judge(measurement(1000, 2048L * 1000), 0.001);

        assertThat(result).extracting(ObjectiveResult::name, ObjectiveResult::expected, ObjectiveResult::actual,
                ObjectiveResult::verdict, ObjectiveResult::evidence)
                .containsExactly("allocation", "<= 2 KiB/op", "2 KiB/op", Verdict.PASS, "");
    }

    @Test
    void aboveTheLimitFailsWithTheTotal() {
        ObjectiveResult result = objective.judge(measurement(1000, 4_200_000), 0.001);

        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.actual()).isEqualTo("4.1 KiB/op");
        assertThat(result.value()).isEqualTo(4200.0);
        assertThat(result.evidence()).isEqualTo("4.01 MiB over 1,000 invocations");
    }

    @Test
    void aJvmThatCannotCountIsAWarningNeverAPass() {
        ObjectiveResult result = objective.judge(measurement(1000, -1), 0.001);

        assertThat(result.verdict()).isEqualTo(Verdict.WARN);
        assertThat(result.evidence()).isEqualTo("this JVM cannot count allocated bytes per thread");
    }

    private static Measurement measurement(long invocations, long allocatedBytes) {
        Histogram histogram = new Histogram(3);
        histogram.recordValueWithCount(1_000, invocations);
        return new Measurement(histogram, 0, List.of(), invocations * 1_000, invocations * 1_000, 1_000, 1_000,
                new Measurement.Blocks(1_000_000, new long[0], new long[0]), 1, 0, 0, 0, 0, allocatedBytes, 0, 0);
    }
}
