package dev.perfgate.perftests.otel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.perfgate.OtelOverhead;
import dev.perfgate.otel.OverheadTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;

/**
 * How often {@code @OtelOverhead(max = 10)} is right, with real measurements: 20 runs of a test whose operation
 * is about 200 µs of arithmetic, plus extra arithmetic only while its span records (none, 5 % or 30 % more), in
 * this JVM. In every other run a second process keeps the other core busy. Writes
 * {@code target/perfgate/otel-validation.md}.
 */
class OtelOverheadValidationTests {

    private static final int RUNS = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private final StringBuilder report = new StringBuilder();

    @Test
    void errorRatesOfTheOverheadCheck() throws Exception {
        double spanNanos = spanAndCounterNanos();
        report.append(String.format(Locale.ROOT, "Span and counter alone, telemetry on minus off: %.0f ns per call"
                + " (median of 200 interleaved blocks of 2,000 calls).%n%n", spanNanos));
        report.append("| scenario | runs | FAIL | WARN | PASS | median estimate | estimates | expected (span cost"
                + " + extra) | pairs | invocations per batch | longest run | mean run |\n"
                + "|---|---:|---:|---:|---:|---:|---|---:|---|---|---:|---:|\n");
        Outcome aa = scenario("no extra work (A/A apart from the span)", 0.0, spanNanos);
        Outcome five = scenario("5 % extra work while recording", 0.05, spanNanos);
        Outcome thirty = scenario("30 % extra work while recording", 0.30, spanNanos);

        Path out = Path.of("target", "perfgate", "otel-validation.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report.toString());
        System.out.println(report);

        assertThat(aa.pass).as("A/A PASSes").isEqualTo(RUNS);
        assertThat(aa.worstDistanceFromExpected).as("A/A estimate's distance from the span's cost, percentage points")
                .isLessThanOrEqualTo(2.0);
        assertThat(five.pass).as("PASSes with 5 % extra work").isGreaterThanOrEqualTo(19);
        assertThat(thirty.fail).as("FAILs with 30 % extra work").isGreaterThanOrEqualTo(19);
        for (Outcome outcome : List.of(aa, five, thirty)) {
            assertThat(outcome.longestRunNanos / 1e9).as("longest run, seconds").isLessThanOrEqualTo(10.0);
        }
    }

    private Outcome scenario(String name, double extra, double spanNanos) throws Exception {
        Outcome outcome = new Outcome();
        List<Double> estimates = new ArrayList<>();
        long totalNanos = 0;
        for (int run = 0; run < RUNS; run++) {
            Path results = work.resolve(name.replaceAll("[^a-z0-9]", "") + run);
            Process load = run % 2 == 1 ? new ProcessBuilder("sh", "-c", "while :; do :; done").start() : null;
            try {
                WorkTestCase.extra = extra;
                long start = System.nanoTime();
                EngineExecutionResults execution = run(results);
                long elapsed = System.nanoTime() - start;
                totalNanos += elapsed;
                outcome.longestRunNanos = Math.max(outcome.longestRunNanos, elapsed);
                JsonNode overhead = JSON.readTree(results.resolve(WorkTestCase.class.getName() + ".work().json")
                        .toFile()).get("otelOverhead");
                String verdict = overhead.get("verdict").asText();
                if (!execution.testEvents().failed().list().isEmpty()) {
                    outcome.fail++;
                    assertThat(verdict).isEqualTo("FAIL");
                }
                else if (verdict.equals("WARN")) {
                    outcome.warn++;
                }
                else {
                    outcome.pass++;
                }
                outcome.pairs.add(overhead.get("pairs").asInt());
                outcome.batchSizes.add(overhead.get("invocationsPerBatch").asInt());
                double estimate = overhead.get("estimatePercent").asDouble();
                estimates.add(estimate);
                double offMedianNanos = overhead.get("off").get("p50Ns").asDouble();
                double expected = 100 * (spanNanos / offMedianNanos + extra);
                outcome.expectedPercent = expected;
                outcome.worstDistanceFromExpected = Math.max(outcome.worstDistanceFromExpected,
                        Math.abs(estimate - expected));
            }
            finally {
                if (load != null) {
                    load.destroyForcibly().waitFor();
                }
            }
        }
        double[] sorted = estimates.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        report.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %+.2f %% | %+.2f %% to %+.2f %% |"
                + " %+.2f %% | %s | %s | %.2f s | %.2f s |%n", name, RUNS, outcome.fail, outcome.warn, outcome.pass,
                sorted[sorted.length / 2], sorted[0], sorted[sorted.length - 1], outcome.expectedPercent,
                range(outcome.pairs), range(outcome.batchSizes), outcome.longestRunNanos / 1e9,
                totalNanos / 1e9 / RUNS));
        return outcome;
    }

    /** {@code 300} or {@code 13 to 15}. */
    private static String range(List<Integer> values) {
        int min = values.stream().mapToInt(Integer::intValue).min().orElseThrow();
        int max = values.stream().mapToInt(Integer::intValue).max().orElseThrow();
        return min == max ? String.valueOf(min) : min + " to " + max;
    }

    private EngineExecutionResults run(Path results) {
        EngineExecutionResults execution = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(WorkTestCase.class))
                .configurationParameter("perfgate.results.dir", results.toString())
                .execute();
        execution.testEvents().failed().stream()
                .map(event -> event.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow())
                .filter(failure -> !(failure instanceof AssertionError))
                .forEach(failure -> {
                    throw new IllegalStateException("the fixture broke: " + failure, failure);
                });
        return execution;
    }

    /**
     * What the instrumentation alone costs a call: the fixture's span and counter with no work inside, telemetry
     * on against off, in interleaved blocks on the same SDK pipeline the extension builds.
     */
    private static double spanAndCounterNanos() {
        try (OverheadTelemetry telemetry = OverheadTelemetry.start("span-cost")) {
            Instrumented empty = new Instrumented(telemetry.openTelemetry());
            double[] differences = new double[200];
            for (int warm = 0; warm < 50; warm++) {
                block(telemetry, empty, warm % 2 == 0);
            }
            for (int i = 0; i < differences.length; i++) {
                long off = block(telemetry, empty, false);
                long on = block(telemetry, empty, true);
                differences[i] = (on - off) / 2_000.0;
            }
            Arrays.sort(differences);
            return differences[differences.length / 2];
        }
    }

    private static long block(OverheadTelemetry telemetry, Instrumented instrumented, boolean on) {
        if (on) {
            telemetry.openTelemetry().on();
        }
        else {
            telemetry.openTelemetry().off();
        }
        long start = System.nanoTime();
        for (int i = 0; i < 2_000; i++) {
            instrumented.call(0, 0);
        }
        long elapsed = System.nanoTime() - start;
        telemetry.openTelemetry().off();
        return elapsed;
    }

    private static final class Outcome {
        int fail;
        int warn;
        int pass;
        long longestRunNanos;
        double expectedPercent;
        double worstDistanceFromExpected;
        final List<Integer> pairs = new ArrayList<>();
        final List<Integer> batchSizes = new ArrayList<>();
    }

    /** A span and a counter increment around rounds of xorshift arithmetic, {@code extra} more while the span records. */
    static final class Instrumented {
        static volatile long sink;
        private final Tracer tracer;
        private final LongCounter calls;

        Instrumented(OpenTelemetry otel) {
            tracer = otel.getTracer("dev.perfgate.validation");
            calls = otel.getMeter("dev.perfgate.validation").counterBuilder("work.calls").build();
        }

        void call(int baseRounds, double extra) {
            Span span = tracer.spanBuilder("work").startSpan();
            try {
                int rounds = baseRounds;
                if (span.isRecording()) {
                    rounds += (int) (baseRounds * extra);
                }
                sink += xorshift(rounds);
                calls.add(1);
            }
            finally {
                span.end();
            }
        }
    }

    static long xorshift(int rounds) {
        long x = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < rounds; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x;
    }

    /** About 200 µs of arithmetic, and {@link #extra} of it more while the call's span records. */
    static class WorkTestCase {
        static final int BASE_ROUNDS = 100_000;
        static volatile double extra;
        Instrumented service;

        @BeforeEach
        void open(OpenTelemetry otel) {
            service = new Instrumented(otel);
        }

        @Test
        @OtelOverhead(max = 10)
        void work() {
            service.call(BASE_ROUNDS, extra);
        }
    }
}
