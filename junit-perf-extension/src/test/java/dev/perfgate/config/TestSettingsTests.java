package dev.perfgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

import dev.perfgate.Measure;
import dev.perfgate.Severity;
import dev.perfgate.Sla;
import dev.perfgate.measure.MeasurementPlan;
import dev.perfgate.verdict.Objective;

class TestSettingsTests {

    private static final String SOURCE = "CacheTests.cacheHit()";

    /** 100 ms warmup, 1 s duration, 2 threads, 30 s max duration. */
    private static final PerfgateConfiguration CONFIGURATION = configuration(1.0);

    private static PerfgateConfiguration configuration(double scale) {
        return new PerfgateConfiguration(Mode.ENFORCE, scale, 0.001, 1, 100_000_000L, 1_000_000_000L, 2,
                30_000_000_000L, Path.of("target/perfgate/results"));
    }

    private static Sla sla(String method) {
        try {
            return Fixtures.class.getDeclaredMethod(method).getAnnotation(Sla.class);
        }
        catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }

    private static Measure measure(String method) {
        try {
            return Fixtures.class.getDeclaredMethod(method).getAnnotation(Measure.class);
        }
        catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }

    private static TestSettings resolveSla(String method, PerfgateConfiguration configuration) {
        return TestSettings.resolve(sla(method), SOURCE, null, SOURCE, configuration);
    }

    private static TestSettings resolveMeasure(String method) {
        return TestSettings.resolve(null, SOURCE, measure(method), SOURCE, CONFIGURATION);
    }

    private static void assertSlaError(String method, String message) {
        assertThatThrownBy(() -> resolveSla(method, CONFIGURATION))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage(message);
    }

    private static void assertMeasureError(String method, String message) {
        assertThatThrownBy(() -> resolveMeasure(method))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage(message);
    }

    @Test
    void objectivesInDeclarationOrderWithTheErrorRateLast() {
        TestSettings settings = resolveSla("everything", CONFIGURATION);

        assertThat(settings.objectives()).containsExactly(
                new Objective.Percentile("p50", 0.50, 200_000L),
                new Objective.Percentile("p90", 0.90, 400_000L),
                new Objective.Percentile("p95", 0.95, 500_000L),
                new Objective.Percentile("p99", 0.99, 1_000_000L),
                new Objective.Percentile("p999", 0.999, 2_000_000L),
                new Objective.Max(5_000_000L),
                new Objective.Mean(300_000L),
                new Objective.Throughput(5000.0),
                new Objective.ErrorRate(0.01));
    }

    @Test
    void everySlaAssertsTheErrorRateEvenWhenNotWritten() {
        TestSettings settings = resolveSla("p99Only", CONFIGURATION);

        assertThat(settings.objectives()).containsExactly(
                new Objective.Percentile("p99", 0.99, 1_000_000L),
                new Objective.ErrorRate(0.0));
    }

    @Test
    void withoutSlaOnlyErrorsAreJudgedAndSeverityIsFail() {
        TestSettings settings = TestSettings.resolve(null, SOURCE, null, SOURCE, CONFIGURATION);

        assertThat(settings.objectives()).containsExactly(new Objective.ErrorRate(0));
        assertThat(settings.severity()).isEqualTo(Severity.FAIL);
        assertThat(settings.plan().requiredSamples()).isEqualTo(1);
        assertThat(settings.plan().requiredBlocks()).isZero();
    }

    @Test
    void scaleMultipliesLatencyLimitsAndDividesThroughputLimits() {
        TestSettings settings = resolveSla("everything", configuration(2.0));

        assertThat(settings.objectives()).containsExactly(
                new Objective.Percentile("p50", 0.50, 400_000L),
                new Objective.Percentile("p90", 0.90, 800_000L),
                new Objective.Percentile("p95", 0.95, 1_000_000L),
                new Objective.Percentile("p99", 0.99, 2_000_000L),
                new Objective.Percentile("p999", 0.999, 4_000_000L),
                new Objective.Max(10_000_000L),
                new Objective.Mean(600_000L),
                new Objective.Throughput(2500.0),
                new Objective.ErrorRate(0.01));
    }

    @Test
    void fractionalScaleRoundsToTheNearestNanosecond() {
        TestSettings settings = resolveSla("p99Fractional", configuration(1.5));

        assertThat(settings.objectives()).first().isEqualTo(new Objective.Percentile("p99", 0.99, 1502L));
    }

    @Test
    void severityComesFromTheAnnotation() {
        assertThat(resolveSla("warnOnly", CONFIGURATION).severity()).isEqualTo(Severity.WARN);
        assertThat(resolveSla("p99Only", CONFIGURATION).severity()).isEqualTo(Severity.FAIL);
    }

    @Test
    void withoutMeasureThePlanUsesTheConfiguration() {
        MeasurementPlan plan = resolveSla("p99Only", CONFIGURATION).plan();

        assertThat(plan).isEqualTo(new MeasurementPlan(100_000_000L, 1_000_000_000L, 0, 2, null, 30_000_000_000L,
                1000, 0));
        assertThat(resolveSla("p99Only", CONFIGURATION).rateText()).isNull();
    }

    @Test
    void measureValuesOverrideTheConfiguration() {
        MeasurementPlan plan = resolveMeasure("measured").plan();

        assertThat(plan.warmupNanos()).isEqualTo(250_000_000L);
        assertThat(plan.durationNanos()).isEqualTo(5_000_000_000L);
        assertThat(plan.threads()).isEqualTo(4);
        assertThat(plan.iterations()).isZero();
        assertThat(plan.rate()).isNull();
    }

    @Test
    void unsetMeasureAttributesKeepTheConfiguration() {
        MeasurementPlan plan = resolveMeasure("iterationsOnly").plan();

        assertThat(plan.warmupNanos()).isEqualTo(100_000_000L);
        assertThat(plan.durationNanos()).isEqualTo(1_000_000_000L);
        assertThat(plan.threads()).isEqualTo(2);
        assertThat(plan.iterations()).isEqualTo(10_000L);
    }

    @Test
    void zeroWarmupTurnsWarmupOff() {
        assertThat(resolveMeasure("noWarmup").plan().warmupNanos()).isZero();
    }

    @Test
    void rateSelectsTheOpenModelAndKeepsTheTextAsWritten() {
        TestSettings settings = resolveMeasure("openModel");

        assertThat(settings.plan().rate()).isEqualTo(new Rate(1000.0));
        assertThat(settings.plan().openModel()).isTrue();
        assertThat(settings.rateText()).isEqualTo("1000/s");
    }

    @Test
    void maxDurationIsAtLeastTheMeasurementDuration() {
        assertThat(resolveMeasure("longerThanMaxDuration").plan().maxDurationNanos()).isEqualTo(60_000_000_000L);
        assertThat(resolveMeasure("measured").plan().maxDurationNanos()).isEqualTo(30_000_000_000L);
    }

    @Test
    void classAnnotationsResolveLikeMethodAnnotations() {
        TestSettings settings = TestSettings.resolve(AnnotatedTestCase.class.getAnnotation(Sla.class), "CacheTests",
                AnnotatedTestCase.class.getAnnotation(Measure.class), "CacheTests", CONFIGURATION);

        assertThat(settings.objectives()).containsExactly(
                new Objective.Percentile("p50", 0.50, 100_000L),
                new Objective.ErrorRate(0.0));
        assertThat(settings.plan().durationNanos()).isEqualTo(3_000_000_000L);
    }

    @Test
    void requiredSamplesAreEnoughToJudgeTheHighestPercentile() {
        assertThat(resolveSla("p50Only", CONFIGURATION).plan().requiredSamples()).isEqualTo(20);
        assertThat(resolveSla("p99Only", CONFIGURATION).plan().requiredSamples()).isEqualTo(1000);
        assertThat(resolveSla("p999Only", CONFIGURATION).plan().requiredSamples()).isEqualTo(10_000);
        assertThat(resolveSla("everything", CONFIGURATION).plan().requiredSamples()).isEqualTo(10_000);
    }

    @Test
    void requiredSamplesIncludeWhatTheErrorRateNeeds() {
        assertThat(resolveSla("smallErrorRate", CONFIGURATION).plan().requiredSamples()).isEqualTo(10_000);
    }

    @Test
    void meanAndThroughputRequireMeasurementBlocks() {
        assertThat(resolveSla("everything", CONFIGURATION).plan().requiredBlocks()).isEqualTo(10);
        assertThat(resolveSla("p99Only", CONFIGURATION).plan().requiredBlocks()).isZero();
    }

    @Test
    void invalidDuration() {
        assertSlaError("parsec", "@Sla(p99=\"1 parsec\") on CacheTests.cacheHit(): invalid duration '1 parsec' "
                + "(expected e.g. \"250us\", \"1ms\", \"2s\")");
    }

    @Test
    void invalidMax() {
        assertSlaError("maxWithoutUnit", "@Sla(max=\"5\") on CacheTests.cacheHit(): invalid duration '5' "
                + "(expected e.g. \"250us\", \"1ms\", \"2s\")");
    }

    @Test
    void lowerPercentileLimitAboveHigherOne() {
        assertSlaError("p50AboveP99", "@Sla(p50=\"2ms\", p99=\"1ms\") on CacheTests.cacheHit(): p50 limit 2 ms is "
                + "above p99 limit 1 ms, so p99 could never hold while p50 does (expected limits that grow with the "
                + "percentile, e.g. p50=\"200us\", p99=\"1ms\")");
    }

    @Test
    void percentileLimitAboveMax() {
        assertSlaError("p99AboveMax", "@Sla(p99=\"1ms\", max=\"500us\") on CacheTests.cacheHit(): p99 limit 1 ms is "
                + "above max limit 500 µs, so max could never hold while p99 does (expected limits that grow with the "
                + "percentile, e.g. p50=\"200us\", p99=\"1ms\")");
    }

    @Test
    void equalLimitsAreAllowed() {
        assertThat(resolveSla("equalLimits", CONFIGURATION).objectives()).hasSize(3);
    }

    @Test
    void errorRateAboveOne() {
        assertSlaError("errorRateAboveOne", "@Sla(errorRate=1.5) on CacheTests.cacheHit(): invalid error rate 1.5 "
                + "(expected a fraction from 0 to 1, e.g. 0.001)");
    }

    @Test
    void invalidThroughput() {
        assertSlaError("throughputWithoutUnit", "@Sla(throughput=\"5000\") on CacheTests.cacheHit(): invalid rate "
                + "'5000' (expected e.g. \"5000/s\", \"20/ms\", \"300/min\")");
    }

    @Test
    void zeroThreads() {
        assertMeasureError("zeroThreads", "@Measure(threads=0) on CacheTests.cacheHit(): invalid thread count 0 "
                + "(expected at least 1, e.g. 4)");
    }

    @Test
    void negativeIterations() {
        assertMeasureError("negativeIterations", "@Measure(iterations=-1) on CacheTests.cacheHit(): invalid "
                + "iteration count -1 (expected 0 for a time-bound measurement, or a positive count, e.g. 10000)");
    }

    @Test
    void invalidRate() {
        assertMeasureError("fastRate", "@Measure(rate=\"fast\") on CacheTests.cacheHit(): invalid rate 'fast' "
                + "(expected e.g. \"5000/s\", \"20/ms\", \"300/min\")");
    }

    @Test
    void zeroDuration() {
        assertMeasureError("zeroDuration", "@Measure(duration=\"0s\") on CacheTests.cacheHit(): a measurement must "
                + "last longer than 0 (expected e.g. \"2s\")");
    }

    @Test
    void invalidWarmup() {
        assertMeasureError("invalidWarmup", "@Measure(warmup=\"soon\") on CacheTests.cacheHit(): invalid duration "
                + "'soon' (expected e.g. \"250us\", \"1ms\", \"2s\")");
    }

    @Test
    void errorsNameTheSourceTheyWereGiven() {
        assertThatThrownBy(() -> TestSettings.resolve(sla("parsec"), "CacheTests", null, "CacheTests", CONFIGURATION))
                .hasMessageStartingWith("@Sla(p99=\"1 parsec\") on CacheTests: ");
    }

    @SuppressWarnings("unused")
    private static final class Fixtures {

        @Sla(p50 = "200us", p90 = "400us", p95 = "500us", p99 = "1ms", p999 = "2ms", max = "5ms", mean = "300us",
                throughput = "5000/s", errorRate = 0.01)
        void everything() {
        }

        @Sla(p99 = "1ms")
        void p99Only() {
        }

        @Sla(p50 = "1ms")
        void p50Only() {
        }

        @Sla(p999 = "1ms")
        void p999Only() {
        }

        @Sla(p99 = "1001ns")
        void p99Fractional() {
        }

        @Sla(errorRate = 0.001)
        void smallErrorRate() {
        }

        @Sla(p99 = "1ms", severity = Severity.WARN)
        void warnOnly() {
        }

        @Sla(p99 = "1 parsec")
        void parsec() {
        }

        @Sla(max = "5")
        void maxWithoutUnit() {
        }

        @Sla(p50 = "2ms", p99 = "1ms")
        void p50AboveP99() {
        }

        @Sla(p99 = "1ms", max = "500us")
        void p99AboveMax() {
        }

        @Sla(p50 = "1ms", p99 = "1000us")
        void equalLimits() {
        }

        @Sla(errorRate = 1.5)
        void errorRateAboveOne() {
        }

        @Sla(throughput = "5000")
        void throughputWithoutUnit() {
        }

        @Measure(warmup = "250ms", duration = "5s", threads = 4)
        void measured() {
        }

        @Measure(iterations = 10_000)
        void iterationsOnly() {
        }

        @Measure(warmup = "0s")
        void noWarmup() {
        }

        @Measure(rate = " 1000/s ")
        void openModel() {
        }

        @Measure(duration = "1m")
        void longerThanMaxDuration() {
        }

        @Measure(threads = 0)
        void zeroThreads() {
        }

        @Measure(iterations = -1)
        void negativeIterations() {
        }

        @Measure(rate = "fast")
        void fastRate() {
        }

        @Measure(duration = "0s")
        void zeroDuration() {
        }

        @Measure(warmup = "soon")
        void invalidWarmup() {
        }
    }

    @Sla(p50 = "100us")
    @Measure(duration = "3s")
    private static final class AnnotatedTestCase {
    }
}
