package dev.perfgate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * {@code @ScalingTest} end to end. The fixtures spin for a known time that grows with N, log₂ N times 20 µs or
 * N times 100 ns, so that the class each follows is not in doubt on any machine: between 10 and 10,000 the first
 * grows 4-fold, the second 1,000-fold.
 */
class ScalingTestExtensionTests {

    @TempDir
    Path results;

    @Test
    void logarithmicCostPassesAnExpectedLogN() {
        LogarithmicTestCase.setUps.set(0);
        EngineExecutionResults execution = run(LogarithmicTestCase.class);

        execution.testEvents().assertStatistics(stats -> stats.succeeded(5).failed(0));
        assertThat(execution.testEvents().started().stream().map(event -> event.getTestDescriptor().getDisplayName()))
                .containsExactly("N = 10", "N = 100", "N = 1,000", "N = 10,000", "scaling");
        String verdict = EngineResults.reportEntries(execution).get(4);
        assertThat(verdict).startsWith("PASS scaling O(log N) <= O(log N)")
                .contains("  N          median     p99").contains("best O(log N): ");
        assertThat(LogarithmicTestCase.setUps).as("@BeforeEach runs for the sizes, not for the verdict").hasValue(4);
        assertThat(results.resolve(LogarithmicTestCase.class.getName() + ".lookup(int,Bench)[scaling].json"))
                .content().contains("\"format\" : \"perfgate-scaling\"").contains("\"best\" : \"LOG_N\"");
    }

    static class LogarithmicTestCase {
        static final java.util.concurrent.atomic.AtomicInteger setUps = new java.util.concurrent.atomic.AtomicInteger();

        @org.junit.jupiter.api.BeforeEach
        void setUp() {
            setUps.incrementAndGet();
        }

        @ScalingTest(sizes = {10, 100, 1000, 10000}, expect = Complexity.LOG_N)
        @Measure(warmup = "0s", duration = "100ms")
        void lookup(int size, Bench bench) {
            long nanos = Math.round(Math.log(size) / Math.log(2) * 20_000);
            bench.measure(() -> spin(nanos));
        }
    }

    @Test
    void linearCostFailsAnExpectedLogNWithTheTable() {
        EngineExecutionResults execution = run(LinearTestCase.class);

        execution.testEvents().assertStatistics(stats -> stats.succeeded(4).failed(1));
        Throwable failure = EngineResults.onlyFailure(execution);
        assertThat(failure).isInstanceOf(SlaViolationError.class);
        List<String> lines = failure.getMessage().lines().collect(Collectors.toList());
        assertThat(lines.get(0)).isEqualTo("ScalingTestExtensionTests.LinearTestCase.scan(long, Bench) scaling grows faster"
                + " than O(log N):");
        assertThat(lines.get(1)).startsWith("  scaling  expected <= O(log N)  but was O(N)  (grows faster than the"
                + " expected O(log N): best fit O(N)");
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("  10,000     "));
        assertThat(((SlaViolationError) failure).getExpected().getStringRepresentation())
                .isEqualTo("scaling <= O(log N)");
    }

    static class LinearTestCase {
        @ScalingTest(sizes = {10, 100, 1000, 10000}, expect = Complexity.LOG_N)
        @Measure(warmup = "0s", duration = "100ms")
        void scan(long size, Bench bench) {
            bench.measure(() -> spin(size * 100));
        }
    }

    @Test
    void theWholeMethodIsMeasuredWithoutABench() {
        EngineExecutionResults execution = run(WholeMethodTestCase.class);

        execution.testEvents().assertStatistics(stats -> stats.succeeded(4).failed(0));
        assertThat(EngineResults.reportEntries(execution).get(3)).startsWith("PASS scaling O(N) <= O(N)");
    }

    static class WholeMethodTestCase {
        @ScalingTest(sizes = {10, 100, 1000}, expect = Complexity.N)
        @Measure(warmup = "0s", duration = "50ms")
        void scan(int size) {
            spin(size * 100L);
        }
    }

    @Test
    void tooFewSizesAreAConfigurationError() {
        EngineExecutionResults execution = run(TooFewSizesTestCase.class);

        assertThat(EngineResults.onlyContainerFailure(execution)).isInstanceOf(ExtensionConfigurationException.class).hasMessage(
                "@ScalingTest(sizes=[10, 100]) on ScalingTestExtensionTests.TooFewSizesTestCase.lookup(int, Bench):"
                        + " invalid sizes (expected at least 3 distinct sizes of at least 2, e.g. sizes = {10, 100,"
                        + " 1000, 10000})");
    }

    static class TooFewSizesTestCase {
        @ScalingTest(sizes = {10, 100}, expect = Complexity.LOG_N)
        void lookup(int size, Bench bench) {
        }
    }

    @Test
    void aFirstParameterThatCannotTakeTheSizeIsAConfigurationError() {
        EngineExecutionResults execution = run(NoSizeParameterTestCase.class);

        assertThat(EngineResults.onlyContainerFailure(execution)).isInstanceOf(ExtensionConfigurationException.class).hasMessage(
                "@ScalingTest on ScalingTestExtensionTests.NoSizeParameterTestCase.lookup(Bench): the first parameter"
                        + " must receive the size, an int or a long, e.g. void lookup(int peers, Bench bench)");
    }

    static class NoSizeParameterTestCase {
        @ScalingTest(sizes = {10, 100, 1000}, expect = Complexity.LOG_N)
        void lookup(Bench bench) {
        }
    }

    static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    private EngineExecutionResults run(Class<?> fixture) {
        return EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(fixture))
                .configurationParameter("perfgate.results.dir", results.toString())
                .configurationParameter("perfgate.measure.max-duration", "2s")
                .execute();
    }

}
