package dev.perfgate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import com.fasterxml.jackson.databind.JsonNode;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;

import dev.perfgate.OtelOverhead.Exporter;

/**
 * {@code @OtelOverhead} end to end: fixture classes run through the Jupiter engine against {@link SpinningService},
 * whose calls cost a known 20 µs plus, only while their span records, a known extra. Margins are wide: the
 * failing fixtures cost 50 % more with telemetry on against a 10 % limit, the passing ones nothing more against a
 * generous limit, so that no verdict here depends on how fast or busy the machine is. What perfgate guarantees at
 * the 10 % limit itself is measured by the suite's validation profile, not here.
 */
class OtelOverheadExtensionTests {

    static final long BASE_NANOS = 20_000;

    @TempDir
    Path results;

    // ---------------------------------------------------------------- verdicts, message, result file

    @Test
    void noExtraCostPassesAndReportsWhatTheOnArmProduced() throws IOException {
        EngineExecutionResults execution = run(NoExtraCostTestCase.class);

        execution.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
        assertThat(EngineResults.reportEntries(execution)).singleElement().asString()
                .startsWith("PASS otelOverhead +")
                .contains("<= 50 %")
                .contains("overhead: off p50 ")
                .contains("exporter IN_MEMORY, sampling 100 %; per invocation 1 span, ");
        JsonNode overhead = EngineResults.onlyResult(results).get("otelOverhead");
        assertThat(overhead.get("verdict").asText()).isEqualTo("PASS");
        assertThat(overhead.get("maxPercent").asDouble()).isEqualTo(50);
        assertThat(overhead.get("warnPercent").asDouble()).isEqualTo(40);
        assertThat(overhead.get("pairs").asInt()).isGreaterThanOrEqualTo(OtelOverhead.MIN_PAIRS);
        assertThat(overhead.get("upperPercent").asDouble()).isLessThan(50);
        assertThat(overhead.get("telemetry").get("spansPerOperation").asDouble()).isEqualTo(1.0);
        assertThat(overhead.get("telemetry").get("spansExported").asLong())
                .isPositive().isLessThanOrEqualTo(overhead.get("telemetry").get("spans").asLong());
        assertThat(overhead.get("telemetry").get("metricPoints").asLong()).isPositive();
        assertThat(overhead.get("off").get("p50Ns").asLong()).isGreaterThanOrEqualTo(BASE_NANOS);
        assertThat(overhead.get("on").get("p50Ns").asLong()).isGreaterThanOrEqualTo(BASE_NANOS);
    }

    static class NoExtraCostTestCase {
        SpinningService service;

        @BeforeEach
        void open(OpenTelemetry otel) {
            service = new SpinningService(otel, BASE_NANOS, 0);
        }

        @Test
        @OtelOverhead(max = 50)
        void call() {
            service.call();
        }
    }

    @Test
    void halfAgainAsSlowFailsWithTheNumbersInTheMessage() throws IOException {
        EngineExecutionResults execution = run(HalfAgainTestCase.class);

        SlaViolationError error = (SlaViolationError) EngineResults.onlyFailure(execution);
        List<String> lines = error.getMessage().lines().collect(Collectors.toList());
        assertThat(lines.get(0)).isEqualTo("OtelOverheadExtensionTests.HalfAgainTestCase.call() violated 1 of 1 SLA"
                + " objective (confirmed on a second measurement):");
        assertThat(lines.get(1)).startsWith("  otelOverhead  expected <= 10 %  but was +")
                .contains("(the whole 99.9 % interval +").contains(" is above 10 %; median of ")
                .contains(" paired ratios; grade fail)");
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("  overhead: off p50 ")
                .contains("; on p50 ").contains(" pairs of ").contains("batch MEDIAN; exporter IN_MEMORY"));
        assertThat(error.getExpected().getStringRepresentation()).isEqualTo("otelOverhead <= 10 %");
        assertThat(error.getActual().getStringRepresentation()).startsWith("otelOverhead = +");
        JsonNode json = EngineResults.onlyResult(results);
        assertThat(json.get("verdict").asText()).isEqualTo("FAIL");
        assertThat(json.get("otelOverhead").get("measurements").asInt()).isEqualTo(2);
        assertThat(json.get("otelOverhead").get("lowerPercent").asDouble()).isGreaterThan(10);
        assertThat(json.get("otelOverhead").get("grade").asText()).isEqualTo("fail");
    }

    static class HalfAgainTestCase {
        SpinningService service;

        @BeforeEach
        void open(OpenTelemetry otel) {
            service = new SpinningService(otel, BASE_NANOS, BASE_NANOS / 2);
        }

        @Test
        @OtelOverhead(max = 10)
        void call() {
            service.call();
        }
    }

    @Test
    void overheadAboveTheWarnLevelIsAWarning() {
        EngineExecutionResults execution = run(WarnLevelTestCase.class);

        execution.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
        assertThat(EngineResults.reportEntries(execution)).singleElement().asString()
                .startsWith("WARN otelOverhead +").contains("<= 200 % (WARN)");
    }

    static class WarnLevelTestCase {
        SpinningService service;

        @BeforeEach
        void open(OpenTelemetry otel) {
            service = new SpinningService(otel, BASE_NANOS, BASE_NANOS / 2);
        }

        @Test
        @OtelOverhead(max = 200, warn = 10)
        void call() {
            service.call();
        }
    }

    @Test
    void severityWarnAndReportModeDoNotFailTheBuild() {
        EngineExecutionResults warn = run(SeverityWarnTestCase.class);
        warn.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
        assertThat(EngineResults.reportEntries(warn)).singleElement().asString()
                .startsWith("FAIL otelOverhead +").contains("[not failing: severity WARN]");

        EngineExecutionResults report = run(HalfAgainTestCase.class, "perfgate.mode", "report");
        report.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
        assertThat(EngineResults.reportEntries(report)).singleElement().asString().contains("[not failing: perfgate.mode=report]");
    }

    static class SeverityWarnTestCase {
        SpinningService service;

        @BeforeEach
        void open(OpenTelemetry otel) {
            service = new SpinningService(otel, BASE_NANOS, BASE_NANOS / 2);
        }

        @Test
        @OtelOverhead(max = 10, severity = Severity.WARN)
        void call() {
            service.call();
        }
    }

    @Test
    void disabledModeRunsTheTestOnceWithTelemetryOff() {
        CountingTestCase.calls = 0;
        EngineExecutionResults execution = run(CountingTestCase.class, "perfgate.mode", "disabled");

        execution.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
        assertThat(CountingTestCase.calls).isEqualTo(1);
    }

    static class CountingTestCase {
        static int calls;
        SpinningService service;

        @BeforeEach
        void open(OpenTelemetry otel) {
            service = new SpinningService(otel, 0, 0);
        }

        @Test
        @OtelOverhead(max = 10)
        void call() {
            calls++;
            service.call();
        }
    }

    // ---------------------------------------------------------------- telemetry that is not there

    @Test
    void aSystemThatIgnoresTheOpenTelemetryFailsAsVacuous() {
        EngineExecutionResults execution = run(VacuousTestCase.class);

        SlaViolationError error = (SlaViolationError) EngineResults.onlyFailure(execution);
        assertThat(error.getMessage().lines().skip(1).findFirst().orElseThrow())
                .startsWith("  otelOverhead  expected <= 10 %  but was n/a")
                .contains("(instrumentation produced no telemetry; the overhead check would be vacuous: 0 spans and 0"
                        + " metric points from ")
                .endsWith(" invocations with telemetry on; build the system under test with the OpenTelemetry"
                        + " perfgate passes as a parameter)");
        assertThat(error.getMessage()).doesNotContain("confirmed");
    }

    static class VacuousTestCase {
        SpinningService service;

        @BeforeEach
        void open(OpenTelemetry otel) {
            service = new SpinningService(OpenTelemetry.noop(), BASE_NANOS, 0); // not the one perfgate switches
        }

        @Test
        @OtelOverhead(max = 10)
        void call() {
            service.call();
        }
    }

    /**
     * A path whose only telemetry is an observable counter (a cache counting its own hits, read at collection)
     * records nothing per call; its points appear when metrics are collected, and so it is judged, not vacuous.
     */
    @Test
    void aSystemWithOnlyAnObservableCounterIsJudgedNotVacuous() throws IOException {
        EngineExecutionResults execution = run(ObservedOnlyTestCase.class);

        execution.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
        JsonNode overhead = EngineResults.onlyResult(results).get("otelOverhead");
        assertThat(overhead.get("verdict").asText()).isEqualTo("PASS");
        assertThat(overhead.get("telemetry").get("spans").asLong()).isZero();
        assertThat(overhead.get("telemetry").get("metricPoints").asLong()).isPositive();
    }

    static class ObservedOnlyTestCase {
        final java.util.concurrent.atomic.LongAdder calls = new java.util.concurrent.atomic.LongAdder();

        @BeforeEach
        void open(OpenTelemetry otel) {
            otel.getMeter("dev.perfgate.test").counterBuilder("calls")
                    .buildWithCallback(measurement -> measurement.record(calls.sum()));
        }

        @Test
        @OtelOverhead(max = 50)
        void call() {
            long end = System.nanoTime() + BASE_NANOS;
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
            calls.increment();
        }
    }

    @Test
    void aTestThatNeverAskedForTheOpenTelemetryIsAConfigurationError() {
        EngineExecutionResults execution = run(NoParameterTestCase.class);

        assertThat(EngineResults.onlyFailure(execution)).isInstanceOf(ExtensionConfigurationException.class).hasMessage(
                "@OtelOverhead on OtelOverheadExtensionTests.NoParameterTestCase.call(): OtelOverheadExtensionTests"
                        + ".NoParameterTestCase.call() was not given the OpenTelemetry whose overhead is measured;"
                        + " declare an OpenTelemetry parameter (of the test method, a @BeforeEach or @BeforeAll"
                        + " method, or the constructor) and build the system under test with it, e.g. @BeforeEach"
                        + " void open(OpenTelemetry otel) { market = Marketplace.open(home, otel); }");
    }

    static class NoParameterTestCase {
        @Test
        @OtelOverhead(max = 10)
        void call() {
        }
    }

    @Test
    void anInvalidAttributeNamesItsValueAndAValidOne() {
        EngineExecutionResults execution = run(InvalidMaxTestCase.class);

        assertThat(EngineResults.onlyFailure(execution)).isInstanceOf(ExtensionConfigurationException.class).hasMessage(
                "@OtelOverhead(max=-5) on OtelOverheadExtensionTests.InvalidMaxTestCase.call(): invalid max"
                        + " (expected a percentage of at least 0, e.g. max = 10 (10 % slower at most))");
    }

    static class InvalidMaxTestCase {
        @BeforeEach
        void open(OpenTelemetry otel) {
        }

        @Test
        @OtelOverhead(max = -5)
        void call() {
        }
    }

    @Test
    void openTelemetryIsNotResolvedForTestsOutsideOtelOverhead() {
        EngineExecutionResults execution = run(NotUnderOverheadTestCase.class);

        assertThat(EngineResults.onlyFailure(execution)).isInstanceOf(ParameterResolutionException.class)
                .hasMessageContaining("No ParameterResolver registered for parameter [io.opentelemetry.api.OpenTelemetry");
    }

    static class NotUnderOverheadTestCase {
        @Test
        @Sla(p99 = "1s")
        void call(OpenTelemetry otel) {
        }
    }

    // ---------------------------------------------------------------- where the OpenTelemetry comes from

    @Test
    void theSameInstanceReachesTheConstructorBeforeAllBeforeEachAndTheMethodAndIsNeverGlobal() {
        EngineExecutionResults execution = run(InjectionTestCase.class);

        execution.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
        assertThat(InjectionTestCase.seen).hasSize(4);
        assertThat(InjectionTestCase.seen).allSatisfy(otel -> assertThat(otel).isSameAs(InjectionTestCase.seen.get(0)));
        assertThat(GlobalOpenTelemetry.get()).isNotSameAs(InjectionTestCase.seen.get(0));
    }

    @OtelOverhead(max = 1000)
    static class InjectionTestCase {
        static final List<OpenTelemetry> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        static SpinningService service;

        InjectionTestCase(OpenTelemetry otel) {
            seen.add(otel);
        }

        @BeforeAll
        static void start(OpenTelemetry otel) {
            seen.clear();
            seen.add(otel);
            service = new SpinningService(otel, BASE_NANOS, 0);
        }

        @BeforeEach
        void open(OpenTelemetry otel) {
            seen.add(otel);
        }

        @Test
        void call(OpenTelemetry otel) {
            if (seen.size() < 4) {
                seen.add(otel); // the real invocation; the measured ones reuse its arguments
            }
            service.call();
        }
    }

    @Test
    void nestedTestsShareTheSystemTheOuterClassBuilt() throws IOException {
        EngineExecutionResults execution = run(OuterTestCase.class);

        execution.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
        assertThat(EngineResults.onlyResult(results).get("otelOverhead").get("telemetry").get("spansPerOperation").asDouble())
                .isEqualTo(1.0);
    }

    @OtelOverhead(max = 1000)
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    static class OuterTestCase {
        SpinningService service;

        @BeforeAll
        void start(OpenTelemetry otel) {
            service = new SpinningService(otel, BASE_NANOS, 0);
        }

        @Nested
        class Inner {
            @Test
            void call() {
                service.call();
            }
        }
    }

    // ---------------------------------------------------------------- exporter, sampling, @Sla, averageMax

    @Test
    void otlpSendsEveryBatchOverLoopbackHttp() throws IOException {
        EngineExecutionResults execution = run(OtlpTestCase.class);

        execution.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
        JsonNode telemetry = EngineResults.onlyResult(results).get("otelOverhead").get("telemetry");
        assertThat(telemetry.get("otlpRequests").asLong()).isPositive();
        assertThat(telemetry.get("otlpBytes").asLong()).isGreaterThan(telemetry.get("spansExported").asLong());
        assertThat(telemetry.get("failedExports").asLong()).isZero();
        assertThat(EngineResults.reportEntries(execution)).singleElement().asString().contains("; OTLP receiver read ");
    }

    static class OtlpTestCase {
        SpinningService service;

        @BeforeEach
        void open(OpenTelemetry otel) {
            service = new SpinningService(otel, BASE_NANOS, 0);
        }

        @Test
        @OtelOverhead(max = 1000, exporter = Exporter.OTLP)
        void call() {
            service.call();
        }
    }

    @Test
    void samplingRatioSamplesThatShareOfTheTraces() throws IOException {
        EngineExecutionResults execution = run(SamplingTestCase.class);

        execution.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
        // Thousands of random trace ids: 25 % sampled lands far inside 10 % to 40 %.
        assertThat(EngineResults.onlyResult(results).get("otelOverhead").get("telemetry").get("spansPerOperation").asDouble())
                .isBetween(0.10, 0.40);
    }

    static class SamplingTestCase {
        SpinningService service;

        @BeforeEach
        void open(OpenTelemetry otel) {
            service = new SpinningService(otel, BASE_NANOS, 0);
        }

        @Test
        @OtelOverhead(max = 1000, samplingRatio = 0.25)
        void call() {
            service.call();
        }
    }

    @Test
    void anSlaIsJudgedWithTelemetryOn() {
        EngineExecutionResults execution = run(SlaOnTheOnArmTestCase.class,
                "perfgate.measure.warmup.default", "0s", "perfgate.measure.duration.default", "100ms",
                "perfgate.measure.max-duration", "2s");

        // Off, a call takes 20 µs; on, 2 ms: only the "on" arm breaks the 1 ms median.
        SlaViolationError error = (SlaViolationError) EngineResults.onlyFailure(execution);
        assertThat(error.getMessage()).contains("violated 1 of 2 SLA objectives").contains("  p50 ")
                .contains("otelOverhead");
        assertThat(error.getExpected().getStringRepresentation()).isEqualTo("p50 <= 1 ms");
    }

    static class SlaOnTheOnArmTestCase {
        SpinningService service;

        @BeforeEach
        void open(OpenTelemetry otel) {
            service = new SpinningService(otel, BASE_NANOS, 2_000_000);
        }

        @Test
        @Sla(p50 = "1ms")
        @OtelOverhead(max = 1_000_000)
        void call() {
            service.call();
        }
    }

    @Test
    void averageMaxJudgesTheMeanOverheadOfTheClassAfterAllItsTests() {
        EngineExecutionResults execution = run(AverageTestCase.class);

        execution.testEvents().assertStatistics(stats -> stats.succeeded(2).failed(0));
        Throwable failure = EngineResults.onlyContainerFailure(execution);
        assertThat(failure).isInstanceOf(SlaViolationError.class);
        assertThat(failure.getMessage()).startsWith("OtelOverheadExtensionTests.AverageTestCase violated its mean"
                + " OpenTelemetry overhead limit:\n  otelOverheadAverage  expected <= 5 %  but was +")
                .contains("mean of 2 tests' estimates; mean of their interval ends +")
                .contains(", wholly above 5 %)");
    }

    @OtelOverhead(max = 1000, averageMax = 5)
    static class AverageTestCase {
        SpinningService service;

        @BeforeEach
        void open(OpenTelemetry otel) {
            service = new SpinningService(otel, BASE_NANOS, BASE_NANOS / 2);
        }

        @Test
        void first() {
            service.call();
        }

        @Test
        void second() {
            service.call();
        }
    }

    // ---------------------------------------------------------------- helpers

    private EngineExecutionResults run(Class<?> fixture, String... keyValues) {
        var request = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(fixture))
                .configurationParameter("perfgate.results.dir", results.toString())
                .configurationParameter("perfgate.otel.warmup", "200ms")
                .configurationParameter("perfgate.otel.batch-duration", "1ms");
        for (int i = 0; i < keyValues.length; i += 2) {
            request = request.configurationParameter(keyValues[i], keyValues[i + 1]);
        }
        return request.execute();
    }

}
