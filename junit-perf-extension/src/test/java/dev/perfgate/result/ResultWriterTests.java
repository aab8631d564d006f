package dev.perfgate.result;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.perfgate.Severity;
import dev.perfgate.config.Mode;
import dev.perfgate.config.PerfgateConfiguration;
import dev.perfgate.config.Rate;
import dev.perfgate.config.TestSettings;
import dev.perfgate.measure.Measurement;
import dev.perfgate.measure.MeasurementPlan;
import dev.perfgate.verdict.Judgement;
import dev.perfgate.verdict.Objective;
import dev.perfgate.verdict.ObjectiveResult;
import dev.perfgate.verdict.Verdict;

class ResultWriterTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Environment ENVIRONMENT =
            new Environment("Eclipse Adoptium", "17.0.11+9", "OpenJDK 64-Bit Server VM", "Linux", "6.1.0", "amd64",
                    "Example CPU @ 3.00GHz", 8);
    private static final PerfgateConfiguration CONFIGURATION = new PerfgateConfiguration(Mode.ENFORCE, 1.5, 0.001, 1,
            500_000_000L, 2_000_000_000L, 4, 30_000_000_000L, Path.of("target/perfgate/results"));

    @TempDir
    Path directory;

    private static Histogram latencies() {
        Histogram histogram = new Histogram(3);
        histogram.recordValueWithCount(140_000, 12_164);
        histogram.recordValueWithCount(2_310_000, 235);
        histogram.recordValue(5_000_000);
        return histogram;
    }

    private static Measurement measurement(Histogram latencies, long errors) {
        return new Measurement(latencies, errors, errors == 0 ? List.of() : List.of(new IllegalStateException("boom")),
                1_720_000_000L, 12_164 * 140_000L + 235 * 2_310_000L + 5_000_000L, 140_000, 5_000_000,
                new Measurement.Blocks(50_000_000L, new long[34], new long[34]), 4, 0, 0, 12_345);
    }

    private static TestResult result(Verdict p99Verdict, Measurement measurement, MeasurementPlan plan,
            String rateText) {
        ObjectiveResult p99 = new ObjectiveResult("p99", "<= 1.5 ms", "2.31 ms", 1_500_000, 2_310_143, "ns",
                p99Verdict, "1.9 % of 12,400 samples above 1.5 ms; at most 1 % allowed");
        ObjectiveResult errorRate = new ObjectiveResult("errorRate", "<= 0 %", "n/a", 0, Double.NaN, "fraction",
                Verdict.WARN, "no invocation measured");
        TestSettings settings = new TestSettings(
                List.of(new Objective.Percentile("p99", 0.99, 1_500_000), new Objective.ErrorRate(0)),
                Severity.FAIL, plan, rateText);
        return new TestResult("[engine:junit-jupiter]/[class:com.example.CacheTests]/[method:cacheHit()]",
                "cacheHit()", "CacheTests.cacheHit()", "com.example.CacheTests.cacheHit", "com.example.CacheTests",
                "cacheHit", Mode.ENFORCE, settings, CONFIGURATION, measurement, new Judgement(List.of(p99, errorRate), 2),
                Instant.parse("2024-05-01T12:00:00Z"), ENVIRONMENT);
    }

    private static final MeasurementPlan CLOSED =
            new MeasurementPlan(500_000_000L, 2_000_000_000L, 0, 4, null, 30_000_000_000L, 1_000, 0);

    private static TestResult failed() {
        return result(Verdict.FAIL, measurement(latencies(), 0), CLOSED, null);
    }

    private JsonNode read(Path file) throws IOException {
        return JSON.readTree(file.toFile());
    }

    @Test
    void writesTheResultAsJsonNamedAfterTheTest() throws IOException {
        Path file = ResultWriter.write(failed(), directory);

        assertThat(file).isEqualTo(directory.resolve("com.example.CacheTests.cacheHit.json"));
        JsonNode json = read(file);
        assertThat(json.get("format").asText()).isEqualTo("perfgate-result");
        assertThat(json.get("formatVersion").asInt()).isEqualTo(1);
        assertThat(json.get("testId").asText())
                .isEqualTo("[engine:junit-jupiter]/[class:com.example.CacheTests]/[method:cacheHit()]");
        assertThat(json.get("testName").asText()).isEqualTo("CacheTests.cacheHit()");
        assertThat(json.get("className").asText()).isEqualTo("com.example.CacheTests");
        assertThat(json.get("methodName").asText()).isEqualTo("cacheHit");
        assertThat(json.get("timestamp").asText()).isEqualTo("2024-05-01T12:00:00Z");
        assertThat(json.get("verdict").asText()).isEqualTo("FAIL");
        assertThat(json.get("failsTest").asBoolean()).isTrue();
        assertThat(json.get("mode").asText()).isEqualTo("enforce");
        assertThat(json.get("severity").asText()).isEqualTo("FAIL");
        assertThat(json.get("measurements").asInt()).isEqualTo(2);
        assertThat(json.get("samples").asLong()).isEqualTo(12_400);
        assertThat(json.get("errors").asLong()).isZero();
        assertThat(json.get("measuredDurationNs").asLong()).isEqualTo(1_720_000_000L);
        assertThat(json.get("warmupInvocations").asLong()).isEqualTo(12_345);
        assertThat(json.get("blocks").get("blockNs").asLong()).isEqualTo(50_000_000L);
        assertThat(json.get("blocks").get("count").asInt()).isEqualTo(34);
    }

    @Test
    void recordsTheSetupNextToTheNumbers() throws IOException {
        JsonNode configuration = read(ResultWriter.write(failed(), directory)).get("configuration");

        assertThat(configuration.get("warmupNs").asLong()).isEqualTo(500_000_000L);
        assertThat(configuration.get("durationNs").asLong()).isEqualTo(2_000_000_000L);
        assertThat(configuration.get("iterations").asLong()).isZero();
        assertThat(configuration.get("threads").asInt()).isEqualTo(4);
        assertThat(configuration.get("rate").isNull()).isTrue();
        assertThat(configuration.get("maxDurationNs").asLong()).isEqualTo(30_000_000_000L);
        assertThat(configuration.get("requiredSamples").asLong()).isEqualTo(1_000);
        assertThat(configuration.get("alpha").asDouble()).isEqualTo(0.001);
        assertThat(configuration.get("scale").asDouble()).isEqualTo(1.5);
        assertThat(configuration.get("confirmRetries").asInt()).isEqualTo(1);
    }

    @Test
    void recordsTheOpenModelRateAsWritten() throws IOException {
        MeasurementPlan open = new MeasurementPlan(0, 2_000_000_000L, 0, 1, new Rate(1000), 30_000_000_000L, 0, 0);

        JsonNode configuration = read(ResultWriter.write(
                result(Verdict.PASS, measurement(latencies(), 0), open, "1000/s"), directory)).get("configuration");

        assertThat(configuration.get("rate").asText()).isEqualTo("1000/s");
        assertThat(configuration.get("ratePerSecond").asDouble()).isEqualTo(1000.0);
    }

    @Test
    void recordsLatenciesAndObjectives() throws IOException {
        JsonNode json = read(ResultWriter.write(failed(), directory));

        JsonNode latency = json.get("latencyNs");
        assertThat(latency.get("min").asLong()).isEqualTo(140_000);
        assertThat(latency.get("p50").asLong()).isEqualTo(140_031);
        assertThat(latency.get("p99").asLong()).isEqualTo(2_310_143);
        assertThat(latency.get("max").asLong()).isEqualTo(5_000_000);
        // (12,164 x 140 µs + 235 x 2.31 ms + 5 ms) / 12,400
        assertThat(latency.get("mean").asDouble()).isCloseTo(181_516.935, org.assertj.core.api.Assertions.within(0.001));

        JsonNode objectives = json.get("objectives");
        assertThat(objectives).hasSize(2);
        JsonNode p99 = objectives.get(0);
        assertThat(p99.get("name").asText()).isEqualTo("p99");
        assertThat(p99.get("limit").asDouble()).isEqualTo(1_500_000.0);
        assertThat(p99.get("actual").asDouble()).isEqualTo(2_310_143.0);
        assertThat(p99.get("unit").asText()).isEqualTo("ns");
        assertThat(p99.get("verdict").asText()).isEqualTo("FAIL");
        assertThat(p99.get("expectedText").asText()).isEqualTo("<= 1.5 ms");
        assertThat(p99.get("actualText").asText()).isEqualTo("2.31 ms");
        assertThat(p99.get("evidence").asText()).isEqualTo("1.9 % of 12,400 samples above 1.5 ms; at most 1 % allowed");
        assertThat(objectives.get(1).get("actual").isNull()).isTrue();
    }

    @Test
    void recordsTheEnvironment() throws IOException {
        JsonNode environment = read(ResultWriter.write(failed(), directory)).get("environment");

        assertThat(environment.get("jvmVendor").asText()).isEqualTo("Eclipse Adoptium");
        assertThat(environment.get("jvmVersion").asText()).isEqualTo("17.0.11+9");
        assertThat(environment.get("osArch").asText()).isEqualTo("amd64");
        assertThat(environment.get("cpuModel").asText()).isEqualTo("Example CPU @ 3.00GHz");
        assertThat(environment.get("cores").asInt()).isEqualTo(8);
    }

    @Test
    void histogramRoundTrips() throws IOException {
        JsonNode histogram = read(ResultWriter.write(failed(), directory)).get("histogram");

        assertThat(histogram.get("unit").asText()).isEqualTo("ns");
        Histogram decoded = ResultWriter.decode(histogram.get("data").asText());
        Histogram original = latencies();
        assertThat(decoded.getTotalCount()).isEqualTo(original.getTotalCount()).isEqualTo(12_400);
        assertThat(decoded.getMaxValue()).isEqualTo(original.getMaxValue());
        assertThat(decoded.getValueAtPercentile(99)).isEqualTo(original.getValueAtPercentile(99));
        assertThat(decoded).isEqualTo(original);
    }

    @Test
    void emptyMeasurementHasNullLatencies() throws IOException {
        TestResult result = result(Verdict.WARN, measurement(new Histogram(3), 3), CLOSED, null);

        JsonNode json = read(ResultWriter.write(result, directory));

        assertThat(json.get("samples").asLong()).isZero();
        assertThat(json.get("errors").asLong()).isEqualTo(3);
        assertThat(json.get("firstErrors").get(0).asText()).isEqualTo("java.lang.IllegalStateException: boom");
        for (String key : new String[] {"min", "p50", "p90", "p95", "p99", "p999", "max", "mean"}) {
            assertThat(json.get("latencyNs").get(key).isNull()).as(key).isTrue();
        }
        assertThat(ResultWriter.decode(json.get("histogram").get("data").asText()).getTotalCount()).isZero();
    }

    @Test
    void leavesNoTemporaryFileBehind() throws IOException {
        ResultWriter.write(failed(), directory);

        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files).containsExactly(directory.resolve("com.example.CacheTests.cacheHit.json"));
        }
    }

    @Test
    void overwritesAnEarlierResult() throws IOException {
        ResultWriter.write(failed(), directory);
        TestResult passed = result(Verdict.PASS, measurement(latencies(), 0), CLOSED, null);

        Path file = ResultWriter.write(passed, directory);

        assertThat(read(file).get("verdict").asText()).isEqualTo("WARN");
        assertThat(read(file).get("objectives").get(0).get("verdict").asText()).isEqualTo("PASS");
        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void createsTheFolder() throws IOException {
        Path nested = directory.resolve("target/perfgate/results");

        Path file = ResultWriter.write(failed(), nested);

        assertThat(file).exists().hasParent(nested);
    }

    @Test
    void reportModeNeverFailsTheTest() {
        TestResult failed = failed();
        TestResult reported = new TestResult(failed.testId(), failed.displayName(), failed.testName(),
                failed.fileName(), failed.className(), failed.methodName(), Mode.REPORT, failed.settings(),
                failed.configuration(), failed.measurement(), failed.judgement(), failed.timestamp(),
                failed.environment());

        assertThat(failed.failsTest()).isTrue();
        assertThat(reported.failsTest()).isFalse();
    }
}
