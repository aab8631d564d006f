package dev.perfgate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * The explicit style: a test that declares a {@link Bench} runs once and measures what it hands to
 * {@code bench.measure}. Timed work has wide margins (a 5 ms sleep against a 1 ms limit).
 */
class BenchExtensionTests {

    @TempDir
    Path results;

    @Test
    void onlyWhatTheBenchIsGivenIsMeasuredTheSetupRunsOnce() {
        SetupTestCase.setups.set(0);
        SetupTestCase.operations.set(0);
        EngineExecutionResults execution = run(SetupTestCase.class);

        execution.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
        assertThat(SetupTestCase.setups).hasValue(1);
        assertThat(SetupTestCase.operations.get()).isGreaterThan(1_000);
        assertThat(EngineResults.reportEntries(execution)).singleElement().asString().startsWith("PASS p99 ");
    }

    static class SetupTestCase {
        static final AtomicInteger setups = new AtomicInteger();
        static final AtomicInteger operations = new AtomicInteger();

        @Test
        @Sla(p99 = "50ms")
        void search(Bench bench) {
            setups.incrementAndGet();
            bench.measure(operations::incrementAndGet);
        }
    }

    @Test
    void aSlowOperationFailsTheTestWithTheUsualMessage() {
        EngineExecutionResults execution = run(SlowTestCase.class);

        Throwable failure = EngineResults.onlyFailure(execution);
        assertThat(failure).isInstanceOf(SlaViolationError.class);
        assertThat(failure.getMessage()).startsWith("BenchExtensionTests.SlowTestCase.sleep(Bench) violated 1 of 1 SLA"
                + " objective");
    }

    static class SlowTestCase {
        @Test
        @Sla(p50 = "1ms")
        @Measure(warmup = "0s", duration = "50ms")
        void sleep(Bench bench) {
            bench.measure(() -> Thread.sleep(5));
        }
    }

    @Test
    void onTheClockItIsGivenLatenciesAreThatClocksAndJudgedDeterministically() {
        // durations are read on the clock given (the fixture's 300 invocations take 60 s of it, which the 2 s
        // max-duration of these tests, wall-clock time, does not cut short)
        EngineExecutionResults execution = run(VirtualClockTestCase.class);

        execution.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(1));
        assertThat(EngineResults.reportEntries(execution)).anySatisfy(entry -> assertThat(entry)
                .startsWith("PASS p95 300 ms <= 500 ms; 300 samples in 1 min on 1 thread; p50 200 ms"));
        Throwable failure = EngineResults.onlyFailure(execution);
        assertThat(failure).isInstanceOf(SlaViolationError.class);
        assertThat(failure.getMessage()).contains("p95").contains("300 ms").contains("100 ms");
        assertThat(EngineResults.reportEntries(execution)).anySatisfy(entry -> assertThat(entry)
                .startsWith("FAIL p95 300 ms <= 100 ms (FAIL)"));
    }

    static class VirtualClockTestCase {
        /** Every operation takes 100 ms, 200 ms or 300 ms of this clock, in turn, and no time of the system's. */
        static long[] tick(long[] now, int i) {
            now[0] += (i % 3 + 1) * 100_000_000L;
            return now;
        }

        @Test
        @Measure(warmup = "0s", iterations = 300)
        @Sla(p95 = "500ms")
        void withinTheLimit(Bench bench) {
            long[] now = {0};
            int[] calls = {0};
            bench.measure(() -> now[0], () -> tick(now, calls[0]++));
            assertThat(calls[0]).as("invocations: the 300 asked for; the warmup took none").isEqualTo(300);
        }

        @Test
        @Measure(warmup = "0s", iterations = 300)
        @Sla(p95 = "100ms")
        void overTheLimit(Bench bench) {
            long[] now = {0};
            int[] calls = {0};
            bench.measure(() -> now[0], () -> tick(now, calls[0]++));
        }
    }

    @Test
    void aBenchThatMeasuresNothingIsAnError() {
        EngineExecutionResults execution = run(UnusedTestCase.class);

        assertThat(EngineResults.onlyFailure(execution)).isInstanceOf(ExtensionConfigurationException.class).hasMessage(
                "BenchExtensionTests.UnusedTestCase.forgot(Bench) declares a Bench parameter but never called"
                        + " bench.measure(...): call it with the operation to measure, e.g. bench.measure(() ->"
                        + " market.search(\"web framework\"))");
    }

    static class UnusedTestCase {
        @Test
        @Sla(p99 = "50ms")
        void forgot(Bench bench) {
        }
    }

    @Test
    void measuringTwiceInOneTestIsRefused() {
        EngineExecutionResults execution = run(TwiceTestCase.class);

        assertThat(EngineResults.onlyFailure(execution)).isInstanceOf(IllegalStateException.class).hasMessageStartingWith(
                "BenchExtensionTests.TwiceTestCase.twice(Bench) called bench.measure(...) a second time");
    }

    static class TwiceTestCase {
        @Test
        @Sla(p99 = "50ms")
        @Measure(warmup = "0s", duration = "20ms")
        void twice(Bench bench) {
            bench.measure(() -> { });
            bench.measure(() -> { });
        }
    }

    @Test
    void exceptionsOfTheOperationAreCountedAsErrors() {
        EngineExecutionResults execution = run(ThrowingTestCase.class);

        assertThat(EngineResults.onlyFailure(execution)).isInstanceOf(SlaViolationError.class).hasMessageContaining("errorRate");
    }

    static class ThrowingTestCase {
        @Test
        @Measure(warmup = "0s", duration = "20ms")
        void throwing(Bench bench) {
            bench.measure(() -> {
                throw new java.io.IOException("disk full");
            });
        }
    }

    @Test
    void disabledModeRunsTheOperationOnce() {
        SetupTestCase.setups.set(0);
        SetupTestCase.operations.set(0);
        EngineExecutionResults execution = run(SetupTestCase.class, "perfgate.mode", "disabled");

        execution.testEvents().assertStatistics(stats -> stats.succeeded(1));
        assertThat(SetupTestCase.operations).hasValue(1);
    }

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

}
