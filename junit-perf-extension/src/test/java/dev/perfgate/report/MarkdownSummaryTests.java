package dev.perfgate.report;

import static dev.perfgate.report.ReportFixtures.JSON;
import static dev.perfgate.report.ReportFixtures.broken;
import static dev.perfgate.report.ReportFixtures.file;
import static dev.perfgate.report.ReportFixtures.result;
import static dev.perfgate.report.ReportFixtures.scaling;
import static dev.perfgate.report.ReportFixtures.scalingFile;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.perfgate.verdict.Verdict;

class MarkdownSummaryTests {

    private static final Instant GENERATED = Instant.parse("2024-05-01T12:30:00Z");
    private static final String P99_EVIDENCE = "(1.9 % of 12,400 samples above 1.5 ms; at most 1 % allowed)";

    private static String render(List<ResultFile> results) {
        return MarkdownSummary.render(results, null, GENERATED);
    }

    private static String section(String text, String start, String end) {
        int from = text.indexOf(start);
        assertThat(from).as("section [%s]", start).isNotNegative();
        int to = text.indexOf(end, from + start.length());
        return text.substring(from, to < 0 ? text.length() : to);
    }

    @Test
    void headlineCountsEveryVerdictWorstFirst() {
        String text = render(List.of(file(result("com.example.ATests", "a", Verdict.PASS)),
                file(result("com.example.BTests", "b", Verdict.WARN)),
                file(result("com.example.CTests", "c", Verdict.FAIL)),
                file(result("com.example.DTests", "d", Verdict.PASS)),
                scalingFile(scaling("FAIL", "LOG_N", "O(log N)", "N", "O(N)"))));

        assertThat(text).startsWith("## perfgate: **2 FAIL**, 1 WARN, 2 PASS\n\n"
                + "4 measured tests, 1 scaling verdict; generated 2024-05-01T12:30:00Z\n");
    }

    @Test
    void headlineLeavesOutVerdictsNobodyHad() {
        String text = render(List.of(file(result("com.example.ATests", "a", Verdict.PASS))));

        assertThat(text).startsWith("## perfgate: 1 PASS\n\n1 measured test; generated 2024-05-01T12:30:00Z\n");
        assertThat(text).doesNotContain("Failing and warning tests");
    }

    @Test
    void withoutResultsSaysSo() {
        assertThat(render(List.of())).isEqualTo(
                "## perfgate: no results\n\n0 measured tests; generated 2024-05-01T12:30:00Z\n");
    }

    @Test
    void listsFailingTestsBeforeWarningTestsWithTheObjectivesThatDidNotPass() {
        String text = render(List.of(file(result("com.example.ATests", "warns", Verdict.WARN)),
                file(result("com.example.BTests", "passes", Verdict.PASS)),
                file(result("com.example.CTests", "fails", Verdict.FAIL))));

        assertThat(section(text, "### Failing and warning tests", "<details>")).isEqualTo(
                "### Failing and warning tests\n\n"
                        + "| test | verdict | objectives |\n"
                        + "|---|---|---|\n"
                        + "| CTests.fails() | FAIL | p99 FAIL: 2.31 ms, expected <= 1.5 ms " + P99_EVIDENCE + " |\n"
                        + "| ATests.warns() | WARN | p99 WARN: 2.31 ms, expected <= 1.5 ms " + P99_EVIDENCE + " |\n"
                        + "\n");
    }

    @Test
    void listsEveryTestCollapsedInTheOrderOfTheFilesWithUnits() {
        String text = render(List.of(file(result("com.example.ATests", "warns", Verdict.WARN)),
                file(result("com.example.BTests", "passes", Verdict.PASS))));

        assertThat(section(text, "<details>", "### ")).isEqualTo(
                "<details>\n<summary>All 2 measured tests</summary>\n\n"
                        + "| test | verdict | samples | p50 | p99 | mean | throughput |\n"
                        + "|---|---|---:|---:|---:|---:|---:|\n"
                        + "| ATests.warns() | WARN | 12,400 | 140 µs | 2.31 ms | 182 µs | 7,210/s |\n"
                        + "| BTests.passes() | PASS | 12,400 | 140 µs | 2.31 ms | 182 µs | 7,210/s |\n"
                        + "\n</details>\n");
    }

    @Test
    void showsErrorsAndAllocationWithTheirUnits() {
        ObjectNode json = result(Verdict.PASS);
        json.put("errors", 3);
        json.put("allocatedBytes", 1_000_000);
        json.put("allocatedBytesPerOperation", 84.25);

        String text = render(List.of(file(json)));

        assertThat(text).contains("| samples | p50 | p99 | mean | throughput | allocated |\n")
                .contains("| CacheTests.cacheHit() | PASS | 12,400 (3 errors) | 140 µs | 2.31 ms | 182 µs | 7,210/s"
                        + " | 84.3 B/op |\n");
    }

    @Test
    void showsTheOverheadEstimateAndTheChangeAgainstTheBaseline() {
        ObjectNode json = result(Verdict.FAIL);
        ObjectNode overhead = json.putObject("otelOverhead");
        overhead.put("estimatePercent", 12.5);
        overhead.put("lowerPercent", 9.0);
        overhead.put("upperPercent", 16.25);
        overhead.put("grade", "warning");
        ObjectNode regressions = JSON.createObjectNode();
        regressions.put("format", "perfgate-regressions");
        ObjectNode row = regressions.putArray("tests").addObject();
        row.put("testId", json.get("testId").asText());
        row.put("testName", "CacheTests.cacheHit()");
        row.put("change", 0.124);
        row.put("changeLower", 0.08);
        row.put("changeUpper", 0.169);

        String text = MarkdownSummary.render(List.of(file(json)), regressions, GENERATED);

        assertThat(text).contains("| test | verdict | objectives | OTel overhead | change of the median |\n"
                + "|---|---|---|---:|---:|\n"
                + "| CacheTests.cacheHit() | FAIL | p99 FAIL: 2.31 ms, expected <= 1.5 ms " + P99_EVIDENCE
                + " | +12.5 % (+9 % .. +16.3 %), warning | +12.4 % (+8 % .. +16.9 %) |\n");
        assertThat(text).contains("| 7,210/s | +12.4 % (+8 % .. +16.9 %) |\n");
    }

    @Test
    void findsTheRegressionRowOfAParameterizedInvocationByItsName() {
        ObjectNode json = result(Verdict.WARN);
        json.put("testId", "[engine:junit-jupiter]/[class:com.example.CacheTests]/[test-template:cacheHit(int)]"
                + "/[test-template-invocation:#2]");
        json.put("testName", "CacheTests.cacheHit(int) [2] size=5");
        ObjectNode regressions = JSON.createObjectNode();
        regressions.put("format", "perfgate-regressions");
        ObjectNode row = regressions.putArray("tests").addObject();
        row.put("testId", "[engine:junit-jupiter]/[class:com.example.CacheTests]/[test-template:cacheHit(int)]"
                + "/[test-template-invocation:size=5]");
        row.put("testName", "CacheTests.cacheHit(int) [2] size=5");
        row.put("change", -0.031);
        row.putNull("changeLower");
        row.putNull("changeUpper");

        String text = MarkdownSummary.render(List.of(file(json)), regressions, GENERATED);

        assertThat(text).contains(" | -3.1 % |\n");
    }

    @Test
    void saysWhenAFailDidNotFailTheTest() {
        ObjectNode json = result(Verdict.FAIL);
        json.put("failsTest", false);
        json.put("mode", "report");

        assertThat(render(List.of(file(json)))).contains("| CacheTests.cacheHit() | FAIL (not enforced) | p99 FAIL");
    }

    @Test
    void escapesPipesLineBreaksAndHtmlInCells() {
        ObjectNode json = result(Verdict.FAIL);
        json.put("testName", "CacheTests.cacheHit(String) [1] a|b\nc <script>");
        ((ObjectNode) json.get("objectives").get(0)).put("evidence", "first line\r\nsecond | line");

        String text = render(List.of(file(json)));

        assertThat(text).contains("| CacheTests.cacheHit(String) [1] a\\|b<br>c &lt;script> | FAIL"
                + " | p99 FAIL: 2.31 ms, expected <= 1.5 ms (first line<br>second \\| line) |\n");
        assertThat(text).doesNotContain("<script>");
    }

    @Test
    void listsScalingVerdictsWorstFirst() {
        ObjectNode passes = scaling("PASS", "N", "O(N)", "LOG_N", "O(log N)");
        passes.put("testName", "ScalingTests.insert(int, Bench) scaling");

        String text = render(List.of(scalingFile(passes), scalingFile(scaling("FAIL", "LOG_N", "O(log N)", "N", "O(N)"))));

        assertThat(text).startsWith("## perfgate: **1 FAIL**, 1 PASS\n\n0 measured tests, 2 scaling verdicts;");
        assertThat(section(text, "### Scaling", "\n\n###")).isEqualTo("### Scaling\n\n"
                + "| test | verdict | expected at most | best fit | sizes |\n"
                + "|---|---|---|---|---|\n"
                + "| ScalingTests.lookup(int, Bench) scaling | FAIL | O(log N) | O(N) | 4 sizes, 100 .. 100,000 |\n"
                + "| ScalingTests.insert(int, Bench) scaling | PASS | O(N) | O(log N) | 4 sizes, 100 .. 100,000 |\n");
        assertThat(text).doesNotContain("<details>");
    }

    @Test
    void listsUnreadableFilesWithTheirError() {
        String text = render(List.of(broken("a.json", "not readable as JSON: Unexpected character ('x')\nat line 1"),
                file(result(Verdict.PASS)),
                broken("b.json", "unknown format [perfgate-result] version [2] (expected perfgate-result or"
                        + " perfgate-scaling, version 1)")));

        assertThat(text).startsWith("## perfgate: 1 PASS, **2 unreadable**\n\n"
                + "1 measured test, 2 unreadable result files; generated 2024-05-01T12:30:00Z\n");
        assertThat(text).endsWith("### Unreadable result files\n\n"
                + "- a.json: not readable as JSON: Unexpected character ('x') at line 1\n"
                + "- b.json: unknown format [perfgate-result] version [2] (expected perfgate-result or"
                + " perfgate-scaling, version 1)\n");
    }

    @Test
    void ignoresARegressionTableOfAnotherFormat() {
        ObjectNode regressions = JSON.createObjectNode();
        regressions.put("format", "something-else");
        regressions.putArray("tests").addObject().put("testName", "CacheTests.cacheHit()").put("change", 0.5);

        assertThat(MarkdownSummary.render(List.of(file(result(Verdict.FAIL))), regressions, GENERATED))
                .doesNotContain("change of the median").doesNotContain("+50 %");
    }
}
