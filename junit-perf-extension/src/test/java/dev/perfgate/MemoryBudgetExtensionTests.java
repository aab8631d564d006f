package dev.perfgate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code @MemoryBudget} end to end, with margins of 4x or more: 4 KiB allocated per call against 1 KiB, 64 bytes
 * kept per call by a leak, 1 MiB retained per unit against limits of 2 MiB and 512 KiB.
 */
class MemoryBudgetExtensionTests {

    @TempDir
    Path results;

    @Test
    void allocationPerOperationIsReportedForEveryMeasuredTestWithTheGarbageCollections() throws IOException {
        EngineExecutionResults execution = run(NoAllocationTestCase.class);

        execution.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
        assertThat(EngineResults.reportEntries(execution)).singleElement().asString().contains("; allocated ")
                .contains(" B/op, GC ");
        JsonNode json = EngineResults.onlyResult(results);
        assertThat(json.get("allocatedBytesPerOperation").asDouble()).isLessThan(64);
        assertThat(json.get("gc").get("collections").isNumber()).isTrue();
    }

    static class NoAllocationTestCase {
        static volatile double sink;

        @Test
        @MemoryBudget(perOperation = "64B")
        void compute() {
            sink = Math.sqrt(sink + 42);
        }
    }

    @Test
    void allocatingMoreThanTheBudgetFails() {
        EngineExecutionResults execution = run(AllocatingTestCase.class);

        Throwable failure = EngineResults.onlyFailure(execution);
        assertThat(failure).isInstanceOf(SlaViolationError.class);
        assertThat(failure.getMessage()).contains("  allocation  expected <= 1 KiB/op  but was 4.");
    }

    static class AllocatingTestCase {
        static volatile byte[] sink;

        @Test
        @MemoryBudget(perOperation = "1KB")
        void allocate() {
            sink = new byte[4096];
        }
    }

    @Test
    void aGrowingStaticListIsALeakAndItsFixedTwinIsNot() {
        EngineExecutionResults leaking;
        try {
            leaking = run(LeakingTestCase.class);
        }
        finally {
            LeakingTestCase.kept.clear(); // what the leak kept is not the later tests' heap
        }
        Throwable failure = EngineResults.onlyFailure(leaking);
        assertThat(failure).isInstanceOf(SlaViolationError.class);
        assertThat(failure.getMessage()).contains("  leak ").contains("heap grows ");

        EngineExecutionResults fixed = run(FixedTestCase.class);
        fixed.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
        assertThat(EngineResults.reportEntries(fixed)).singleElement().asString().contains("leak ");
    }

    static class LeakingTestCase {
        static final List<byte[]> kept = new ArrayList<>();

        @Test
        @MemoryBudget(leak = false)
        void handle() {
            kept.add(new byte[64]);
        }
    }

    static class FixedTestCase {
        static final List<byte[]> kept = new ArrayList<>();

        @Test
        @MemoryBudget(leak = false)
        void handle() {
            kept.add(new byte[64]);
            kept.clear();
        }
    }

    @Test
    void retainedHeapPerUnitIsMeasuredWithinTenPercentAndJudged() {
        RetainedTestCase.perUnit = Double.NaN;
        EngineExecutionResults passing = run(RetainedTestCase.class);
        passing.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
        assertThat(RetainedTestCase.perUnit).isBetween(0.9 * (1 << 20), 1.1 * (1 << 20));
        assertThat(EngineResults.reportEntries(passing)).singleElement().asString().startsWith("PASS retainedPerUnit 1");

        Throwable failure = EngineResults.onlyFailure(run(OverBudgetTestCase.class));
        assertThat(failure).isInstanceOf(SlaViolationError.class);
        assertThat(failure.getMessage()).startsWith("MemoryBudgetExtensionTests.OverBudgetTestCase.build(Bench) violated"
                + " its retained heap budget:\n  retainedPerUnit  expected <= 512 KiB per unit  but was ");
    }

    static class RetainedTestCase {
        static double perUnit;

        @Test
        @MemoryBudget(retainedPerUnit = "2MB")
        void build(Bench bench) {
            perUnit = bench.retained(16, () -> megabytes(16));
        }
    }

    static class OverBudgetTestCase {
        @Test
        @MemoryBudget(retainedPerUnit = "512KB")
        void build(Bench bench) {
            bench.retained(16, () -> megabytes(16));
        }
    }

    /**
     * {@code count} units of 1 MiB, each 64 arrays of 16 KiB: a single 1 MiB array would be a humongous object
     * under G1 with 1 MiB regions (a small heap) and be charged 2 MiB.
     */
    static List<byte[][]> megabytes(int count) {
        List<byte[][]> units = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[][] unit = new byte[64][];
            for (int j = 0; j < unit.length; j++) {
                unit[j] = new byte[16 * 1024];
            }
            units.add(unit);
        }
        return units;
    }

    @Test
    void anInvalidSizeNamesTheAttributeAndAValidOne() {
        EngineExecutionResults execution = run(BadSizeTestCase.class);

        assertThat(EngineResults.onlyFailure(execution)).isInstanceOf(ExtensionConfigurationException.class).hasMessage(
                "@MemoryBudget(perOperation=\"2 parsecs\") on MemoryBudgetExtensionTests.BadSizeTestCase.work():"
                        + " invalid size (expected e.g. \"512B\", \"2KB\", \"200MB\")");
    }

    static class BadSizeTestCase {
        @Test
        @MemoryBudget(perOperation = "2 parsecs")
        void work() {
        }
    }

    private EngineExecutionResults run(Class<?> fixture) {
        return EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(fixture))
                .configurationParameter("perfgate.results.dir", results.toString())
                .configurationParameter("perfgate.measure.warmup.default", "100ms")
                .configurationParameter("perfgate.measure.duration.default", "200ms")
                .configurationParameter("perfgate.measure.max-duration", "2s")
                .execute();
    }

}
