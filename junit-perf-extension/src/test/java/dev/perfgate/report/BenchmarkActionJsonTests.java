package dev.perfgate.report;

import static dev.perfgate.report.ReportFixtures.broken;
import static dev.perfgate.report.ReportFixtures.file;
import static dev.perfgate.report.ReportFixtures.result;
import static dev.perfgate.report.ReportFixtures.scaling;
import static dev.perfgate.report.ReportFixtures.scalingFile;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.perfgate.verdict.Verdict;

class BenchmarkActionJsonTests {

    private static List<String> names(ArrayNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(entry -> names.add(entry.get("name").asText()));
        return names;
    }

    @Test
    void writesTheMedianAndP99OfEveryTestInNanoseconds() {
        ArrayNode array = BenchmarkActionJson.render(List.of(file(result(Verdict.FAIL))));

        assertThat(array).hasSize(2);
        JsonNode p50 = array.get(0);
        assertThat(p50.get("name").asText()).isEqualTo("CacheTests.cacheHit() p50");
        assertThat(p50.get("unit").asText()).isEqualTo("ns");
        assertThat(p50.get("value").isNumber()).isTrue();
        assertThat(p50.get("value").asLong()).isEqualTo(140_031);
        assertThat(p50.get("extra").asText())
                .isEqualTo("verdict: FAIL\nsamples: 12,400\nmean: 182 µs\nthreads: 4");
        assertThat(p50.has("range")).isFalse();
        JsonNode p99 = array.get(1);
        assertThat(p99.get("name").asText()).isEqualTo("CacheTests.cacheHit() p99");
        assertThat(p99.get("value").asLong()).isEqualTo(2_310_143);
        assertThat(p99.get("unit").asText()).isEqualTo("ns");
    }

    @Test
    void usesOnlyTheFieldsTheActionReads() {
        JsonNode entry = BenchmarkActionJson.render(List.of(file(result(Verdict.PASS)))).get(0);

        List<String> keys = new ArrayList<>();
        entry.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).isSubsetOf("name", "unit", "value", "range", "extra");
    }

    @Test
    void namesAreUniqueAndTheSameFromRunToRun() {
        List<ResultFile> results = List.of(file(result("com.example.ATests", "a", Verdict.PASS)),
                file(result("com.example.BTests", "b", Verdict.PASS)));

        List<String> names = names(BenchmarkActionJson.render(results));

        assertThat(names).containsExactly("ATests.a() p50", "ATests.a() p99", "BTests.b() p50", "BTests.b() p99");
        assertThat(names(BenchmarkActionJson.render(results))).isEqualTo(names);
    }

    @Test
    void qualifiesTestsOfTwoPackagesThatShareAName() {
        List<String> names = names(BenchmarkActionJson.render(List.of(
                file(result("com.example.CacheTests", "hit", Verdict.PASS)),
                file(result("org.other.CacheTests", "hit", Verdict.PASS)),
                file(result("com.example.ATests", "a", Verdict.PASS)))));

        assertThat(names).containsExactly("com.example.CacheTests.hit() p50", "com.example.CacheTests.hit() p99",
                "org.other.CacheTests.hit() p50", "org.other.CacheTests.hit() p99", "ATests.a() p50",
                "ATests.a() p99");
    }

    @Test
    void countsErrorsInTheExtra() {
        ObjectNode json = result(Verdict.FAIL);
        json.put("errors", 1_200);

        assertThat(BenchmarkActionJson.render(List.of(file(json))).get(0).get("extra").asText())
                .isEqualTo("verdict: FAIL\nsamples: 12,400\nerrors: 1,200\nmean: 182 µs\nthreads: 4");
    }

    @Test
    void leavesOutWhatMeasuredNothingScalingVerdictsAndUnreadableFiles() {
        ObjectNode nothing = result("com.example.EmptyTests", "nothing", Verdict.WARN);
        nothing.put("samples", 0);
        List.of("min", "p50", "p90", "p95", "p99", "p999", "max", "mean")
                .forEach(((ObjectNode) nothing.get("latencyNs"))::putNull);

        ArrayNode array = BenchmarkActionJson.render(List.of(file(nothing), broken("x.json", "not a JSON object"),
                scalingFile(scaling("PASS", "N", "O(N)", "N", "O(N)"))));

        assertThat(array).isEmpty();
    }
}
