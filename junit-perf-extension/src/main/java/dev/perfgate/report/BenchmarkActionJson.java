package dev.perfgate.report;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.perfgate.result.ResultWriter;
import dev.perfgate.verdict.Units;

/**
 * The results of a run for github-action-benchmark's {@code tool: 'customSmallerIsBetter'}: an array of
 * {@code {"name", "unit", "value", "extra"}}, two entries per measured test, its median and its p99 in
 * nanoseconds. The names ({@code CacheTests.cacheHit() p50}) are the test's name, which stays the same from run
 * to run, so the action charts each one over the commits; when tests of two packages share a name, the package is
 * put in front of it ({@code com.acme.CacheTests.cacheHit() p50}).
 *
 * <pre>{@code
 * Files.writeString(Path.of("target/perfgate/benchmark-action.json"),
 *         new ObjectMapper().writeValueAsString(BenchmarkActionJson.render(results)));
 * // [ { "name" : "CacheTests.cacheHit() p50", "unit" : "ns", "value" : 140031, "extra" : "..." }, ...
 * }</pre>
 */
public final class BenchmarkActionJson {

    /** The unit of every value: latencies are kept in whole nanoseconds. */
    public static final String UNIT = "ns";

    private static final JsonNodeFactory NODES = new ObjectMapper().getNodeFactory();

    private BenchmarkActionJson() {
    }

    /**
     * The entries of every {@code perfgate-result} in {@code results} that measured something, in the order of
     * {@code results}; scaling verdicts and unreadable files have none.
     */
    public static ArrayNode render(List<ResultFile> results) {
        requireNonNull(results, "results");
        List<JsonNode> measured = new ArrayList<>();
        for (ResultFile file : results) {
            JsonNode json = file.json();
            if (json != null && file.format().equals(ResultWriter.FORMAT) && json.path("samples").asLong(0) > 0) {
                measured.add(json);
            }
        }
        Map<String, Long> names = measured.stream()
                .collect(Collectors.groupingBy(BenchmarkActionJson::testName, Collectors.counting()));
        ArrayNode array = NODES.arrayNode();
        for (JsonNode json : measured) {
            JsonNode latency = json.path("latencyNs");
            String name = testName(json);
            if (names.get(name) > 1) {
                // Test names use simple class names: tests of two packages can share one, their packages cannot.
                name = packageName(json) + name;
            }
            String extra = extra(json);
            for (String percentile : List.of("p50", "p99")) {
                if (latency.path(percentile).isNumber()) {
                    ObjectNode entry = array.addObject();
                    entry.put("name", name + " " + percentile);
                    entry.put("unit", UNIT);
                    entry.put("value", latency.path(percentile).asLong());
                    entry.put("extra", extra);
                }
            }
        }
        return array;
    }

    private static String testName(JsonNode json) {
        String name = json.path("testName").asText("");
        return name.isEmpty() ? json.path("testId").asText("") : name;
    }

    /** {@code com.acme.} for {@code com.acme.CacheTests}; empty in the unnamed package. */
    private static String packageName(JsonNode json) {
        String className = json.path("className").asText("");
        return className.substring(0, className.lastIndexOf('.') + 1);
    }

    /** What the action shows next to a value: the verdict and what it rests on, every number with its unit. */
    private static String extra(JsonNode json) {
        StringBuilder extra = new StringBuilder("verdict: ").append(json.path("verdict").asText("n/a"))
                .append("\nsamples: ").append(Units.count(json.path("samples").asLong()));
        long errors = json.path("errors").asLong(0);
        if (errors > 0) {
            extra.append("\nerrors: ").append(Units.count(errors));
        }
        JsonNode mean = json.path("latencyNs").path("mean");
        if (mean.isNumber()) {
            extra.append("\nmean: ").append(Units.duration(mean.asDouble()));
        }
        extra.append("\nthreads: ").append(json.path("configuration").path("threads").asInt(1));
        return extra.toString();
    }
}
