package dev.perfgate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * {@code @ConcurrencyScaling} end to end. The fixtures sleep rather than compute, so that how they scale does not
 * depend on the machine's cores: 1 ms sleeps scale perfectly on 2 threads (efficiency about 1), the same sleeps
 * under one lock not at all (about 0.5), against a minimum of 0.8.
 */
class ConcurrencyScalingExtensionTests {

    @TempDir
    Path results;

    @Test
    void independentWorkScalesAndPasses() {
        EngineExecutionResults execution = run(IndependentTestCase.class);

        execution.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
        assertThat(EngineResults.reportEntries(execution)).singleElement().asString()
                .contains("; 1 thread ").contains("; 2 threads ").contains(", efficiency ");
    }

    static class IndependentTestCase {
        @Test
        @ConcurrencyScaling(threads = {1, 2}, minEfficiency = 0.8, upTo = 2)
        void sleep() throws InterruptedException {
            Thread.sleep(1);
        }
    }

    @Test
    void workUnderOneLockFailsAndSaysWhereContentionBegins() {
        EngineExecutionResults execution = run(LockedTestCase.class);

        Throwable failure = EngineResults.onlyFailure(execution);
        assertThat(failure).isInstanceOf(SlaViolationError.class);
        assertThat(failure.getMessage())
                .contains("  efficiency  expected >= 0.8  but was 0.")
                .contains("efficiency on 2 threads significantly below 0.8")
                .contains("contention begins at 2 threads")
                .contains("  threads  throughput   p99        efficiency");
    }

    static class LockedTestCase {
        private static final Object LOCK = new Object();

        @Test
        @ConcurrencyScaling(threads = {1, 2}, minEfficiency = 0.8, upTo = 2)
        void sleepUnderLock() throws InterruptedException {
            synchronized (LOCK) {
                Thread.sleep(1);
            }
        }
    }

    @Test
    void threadCountsWithoutOneAreAConfigurationError() {
        EngineExecutionResults execution = run(NoReferenceTestCase.class);

        assertThat(EngineResults.onlyFailure(execution)).isInstanceOf(ExtensionConfigurationException.class).hasMessage(
                "@ConcurrencyScaling(threads=[2, 4]) on ConcurrencyScalingExtensionTests.NoReferenceTestCase.work():"
                        + " invalid threads (expected 1 and at least one more thread count, e.g. threads = {1, 2, 4,"
                        + " 8})");
    }

    static class NoReferenceTestCase {
        @Test
        @ConcurrencyScaling(threads = {2, 4}, minEfficiency = 0.8)
        void work() {
        }
    }

    private EngineExecutionResults run(Class<?> fixture) {
        return EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(fixture))
                .configurationParameter("perfgate.results.dir", results.toString())
                .configurationParameter("perfgate.measure.warmup.default", "50ms")
                .configurationParameter("perfgate.measure.duration.default", "300ms")
                .configurationParameter("perfgate.measure.max-duration", "3s")
                .execute();
    }

}
