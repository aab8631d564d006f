package dev.perfgate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.perfgate.result.ResultWriter;

/**
 * The extension end to end: fixture classes run through the Jupiter engine. Where real work is timed, the margins
 * are wide (5 ms of sleep against a 1 ms limit; a 100 ms stall against a 20 ms limit), so that no verdict here
 * depends on how fast or busy the machine is.
 */
class SlaExtensionTests {

    @TempDir
    Path results;

    // ---------------------------------------------------------------- pass, fail, warn, modes, scale

    @Test
    void fastMethodPassesAndPublishesASummary() throws IOException {
        EngineExecutionResults execution = run(FastTestCase.class);

        execution.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
        assertThat(reportEntries(execution)).singleElement().asString()
                .startsWith("PASS p99 ")
                .contains("<= 50 ms")
                .contains(" samples in ");
        JsonNode json = onlyResult();
        assertThat(json.get("verdict").asText()).isEqualTo("PASS");
        assertThat(json.get("samples").asLong()).isGreaterThanOrEqualTo(1000);
    }

    static class FastTestCase {
        @Test
        @Sla(p99 = "50ms")
        void fast() {
            Blackhole.consume(Math.sqrt(42));
        }
    }

    @Test
    void slowMethodFailsWithEveryObjectiveInTheMessage() {
        EngineExecutionResults execution = run(SlowTestCase.class);

        SlaViolationError error = (SlaViolationError) onlyFailure(execution);
        List<String> lines = error.getMessage().lines().collect(Collectors.toList());
        assertThat(lines.get(0)).isEqualTo(
                "SlaExtensionTests.SlowTestCase.slow() violated 1 of 2 SLA objectives (confirmed on a second measurement):");
        assertThat(lines.get(1)).matches(
                "  p99  expected <= 1 ms  but was [0-9.]+ ms   \\(100 % of [0-9,]+ samples above 1 ms; at most 1 % allowed\\)");
        assertThat(lines.get(2)).matches("  max  expected <= 10 s  was [0-9.]+ ms +ok");
        assertThat(lines.get(3)).matches("  measured [0-9,]+ samples in [0-9.]+ ms on 1 thread; p50 .*");
        assertThat(error.getExpected().getStringRepresentation()).isEqualTo("p99 <= 1 ms");
        assertThat(error.getActual().getStringRepresentation()).matches("p99 = [0-9.]+ ms");
        assertThat(error.results()).extracting(result -> result.name()).containsExactly("p99", "max", "errorRate");
    }

    static class SlowTestCase {
        @Test
        @Sla(p99 = "1ms", max = "10s")
        void slow() throws InterruptedException {
            Thread.sleep(5);
        }
    }

    @Test
    void warnSeverityReportsTheViolationWithoutFailing() throws IOException {
        EngineExecutionResults execution = run(WarnSeverityTestCase.class);

        execution.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
        assertThat(reportEntries(execution)).singleElement().asString()
                .startsWith("FAIL p50 ")
                .endsWith("[not failing: severity WARN]");
        JsonNode json = onlyResult();
        assertThat(json.get("verdict").asText()).isEqualTo("FAIL");
        assertThat(json.get("failsTest").asBoolean()).isFalse();
        assertThat(json.get("severity").asText()).isEqualTo("WARN");
    }

    static class WarnSeverityTestCase {
        @Test
        @Sla(p50 = "1ms", severity = Severity.WARN)
        void slow() throws InterruptedException {
            Thread.sleep(5);
        }
    }

    @Test
    void reportModeNeverFails() {
        EngineExecutionResults execution = run(SlowTestCase.class, "perfgate.mode", "report");

        execution.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
        assertThat(reportEntries(execution)).singleElement().asString()
                .startsWith("FAIL ")
                .endsWith("[not failing: perfgate.mode=report]");
    }

    @Test
    void disabledModeRunsTheMethodOnceAndMeasuresNothing() throws IOException {
        CountingTestCase.invocations.set(0);

        EngineExecutionResults execution = run(CountingTestCase.class, "perfgate.mode", "disabled");

        execution.testEvents().assertStatistics(stats -> stats.succeeded(1));
        assertThat(CountingTestCase.invocations).hasValue(1);
        assertThat(reportEntries(execution)).containsExactly(
                "not measured: perfgate.mode=disabled (ran once as a plain test)");
        assertThat(resultFiles()).isEmpty();
    }

    static class CountingTestCase {
        static final AtomicInteger invocations = new AtomicInteger();

        @Test
        @Sla(p99 = "1s")
        void counted() {
            invocations.incrementAndGet();
        }
    }

    @Test
    void scaleLoosensEveryLatencyLimit() throws IOException {
        run(ScaledTestCase.class).testEvents().assertStatistics(stats -> stats.failed(1));

        EngineExecutionResults scaled = run(ScaledTestCase.class, "perfgate.sla.scale", "100");

        scaled.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
        assertThat(reportEntries(scaled)).singleElement().asString().startsWith("PASS p50 ").contains("<= 100 ms");
        JsonNode objective = onlyResult().get("objectives").get(0);
        assertThat(objective.get("limit").asDouble()).isEqualTo(100_000_000.0);
    }

    static class ScaledTestCase {
        @Test
        @Sla(p50 = "1ms")
        void slow() throws InterruptedException {
            Thread.sleep(5);
        }
    }

    // ---------------------------------------------------------------- bad input

    @Test
    void invalidDurationIsAConfigurationErrorNamingTheValue() {
        Throwable failure = onlyFailure(run(BadDurationTestCase.class));

        assertThat(failure).isInstanceOf(ExtensionConfigurationException.class).hasMessage(
                "@Sla(p99=\"1 parsec\") on SlaExtensionTests.BadDurationTestCase.cacheHit(): invalid duration"
                        + " '1 parsec' (expected e.g. \"250us\", \"1ms\", \"2s\")");
    }

    static class BadDurationTestCase {
        @Test
        @Sla(p99 = "1 parsec")
        void cacheHit() {
        }
    }

    @Test
    void invalidConfigurationParameterIsAConfigurationError() {
        Throwable failure = onlyFailure(run(FastTestCase.class, "perfgate.sla.scale", "-1"));

        assertThat(failure).isInstanceOf(ExtensionConfigurationException.class).hasMessage(
                "Configuration parameter [perfgate.sla.scale] has invalid value [-1] (expected a number above 0,"
                        + " e.g. \"1.5\" (limits 50 % looser))");
    }

    @Test
    void percentileLimitsThatContradictEachOtherAreAConfigurationError() {
        Throwable failure = onlyFailure(run(ContradictionTestCase.class));

        assertThat(failure).isInstanceOf(ExtensionConfigurationException.class).hasMessage(
                "@Sla(p50=\"2ms\", p99=\"1ms\") on SlaExtensionTests.ContradictionTestCase.get(): p50 limit 2 ms is"
                        + " above p99 limit 1 ms, so p99 could never hold while p50 does (expected limits that grow"
                        + " with the percentile, e.g. p50=\"200us\", p99=\"1ms\")");
    }

    static class ContradictionTestCase {
        @Test
        @Sla(p50 = "2ms", p99 = "1ms")
        void get() {
        }
    }

    @Test
    void dynamicTestsAreRefusedClearly() {
        Throwable failure = onlyContainerFailure(run(FactoryTestCase.class));

        assertThat(failure).isInstanceOf(ExtensionConfigurationException.class).hasMessage(
                "@Sla on SlaExtensionTests.FactoryTestCase.dynamic(): dynamic tests (@TestFactory) cannot be"
                        + " measured: JUnit runs their executables without an interceptor that could repeat them;"
                        + " measure a @Test or @ParameterizedTest method instead");
    }

    static class FactoryTestCase {
        @TestFactory
        @Sla(p99 = "1ms")
        Stream<DynamicTest> dynamic() {
            return Stream.of(DynamicTest.dynamicTest("one", () -> { }));
        }
    }

    // ---------------------------------------------------------------- kinds of tests

    @Test
    void eachParameterizedInvocationIsMeasuredAndJudgedOnItsOwn() throws IOException {
        EngineExecutionResults execution = run(ParameterizedTestCase.class);

        execution.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(1));
        Throwable failure = onlyFailure(execution);
        assertThat(failure).isInstanceOf(SlaViolationError.class).hasMessageStartingWith(
                "SlaExtensionTests.ParameterizedTestCase.sleep(int) 5 ms violated 1 of 1 SLA objective");
        assertThat(resultFiles()).extracting(path -> path.getFileName().toString()).containsExactlyInAnyOrder(
                "dev.perfgate.SlaExtensionTests$ParameterizedTestCase.sleep(int)[1].json",
                "dev.perfgate.SlaExtensionTests$ParameterizedTestCase.sleep(int)[2].json");
    }

    static class ParameterizedTestCase {
        @ParameterizedTest(name = "{0} ms")
        @ValueSource(ints = {0, 5})
        @Sla(p50 = "2ms")
        void sleep(int millis) throws InterruptedException {
            if (millis > 0) {
                Thread.sleep(millis);
            }
        }
    }

    @Test
    void eachRepetitionIsMeasured() throws IOException {
        EngineExecutionResults execution = run(RepeatedTestCase.class);

        execution.testEvents().assertStatistics(stats -> stats.succeeded(3).failed(0));
        assertThat(reportEntries(execution)).hasSize(3).allSatisfy(entry -> assertThat(entry).startsWith("PASS"));
        assertThat(resultFiles()).hasSize(3);
    }

    static class RepeatedTestCase {
        @RepeatedTest(3)
        @Sla(p99 = "50ms")
        void repeated() {
            Blackhole.consume(Math.sqrt(42));
        }
    }

    @Test
    void classLevelSlaAppliesToEveryMethodAndAMethodLevelOneReplacesIt() {
        EngineExecutionResults execution = run(ClassLevelTestCase.class);

        execution.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(1));
        assertThat(onlyFailure(execution)).hasMessageStartingWith(
                "SlaExtensionTests.ClassLevelTestCase.inherited() violated 1 of 1 SLA objective");
    }

    @Sla(p50 = "1ms")
    static class ClassLevelTestCase {
        @Test
        void inherited() throws InterruptedException {
            Thread.sleep(5);
        }

        @Test
        @Sla(p50 = "1s")
        void replaced() throws InterruptedException {
            Thread.sleep(5);
        }
    }

    @Test
    void nestedClassesInheritTheEnclosingClassesSla() {
        EngineExecutionResults execution = run(OuterTestCase.class);

        assertThat(onlyFailure(execution)).hasMessageStartingWith(
                "SlaExtensionTests.OuterTestCase.Inner.slow() violated 1 of 1 SLA objective");
    }

    @Sla(p50 = "1ms")
    static class OuterTestCase {
        @Nested
        class Inner {
            @Test
            void slow() throws InterruptedException {
                Thread.sleep(5);
            }
        }
    }

    @Test
    void lifecycleMethodsRunOnceAroundTheWholeMeasurement() {
        LifecycleTestCase.before.set(0);
        LifecycleTestCase.after.set(0);
        LifecycleTestCase.body.set(0);

        run(LifecycleTestCase.class).testEvents().assertStatistics(stats -> stats.succeeded(1));

        assertThat(LifecycleTestCase.before).hasValue(1);
        assertThat(LifecycleTestCase.after).hasValue(1);
        assertThat(LifecycleTestCase.body.get()).isGreaterThan(1000);
    }

    static class LifecycleTestCase {
        static final AtomicInteger before = new AtomicInteger();
        static final AtomicInteger after = new AtomicInteger();
        static final AtomicInteger body = new AtomicInteger();
        private boolean open;

        @BeforeEach
        void open() {
            before.incrementAndGet();
            open = true;
        }

        @AfterEach
        void close() {
            after.incrementAndGet();
        }

        @Test
        @Sla(p99 = "50ms")
        void operation() {
            if (!open) {
                throw new IllegalStateException("not open");
            }
            body.incrementAndGet();
        }
    }

    @Test
    void measureAloneMeasuresAndAssertsNothing() {
        EngineExecutionResults execution = run(MeasureOnlyTestCase.class);

        execution.testEvents().assertStatistics(stats -> stats.succeeded(1));
        assertThat(reportEntries(execution)).singleElement().asString().startsWith("PASS (nothing asserted); ");
    }

    static class MeasureOnlyTestCase {
        @Test
        @Measure(duration = "50ms")
        void measured() {
            Blackhole.consume(Math.sqrt(42));
        }
    }

    // ---------------------------------------------------------------- threads, open model, objectives

    @Test
    void threadsInvokeTheMethodConcurrently() throws IOException {
        ThreadsTestCase.threadNames.clear();

        run(ThreadsTestCase.class).testEvents().assertStatistics(stats -> stats.succeeded(1));

        assertThat(ThreadsTestCase.threadNames).hasSize(4);
        JsonNode json = onlyResult();
        assertThat(json.get("configuration").get("threads").asInt()).isEqualTo(4);
    }

    static class ThreadsTestCase {
        static final Set<String> threadNames = ConcurrentHashMap.newKeySet();

        @Test
        @Measure(threads = 4, duration = "200ms")
        @Sla(p99 = "50ms")
        void concurrent() {
            threadNames.add(Thread.currentThread().getName());
        }
    }

    @Test
    void openModelChargesAStallToEveryStartThatWaitedForIt() throws IOException {
        StallTestCase.invocations.set(0);

        EngineExecutionResults execution = run(StallTestCase.class, "perfgate.confirm.retries", "0");

        execution.testEvents().assertStatistics(stats -> stats.failed(1));
        assertThat(onlyFailure(execution)).isInstanceOf(SlaViolationError.class)
                .hasMessageContaining("  p99  expected <= 20 ms  but was ")
                .hasMessageContaining(" starts late");
        JsonNode json = onlyResult();
        // One 100 ms stall at 1,000 starts/s delays about 100 starts, by up to 100 ms: about 5 % of the
        // measurement is above 50 ms, so p99 is, on any machine.
        assertThat(json.get("latencyNs").get("p99").asLong()).isGreaterThan(50_000_000L);
        assertThat(json.get("lateStarts").asLong()).isGreaterThan(50);
        assertThat(json.get("configuration").get("rate").asText()).isEqualTo("1000/s");
    }

    static class StallTestCase {
        static final AtomicInteger invocations = new AtomicInteger();

        @Test
        @Measure(rate = "1000/s", duration = "1s")
        @Sla(p99 = "20ms")
        void stallsOnce() throws InterruptedException {
            if (invocations.incrementAndGet() == 300) {
                Thread.sleep(100);
            }
        }
    }

    @Test
    void closedModelHidesTheSameStallInOneSample() throws IOException {
        ClosedStallTestCase.invocations.set(0);

        run(ClosedStallTestCase.class, "perfgate.confirm.retries", "0")
                .testEvents().assertStatistics(stats -> stats.succeeded(1));

        JsonNode json = onlyResult();
        assertThat(json.get("latencyNs").get("max").asLong()).isGreaterThanOrEqualTo(100_000_000L);
        assertThat(json.get("latencyNs").get("p99").asLong()).isLessThan(20_000_000L);
    }

    static class ClosedStallTestCase {
        static final AtomicInteger invocations = new AtomicInteger();

        @Test
        @Measure(duration = "1s")
        @Sla(p99 = "20ms")
        void stallsOnce() throws InterruptedException {
            if (invocations.incrementAndGet() == 300) {
                Thread.sleep(100);
            }
        }
    }

    @Test
    void throughputAndMeanAreJudgedOverBlocks() {
        EngineExecutionResults execution = run(ThroughputTestCase.class);

        execution.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(2));
        assertThat(failures(execution)).extracting(Throwable::getMessage).anySatisfy(message -> assertThat(message)
                .contains("  throughput  expected >= 1,000,000,000,000/s  but was ")
                .contains("(99.9 % upper bound "));
        assertThat(failures(execution)).extracting(Throwable::getMessage).anySatisfy(message -> assertThat(message)
                .matches("(?s).*  mean  expected <= 100 µs  but was [0-9.]+ ms +\\(99.9 % lower bound .*"));
    }

    static class ThroughputTestCase {
        @Test
        @Measure(duration = "200ms")
        @Sla(throughput = "1000/s", mean = "10ms")
        void fastEnough() {
            Blackhole.consume(Math.sqrt(42));
        }

        @Test
        @Measure(duration = "200ms")
        @Sla(throughput = "1000000000/ms")
        void neverFastEnough() {
            Blackhole.consume(Math.sqrt(42));
        }

        @Test
        @Measure(duration = "300ms")
        @Sla(mean = "100us")
        void slowOnAverage() throws InterruptedException {
            Thread.sleep(1);
        }
    }

    @Test
    void exceptionsAreErrorsJudgedByTheErrorRate() {
        EngineExecutionResults execution = run(ErrorsTestCase.class);

        execution.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(1));
        assertThat(onlyFailure(execution)).isInstanceOf(SlaViolationError.class)
                .hasMessageStartingWith("SlaExtensionTests.ErrorsTestCase.noneAllowed() violated 1 of 2 SLA objectives")
                .hasMessageContaining("  errorRate  expected <= 0 %    but was 10 %   ")
                .hasMessageContaining("(first: java.lang.IllegalStateException: every tenth call fails)");
    }

    static class ErrorsTestCase {
        private int calls;

        @Test
        @Sla(p99 = "50ms")
        void noneAllowed() {
            failEveryTenthCall();
        }

        @Test
        @Sla(p99 = "50ms", errorRate = 0.5)
        void halfAllowed() {
            failEveryTenthCall();
        }

        private void failEveryTenthCall() {
            if (++calls % 10 == 0) {
                throw new IllegalStateException("every tenth call fails");
            }
        }
    }

    @Test
    void anErrorEndsTheMeasurementAtOnceAndFailsTheTestAsItIs() {
        ErrorTestCase.calls.set(0);

        Throwable failure = onlyFailure(run(ErrorTestCase.class));

        assertThat(failure).isNotInstanceOf(SlaViolationError.class).isInstanceOf(AssertionError.class)
                .hasMessage("broken on call 5");
        assertThat(ErrorTestCase.calls).hasValue(5);
    }

    static class ErrorTestCase {
        static final AtomicInteger calls = new AtomicInteger();

        @Test
        @Sla(p99 = "50ms")
        void assertsInside() {
            int call = calls.incrementAndGet();
            if (call == 5) {
                throw new AssertionError("broken on call " + call);
            }
        }
    }

    @Test
    void tooFewSamplesAreAWarningNeverASilentPass() throws IOException {
        EngineExecutionResults execution = run(InsufficientTestCase.class, "perfgate.measure.max-duration", "200ms");

        execution.testEvents().assertStatistics(stats -> stats.succeeded(1));
        JsonNode json = onlyResult();
        assertThat(json.get("verdict").asText()).isEqualTo("WARN");
        assertThat(json.get("objectives").get(0).get("evidence").asText())
                .startsWith("insufficient samples: ").contains(" of 10,000 needed to judge p999");
        assertThat(reportEntries(execution)).singleElement().asString().startsWith("WARN p999 ");
    }

    static class InsufficientTestCase {
        @Test
        @Measure(duration = "100ms")
        @Sla(p999 = "10s")
        void slow() throws InterruptedException {
            Thread.sleep(20);
        }
    }

    @Test
    void junitTimeoutInterruptsTheMeasurement() {
        long start = System.nanoTime();

        Throwable failure = onlyFailure(run(TimeoutTestCase.class));

        assertThat(failure).isInstanceOf(TimeoutException.class).hasMessageContaining("timed out after 300 milliseconds");
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(8);
    }

    static class TimeoutTestCase {
        @Test
        @Timeout(value = 300, unit = TimeUnit.MILLISECONDS)
        @Measure(duration = "10s")
        void tooLong() {
            Blackhole.consume(Math.sqrt(42));
        }
    }

    @Test
    void aFailedAssumptionAbortsTheTestInsteadOfCountingAsErrors() {
        EngineExecutionResults execution = run(AssumptionTestCase.class);

        execution.testEvents().assertStatistics(stats -> stats.aborted(1).failed(0).succeeded(0));
    }

    static class AssumptionTestCase {
        @Test
        @Sla(p99 = "1s")
        void notHere() {
            org.junit.jupiter.api.Assumptions.assumeTrue(false, "not on this machine");
        }
    }

    @Test
    void junitTimeoutStopsAMeasurementWhoseOperationSwallowsTheInterrupt() {
        long start = System.nanoTime();

        Throwable failure = onlyFailure(run(InterruptibleTimeoutTestCase.class));

        assertThat(failure).isInstanceOf(TimeoutException.class);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(3_000);
    }

    static class InterruptibleTimeoutTestCase {
        @Test
        @Timeout(value = 300, unit = TimeUnit.MILLISECONDS)
        @Measure(duration = "10s", threads = 2)
        void sleeps() throws InterruptedException {
            Thread.sleep(1);
        }
    }

    @Test
    void junitTimeoutStopsAnOpenModelWaitingForItsNextStart() {
        long start = System.nanoTime();

        Throwable failure = onlyFailure(run(SlowRateTimeoutTestCase.class));

        assertThat(failure).isInstanceOf(TimeoutException.class);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(900);
    }

    static class SlowRateTimeoutTestCase {
        @Test
        @Timeout(value = 300, unit = TimeUnit.MILLISECONDS)
        @Measure(rate = "1/s", duration = "10s")
        void rare() {
        }
    }

    @Test
    void anOpenModelThatCannotKeepUpStillEndsOnTimeAndCountsWhatItMissed() throws IOException {
        long start = System.nanoTime();

        run(BehindTestCase.class, "perfgate.measure.max-duration", "500ms");

        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000);
        JsonNode json = onlyResult();
        assertThat(json.get("measuredDurationNs").asLong()).isLessThan(1_000_000_000L);
        assertThat(json.get("missedStarts").asLong()).isGreaterThan(100);
    }

    static class BehindTestCase {
        @Test
        @Measure(rate = "1000/s", duration = "300ms")
        void tooSlowForTheRate() throws InterruptedException {
            Thread.sleep(5);
        }
    }

    @Test
    void aThrowableThatIsNeitherExceptionNorErrorIsNotLost() {
        Throwable failure = onlyFailure(run(ThrowableTestCase.class));

        assertThat(failure).isExactlyInstanceOf(Throwable.class).hasMessage("neither");
    }

    static class ThrowableTestCase {
        private int calls;

        @Test
        @Sla(p99 = "1s")
        void throwsOddly() throws Throwable {
            if (++calls == 50) {
                throw new Throwable("neither");
            }
        }
    }

    @Test
    void measureAttributesComeFromTheNearestAnnotationThatSetsThem() throws IOException {
        run(MergedMeasureTestCase.class).testEvents().assertStatistics(stats -> stats.succeeded(1));

        JsonNode configuration = onlyResult().get("configuration");
        assertThat(configuration.get("threads").asInt()).isEqualTo(2);
        assertThat(configuration.get("durationNs").asLong()).isEqualTo(150_000_000L);
    }

    @Measure(threads = 2, duration = "1s")
    static class MergedMeasureTestCase {
        @Test
        @Measure(duration = "150ms")
        void merged() {
        }
    }

    @Test
    void aThroughputAboveTheOpenModelsRateIsAConfigurationError() {
        assertThat(onlyFailure(run(ImpossibleThroughputTestCase.class)))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@Sla(throughput=\"2000/s\") on SlaExtensionTests.ImpossibleThroughputTestCase.get():"
                        + " a minimum throughput of 2,000/s can never be reached when invocations start at 1,000/s"
                        + " (@Measure(rate=\"1000/s\")); expected a throughput at most the rate, e.g."
                        + " throughput=\"1000/s\"");
    }

    static class ImpossibleThroughputTestCase {
        @Test
        @Measure(rate = "1000/s")
        @Sla(throughput = "2000/s")
        void get() {
        }
    }

    @Test
    void eachInvocationOfAParameterizedClassHasItsOwnResult() throws IOException {
        EngineExecutionResults execution = run(ParameterizedClassTestCase.class);

        execution.testEvents().assertStatistics(stats -> stats.succeeded(2));
        assertThat(resultFiles()).extracting(path -> path.getFileName().toString()).containsExactlyInAnyOrder(
                "dev.perfgate.SlaExtensionTests$ParameterizedClassTestCase.get()[1].json",
                "dev.perfgate.SlaExtensionTests$ParameterizedClassTestCase.get()[2].json");
        assertThat(reportEntries(execution)).hasSize(2);
    }

    @org.junit.jupiter.params.ParameterizedClass
    @ValueSource(ints = {1, 2})
    static class ParameterizedClassTestCase {
        @org.junit.jupiter.params.Parameter
        int size;

        @Test
        @Sla(p99 = "1s")
        void get() {
            Blackhole.consume(size);
        }
    }

    // ---------------------------------------------------------------- the JSON result

    @Test
    void everyMeasuredTestWritesADocumentedJsonResult() throws IOException {
        run(FastTestCase.class);

        JsonNode json = onlyResult();
        assertThat(json.get("format").asText()).isEqualTo("perfgate-result");
        assertThat(json.get("formatVersion").asInt()).isEqualTo(ResultWriter.FORMAT_VERSION);
        assertThat(json.get("testId").asText()).contains("FastTestCase").contains("[method:fast()]");
        assertThat(json.get("displayName").asText()).isEqualTo("fast()");
        for (String key : List.of("min", "p50", "p90", "p95", "p99", "p999", "max", "mean")) {
            assertThat(json.get("latencyNs").get(key).isNumber()).as(key).isTrue();
        }
        assertThat(json.get("latencyNs").get("p50").asLong()).isLessThanOrEqualTo(json.get("latencyNs").get("p99").asLong());
        assertThat(json.get("objectives").get(0).get("name").asText()).isEqualTo("p99");
        assertThat(json.get("objectives").get(0).get("verdict").asText()).isEqualTo("PASS");
        assertThat(json.get("environment").get("cores").asInt()).isPositive();
        assertThat(json.get("environment").get("jvmVersion").asText()).isNotBlank();
        assertThat(json.get("configuration").get("durationNs").asLong()).isEqualTo(100_000_000L);
        assertThat(ResultWriter.decode(json.get("histogram").get("data").asText()).getTotalCount())
                .isEqualTo(json.get("samples").asLong());
        assertThat(json.get("measuredDurationNs").asLong()).isGreaterThanOrEqualTo(90_000_000L);
    }

    // ---------------------------------------------------------------- helpers

    private EngineExecutionResults run(Class<?> fixture, String... keyValues) {
        var request = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(fixture))
                .configurationParameter("perfgate.results.dir", results.toString())
                .configurationParameter("perfgate.measure.warmup.default", "0s")
                .configurationParameter("perfgate.measure.duration.default", "100ms")
                .configurationParameter("perfgate.measure.max-duration", "2s");
        for (int i = 0; i < keyValues.length; i += 2) {
            request = request.configurationParameter(keyValues[i], keyValues[i + 1]);
        }
        return request.execute();
    }

    private static List<String> reportEntries(EngineExecutionResults execution) {
        return execution.allEvents().reportingEntryPublished().stream()
                .map(event -> event.getPayload(ReportEntry.class).orElseThrow())
                .map(entry -> entry.getKeyValuePairs().get("perfgate"))
                .collect(Collectors.toList());
    }

    private static List<Throwable> failures(EngineExecutionResults execution) {
        return execution.testEvents().failed().stream()
                .map(event -> event.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow())
                .collect(Collectors.toList());
    }

    private static Throwable onlyFailure(EngineExecutionResults execution) {
        List<Throwable> failures = failures(execution);
        assertThat(failures).as("failures among %s", execution.testEvents().list()).hasSize(1);
        return failures.get(0);
    }

    private static Throwable onlyContainerFailure(EngineExecutionResults execution) {
        List<Event> failed = execution.allEvents().failed().list();
        assertThat(failed).hasSize(1);
        return failed.get(0).getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
    }

    private List<Path> resultFiles() throws IOException {
        try (Stream<Path> files = Files.list(results)) {
            return files.filter(path -> path.toString().endsWith(".json")).sorted().collect(Collectors.toList());
        }
    }

    private JsonNode onlyResult() throws IOException {
        List<Path> files = resultFiles();
        assertThat(files).hasSize(1);
        return new ObjectMapper().readTree(files.get(0).toFile());
    }

    /** Keeps a value alive so that the JIT cannot remove the work that produced it. */
    static final class Blackhole {
        static volatile double sink;

        static void consume(double value) {
            sink = value;
        }

        private Blackhole() {
        }
    }
}
