package dev.perfgate.report;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.regex.Pattern;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.perfgate.result.ResultWriter;

/**
 * The results of a run in JMH's JSON result format, what {@code -rf json} writes, so that tools made for JMH read
 * them: JMH Visualizer, github-action-benchmark ({@code tool: 'jmh'}), Bencher.
 *
 * <p>Every measured test is one benchmark in JMH's sample mode ({@code "mode" : "sample"}, like
 * {@code @BenchmarkMode(Mode.SampleTime)}): the score is the mean latency in {@code us/op}, the percentiles and
 * {@code rawDataHistogram} come from the test's latency histogram, as one fork of one iteration. Allocation and
 * garbage collection appear as the secondary metrics JMH's GC profiler writes ({@code ·gc.alloc.rate.norm} in
 * {@code B/op}, ...). Tests that measured nothing, scaling verdicts and unreadable files are left out.
 *
 * <p>{@code scoreError} is {@code "NaN"}, as JMH writes it when it has no error estimate: the textbook interval
 * JMH computes over individual samples ignores that successive latencies are correlated and is far too narrow,
 * and the block means behind perfgate's own intervals are not in the result file.
 *
 * <pre>{@code
 * String json = new ObjectMapper().writeValueAsString(JmhResultJson.render(results));
 * // [ { "benchmark" : "com.acme.CacheTests.cacheHit", "mode" : "sample", "primaryMetric" : { "score" : 181.5, ...
 * }</pre>
 */
public final class JmhResultJson {

    /** The unit of every score: microseconds per invocation, JMH's default for sample mode. */
    public static final String SCORE_UNIT = "us/op";

    /** JMH's percentile keys, as {@code String.valueOf(double)} writes them. */
    static final double[] PERCENTILES = {0.0, 50.0, 90.0, 95.0, 99.0, 99.9, 99.99, 99.999, 99.9999, 100.0};

    /** The secondary metric of the allocation per invocation, as JMH's GC profiler names it. */
    static final String ALLOCATION_PER_OPERATION = "·gc.alloc.rate.norm";

    private static final JsonNodeFactory NODES = new ObjectMapper().getNodeFactory();
    private static final String NAN = "NaN";
    private static final Pattern METHOD_INVOCATION = Pattern.compile("-invocation:#\\d+]$");
    private static final Pattern ANY_INVOCATION = Pattern.compile("-invocation:#\\d+]");

    private JmhResultJson() {
    }

    /** The JMH result array of every {@code perfgate-result} in {@code results} that measured something. */
    public static ArrayNode render(List<ResultFile> results) {
        requireNonNull(results, "results");
        ArrayNode array = NODES.arrayNode();
        for (ResultFile file : results) {
            JsonNode json = file.json();
            if (json != null && file.format().equals(ResultWriter.FORMAT) && json.path("samples").asLong(0) > 0
                    && json.path("latencyNs").path("mean").isNumber()) {
                array.add(benchmark(json));
            }
        }
        return array;
    }

    private static ObjectNode benchmark(JsonNode json) {
        JsonNode configuration = json.path("configuration");
        JsonNode environment = json.path("environment");
        ObjectNode node = NODES.objectNode();
        node.put("benchmark", json.path("className").asText() + "." + json.path("methodName").asText());
        node.put("mode", "sample");
        node.put("threads", configuration.path("threads").asInt(1));
        node.put("forks", 1);
        if (environment.isObject()) {
            node.put("jdkVersion", environment.path("jvmVersion").asText());
            node.put("vmName", environment.path("jvmName").asText());
        }
        long warmupNanos = configuration.path("warmupNs").asLong(0);
        node.put("warmupIterations", warmupNanos > 0 ? 1 : 0);
        node.put("warmupTime", timeValue(warmupNanos));
        node.put("warmupBatchSize", 1);
        long durationNanos = configuration.path("durationNs").asLong(0);
        node.put("measurementIterations", 1);
        node.put("measurementTime",
                timeValue(durationNanos > 0 ? durationNanos : json.path("measuredDurationNs").asLong(0)));
        node.put("measurementBatchSize", 1);
        ObjectNode params = params(json);
        if (params != null) {
            node.set("params", params);
        }
        node.set("primaryMetric", primaryMetric(json));
        node.set("secondaryMetrics", secondaryMetrics(json));
        return node;
    }

    /**
     * A parameterized or repeated test's invocation, as JMH's {@code @Param}: its display name
     * ({@code [2] millis=5}) for an invocation of the method, its test name for a test in an invocation of a
     * parameterized class. JMH writes param values as strings.
     */
    private static @Nullable ObjectNode params(JsonNode json) {
        String testId = json.path("testId").asText("");
        if (METHOD_INVOCATION.matcher(testId).find()) {
            ObjectNode params = NODES.objectNode();
            params.put("displayName", json.path("displayName").asText());
            return params;
        }
        if (ANY_INVOCATION.matcher(testId).find()) {
            ObjectNode params = NODES.objectNode();
            params.put("test", json.path("testName").asText());
            return params;
        }
        return null;
    }

    private static ObjectNode primaryMetric(JsonNode json) {
        JsonNode latency = json.path("latencyNs");
        @Nullable Histogram histogram = histogram(json);
        ObjectNode metric = NODES.objectNode();
        metric.put("score", micros(latency.path("mean").asDouble()));
        metric.put("scoreError", NAN);
        metric.set("scoreConfidence", NODES.arrayNode().add(NAN).add(NAN));
        ObjectNode percentiles = metric.putObject("scorePercentiles");
        long max = latency.path("max").asLong();
        for (double percentile : PERCENTILES) {
            double nanos = percentileNanos(latency, histogram, percentile, max);
            if (!Double.isNaN(nanos)) {
                percentiles.put(String.valueOf(percentile), micros(nanos));
            }
        }
        metric.put("scoreUnit", SCORE_UNIT);
        // Sample mode: forks, then iterations, then [value, count] pairs, as JMH writes its sample histogram. A bin
        // is named for the top of its bucket, which for the last one can lie above the exact maximum.
        ArrayNode bins = metric.putArray("rawDataHistogram").addArray().addArray();
        if (histogram != null) {
            for (HistogramIterationValue value : histogram.recordedValues()) {
                bins.addArray().add(micros(Math.min(value.getValueIteratedTo(), max)))
                        .add(value.getCountAtValueIteratedTo());
            }
        }
        return metric;
    }

    /**
     * The latency at {@code percentile} in nanoseconds: the exact minimum and maximum, the file's HdrHistogram
     * percentiles, and the finest ones from the histogram itself (NaN when it cannot be decoded).
     */
    private static double percentileNanos(JsonNode latency, @Nullable Histogram histogram, double percentile,
            long max) {
        String key = percentile == 0.0 ? "min" : percentile == 50.0 ? "p50" : percentile == 90.0 ? "p90"
                : percentile == 95.0 ? "p95" : percentile == 99.0 ? "p99" : percentile == 99.9 ? "p999"
                : percentile == 100.0 ? "max" : null;
        if (key != null && latency.path(key).isNumber()) {
            return latency.path(key).asDouble();
        }
        if (histogram == null) {
            return Double.NaN;
        }
        // The histogram reports the top of a value's bucket, which can lie above the exact maximum.
        return Math.min(histogram.getValueAtPercentile(percentile), max);
    }

    private static ObjectNode secondaryMetrics(JsonNode json) {
        ObjectNode metrics = NODES.objectNode();
        JsonNode perOperation = json.path("allocatedBytesPerOperation");
        if (perOperation.isNumber()) {
            double seconds = json.path("measuredDurationNs").asLong(0) / 1e9;
            if (seconds > 0 && json.path("allocatedBytes").isNumber()) {
                // JMH's MB are mebibytes: allocated / 1024 / 1024 per second.
                metrics.set("·gc.alloc.rate",
                        single(json.path("allocatedBytes").asDouble() / 1024 / 1024 / seconds, "MB/sec"));
            }
            metrics.set(ALLOCATION_PER_OPERATION, single(perOperation.asDouble(), "B/op"));
        }
        JsonNode gc = json.path("gc");
        long collections = gc.path("collections").asLong(0);
        if (collections > 0) {
            // JMH's GC profiler writes these only when there were collections.
            metrics.set("·gc.count", single(collections, "counts"));
            metrics.set("·gc.time", single(gc.path("pauseNs").asLong(0) / 1e6, "ms"));
        }
        return metrics;
    }

    /** A metric of one value, as JMH writes a secondary result of one iteration. */
    private static ObjectNode single(double score, String unit) {
        ObjectNode metric = NODES.objectNode();
        metric.put("score", score);
        metric.put("scoreError", NAN);
        metric.set("scoreConfidence", NODES.arrayNode().add(NAN).add(NAN));
        ObjectNode percentiles = metric.putObject("scorePercentiles");
        for (double percentile : PERCENTILES) {
            percentiles.put(String.valueOf(percentile), score);
        }
        metric.put("scoreUnit", unit);
        metric.putArray("rawData").addArray().add(score);
        return metric;
    }

    private static @Nullable Histogram histogram(JsonNode json) {
        JsonNode data = json.path("histogram").path("data");
        if (!data.isTextual()) {
            return null;
        }
        try {
            return ResultWriter.decode(data.asText());
        }
        catch (RuntimeException e) {
            return null; // not a histogram (a damaged file): the percentiles in latencyNs are still there; only the finest ones and the bins are lost
        }
    }

    private static double micros(double nanos) {
        return nanos / 1e3;
    }

    /** A duration as JMH's {@code TimeValue} prints it: {@code 500 ms}, {@code 2 s}, in the largest exact unit. */
    static String timeValue(long nanos) {
        String[] units = {"s", "ms", "us"};
        long[] sizes = {1_000_000_000L, 1_000_000L, 1_000L};
        for (int i = 0; i < units.length; i++) {
            if (nanos != 0 && nanos % sizes[i] == 0) {
                return nanos / sizes[i] + " " + units[i];
            }
        }
        return nanos + " ns";
    }
}
