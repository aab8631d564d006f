package dev.perfgate.perftests.overhead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.BenchmarkResultMetaData;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.noconnor.junitperf.JUnitPerfInterceptor;
import com.github.noconnor.junitperf.JUnitPerfReportingConfig;
import com.github.noconnor.junitperf.JUnitPerfTest;
import com.github.noconnor.junitperf.JUnitPerfTestActiveConfig;
import com.github.noconnor.junitperf.data.EvaluationContext;
import com.github.noconnor.junitperf.reporting.ReportGenerator;

import dev.perfgate.Measure;

/**
 * The harness overhead recorded in {@code docs/performance.md} ("Harness overhead"): perfgate, JMH and JUnitPerf each
 * invoke the same empty method on one thread, and perfgate measures it 10,000,000 times to show that its heap does not
 * grow with the invocation count. Runs only in the {@code overhead} profile:
 * {@code mvn -B -ntp verify -pl perf-tests -Poverhead}; writes {@code target/perfgate/overhead.md}.
 *
 * <p>The figures are recorded, not asserted: the machine's speed is not this test's business. What is asserted is that
 * every harness measured something, that perfgate made exactly the invocations it was asked for, and that its heap
 * after 10,000,000 invocations is within {@value #HEAP_MARGIN_MEBIBYTES} MiB of its heap after 100,000.
 */
class HarnessOverheadTests {

    static final int HEAP_MARGIN_MEBIBYTES = 16;
    static final int SMALL_ITERATIONS = 100_000;
    static final int LARGE_ITERATIONS = 10_000_000;

    /** Warmup and measured time of perfgate and JUnitPerf, the same for both. */
    static final int WARMUP_MILLIS = 2_000;
    static final int MEASURED_MILLIS = 5_000;

    private static final Path OUTPUT = Path.of("target", "perfgate");
    private static final Path RESULTS = OUTPUT.resolve("overhead-results");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int GC_ROUNDS = 5;
    private static final long GC_PAUSE_MILLIS = 200;

    @Test
    void recordsHarnessOverheadOfAnEmptyMethodAndPerfgateHeap() throws Exception {
        // Heap first: JUnitPerf keeps every sample it took reachable from a static map for the rest of the JVM's life.
        runPerfgateHeapFixture("primesTheEngine", "hundredThousand"); // first run loads and caches; not reported
        HeapFigures small = runPerfgateHeapFixture("small", "hundredThousand");
        HeapFigures large = runPerfgateHeapFixture("large", "tenMillion");
        List<HeapFigures> heap = List.of(small, large);

        JmhFigures jmh = runJmh();
        List<HarnessFigures> harnesses = new ArrayList<>(jmh.emptyOperation());
        harnesses.add(runPerfgate());
        long usedBeforeJUnitPerf = usedHeapAfterCollection();
        HarnessFigures junitPerf = runJUnitPerf();
        harnesses.add(junitPerf);
        // This test's own references to JUnitPerf's results are dropped by now: what is left is JUnitPerf's.
        RetainedHeap junitPerfHeap = new RetainedHeap(junitPerf.invocations(), usedBeforeJUnitPerf,
                usedHeapAfterCollection());

        String report = OverheadReport.markdown(environment(), harnesses, jmh.nanoTime(), heap, junitPerfHeap);
        Files.createDirectories(OUTPUT);
        Files.writeString(OUTPUT.resolve("overhead.md"), report, StandardCharsets.UTF_8);
        System.out.println(report);

        assertThat(harnesses).allSatisfy(figures ->
                assertThat(figures.invocations()).as("measured invocations of %s", figures.harness()).isPositive());
        assertThat(large.measuredInvocations()).as("invocations perfgate measured for @Measure(iterations = %,d)",
                LARGE_ITERATIONS).isEqualTo(LARGE_ITERATIONS);
        assertThat(small.measuredInvocations()).as("invocations perfgate measured for @Measure(iterations = %,d)",
                SMALL_ITERATIONS).isEqualTo(SMALL_ITERATIONS);
        assertThat(large.usedHeapAfterBytes())
                .as("used heap after %,d perfgate invocations (%s), against %s after %,d plus %d MiB",
                        LARGE_ITERATIONS, OverheadReport.mebibytes(large.usedHeapAfterBytes()),
                        OverheadReport.mebibytes(small.usedHeapAfterBytes()), SMALL_ITERATIONS,
                        HEAP_MARGIN_MEBIBYTES)
                .isLessThanOrEqualTo(small.usedHeapAfterBytes() + HEAP_MARGIN_MEBIBYTES * 1024L * 1024L);
    }

    // ---- perfgate

    private static HeapFigures runPerfgateHeapFixture(String runName, String methodName) throws Exception {
        Path results = clean(RESULTS.resolve("heap-" + runName));
        long iterations = HeapTestCase.class.getDeclaredMethod(methodName).getAnnotation(Measure.class).iterations();
        long usedBefore = usedHeapAfterCollection();
        long allocatedBefore = allocatedBytesOfThisThread();
        execute(selectMethod(HeapTestCase.class, methodName), results);
        long allocatedAfter = allocatedBytesOfThisThread();
        long usedAfter = usedHeapAfterCollection();
        JsonNode result = singleResult(results);
        return new HeapFigures(iterations, result.get("samples").asLong() + result.get("errors").asLong(),
                result.get("measuredDurationNs").asLong(), usedBefore, usedAfter,
                allocatedBefore < 0 || allocatedAfter < 0 ? -1 : allocatedAfter - allocatedBefore);
    }

    private static HarnessFigures runPerfgate() throws IOException {
        Path results = clean(RESULTS.resolve("perfgate"));
        execute(selectClass(PerfgateTestCase.class), results);
        JsonNode result = singleResult(results);
        long samples = result.get("samples").asLong();
        long measuredNanos = result.get("measuredDurationNs").asLong();
        JsonNode latency = result.get("latencyNs");
        return new HarnessFigures(
                String.format(Locale.ROOT, "perfgate (this build), @Measure(warmup = \"%s\", duration = \"%s\")",
                        result.get("configuration").get("warmupNs").asLong() / 1_000_000 + "ms",
                        result.get("configuration").get("durationNs").asLong() / 1_000_000 + "ms"),
                "`invokeExact` of a `MethodHandle` bound to the test instance (called through an `Operation`"
                        + " lambda), 2 x `System.nanoTime()`, `Histogram.recordValue`, count/sum/min/max and"
                        + " measurement-block counters, stop/ticket/deadline/interrupt checks",
                samples, measuredNanos, result.get("throughputPerSecond").asDouble(),
                (double) measuredNanos / samples,
                new HarnessFigures.RecordedLatency(latency.get("mean").asDouble(), latency.get("p50").asDouble(),
                        latency.get("p99").asDouble()),
                "Recorded latency is the second `nanoTime()` minus the first: about one clock read plus the call"
                        + " (HdrHistogram, 3 significant digits). Wall time per invocation is measuredDurationNs /"
                        + " samples from its JSON result.");
    }

    private static void execute(DiscoverySelector selector, Path resultsDirectory) {
        Events tests = EngineTestKit.engine("junit-jupiter")
                .selectors(selector)
                .configurationParameter(Measure.RESULTS_DIR_PROPERTY_NAME, resultsDirectory.toString())
                .execute()
                .testEvents();
        assertThat(tests.failed().stream().map(event -> event.getPayload().orElse(null)).collect(Collectors.toList()))
                .as("failures of %s", selector).isEmpty();
        tests.assertStatistics(stats -> stats.started(1).succeeded(1));
    }

    private static JsonNode singleResult(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> results = files.filter(file -> file.getFileName().toString().endsWith(".json"))
                    .collect(Collectors.toList());
            assertThat(results).as("perfgate results in %s", directory).hasSize(1);
            return JSON.readTree(results.get(0).toFile());
        }
    }

    /** The same warmup and measured time as JUnitPerf gets. */
    static class PerfgateTestCase {

        @Test
        @Measure(warmup = WARMUP_MILLIS + "ms", duration = MEASURED_MILLIS + "ms")
        void emptyOperation() {
            EmptyOperation.run();
        }
    }

    /** No warmup, so that every invocation perfgate makes (but the first, real, one) is a recorded one. */
    static class HeapTestCase {

        @Test
        @Measure(warmup = "0s", iterations = SMALL_ITERATIONS)
        void hundredThousand() {
            EmptyOperation.run();
        }

        @Test
        @Measure(warmup = "0s", iterations = LARGE_ITERATIONS)
        void tenMillion() {
            EmptyOperation.run();
        }
    }

    // ---- JMH

    /** JMH's figures: its two runs of the empty method, and the cost of one clock read. */
    record JmhFigures(List<HarnessFigures> emptyOperation, ClockCost nanoTime) {
    }

    /**
     * What one {@link System#nanoTime()} costs, as JMH measured it.
     *
     * @param meanNanos  JMH's AverageTime score
     * @param errorNanos half-width of JMH's 99.9 % interval
     */
    record ClockCost(double meanNanos, double errorNanos) {
    }

    private static JmhFigures runJmh() throws RunnerException {
        Collection<RunResult> runs = new Runner(new OptionsBuilder()
                .include("^" + Pattern.quote(EmptyOperationBenchmark.class.getName()) + "\\.")
                .shouldFailOnError(true)
                .resultFormat(ResultFormatType.JSON)
                .result(OUTPUT.resolve("jmh-result.json").toString())
                .build()).run();
        String includes = "the generated loop: a call of the `@Benchmark` method, an operation counter and a volatile"
                + " `isDone` check; the clock is read once per iteration (1 s or 2 s), not per call";
        List<HarnessFigures> emptyOperation = new ArrayList<>();
        ClockCost nanoTime = null;
        for (RunResult run : runs) {
            BenchmarkParams params = run.getParams();
            double score = run.getPrimaryResult().getScore();
            double error = run.getPrimaryResult().getScoreError();
            if (params.getBenchmark().endsWith(".nanoTime")) {
                nanoTime = new ClockCost(score, error); // AverageTime, ns/op
                continue;
            }
            long operations = 0;
            long measuredMillis = 0;
            for (BenchmarkResult fork : run.getBenchmarkResults()) {
                BenchmarkResultMetaData metadata = fork.getMetadata();
                if (metadata != null) {
                    operations += metadata.getMeasurementOps();
                    measuredMillis += metadata.getStopTime() - metadata.getMeasurementTime();
                }
            }
            String setup = String.format(Locale.ROOT, "JMH %s, %s (%d fork, %d x %s warmup, %d x %s measurement)",
                    params.getJmhVersion(), params.getMode().name(), params.getForks(),
                    params.getWarmup().getCount(), params.getWarmup().getTime(), params.getMeasurement().getCount(),
                    params.getMeasurement().getTime());
            String note = String.format(Locale.ROOT, "JMH's score: %.3f ± %.3f %s (99.9 %% interval over the %d"
                    + " measurement iterations).", score, error, run.getPrimaryResult().getScoreUnit(),
                    params.getMeasurement().getCount());
            if (params.getMode() == org.openjdk.jmh.annotations.Mode.Throughput) { // ops/ns
                emptyOperation.add(new HarnessFigures(setup, includes, operations, measuredMillis * 1_000_000L,
                        score * 1e9, 1 / score, null, note));
            }
            else { // AverageTime, ns/op
                emptyOperation.add(new HarnessFigures(setup, includes, operations, measuredMillis * 1_000_000L,
                        1e9 / score, score, null, note));
            }
        }
        assertThat(emptyOperation).as("JMH runs of %s.emptyOperation", EmptyOperationBenchmark.class.getSimpleName())
                .hasSize(2);
        assertThat(nanoTime).as("JMH run of %s.nanoTime", EmptyOperationBenchmark.class.getSimpleName()).isNotNull();
        return new JmhFigures(emptyOperation, nanoTime);
    }

    // ---- JUnitPerf

    private static HarnessFigures runJUnitPerf() {
        JUnitPerfTestCase.REPORT.captured.set(null);
        execute(selectClass(JUnitPerfTestCase.class), clean(RESULTS.resolve("junitperf")));
        EvaluationContext context = JUnitPerfTestCase.REPORT.captured.getAndSet(null);
        assertThat(context).as("JUnitPerf's evaluation context, passed to its report generator").isNotNull();
        long invocations = context.getEvaluationCount();
        // JUnitPerf's own throughput definition (EvaluationContext#getThroughputQps): count over durationMs - warmUpMs.
        long measuredNanos = (context.getConfiguredDuration() - context.getConfiguredWarmUp()) * 1_000_000L;
        return new HarnessFigures(
                String.format(Locale.ROOT, "JUnitPerf 1.37.0, @JUnitPerfTest(threads = %d, warmUpMs = %,d,"
                        + " durationMs = %,d)", context.getConfiguredThreads(), context.getConfiguredWarmUp(),
                        context.getConfiguredDuration()),
                "3 x `System.nanoTime()` (one to tell warmup from measurement, two around the call),"
                        + " `Method.setAccessible` and `Method.invoke` (reflection; arguments copied to an array), the"
                        + " (here empty) `@BeforeEach`/`@AfterEach` lists, `SynchronizedDescriptiveStatistics.addValue`"
                        + " (a synchronized append: every sample is kept), the evaluation counter,"
                        + " termination/interrupt/rate-limiter checks",
                invocations, measuredNanos, invocations * 1e9 / measuredNanos, (double) measuredNanos / invocations,
                new HarnessFigures.RecordedLatency(context.getMeanLatencyMs() * 1e6,
                        context.getLatencyPercentileMs(50) * 1e6, context.getLatencyPercentileMs(99) * 1e6),
                String.format(Locale.ROOT, "Invocations per second and wall time per invocation use JUnitPerf's own"
                        + " definition, count / (durationMs - warmUpMs) (its `getThroughputQps()`: %,d/s). Recorded"
                        + " latency is the second `nanoTime()` minus the first around the reflective call; percentiles"
                        + " exact over all samples.", context.getThroughputQps()));
    }

    /**
     * Used heap, after GC, around the JUnitPerf run.
     *
     * @param invocations         invocations JUnitPerf measured
     * @param usedHeapBeforeBytes before the run
     * @param usedHeapAfterBytes  after the run, once this test holds no reference to JUnitPerf's results
     */
    record RetainedHeap(long invocations, long usedHeapBeforeBytes, long usedHeapAfterBytes) {
    }

    @ExtendWith(JUnitPerfInterceptor.class)
    static class JUnitPerfTestCase {

        // JUnitPerf reads its reporting configuration only from a static field of the test class.
        static final CapturingReportGenerator REPORT = new CapturingReportGenerator();

        @JUnitPerfTestActiveConfig
        static final JUnitPerfReportingConfig REPORTING = JUnitPerfReportingConfig.builder()
                .reportGenerator(REPORT)
                .build();

        @Test
        @JUnitPerfTest(threads = 1, warmUpMs = WARMUP_MILLIS, durationMs = WARMUP_MILLIS + MEASURED_MILLIS)
        void emptyOperation() {
            EmptyOperation.run();
        }
    }

    /** Hands JUnitPerf's figures to this test instead of writing a report file. */
    static final class CapturingReportGenerator implements ReportGenerator {

        final AtomicReference<@Nullable EvaluationContext> captured = new AtomicReference<>();

        @Override
        public void generateReport(LinkedHashSet<EvaluationContext> testContexts) {
            testContexts.forEach(captured::set);
        }

        @Override
        public String getReportPath() {
            return "(kept in memory by " + HarnessOverheadTests.class.getSimpleName() + ")";
        }
    }

    // ---- machine

    /** Collects until used heap stops being garbage that a later reading would count. */
    private static long usedHeapAfterCollection() throws InterruptedException {
        for (int i = 0; i < GC_ROUNDS; i++) {
            System.gc();
            Thread.sleep(GC_PAUSE_MILLIS);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** The single-threaded perfgate measurement runs on the thread that runs the fixture: this one. */
    private static long allocatedBytesOfThisThread() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (threads instanceof com.sun.management.ThreadMXBean
                && ((com.sun.management.ThreadMXBean) threads).isThreadAllocatedMemoryEnabled()) {
            return ((com.sun.management.ThreadMXBean) threads).getThreadAllocatedBytes(Thread.currentThread().getId());
        }
        return -1;
    }

    private static String environment() throws IOException {
        String cpu = "unknown CPU";
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.isReadable(cpuinfo)) {
            try (Stream<String> lines = Files.lines(cpuinfo)) {
                cpu = lines.filter(line -> line.startsWith("model name")).findFirst()
                        .map(line -> line.substring(line.indexOf(':') + 1).trim()).orElse(cpu);
            }
        }
        return String.format(Locale.ROOT, "%d processors, %s; %s %s; max heap %s; GC %s",
                Runtime.getRuntime().availableProcessors(), cpu, System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"),
                OverheadReport.mebibytes(Runtime.getRuntime().maxMemory()),
                ManagementFactory.getGarbageCollectorMXBeans().stream().map(bean -> bean.getName())
                        .collect(Collectors.joining(", ")));
    }

    private static Path clean(Path directory) {
        try {
            if (Files.exists(directory)) {
                try (Stream<Path> paths = Files.walk(directory)) {
                    for (Path path : paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                        Files.delete(path);
                    }
                }
            }
            return Files.createDirectories(directory);
        }
        catch (IOException e) {
            throw new java.io.UncheckedIOException("could not empty " + directory, e);
        }
    }
}
