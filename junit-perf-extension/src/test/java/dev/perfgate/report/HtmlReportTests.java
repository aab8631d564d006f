package dev.perfgate.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.perfgate.result.ResultWriter;

class HtmlReportTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant GENERATED = Instant.parse("2024-05-01T12:00:00Z");
    private static final Pattern ROW = Pattern.compile("<tr id=\"row-t\\d+\" class=\"row (\\w+)\" data-verdict=\"(\\w+)\"");

    private static String encodedLatencies() {
        Histogram histogram = new Histogram(3);
        histogram.recordValueWithCount(140_000, 12_164);
        histogram.recordValueWithCount(2_310_000, 235);
        histogram.recordValue(5_000_000);
        return ResultWriter.encode(histogram);
    }

    private static final String LATENCIES = encodedLatencies();

    /** A {@code perfgate-result} as docs/result-format.md describes it, with one p99 objective. */
    private static ObjectNode result(String testName, String verdict) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", "perfgate-result");
        root.put("formatVersion", 1);
        root.put("testId", "[engine:junit-jupiter]/[class:com.example.CacheTests]/[method:" + testName + "]");
        root.put("displayName", testName);
        root.put("testName", testName);
        root.put("className", "com.example.CacheTests");
        root.put("methodName", "cacheHit");
        root.put("timestamp", "2024-05-01T11:59:00Z");
        root.put("verdict", verdict);
        root.put("failsTest", verdict.equals("FAIL"));
        root.put("mode", "enforce");
        root.put("severity", "FAIL");
        root.put("measurements", 1);
        ObjectNode configuration = root.putObject("configuration");
        configuration.put("threads", 1);
        configuration.putNull("rate");
        root.put("samples", 12_400);
        root.put("errors", 0);
        root.putArray("firstErrors");
        root.put("measuredDurationNs", 1_720_000_000L);
        root.put("throughputPerSecond", 7_209.3);
        root.put("warmupInvocations", 12_345);
        root.put("allocatedBytes", 7_941_120L);
        root.put("allocatedBytesPerOperation", 640.4);
        ObjectNode gc = root.putObject("gc");
        gc.put("collections", 4);
        gc.put("pauseNs", 14_000_000L);
        ObjectNode latency = root.putObject("latencyNs");
        latency.put("min", 140_000);
        latency.put("p50", 140_031);
        latency.put("p90", 140_031);
        latency.put("p95", 140_031);
        latency.put("p99", 2_310_143);
        latency.put("p999", 2_310_143);
        latency.put("max", 5_000_000);
        latency.put("mean", 181_516.9);
        ArrayNode objectives = root.putArray("objectives");
        objective(objectives, "p99", 1_500_000, 2_310_143, "ns", verdict, "<= 1.5 ms", "2.31 ms",
                "1.9 % of 12,400 samples above 1.5 ms; at most 1 % allowed");
        objective(objectives, "errorRate", 0, 0, "fraction", "PASS", "<= 0 %", "0 %", "");
        ObjectNode environment = root.putObject("environment");
        environment.put("jvmVendor", "Eclipse Adoptium");
        environment.put("jvmVersion", "17.0.11+9");
        environment.put("jvmName", "OpenJDK 64-Bit Server VM");
        environment.put("osName", "Linux");
        environment.put("osVersion", "6.1.0");
        environment.put("osArch", "amd64");
        environment.put("cpuModel", "Example CPU @ 3.00GHz");
        environment.put("cores", 8);
        ObjectNode histogram = root.putObject("histogram");
        histogram.put("encoding", "HdrHistogram V2 compressed, base64");
        histogram.put("unit", "ns");
        histogram.put("data", LATENCIES);
        return root;
    }

    private static void objective(ArrayNode objectives, String name, double limit, double actual, String unit,
            String verdict, String expectedText, String actualText, String evidence) {
        ObjectNode node = objectives.addObject();
        node.put("name", name);
        node.put("limit", limit);
        node.put("actual", actual);
        node.put("unit", unit);
        node.put("verdict", verdict);
        node.put("expectedText", expectedText);
        node.put("actualText", actualText);
        node.put("evidence", evidence);
    }

    private static ObjectNode withOverhead(ObjectNode result) {
        ObjectNode overhead = result.putObject("otelOverhead");
        overhead.put("maxPercent", 10.0);
        overhead.put("warnPercent", 8.0);
        overhead.put("statistic", "MEDIAN");
        overhead.put("exporter", "IN_MEMORY");
        overhead.put("verdict", "WARN");
        overhead.put("estimatePercent", 6.589);
        overhead.put("lowerPercent", -2.361);
        overhead.put("upperPercent", 17.56);
        overhead.put("confidence", 0.999);
        overhead.put("grade", "good");
        overhead.put("pairs", 900);
        ObjectNode off = overhead.putObject("off");
        off.put("samples", 900);
        off.put("errors", 0);
        off.put("p50Ns", 1_259_519);
        off.put("p99Ns", 9_707_519);
        off.put("meanNs", 2_470_177.6);
        ObjectNode on = overhead.putObject("on");
        on.put("samples", 900);
        on.put("errors", 0);
        on.put("p50Ns", 1_316_863);
        on.put("p99Ns", 9_953_279);
        on.put("meanNs", 2_668_356.7);
        objective((ArrayNode) result.get("objectives"), "otelOverhead", 10, 6.589, "%", "WARN", "<= 10 %",
                "+6.59 %", "inconclusive");
        return result;
    }

    private static ObjectNode scaling(String verdict) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", "perfgate-scaling");
        root.put("formatVersion", 1);
        root.put("testId", "[engine:junit-jupiter]/[class:com.example.ScalingTests]/[test-template:lookup(int)]");
        root.put("testName", "ScalingTests.lookup(int) scaling");
        root.put("verdict", verdict);
        root.put("expect", "LOG_N");
        root.put("expectNotation", "O(log N)");
        root.put("best", "N");
        root.put("bestNotation", "O(N)");
        root.put("evidence", "O(N) fits best");
        ArrayNode sizes = root.putArray("sizes");
        long[] ns = {10, 100, 1_000, 10_000};
        for (long n : ns) {
            ObjectNode size = sizes.addObject();
            size.put("size", n);
            size.put("samples", 5_000);
            size.put("p50Ns", 15 * n);
            size.put("p99Ns", 40 * n);
        }
        ArrayNode fits = root.putArray("fits");
        String[][] classes = {{"CONSTANT", "O(1)", "39000"}, {"LOG_N", "O(log N)", "4000"}, {"N", "O(N)", "15.2"},
            {"N_LOG_N", "O(N log N)", "1.4"}, {"N_SQUARED", "O(N²)", "0.01"}};
        for (String[] fit : classes) {
            ObjectNode node = fits.addObject();
            node.put("complexity", fit[0]);
            node.put("notation", fit[1]);
            node.put("coefficientNs", Double.parseDouble(fit[2]));
            node.put("residualSumOfSquares", fit[0].equals("N") ? 0.01 : 3.5);
            node.put("typicalFactor", fit[0].equals("N") ? 1.05 : 3.2);
            node.put("curve", fit[2] + " ns × f(N)");
        }
        return root;
    }

    private static ResultFile file(String name, ObjectNode json) {
        return new ResultFile(Path.of("target/perfgate/results", name + ".json"), json, null);
    }

    private static String render(ResultFile... files) {
        return HtmlReport.render(List.of(files), null, "perfgate results", GENERATED);
    }

    private static List<String> rowVerdicts(String page) {
        List<String> verdicts = new ArrayList<>();
        Matcher matcher = ROW.matcher(page);
        while (matcher.find()) {
            assertThat(matcher.group(1)).isEqualTo(matcher.group(2).toLowerCase(java.util.Locale.ROOT));
            verdicts.add(matcher.group(2));
        }
        return verdicts;
    }

    @Test
    void rowsAreGroupedFailWarnPass() {
        String page = render(file("a", result("A.pass()", "PASS")), file("b", result("B.fail()", "FAIL")),
                file("c", result("C.warn()", "WARN")), file("d", result("D.pass()", "PASS")),
                file("e", result("E.fail()", "FAIL")));

        assertThat(rowVerdicts(page)).containsExactly("FAIL", "FAIL", "WARN", "PASS", "PASS");
        assertThat(page.indexOf(">B.fail()<")).isLessThan(page.indexOf(">E.fail()<"));
        assertThat(page).contains("<tbody class=\"group fail\" data-verdict=\"FAIL\">")
                .contains("<span class=\"count fail\" data-verdict=\"FAIL\"><span class=\"badge fail\">FAIL</span> 2")
                .contains("<span class=\"count pass\" data-verdict=\"PASS\"><span class=\"badge pass\">PASS</span> 2");
    }

    @Test
    void failingObjectiveIsMarked() {
        String page = render(file("b", result("B.fail()", "FAIL")));

        assertThat(page).contains("<span class=\"objective fail\" data-verdict=\"FAIL\" title=\"FAIL: 1.9 % of 12,400 "
                + "samples above 1.5 ms; at most 1 % allowed\">p99 &lt;= 1.5 ms: <b>2.31 ms</b></span>");
        assertThat(page).contains("<span class=\"objective pass\" data-verdict=\"PASS\"");
        assertThat(page).contains("<tr class=\"objective fail\" data-verdict=\"FAIL\"><td>p99</td>");
    }

    @Test
    void percentilePlotHasAxisLabelsWithUnits() {
        String svg = HtmlReport.svgPercentilePlot(result("A.pass()", "PASS"));

        assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"plot percentiles\"")
                .endsWith("</svg>");
        assertThat(svg).contains("<text class=\"axis-label y\"", ">latency (ms)</text>")
                .contains("<text class=\"axis-label x\"", ">percentile (log scale of 1/(1-p))</text>");
        // 12,400 samples: ticks up to 1/(1-p) = 10^5.
        assertThat(svg).contains(">0 %</text>", ">90 %</text>", ">99 %</text>", ">99.9 %</text>", ">99.99 %</text>",
                ">99.999 %</text>");
        assertThat(svg).contains("<polyline class=\"line\" points=\"")
                .contains("<path class=\"limit fail\"")
                .contains("<title>limit 99 %: 1.5 ms</title>");
        assertThat(HtmlReport.percentileLabel(4)).isEqualTo("99.99 %");
    }

    @Test
    void pageEmbedsThePlotOfEveryTest() {
        String page = render(file("a", result("A.pass()", "PASS")));

        assertThat(page).contains("<svg class=\"plot percentiles\"", ">latency (ms)</text>", ">99.9 %</text>");
        assertThat(page).doesNotContain("xmlns");
    }

    @Test
    void overheadShowsBothArms() {
        String page = render(file("o", withOverhead(result("O.traced()", "WARN"))));

        assertThat(page).contains("<circle class=\"arm-off\"", "<circle class=\"arm-on\"",
                "<title>telemetry off p99: 9.71 ms</title>");
        assertThat(page).contains("<tr class=\"arm off\"><td>telemetry off</td><td class=\"num\">900</td>"
                + "<td class=\"num\">0</td><td class=\"num\">1.26 ms</td><td class=\"num\">9.71 ms</td>");
        assertThat(page).contains("<td class=\"overhead\"><span class=\"estimate warn\">+6.59 % <span class=\"muted\">"
                + "(-2.36 % .. +17.6 %)</span> good</span></td>");
    }

    @Test
    void showsRegressionChangeFromTheObjective() {
        ObjectNode result = result("R.slower()", "FAIL");
        objective((ArrayNode) result.get("objectives"), "regression", 0.1, 0.124, "fraction", "FAIL", "<= +10 %",
                "+12.4 %", "median +12.4 %");

        String page = render(file("r", result));

        assertThat(page).contains("<td class=\"regression\"><span class=\"num fail\" title=\"median +12.4 %\">"
                + "+12.4 %</span></td>");
    }

    @Test
    void showsMemoryAndErrors() {
        ObjectNode result = result("M.alloc()", "PASS");
        result.put("errors", 3);
        result.putArray("firstErrors").add("java.lang.IllegalStateException: <boom>");

        String page = render(file("m", result));

        assertThat(page).contains("<tr><th>allocated per operation</th><td class=\"num\">640 B/op</td></tr>",
                "<tr><th>allocated</th><td class=\"num\">7.57 MiB</td></tr>",
                "<tr><th>GC collections</th><td class=\"num\">4</td></tr>",
                "<tr><th>GC pause</th><td class=\"num\">14 ms</td></tr>",
                "<tr><th>throughput</th><td class=\"num\">7,210/s</td></tr>");
        assertThat(page).contains("<h3>Errors: 3</h3><pre class=\"error\">java.lang.IllegalStateException: "
                + "&lt;boom&gt;</pre>");
    }

    @Test
    void scalingPlotIsLogLogWithTheBestFit() {
        String page = render(file("s", scaling("FAIL")), file("a", result("A.pass()", "PASS")));

        assertThat(page).contains("<tr id=\"row-s0\" class=\"row scaling fail\" data-verdict=\"FAIL\"");
        assertThat(page).contains("<svg class=\"plot scaling\"", ">problem size N (log scale)</text>",
                ">latency per call (log scale)</text>", "<polyline class=\"fit\"", "best fit: 15.2 ns × f(N)");
        // Log axes: N in decades, latency ticks with units.
        assertThat(page).contains(">1,000</text>", ">10,000</text>", ">1 µs</text>", ">100 µs</text>");
        assertThat(page).contains("<tr class=\"fit best\"><td>O(N) (best)</td>");
        // Scaling rows are not counted as test rows.
        assertThat(rowVerdicts(page)).containsExactly("PASS");
        assertThat(HtmlReport.svgScalingPlot(scaling("PASS"))).startsWith("<svg xmlns=").endsWith("</svg>");
    }

    @Test
    void brokenFilesAreListedNotThrown() {
        ResultFile broken = new ResultFile(Path.of("target/perfgate/results/Broken.json"), null,
                "not readable as JSON: Unexpected end-of-input");
        ObjectNode badHistogram = result("Bad.histogram()", "PASS");
        ((ObjectNode) badHistogram.get("histogram")).put("data", "AAAA");

        String[] page = new String[1];
        assertThatCode(() -> page[0] = render(broken, file("bad", badHistogram), file("a", result("A.pass()", "PASS"))))
                .doesNotThrowAnyException();

        assertThat(page[0]).contains("<section id=\"unreadable\"><h2>Unreadable result files (2)</h2>")
                .contains("<td>Broken.json</td><td class=\"error\">not readable as JSON: Unexpected end-of-input</td>")
                .contains("<td>bad.json</td><td class=\"error\">could not be shown: ");
        assertThat(rowVerdicts(page[0])).containsExactly("PASS");
    }

    @Test
    void escapesTestNames() {
        String name = "X.<script>alert(\"a&b\")</script>'()";

        String page = render(file("x", result(name, "FAIL")));

        assertThat(page).doesNotContain("<script>alert");
        assertThat(page).contains("X.&lt;script&gt;alert(&quot;a&amp;b&quot;)&lt;/script&gt;&#39;()");
        // The page's own script, and nothing else.
        assertThat(page.split("<script>", -1)).hasSize(2);
        assertThat(HtmlReport.svgPercentilePlot(result(name, "FAIL"))).doesNotContain("<script>");
    }

    @Test
    void pageIsSelfContained() {
        String page = render(file("o", withOverhead(result("O.traced()", "WARN"))), file("s", scaling("PASS")));

        assertThat(page).doesNotContain("http://", "https://", " src=", "@import", "url(");
        Matcher links = Pattern.compile("href=\"([^\"]*)\"").matcher(page);
        while (links.find()) {
            assertThat(links.group(1)).startsWith("#");
        }
    }

    @Test
    void showsEnvironmentGenerationTimeAndRegressions() {
        ObjectNode regressions = JSON.createObjectNode();
        regressions.put("format", "perfgate-regressions");
        ObjectNode row = regressions.putArray("tests").addObject();
        row.put("testName", "A.<pass>()");
        row.put("baseline", "main");
        row.put("baselineP50Ns", 100_000);
        row.put("baselineP99Ns", 0);
        row.put("p50Ns", 112_400);
        row.put("p99Ns", 300_000);
        row.put("change", 0.124);
        row.put("changeLower", 0.05);
        row.put("changeUpper", 0.2);
        row.put("verdict", "WARN");
        row.put("note", "n");

        String page = HtmlReport.render(List.of(file("a", result("A.pass()", "PASS"))), regressions, "run <1>",
                GENERATED);

        assertThat(page).contains("<title>run &lt;1&gt;</title>", "2024-05-01 12:00:00 UTC",
                "<tr><th>JVM</th><td class=\"num\">Eclipse Adoptium 17.0.11+9 (OpenJDK 64-Bit Server VM)</td></tr>",
                "<tr><th>CPU</th><td class=\"num\">Example CPU @ 3.00GHz, 8 cores</td></tr>");
        assertThat(page).contains("<section id=\"regressions\">", "<td>A.&lt;pass&gt;()</td>",
                "<td class=\"num\">100 µs &rarr; 112 µs</td>", "<td class=\"num\">n/a &rarr; 300 µs</td>",
                "<td class=\"num\">+12.4 %</td><td class=\"num\">+5 % .. +20 %</td>");
        assertThat(render(file("a", result("A.pass()", "PASS")))).doesNotContain("id=\"regressions\"");
    }

    @Test
    void emptyRunRendersAPage() {
        String page = HtmlReport.render(List.of(), null, "perfgate", GENERATED);

        assertThat(page).startsWith("<!DOCTYPE html>").contains("No test results.").endsWith("</html>\n");
    }

    @Test
    void thousandsOfTestsStaySmallAndFast() {
        List<ResultFile> files = new ArrayList<>();
        String[] verdicts = {"PASS", "PASS", "PASS", "WARN", "FAIL"};
        for (int i = 0; i < 2_000; i++) {
            ObjectNode result = result("Many.test" + i + "()", verdicts[i % verdicts.length]);
            files.add(file("many" + i, i % 10 == 0 ? withOverhead(result) : result));
        }
        HtmlReport.render(files.subList(0, 500), null, "warm-up", GENERATED);

        long start = System.nanoTime();
        String page = HtmlReport.render(files, null, "perfgate", GENERATED);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        System.out.printf("[HtmlReportTests] 2,000 results: %,d characters, rendered in %d ms%n", page.length(),
                elapsed.toMillis());
        assertThat(rowVerdicts(page)).hasSize(2_000);
        assertThat(page.length()).isLessThan(30_000_000);
        // A margin of 10x: about 1 s barely warmed up, 0.6 s warm, on a busy 2-core machine.
        assertThat(elapsed).isLessThan(Duration.ofSeconds(10));
    }
}
