package dev.perfgate.report;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.HdrHistogram.Histogram;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.perfgate.Severity;
import dev.perfgate.config.Mode;
import dev.perfgate.config.PerfgateConfiguration;
import dev.perfgate.config.TestSettings;
import dev.perfgate.measure.Measurement;
import dev.perfgate.measure.MeasurementPlan;
import dev.perfgate.result.Environment;
import dev.perfgate.result.ResultWriter;
import dev.perfgate.result.TestResult;
import dev.perfgate.verdict.Judgement;
import dev.perfgate.verdict.Objective;
import dev.perfgate.verdict.ObjectiveResult;
import dev.perfgate.verdict.Verdict;

/** Result files for the report tests: real {@code perfgate-result} trees, changed where a test needs it. */
final class ReportFixtures {

    static final ObjectMapper JSON = new ObjectMapper();

    private static final Environment ENVIRONMENT =
            new Environment("Eclipse Adoptium", "17.0.11+9", "OpenJDK 64-Bit Server VM", "Linux", "6.1.0", "amd64",
                    "Example CPU @ 3.00GHz", 8);
    private static final PerfgateConfiguration CONFIGURATION = new PerfgateConfiguration(Mode.ENFORCE, 1.5, 0.001, 1,
            500_000_000L, 2_000_000_000L, 4, 30_000_000_000L, Path.of("target/perfgate/results"));
    private static final MeasurementPlan PLAN =
            new MeasurementPlan(500_000_000L, 2_000_000_000L, 0, 4, null, 30_000_000_000L, 1_000, 0);

    private ReportFixtures() {
    }

    /**
     * {@code CacheTests.cacheHit()}: 12,164 invocations of 140 µs, 235 of 2.31 ms and one of 5 ms, 4 threads;
     * p99 (limit 1.5 ms) and errorRate judged with {@code p99Verdict}.
     */
    static ObjectNode result(Verdict p99Verdict) {
        Histogram latencies = new Histogram(3);
        latencies.recordValueWithCount(140_000, 12_164);
        latencies.recordValueWithCount(2_310_000, 235);
        latencies.recordValue(5_000_000);
        Measurement measurement = new Measurement(latencies, 0, List.of(), 1_720_000_000L,
                12_164 * 140_000L + 235 * 2_310_000L + 5_000_000L, 140_000, 5_000_000,
                new Measurement.Blocks(50_000_000L, new long[34], new long[34]), 4, 0, 0, 12_345);
        ObjectiveResult p99 = new ObjectiveResult("p99", "<= 1.5 ms", "2.31 ms", 1_500_000, 2_310_143, "ns",
                p99Verdict, "1.9 % of 12,400 samples above 1.5 ms; at most 1 % allowed");
        ObjectiveResult errorRate = new ObjectiveResult("errorRate", "<= 0 %", "0 %", 0, 0, "fraction",
                Verdict.PASS, "0 errors in 12,400 invocations");
        TestSettings settings = new TestSettings(
                List.of(new Objective.Percentile("p99", 0.99, 1_500_000), new Objective.ErrorRate(0)),
                Severity.FAIL, PLAN, null);
        TestResult result = new TestResult(
                "[engine:junit-jupiter]/[class:com.example.CacheTests]/[method:cacheHit()]", "cacheHit()",
                "CacheTests.cacheHit()", "com.example.CacheTests.cacheHit()", "com.example.CacheTests", "cacheHit",
                Mode.ENFORCE, settings, CONFIGURATION, measurement, new Judgement(List.of(p99, errorRate), 1),
                Instant.parse("2024-05-01T12:00:00Z"), ENVIRONMENT);
        return ResultWriter.toJson(result);
    }

    /** {@link #result(Verdict)} renamed to {@code <className>.<methodName>()}. */
    static ObjectNode result(String className, String methodName, Verdict verdict) {
        ObjectNode json = result(verdict);
        String simpleName = className.substring(className.lastIndexOf('.') + 1);
        json.put("testId", "[engine:junit-jupiter]/[class:" + className + "]/[method:" + methodName + "()]");
        json.put("displayName", methodName + "()");
        json.put("testName", simpleName + "." + methodName + "()");
        json.put("className", className);
        json.put("methodName", methodName);
        return json;
    }

    static ResultFile file(ObjectNode json) {
        return new ResultFile(Path.of("target/perfgate/results/" + json.path("className").asText() + "."
                + json.path("methodName").asText() + "().json"), json, null);
    }

    static ResultFile broken(String name, String error) {
        return new ResultFile(Path.of("target/perfgate/results/" + name), null, error);
    }

    /** A {@code perfgate-scaling} verdict of {@code ScalingTests.lookup(int, Bench)}. */
    static ObjectNode scaling(String verdict, String expect, String expectNotation, String best,
            String bestNotation) {
        ObjectNode json = JSON.createObjectNode();
        json.put("format", "perfgate-scaling");
        json.put("formatVersion", 1);
        json.put("testId", "[engine:junit-jupiter]/[class:com.example.ScalingTests]/[test-template:lookup(int)]");
        json.put("testName", "ScalingTests.lookup(int, Bench) scaling");
        json.put("className", "com.example.ScalingTests");
        json.put("methodName", "lookup");
        json.put("timestamp", "2024-05-01T12:00:00Z");
        json.put("verdict", verdict);
        json.put("failsTest", verdict.equals("FAIL"));
        json.put("expect", expect);
        json.put("expectNotation", expectNotation);
        json.put("best", best);
        json.put("bestNotation", bestNotation);
        json.put("evidence", "fits compared");
        for (long size : new long[] {100, 1_000, 10_000, 100_000}) {
            ObjectNode entry = json.withArray("sizes").addObject();
            entry.put("size", size);
            entry.put("samples", 1_000);
            entry.put("p50Ns", 15 * size);
            entry.put("p99Ns", 30 * size);
        }
        return json;
    }

    static ResultFile scalingFile(ObjectNode json) {
        return new ResultFile(Path.of("target/perfgate/results/com.example.ScalingTests.lookup(int,Bench)[scaling].json"),
                json, null);
    }
}
