package dev.perfgate.report;

import static dev.perfgate.report.ReportFixtures.JSON;
import static dev.perfgate.report.ReportFixtures.broken;
import static dev.perfgate.report.ReportFixtures.file;
import static dev.perfgate.report.ReportFixtures.result;
import static dev.perfgate.report.ReportFixtures.scaling;
import static dev.perfgate.report.ReportFixtures.scalingFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.perfgate.verdict.Verdict;

class JmhResultJsonTests {

    /** (12,164 x 140 µs + 235 x 2.31 ms + 5 ms) / 12,400, in µs. */
    private static final double MEAN_MICROS = 181.516935;

    private static JsonNode only(ObjectNode json) {
        ArrayNode array = JmhResultJson.render(List.of(file(json)));
        assertThat(array).hasSize(1);
        return array.get(0);
    }

    @Test
    void writesTheRunSetupAsJmhDoes() {
        JsonNode benchmark = only(result(Verdict.PASS));

        assertThat(benchmark.get("benchmark").asText()).isEqualTo("com.example.CacheTests.cacheHit");
        assertThat(benchmark.get("mode").asText()).isEqualTo("sample");
        assertThat(benchmark.get("threads").asInt()).isEqualTo(4);
        assertThat(benchmark.get("forks").asInt()).isEqualTo(1);
        assertThat(benchmark.get("jdkVersion").asText()).isEqualTo("17.0.11+9");
        assertThat(benchmark.get("vmName").asText()).isEqualTo("OpenJDK 64-Bit Server VM");
        assertThat(benchmark.get("warmupIterations").asInt()).isEqualTo(1);
        assertThat(benchmark.get("warmupTime").asText()).isEqualTo("500 ms");
        assertThat(benchmark.get("warmupBatchSize").asInt()).isEqualTo(1);
        assertThat(benchmark.get("measurementIterations").asInt()).isEqualTo(1);
        assertThat(benchmark.get("measurementTime").asText()).isEqualTo("2 s");
        assertThat(benchmark.get("measurementBatchSize").asInt()).isEqualTo(1);
        assertThat(benchmark.has("params")).isFalse();
        assertThat(benchmark.has("jmhVersion")).isFalse();
    }

    @Test
    void scoresTheMeanLatencyInMicrosecondsPerOperationWithoutAnErrorEstimate() {
        JsonNode metric = only(result(Verdict.PASS)).get("primaryMetric");

        assertThat(metric.get("score").asDouble()).isCloseTo(MEAN_MICROS, within(1e-6));
        assertThat(metric.get("scoreUnit").asText()).isEqualTo("us/op");
        // JMH writes a missing error as the string "NaN": JSON has no NaN.
        assertThat(metric.get("scoreError").isTextual()).isTrue();
        assertThat(metric.get("scoreError").asText()).isEqualTo("NaN");
        assertThat(metric.get("scoreConfidence")).hasSize(2)
                .allSatisfy(bound -> assertThat(bound.asText()).isEqualTo("NaN"));
    }

    @Test
    void writesJmhsPercentilesInMicroseconds() {
        JsonNode percentiles = only(result(Verdict.PASS)).get("primaryMetric").get("scorePercentiles");

        List<String> keys = new ArrayList<>();
        percentiles.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("0.0", "50.0", "90.0", "95.0", "99.0", "99.9", "99.99", "99.999",
                "99.9999", "100.0");
        assertThat(percentiles.get("0.0").asDouble()).isEqualTo(140.0); // the exact minimum
        assertThat(percentiles.get("50.0").asDouble()).isEqualTo(140.031); // HdrHistogram, 3 significant digits
        assertThat(percentiles.get("99.0").asDouble()).isEqualTo(2310.143);
        assertThat(percentiles.get("99.999").asDouble()).isEqualTo(5000.0); // never above the exact maximum
        assertThat(percentiles.get("100.0").asDouble()).isEqualTo(5000.0);
    }

    @Test
    void writesTheLatencyHistogramAsOneIterationOfOneFork() {
        JsonNode histogram = only(result(Verdict.PASS)).get("primaryMetric").get("rawDataHistogram");

        assertThat(histogram).hasSize(1); // forks
        assertThat(histogram.get(0)).hasSize(1); // iterations
        JsonNode bins = histogram.get(0).get(0);
        assertThat(bins).hasSize(3);
        assertThat(bins.get(0).get(0).asDouble()).isEqualTo(140.031);
        assertThat(bins.get(0).get(1).asLong()).isEqualTo(12_164);
        assertThat(bins.get(1).get(0).asDouble()).isEqualTo(2310.143);
        assertThat(bins.get(1).get(1).asLong()).isEqualTo(235);
        assertThat(bins.get(2).get(0).asDouble()).isEqualTo(5000.0);
        assertThat(bins.get(2).get(1).asLong()).isEqualTo(1);
        assertThat(only(result(Verdict.PASS)).get("primaryMetric").has("rawData")).isFalse();
    }

    @Test
    void keepsThePercentilesOfTheFileWhenItsHistogramIsDamaged() {
        ObjectNode json = result(Verdict.PASS);
        ((ObjectNode) json.get("histogram")).put("data", "not a histogram");

        JsonNode metric = only(json).get("primaryMetric");

        List<String> keys = new ArrayList<>();
        metric.get("scorePercentiles").fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("0.0", "50.0", "90.0", "95.0", "99.0", "99.9", "100.0");
        assertThat(metric.get("rawDataHistogram").get(0).get(0)).isEmpty();
    }

    @Test
    void writesAllocationAndGarbageCollectionAsJmhsGcProfilerDoes() {
        ObjectNode json = result(Verdict.PASS);
        json.put("allocatedBytes", 1_044_736_000L);
        json.put("allocatedBytesPerOperation", 84.25);
        ((ObjectNode) json.get("gc")).put("collections", 3).put("pauseNs", 12_500_000L);

        JsonNode secondary = only(json).get("secondaryMetrics");

        JsonNode norm = secondary.get("·gc.alloc.rate.norm");
        assertThat(norm.get("score").asDouble()).isEqualTo(84.25);
        assertThat(norm.get("scoreUnit").asText()).isEqualTo("B/op");
        assertThat(norm.get("scoreError").asText()).isEqualTo("NaN");
        assertThat(norm.get("rawData").get(0).get(0).asDouble()).isEqualTo(84.25);
        JsonNode rate = secondary.get("·gc.alloc.rate");
        // 996.3 MiB in 1.72 s
        assertThat(rate.get("score").asDouble()).isCloseTo(1_044_736_000 / 1024.0 / 1024 / 1.72, within(1e-9));
        assertThat(rate.get("scoreUnit").asText()).isEqualTo("MB/sec");
        assertThat(secondary.get("·gc.count").get("score").asDouble()).isEqualTo(3);
        assertThat(secondary.get("·gc.count").get("scoreUnit").asText()).isEqualTo("counts");
        assertThat(secondary.get("·gc.time").get("score").asDouble()).isEqualTo(12.5);
        assertThat(secondary.get("·gc.time").get("scoreUnit").asText()).isEqualTo("ms");
    }

    @Test
    void writesNoSecondaryMetricsTheJvmCouldNotMeasure() {
        assertThat(only(result(Verdict.PASS)).get("secondaryMetrics").isObject()).isTrue();
        assertThat(only(result(Verdict.PASS)).get("secondaryMetrics")).isEmpty();
    }

    @Test
    void namesTheInvocationOfAParameterizedTestInParams() {
        ObjectNode json = result(Verdict.PASS);
        json.put("testId", "[engine:junit-jupiter]/[class:com.example.CacheTests]/[test-template:cacheHit(int)]"
                + "/[test-template-invocation:#2]");
        json.put("displayName", "[2] size=5");

        JsonNode params = only(json).get("params");

        assertThat(params.size()).isEqualTo(1);
        assertThat(params.get("displayName").asText()).isEqualTo("[2] size=5");
    }

    @Test
    void namesATestOfAParameterizedClassInParams() {
        ObjectNode json = result(Verdict.PASS);
        json.put("testId", "[engine:junit-jupiter]/[class-template:com.example.CacheTests]"
                + "/[class-template-invocation:#3]/[method:cacheHit()]");
        json.put("testName", "CacheTests[3].cacheHit()");

        assertThat(only(json).get("params").get("test").asText()).isEqualTo("CacheTests[3].cacheHit()");
    }

    @Test
    void leavesOutWhatMeasuredNothingScalingVerdictsAndUnreadableFiles() {
        ObjectNode nothing = result("com.example.EmptyTests", "nothing", Verdict.WARN);
        nothing.put("samples", 0);
        ObjectNode latency = (ObjectNode) nothing.get("latencyNs");
        List.of("min", "p50", "p90", "p95", "p99", "p999", "max", "mean").forEach(latency::putNull);

        ArrayNode array = JmhResultJson.render(List.of(file(nothing), broken("x.json", "not a JSON object"),
                scalingFile(scaling("PASS", "N", "O(N)", "N", "O(N)")), file(result(Verdict.FAIL))));

        assertThat(array).hasSize(1);
        assertThat(array.get(0).get("benchmark").asText()).isEqualTo("com.example.CacheTests.cacheHit");
    }

    @Test
    void isValidJsonOnceWritten() throws JsonProcessingException {
        String text = JSON.writeValueAsString(JmhResultJson.render(List.of(file(result(Verdict.PASS)))));

        assertThat(text).doesNotContain(":NaN").contains("\"scoreError\":\"NaN\"");
        assertThat(JSON.readTree(text).get(0).get("primaryMetric").get("scoreUnit").asText()).isEqualTo("us/op");
    }

    @Test
    void printsDurationsAsJmhsTimeValue() {
        assertThat(JmhResultJson.timeValue(2_000_000_000L)).isEqualTo("2 s");
        assertThat(JmhResultJson.timeValue(500_000_000L)).isEqualTo("500 ms");
        assertThat(JmhResultJson.timeValue(250_000L)).isEqualTo("250 us");
        assertThat(JmhResultJson.timeValue(1_720_000_001L)).isEqualTo("1720000001 ns");
        assertThat(JmhResultJson.timeValue(0)).isEqualTo("0 ns");
    }
}
