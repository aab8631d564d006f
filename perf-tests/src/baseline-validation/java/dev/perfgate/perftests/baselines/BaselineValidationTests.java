package dev.perfgate.perftests.baselines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.perfgate.Baseline;
import dev.perfgate.Measure;
import dev.perfgate.baseline.Calibration;

/**
 * How often the baseline check is right, with real measurements: 20 trials of each scenario, every trial a save
 * and a compare run of the same fixture, in this JVM. In every other trial a second process keeps the other core
 * busy during both runs. Writes {@code target/perfgate/baseline-validation.md}.
 */
class BaselineValidationTests {

    private static final int TRIALS = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private final StringBuilder report = new StringBuilder();

    @BeforeAll
    static void warm() {
        Calibration.measureNanos(); // see BaselineExtensionTests: the JVM's first calibration runs beside the JIT
    }

    @Test
    void errorRatesOfTheBaselineCheck() throws Exception {
        report.append("| scenario | trials | FAIL | WARN | PASS | median change | compare run | plain run |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        Outcome aa = scenario("A/A: unchanged code", 1.0, 1.0, 1.0);
        Outcome five = scenario("5 % slower, maxRegression 10 %", 1.05, 1.0, 1.0);
        Outcome quarter = scenario("25 % slower, maxRegression 10 %", 1.25, 1.0, 1.0);
        Outcome slowerMachine = scenario("unchanged code, baseline from a machine 30 % slower", 1.0, 1.3, 1.3);
        Outcome slowCalibration = scenario("unchanged code, baseline's calibration alone 30 % slower", 1.0, 1.0, 1.3);

        Path out = Path.of("target", "perfgate", "baseline-validation.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report.toString());
        System.out.println(report);

        assertThat(aa.fail).as("A/A FAILs").isZero();
        assertThat(five.fail).as("FAILs on a 5 % slowdown").isZero();
        assertThat(quarter.fail).as("FAILs on a 25 % slowdown").isGreaterThanOrEqualTo(19);
        assertThat(slowerMachine.fail).as("FAILs against a slower machine's baseline").isZero();
        assertThat(slowCalibration.fail).as("FAILs against a baseline whose calibration alone was slower").isZero();
    }

    /**
     * @param factor             how much longer the fixture's work is in the compare run
     * @param baselineLatencies  factor applied to the saved latencies (a slower machine at save time)
     * @param baselineCalibration factor applied to the saved calibration time
     */
    private Outcome scenario(String name, double factor, double baselineLatencies, double baselineCalibration)
            throws Exception {
        Outcome outcome = new Outcome();
        List<Double> changes = new ArrayList<>();
        long compareNanos = 0;
        long plainNanos = 0;
        for (int trial = 0; trial < TRIALS; trial++) {
            Path baselines = work.resolve(name.replaceAll("[^a-z0-9]", "") + trial);
            Process load = trial % 2 == 1 ? new ProcessBuilder("sh", "-c", "while :; do :; done").start() : null;
            try {
                WorkTestCase.factor = 1.0;
                run(baselines, "perfgate.baseline.save", "before");
                slowDown(baselines.resolve("before").resolve(WorkTestCase.class.getName() + ".json"),
                        baselineLatencies, baselineCalibration);
                WorkTestCase.factor = factor;
                long start = System.nanoTime();
                EngineExecutionResults compared = run(baselines, "perfgate.baseline.compare", "before");
                compareNanos += System.nanoTime() - start;
                JsonNode regression = regression(baselines);
                start = System.nanoTime();
                run(baselines);
                plainNanos += System.nanoTime() - start;
                String verdict = regression.get("verdict").asText();
                if (!compared.testEvents().failed().list().isEmpty()) {
                    outcome.fail++;
                    assertThat(verdict).isEqualTo("FAIL");
                }
                else if (verdict.equals("WARN")) {
                    outcome.warn++;
                }
                else {
                    outcome.pass++;
                }
                if (regression.get("actual").isNumber()) {
                    changes.add(regression.get("actual").asDouble());
                }
            }
            finally {
                if (load != null) {
                    load.destroyForcibly().waitFor();
                }
            }
        }
        changes.sort(null);
        double median = changes.isEmpty() ? Double.NaN : changes.get(changes.size() / 2);
        report.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %+.1f %% | %.2f s | %.2f s |%n", name,
                TRIALS, outcome.fail, outcome.warn, outcome.pass, median * 100, compareNanos / 1e9 / TRIALS,
                plainNanos / 1e9 / TRIALS));
        return outcome;
    }

    private EngineExecutionResults run(Path baselines, String... keyValues) {
        var request = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(WorkTestCase.class))
                .configurationParameter("perfgate.results.dir", baselines.resolve("results").toString())
                .configurationParameter("perfgate.baseline.dir", baselines.toString());
        for (int i = 0; i < keyValues.length; i += 2) {
            request = request.configurationParameter(keyValues[i], keyValues[i + 1]);
        }
        EngineExecutionResults results = request.execute();
        results.testEvents().failed().stream()
                .map(event -> event.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow())
                .filter(failure -> !(failure instanceof AssertionError))
                .forEach(failure -> {
                    throw new IllegalStateException("the fixture broke: " + failure, failure);
                });
        return results;
    }

    private static JsonNode regression(Path baselines) throws IOException {
        Path result = baselines.resolve("results").resolve(WorkTestCase.class.getName() + ".work().json");
        for (JsonNode objective : JSON.readTree(result.toFile()).get("objectives")) {
            if (objective.get("name").asText().equals("regression")) {
                return objective;
            }
        }
        throw new AssertionError("no regression objective in " + result);
    }

    /** Rewrites a saved baseline as if its latencies and its calibration had been measured that much slower. */
    private static void slowDown(Path file, double latencies, double calibration) throws IOException {
        if (latencies == 1.0 && calibration == 1.0) {
            return;
        }
        JsonNode json = JSON.readTree(file.toFile());
        for (JsonNode entry : json.get("tests")) {
            ObjectNode test = (ObjectNode) entry;
            for (String key : List.of("p50Ns", "p99Ns")) {
                test.put(key, Math.round(test.get(key).asLong() * latencies));
            }
            test.put("calibrationNs", Math.round(test.get("calibrationNs").asLong() * calibration));
            ArrayNode medians = (ArrayNode) test.get("blockMediansNs");
            for (int i = 0; i < medians.size(); i++) {
                medians.set(i, JSON.getNodeFactory().numberNode(Math.round(medians.get(i).asLong() * latencies)));
            }
        }
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), json);
    }

    private static final class Outcome {
        int fail;
        int warn;
        int pass;
    }

    /** About 50 µs of arithmetic, times {@link #factor}. */
    static class WorkTestCase {
        static volatile double factor = 1.0;
        static volatile long sink;

        @Test
        @Baseline(maxRegression = 10)
        @Measure(warmup = "200ms", duration = "500ms")
        void work() {
            long x = 0x9E3779B97F4A7C15L;
            int rounds = (int) (25_000 * factor);
            for (int i = 0; i < rounds; i++) {
                x ^= x << 13;
                x ^= x >>> 7;
                x ^= x << 17;
            }
            sink += x;
        }
    }
}
