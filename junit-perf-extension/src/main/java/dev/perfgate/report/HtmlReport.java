package dev.perfgate.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.databind.JsonNode;

import dev.perfgate.Complexity;
import dev.perfgate.result.ResultWriter;
import dev.perfgate.verdict.Units;

/**
 * The HTML report of a run: one self-contained static page (inline CSS and SVG, no network, one line of script
 * that opens a test's details when a link points at them) drawn from the result files of
 * {@code docs/result-format.md}.
 *
 * <p>The page has a summary table with one row per test, grouped FAIL, WARN, PASS (rows carry
 * {@code class="row fail"} and {@code data-verdict="FAIL"}, objectives {@code class="objective fail"}), the scaling
 * verdicts, the files that could not be read, and per test a collapsible section with the latency percentile plot
 * (HdrHistogram style: latency against percentile on a {@code 1/(1-p)} axis), the memory and error figures and, under
 * {@code @OtelOverhead}, both arms. Per-test markup is kept small (one polyline per plot) so that a page of
 * thousands of tests opens at once.
 *
 * <pre>{@code
 * String page = HtmlReport.render(ResultFile.readAll(folder, id -> true), null, "perfgate", Instant.now());
 * }</pre>
 */
public final class HtmlReport {

    /** Tests up to which every test's details are open; above it, only the first {@link #OPEN_FAILURES} failures. */
    static final int OPEN_ALL_UP_TO = 50;
    static final int OPEN_FAILURES = 20;

    private static final String[] VERDICTS = {"FAIL", "WARN", "PASS"};
    private static final DateTimeFormatter GENERATED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    // Plot geometry, in SVG user units.
    private static final int WIDTH = 560;
    private static final int HEIGHT = 270;
    private static final int LEFT = 58;
    private static final int RIGHT = 36;
    private static final int TOP = 22;
    private static final int BOTTOM = 42;
    private static final int PLOT_WIDTH = WIDTH - LEFT - RIGHT;
    private static final int PLOT_HEIGHT = HEIGHT - TOP - BOTTOM;

    private static final String PLOT_CSS = ""
            + "svg.plot{font:11px system-ui,sans-serif;max-width:100%;height:auto}"
            + ".plot .frame{fill:none;stroke:#888}.plot .grid{stroke:#e4e4e4}"
            + ".plot .tick{fill:#444}.plot .axis-label{fill:#222;font-weight:600}"
            + ".plot .line{fill:none;stroke:#1f5fbf;stroke-width:1.6}"
            + ".plot .p99{fill:none;stroke:#b55d00;stroke-width:1.2;stroke-dasharray:4 3}"
            + ".plot .fit{fill:none;stroke:#6a3d9a;stroke-width:1.2;stroke-dasharray:6 3}"
            + ".plot .dot{fill:#1f5fbf}.plot .dot.p99{fill:#b55d00;stroke:none}"
            + ".plot .arm-off{fill:#fff;stroke:#2e7d32;stroke-width:1.6}.plot .arm-on{fill:#c62828}"
            + ".plot .baseline{fill:#6a1b9a;fill-opacity:.75}"
            + ".plot .limit{stroke-width:2.5}.plot .limit.pass{stroke:#2e7d32}.plot .limit.warn{stroke:#b08000}"
            + ".plot .limit.fail{stroke:#c62828}.plot .legend{fill:#444}";

    private static final String PAGE_CSS = ""
            + "body{font:14px/1.4 system-ui,-apple-system,'Segoe UI',sans-serif;margin:0 auto;padding:0 16px 40px;"
            + "max-width:1400px;color:#1b1b1b}"
            + "h1{font-size:22px;margin:16px 0 4px}h2{font-size:18px;margin:24px 0 8px}h3{font-size:14px;margin:10px 0 4px}"
            + "table{border-collapse:collapse}td,th{padding:3px 8px;text-align:left;vertical-align:top}"
            + "table.summary{width:100%}table.summary td,table.summary th{border-bottom:1px solid #e2e2e2}"
            + "thead th{background:#f3f3f3;position:sticky;top:0}"
            + ".group-head th{background:#fafafa;font-weight:600}"
            + ".badge{display:inline-block;min-width:3.2em;text-align:center;font-weight:700;border-radius:3px;"
            + "padding:0 4px;color:#fff}"
            + ".badge.fail{background:#c62828}.badge.warn{background:#b08000}.badge.pass{background:#2e7d32}"
            + "tr.row.fail{background:#fdecea}tr.row.warn{background:#fff8e1}"
            + "span.objective{display:inline-block;margin:0 10px 0 0;white-space:nowrap}"
            + ".objective.fail{color:#b71c1c;font-weight:700}span.objective.fail::before{content:'\\2716  '}"
            + ".objective.warn{color:#8a6200;font-weight:600}span.objective.warn::before{content:'\\26A0  '}"
            + "table.objectives td{border-bottom:1px solid #eee}"
            + "td.test,p.id,td.error{overflow-wrap:anywhere}td.test{min-width:18em}"
            + "span.num.fail,span.estimate.fail{color:#b71c1c;font-weight:700}"
            + "span.num.warn,span.estimate.warn{color:#8a6200;font-weight:600}"
            + ".num{font-variant-numeric:tabular-nums;white-space:nowrap}"
            + ".counts span{margin-right:12px}.muted{color:#666}"
            + "details.test{border:1px solid #ddd;border-radius:4px;margin:6px 0;padding:0 8px}"
            + "details.test.fail{border-left:5px solid #c62828}details.test.warn{border-left:5px solid #b08000}"
            + "details.test.pass{border-left:5px solid #2e7d32}"
            + "details.test>summary{cursor:pointer;padding:4px 0}"
            + ".cols{display:flex;flex-wrap:wrap;gap:8px 24px}.kv th{font-weight:normal;color:#555}"
            + "pre.error{background:#fdecea;padding:6px;white-space:pre-wrap;margin:4px 0}"
            + "#unreadable{border:2px solid #c62828;padding:0 12px 8px;border-radius:4px}"
            + "tr.best td{font-weight:700}"
            + PLOT_CSS;

    private static final String SCRIPT = "function o(){var e=document.getElementById(location.hash.slice(1));"
            + "if(e&&e.tagName=='DETAILS')e.open=true}addEventListener('hashchange',o);o()";

    private HtmlReport() {
    }

    /**
     * The report page of {@code results}: never throws for bad content, a file that cannot be read or shown is
     * listed under "Unreadable result files".
     *
     * @param results     the result files of the run ({@link ResultFile#readAll})
     * @param regressions the baseline's {@code regressions.json}, or null when there is none
     * @param title       the page's title
     * @param generatedAt when the page was made (shown, so that a reader can tell a stale page)
     */
    public static String render(List<ResultFile> results, @Nullable JsonNode regressions, String title,
            Instant generatedAt) {
        java.util.Objects.requireNonNull(results, "results");
        java.util.Objects.requireNonNull(title, "title");
        java.util.Objects.requireNonNull(generatedAt, "generatedAt");

        // The baseline's p50 and p99 of each compared test, drawn over its own curve.
        java.util.Map<String, JsonNode> baselines = new java.util.HashMap<>();
        if (regressions != null) {
            for (JsonNode row : regressions.path("tests")) {
                baselines.put(row.path("testName").asText(""), row);
            }
        }
        List<Shown> tests = new ArrayList<>();
        List<Shown> scalings = new ArrayList<>();
        List<String[]> unreadable = new ArrayList<>();
        for (ResultFile file : results) {
            JsonNode json = file.json();
            if (json == null) {
                unreadable.add(new String[] {fileName(file), String.valueOf(file.error())});
                continue;
            }
            boolean scaling = file.format().equals("perfgate-scaling");
            try {
                (scaling ? scalings : tests).add(new Shown(file, json, verdictOf(json), nameOf(json, file)));
            }
            catch (RuntimeException e) {
                unreadable.add(new String[] {fileName(file), "could not be shown: " + e});
            }
        }
        Comparator<Shown> order = Comparator.comparingInt((Shown shown) -> rank(shown.verdict))
                .thenComparing(shown -> shown.name);
        tests.sort(order);
        scalings.sort(order);

        // Render every test on its own first: one that cannot be shown moves to the unreadable list, never throws.
        List<String[]> testHtml = new ArrayList<>();
        List<Shown> shownTests = new ArrayList<>();
        int openFailures = 0;
        for (Shown test : tests) {
            int index = shownTests.size();
            boolean open = tests.size() <= OPEN_ALL_UP_TO
                    || (test.verdict.equals("FAIL") && openFailures < OPEN_FAILURES);
            try {
                String row = summaryRow(test, index);
                String details = testDetails(test, index, open, baselines.get(test.json.path("testName").asText("")));
                testHtml.add(new String[] {row, details});
                shownTests.add(test);
                if (open && test.verdict.equals("FAIL")) {
                    openFailures++;
                }
            }
            catch (RuntimeException e) {
                unreadable.add(new String[] {fileName(test.file), "could not be shown: " + e});
            }
        }
        List<String[]> scalingHtml = new ArrayList<>();
        List<Shown> shownScalings = new ArrayList<>();
        for (Shown scaling : scalings) {
            int index = shownScalings.size();
            try {
                scalingHtml.add(new String[] {scalingRow(scaling, index), scalingDetails(scaling, index)});
                shownScalings.add(scaling);
            }
            catch (RuntimeException e) {
                unreadable.add(new String[] {fileName(scaling.file), "could not be shown: " + e});
            }
        }

        StringBuilder html = new StringBuilder(4096 + 6000 * (testHtml.size() + scalingHtml.size()));
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>");
        escape(html, title);
        html.append("</title><style>").append(PAGE_CSS).append("</style></head>\n<body>\n<header><h1>");
        escape(html, title);
        html.append("</h1><p class=\"generated muted\">Generated <time datetime=\"").append(generatedAt)
                .append("\">").append(GENERATED.format(generatedAt)).append("</time></p>\n");
        counts(html, "tests", shownTests, unreadable.size());
        if (!shownScalings.isEmpty()) {
            counts(html, "scaling", shownScalings, -1);
        }
        html.append("</header>\n");

        if (!unreadable.isEmpty()) {
            html.append("<section id=\"unreadable\"><h2>Unreadable result files (").append(unreadable.size())
                    .append(")</h2><table class=\"unreadable\"><thead><tr><th>File</th><th>Error</th></tr></thead>")
                    .append("<tbody>\n");
            for (String[] broken : unreadable) {
                html.append("<tr class=\"unreadable-file\"><td>");
                escape(html, broken[0]);
                html.append("</td><td class=\"error\">");
                escape(html, broken[1]);
                html.append("</td></tr>\n");
            }
            html.append("</tbody></table></section>\n");
        }

        html.append("<section id=\"summary\"><h2>Tests (").append(shownTests.size()).append(")</h2>");
        if (shownTests.isEmpty()) {
            html.append("<p class=\"muted\">No test results.</p>");
        }
        else {
            html.append("<table class=\"summary\"><thead><tr><th>Verdict</th><th>Test</th>")
                    .append("<th>Objectives (limit: actual)</th><th>p50</th><th>p99</th>")
                    .append("<th>OTel overhead</th><th>Regression</th></tr></thead>\n");
            groups(html, shownTests, testHtml, 7);
            html.append("</table>");
        }
        html.append("</section>\n");

        if (!shownScalings.isEmpty()) {
            html.append("<section id=\"scaling\"><h2>Scaling (").append(shownScalings.size()).append(")</h2>")
                    .append("<table class=\"summary scaling\"><thead><tr><th>Verdict</th><th>Test</th>")
                    .append("<th>Expected</th><th>Best fit</th><th>Sizes</th></tr></thead>\n");
            groups(html, shownScalings, scalingHtml, 5);
            html.append("</table></section>\n");
        }

        if (regressions != null && regressions.path("tests").size() > 0) {
            regressionTable(html, regressions);
        }

        environment(html, shownTests);

        if (!shownScalings.isEmpty()) {
            html.append("<section id=\"scaling-details\"><h2>Scaling plots</h2>\n");
            scalingHtml.forEach(parts -> html.append(parts[1]));
            html.append("</section>\n");
        }
        if (!shownTests.isEmpty()) {
            html.append("<section id=\"details\"><h2>Per test</h2>\n");
            testHtml.forEach(parts -> html.append(parts[1]));
            html.append("</section>\n");
        }
        html.append("<script>").append(SCRIPT).append("</script>\n</body></html>\n");
        return html.toString();
    }

    /**
     * The latency percentile plot of one {@code perfgate-result} as a standalone SVG document (with its own style),
     * for a file next to the result.
     *
     * <pre>{@code
     * Files.writeString(folder.resolve(name + ".svg"), HtmlReport.svgPercentilePlot(json));
     * }</pre>
     *
     * @throws IllegalArgumentException when the histogram is not a valid encoding
     */
    public static String svgPercentilePlot(JsonNode result) {
        StringBuilder svg = new StringBuilder(4096);
        percentilePlot(svg, result, true, null);
        return svg.toString();
    }

    /** The size plot of one {@code perfgate-scaling} file as a standalone SVG document. */
    public static String svgScalingPlot(JsonNode scaling) {
        StringBuilder svg = new StringBuilder(4096);
        scalingPlot(svg, scaling, true);
        return svg.toString();
    }

    // ---------------------------------------------------------------------------------------------------------
    // The page

    private record Shown(ResultFile file, JsonNode json, String verdict, String name) {
    }

    private static String fileName(ResultFile file) {
        return file.path().getFileName() == null ? file.path().toString() : file.path().getFileName().toString();
    }

    private static String nameOf(JsonNode json, ResultFile file) {
        String name = json.path("testName").asText("");
        return name.isEmpty() ? fileName(file) : name;
    }

    private static String verdictOf(JsonNode json) {
        String verdict = json.path("verdict").asText("").toUpperCase(Locale.ROOT);
        for (String known : VERDICTS) {
            if (known.equals(verdict)) {
                return known;
            }
        }
        // A verdict this page does not know is shown as a warning: never as a pass.
        return "WARN";
    }

    private static int rank(String verdict) {
        return switch (verdict) {
            case "FAIL" -> 0;
            case "WARN" -> 1;
            default -> 2;
        };
    }

    private static String css(String verdict) {
        return verdict.toLowerCase(Locale.ROOT);
    }

    private static void counts(StringBuilder html, String kind, List<Shown> shown, int unreadable) {
        int[] counts = new int[3];
        shown.forEach(test -> counts[rank(test.verdict)]++);
        html.append("<p class=\"counts ").append(kind).append("\"><b>")
                .append(kind.equals("tests") ? "Tests" : "Scaling").append(":</b> ");
        for (int i = 0; i < VERDICTS.length; i++) {
            html.append("<span class=\"count ").append(css(VERDICTS[i])).append("\" data-verdict=\"")
                    .append(VERDICTS[i]).append("\"><span class=\"badge ").append(css(VERDICTS[i])).append("\">")
                    .append(VERDICTS[i]).append("</span> ").append(Units.count(counts[i])).append("</span>");
        }
        if (unreadable > 0) {
            html.append("<span class=\"count unreadable\"><a href=\"#unreadable\">").append(Units.count(unreadable))
                    .append(" unreadable</a></span>");
        }
        html.append("</p>\n");
    }

    private static void groups(StringBuilder html, List<Shown> shown, List<String[]> parts, int columns) {
        int i = 0;
        for (String verdict : VERDICTS) {
            int start = i;
            while (i < shown.size() && shown.get(i).verdict.equals(verdict)) {
                i++;
            }
            if (i == start) {
                continue;
            }
            html.append("<tbody class=\"group ").append(css(verdict)).append("\" data-verdict=\"").append(verdict)
                    .append("\"><tr class=\"group-head\"><th colspan=\"").append(columns).append("\">")
                    .append(verdict).append(" (").append(Units.count(i - start)).append(")</th></tr>\n");
            for (int row = start; row < i; row++) {
                html.append(parts.get(row)[0]);
            }
            html.append("</tbody>\n");
        }
    }

    private static void badge(StringBuilder html, String verdict) {
        html.append("<span class=\"badge ").append(css(verdict)).append("\">").append(verdict).append("</span>");
    }

    /**
     * A summary row's opening and its first two cells, verdict and linked name: {@code <tr id="row-t3" class="row
     * fail" data-verdict="FAIL">...}; {@code kind} is {@code t} for tests, {@code s} for scaling verdicts.
     */
    private static StringBuilder rowStart(String kind, String cssClasses, Shown shown, int index) {
        StringBuilder html = new StringBuilder(512);
        html.append("<tr id=\"row-").append(kind).append(index).append("\" class=\"").append(cssClasses)
                .append(css(shown.verdict)).append("\" data-verdict=\"").append(shown.verdict)
                .append("\"><td class=\"verdict\">");
        badge(html, shown.verdict);
        html.append("</td><td class=\"test\"><a href=\"#").append(kind).append(index).append("\">");
        escape(html, shown.name);
        html.append("</a></td>");
        return html;
    }

    private static String summaryRow(Shown test, int index) {
        JsonNode json = test.json;
        StringBuilder html = rowStart("t", "row ", test, index);
        html.append("<td class=\"objectives\">");
        for (JsonNode objective : json.path("objectives")) {
            objectiveSpan(html, objective);
        }
        JsonNode latency = json.path("latencyNs");
        html.append("</td><td class=\"num p50\">").append(duration(latency.get("p50")))
                .append("</td><td class=\"num p99\">").append(duration(latency.get("p99")))
                .append("</td><td class=\"overhead\">");
        JsonNode overhead = json.get("otelOverhead");
        if (overhead != null && overhead.isObject()) {
            overheadText(html, overhead);
        }
        html.append("</td><td class=\"regression\">");
        for (JsonNode objective : json.path("objectives")) {
            if (objective.path("name").asText().equals("regression")) {
                String verdict = verdictOf(objective);
                html.append("<span class=\"num ").append(css(verdict)).append("\" title=\"");
                escape(html, objective.path("evidence").asText(""));
                html.append("\">");
                escape(html, objective.path("actualText").asText("n/a"));
                html.append("</span>");
            }
        }
        html.append("</td></tr>\n");
        return html.toString();
    }

    private static void objectiveSpan(StringBuilder html, JsonNode objective) {
        String verdict = verdictOf(objective);
        html.append("<span class=\"objective ").append(css(verdict)).append("\" data-verdict=\"").append(verdict)
                .append("\" title=\"");
        escape(html, verdict + ": " + objective.path("evidence").asText(""));
        html.append("\">");
        escape(html, objective.path("name").asText("?"));
        html.append(' ');
        escape(html, objective.path("expectedText").asText(""));
        html.append(": <b>");
        escape(html, objective.path("actualText").asText("n/a"));
        html.append("</b></span>");
    }

    /** {@code +6.59 % (-2.36 % .. +17.6 %) good}: the estimate, its interval and the grade. */
    private static void overheadText(StringBuilder html, JsonNode overhead) {
        String verdict = verdictOf(overhead);
        html.append("<span class=\"estimate ").append(css(verdict)).append("\">");
        JsonNode estimate = overhead.get("estimatePercent");
        if (estimate == null || !estimate.isNumber()) {
            html.append("n/a");
        }
        else {
            html.append(signedPercent(estimate.asDouble()));
            JsonNode lower = overhead.get("lowerPercent");
            JsonNode upper = overhead.get("upperPercent");
            if (lower != null && lower.isNumber() && upper != null && upper.isNumber()) {
                html.append(" <span class=\"muted\">(").append(signedPercent(lower.asDouble())).append(" .. ")
                        .append(signedPercent(upper.asDouble())).append(")</span>");
            }
            String grade = overhead.path("grade").asText("");
            if (!grade.isEmpty()) {
                html.append(' ');
                escape(html, grade);
            }
        }
        html.append("</span>");
    }

    private static String signedPercent(double percent) {
        return (percent >= 0 ? "+" : "") + Units.number(percent) + " %";
    }

    private static String duration(@Nullable JsonNode nanos) {
        return nanos == null || !nanos.isNumber() ? "n/a" : Units.duration(nanos.asDouble());
    }

    private static String testDetails(Shown test, int index, boolean open, @Nullable JsonNode baseline) {
        JsonNode json = test.json;
        StringBuilder html = new StringBuilder(6000);
        html.append("<details id=\"t").append(index).append("\" class=\"test ").append(css(test.verdict))
                .append("\" data-verdict=\"").append(test.verdict).append('"').append(open ? " open" : "")
                .append("><summary>");
        badge(html, test.verdict);
        html.append(' ');
        escape(html, test.name);
        html.append("</summary>\n<div class=\"cols\"><div class=\"plot-box\">");
        percentilePlot(html, json, false, baseline);
        html.append("</div><div>");

        html.append("<h3>Latency</h3><table class=\"kv latency\">");
        JsonNode latency = json.path("latencyNs");
        String[][] keys = {{"min", "min"}, {"p50", "p50"}, {"p90", "p90"}, {"p95", "p95"}, {"p99", "p99"},
            {"p99.9", "p999"}, {"max", "max"}, {"mean", "mean"}};
        for (String[] key : keys) {
            kv(html, key[0], duration(latency.get(key[1])));
        }
        html.append("</table></div><div><h3>Run</h3><table class=\"kv run\">");
        kv(html, "samples", count(json.get("samples")));
        kv(html, "errors", count(json.get("errors")));
        JsonNode throughput = json.get("throughputPerSecond");
        kv(html, "throughput", throughput != null && throughput.isNumber() ? Units.rate(throughput.asDouble()) : "n/a");
        kv(html, "measured", duration(json.get("measuredDurationNs")));
        kv(html, "warmup invocations", count(json.get("warmupInvocations")));
        JsonNode configuration = json.path("configuration");
        kv(html, "threads", count(configuration.get("threads")));
        if (configuration.path("rate").isTextual()) {
            kv(html, "rate", configuration.path("rate").asText());
            kv(html, "scheduled / late / missed starts", count(json.get("scheduledStarts")) + " / "
                    + count(json.get("lateStarts")) + " / " + count(json.get("missedStarts")));
        }
        kv(html, "mode, severity", json.path("mode").asText("?") + ", " + json.path("severity").asText("?"));
        kv(html, "measurements", count(json.get("measurements")));
        html.append("</table></div><div><h3>Memory</h3><table class=\"kv memory\">");
        JsonNode perOperation = json.get("allocatedBytesPerOperation");
        kv(html, "allocated per operation", perOperation != null && perOperation.isNumber()
                ? Units.bytesPerOperation(perOperation.asDouble()) : "n/a");
        JsonNode allocated = json.get("allocatedBytes");
        kv(html, "allocated", allocated != null && allocated.isNumber() ? Units.bytes(allocated.asDouble()) : "n/a");
        JsonNode gc = json.path("gc");
        kv(html, "GC collections", count(gc.get("collections")));
        kv(html, "GC pause", duration(gc.get("pauseNs")));
        html.append("</table></div></div>\n");

        JsonNode objectives = json.path("objectives");
        if (objectives.size() > 0) {
            html.append("<table class=\"objectives\"><thead><tr><th>Objective</th><th>Limit</th><th>Actual</th>")
                    .append("<th>Verdict</th><th>Evidence</th></tr></thead><tbody>");
            for (JsonNode objective : objectives) {
                String verdict = verdictOf(objective);
                html.append("<tr class=\"objective ").append(css(verdict)).append("\" data-verdict=\"")
                        .append(verdict).append("\"><td>");
                escape(html, objective.path("name").asText("?"));
                html.append("</td><td class=\"num\">");
                escape(html, objective.path("expectedText").asText(""));
                html.append("</td><td class=\"num\">");
                escape(html, objective.path("actualText").asText("n/a"));
                html.append("</td><td>");
                badge(html, verdict);
                html.append("</td><td class=\"muted\">");
                escape(html, objective.path("evidence").asText(""));
                html.append("</td></tr>");
            }
            html.append("</tbody></table>\n");
        }

        JsonNode overhead = json.get("otelOverhead");
        if (overhead != null && overhead.isObject()) {
            overheadDetails(html, overhead);
        }

        long errors = json.path("errors").asLong(0);
        JsonNode firstErrors = json.path("firstErrors");
        if (errors > 0 || firstErrors.size() > 0) {
            html.append("<div class=\"errors\"><h3>Errors: ").append(Units.count(errors)).append("</h3>");
            for (JsonNode error : firstErrors) {
                html.append("<pre class=\"error\">");
                escape(html, error.asText(""));
                html.append("</pre>");
            }
            html.append("</div>\n");
        }
        html.append("<p class=\"muted id\">");
        escape(html, json.path("testId").asText(""));
        html.append(" &middot; ");
        escape(html, json.path("timestamp").asText(""));
        html.append("</p></details>\n");
        return html.toString();
    }

    private static void overheadDetails(StringBuilder html, JsonNode overhead) {
        html.append("<div class=\"overhead\"><h3>OpenTelemetry overhead: ");
        overheadText(html, overhead);
        html.append(" <span class=\"muted\">limit ");
        JsonNode max = overhead.get("maxPercent");
        html.append(max != null && max.isNumber() ? Units.number(max.asDouble()) + " %" : "n/a");
        JsonNode confidence = overhead.get("confidence");
        if (confidence != null && confidence.isNumber()) {
            html.append(", ").append(Units.percent(confidence.asDouble())).append(" interval");
        }
        html.append(", ");
        escape(html, overhead.path("statistic").asText("?") + ", exporter " + overhead.path("exporter").asText("?")
                + ", " + count(overhead.get("pairs")) + " pairs");
        html.append("</span></h3><table class=\"arms\"><thead><tr><th>Arm</th><th>Samples</th><th>Errors</th>")
                .append("<th>p50</th><th>p99</th><th>Mean</th></tr></thead><tbody>");
        for (String arm : new String[] {"off", "on"}) {
            JsonNode node = overhead.path(arm);
            html.append("<tr class=\"arm ").append(arm).append("\"><td>telemetry ").append(arm)
                    .append("</td><td class=\"num\">").append(count(node.get("samples")))
                    .append("</td><td class=\"num\">").append(count(node.get("errors")))
                    .append("</td><td class=\"num\">").append(duration(node.get("p50Ns")))
                    .append("</td><td class=\"num\">").append(duration(node.get("p99Ns")))
                    .append("</td><td class=\"num\">").append(duration(node.get("meanNs"))).append("</td></tr>");
        }
        html.append("</tbody></table></div>\n");
    }

    private static String count(@Nullable JsonNode value) {
        return value == null || !value.isNumber() ? "n/a" : Units.count(value.asLong());
    }

    private static void kv(StringBuilder html, String key, String value) {
        html.append("<tr><th>").append(key).append("</th><td class=\"num\">");
        escape(html, value);
        html.append("</td></tr>");
    }

    private static String scalingRow(Shown scaling, int index) {
        JsonNode json = scaling.json;
        StringBuilder html = rowStart("s", "row scaling ", scaling, index);
        html.append("<td class=\"expected\">&le; ");
        escape(html, json.path("expectNotation").asText("?"));
        html.append("</td><td class=\"best\" title=\"");
        escape(html, json.path("evidence").asText(""));
        html.append("\">");
        escape(html, json.path("bestNotation").asText("?"));
        html.append("</td><td class=\"num\">").append(Units.count(json.path("sizes").size())).append("</td></tr>\n");
        return html.toString();
    }

    private static String scalingDetails(Shown scaling, int index) {
        JsonNode json = scaling.json;
        StringBuilder html = new StringBuilder(6000);
        html.append("<details id=\"s").append(index).append("\" class=\"test scaling ").append(css(scaling.verdict))
                .append("\" data-verdict=\"").append(scaling.verdict).append("\" open><summary>");
        badge(html, scaling.verdict);
        html.append(' ');
        escape(html, scaling.name);
        html.append(" <span class=\"muted\">expected &le; ");
        escape(html, json.path("expectNotation").asText("?"));
        html.append(", best fit ");
        escape(html, json.path("bestNotation").asText("?"));
        html.append("</span></summary>\n<div class=\"cols\"><div class=\"plot-box\">");
        scalingPlot(html, json, false);
        html.append("</div><div><h3>Fits</h3><table class=\"fits\"><thead><tr><th>Class</th><th>Curve</th>")
                .append("<th>Typical factor</th><th>Residual (ln t)</th></tr></thead><tbody>");
        String best = json.path("best").asText("");
        for (JsonNode fit : json.path("fits")) {
            boolean isBest = fit.path("complexity").asText("").equals(best);
            html.append("<tr class=\"fit").append(isBest ? " best" : "").append("\"><td>");
            escape(html, fit.path("notation").asText("?"));
            html.append(isBest ? " (best)" : "").append("</td><td class=\"num\">");
            escape(html, fit.path("curve").asText(""));
            JsonNode factor = fit.get("typicalFactor");
            JsonNode residual = fit.get("residualSumOfSquares");
            html.append("</td><td class=\"num\">")
                    .append(factor != null && factor.isNumber() ? "&times;" + Units.number(factor.asDouble()) : "n/a")
                    .append("</td><td class=\"num\">")
                    .append(residual != null && residual.isNumber() ? Units.number(residual.asDouble()) : "n/a")
                    .append("</td></tr>");
        }
        html.append("</tbody></table><h3>Sizes</h3><table class=\"sizes\"><thead><tr><th>N</th><th>Samples</th>")
                .append("<th>p50</th><th>p99</th></tr></thead><tbody>");
        for (JsonNode size : json.path("sizes")) {
            html.append("<tr><td class=\"num\">").append(count(size.get("size"))).append("</td><td class=\"num\">")
                    .append(count(size.get("samples"))).append("</td><td class=\"num\">")
                    .append(duration(size.get("p50Ns"))).append("</td><td class=\"num\">")
                    .append(duration(size.get("p99Ns"))).append("</td></tr>");
        }
        html.append("</tbody></table></div></div><p class=\"muted evidence\">");
        escape(html, json.path("evidence").asText(""));
        html.append("</p></details>\n");
        return html.toString();
    }

    private static void regressionTable(StringBuilder html, JsonNode regressions) {
        html.append("<section id=\"regressions\"><h2>Regressions against the baseline</h2>")
                .append("<table class=\"summary regressions\"><thead><tr><th>Verdict</th><th>Test</th>")
                .append("<th>Baseline</th><th>p50 baseline &rarr; now</th><th>p99 baseline &rarr; now</th>")
                .append("<th>Change</th><th>Interval</th></tr></thead><tbody>\n");
        for (JsonNode row : regressions.path("tests")) {
            String verdict = verdictOf(row);
            html.append("<tr class=\"regression ").append(css(verdict)).append("\" data-verdict=\"").append(verdict)
                    .append("\" title=\"");
            escape(html, row.path("note").asText(""));
            html.append("\"><td>");
            badge(html, verdict);
            html.append("</td><td>");
            escape(html, row.path("testName").asText("?"));
            html.append("</td><td>");
            escape(html, row.path("baseline").asText("?"));
            html.append("</td><td class=\"num\">").append(regressionDuration(row.get("baselineP50Ns")))
                    .append(" &rarr; ").append(regressionDuration(row.get("p50Ns")))
                    .append("</td><td class=\"num\">").append(regressionDuration(row.get("baselineP99Ns")))
                    .append(" &rarr; ").append(regressionDuration(row.get("p99Ns")))
                    .append("</td><td class=\"num\">").append(fraction(row.get("change")))
                    .append("</td><td class=\"num\">");
            JsonNode lower = row.get("changeLower");
            html.append(lower != null && lower.isNumber()
                    ? fraction(lower) + " .. " + fraction(row.get("changeUpper")) : "n/a");
            html.append("</td></tr>\n");
        }
        html.append("</tbody></table></section>\n");
    }

    /** The regression table writes 0 for a median it does not have. */
    private static String regressionDuration(@Nullable JsonNode nanos) {
        return nanos == null || !nanos.isNumber() || nanos.asLong() == 0 ? "n/a" : Units.duration(nanos.asDouble());
    }

    private static String fraction(@Nullable JsonNode fraction) {
        return fraction == null || !fraction.isNumber() ? "n/a" : signedPercent(fraction.asDouble() * 100);
    }

    private static void environment(StringBuilder html, List<Shown> tests) {
        Set<String> environments = new LinkedHashSet<>();
        JsonNode first = null;
        for (Shown test : tests) {
            JsonNode environment = test.json.get("environment");
            if (environment != null && environment.isObject()) {
                if (first == null) {
                    first = environment;
                }
                environments.add(environment.toString());
            }
        }
        if (first == null) {
            return;
        }
        html.append("<section id=\"environment\"><h2>Environment</h2><table class=\"kv environment\">");
        kv(html, "JVM", first.path("jvmVendor").asText("?") + " " + first.path("jvmVersion").asText("?") + " ("
                + first.path("jvmName").asText("?") + ")");
        kv(html, "OS", first.path("osName").asText("?") + " " + first.path("osVersion").asText("?") + " "
                + first.path("osArch").asText("?"));
        kv(html, "CPU", first.path("cpuModel").asText("?") + ", " + count(first.get("cores")) + " cores");
        html.append("</table>");
        if (environments.size() > 1) {
            html.append("<p class=\"warn\">The results come from ").append(environments.size())
                    .append(" different environments; the first is shown.</p>");
        }
        html.append("</section>\n");
    }

    // ---------------------------------------------------------------------------------------------------------
    // Plots

    private static void svgOpen(StringBuilder svg, boolean standalone, String cssClass, String title) {
        svg.append("<svg");
        if (standalone) {
            svg.append(" xmlns=\"http://www.w3.org/2000/svg\"");
        }
        svg.append(" class=\"plot ").append(cssClass).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(HEIGHT).append("\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
                .append("\" role=\"img\"><title>");
        escape(svg, title);
        svg.append("</title>");
        if (standalone) {
            svg.append("<style>").append(PLOT_CSS).append("</style>");
        }
        svg.append("<rect class=\"frame\" x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"")
                .append(PLOT_WIDTH).append("\" height=\"").append(PLOT_HEIGHT).append("\"/>");
    }

    private static void axisLabels(StringBuilder svg, String x, String y) {
        svg.append("<text class=\"axis-label x\" x=\"").append(LEFT + PLOT_WIDTH / 2).append("\" y=\"")
                .append(HEIGHT - 6).append("\" text-anchor=\"middle\">");
        escape(svg, x);
        svg.append("</text><text class=\"axis-label y\" transform=\"translate(12 ").append(TOP + PLOT_HEIGHT / 2)
                .append(") rotate(-90)\" text-anchor=\"middle\">");
        escape(svg, y);
        svg.append("</text>");
    }

    private static void xTick(StringBuilder svg, double x, String label) {
        svg.append("<path class=\"grid\" d=\"M");
        number(svg, x);
        svg.append(' ').append(TOP).append("v").append(PLOT_HEIGHT).append("\"/><text class=\"tick x\" x=\"");
        number(svg, x);
        svg.append("\" y=\"").append(TOP + PLOT_HEIGHT + 14).append("\" text-anchor=\"middle\">");
        escape(svg, label);
        svg.append("</text>");
    }

    private static void yTick(StringBuilder svg, double y, String label) {
        svg.append("<path class=\"grid\" d=\"M").append(LEFT).append(' ');
        number(svg, y);
        svg.append("h").append(PLOT_WIDTH).append("\"/><text class=\"tick y\" x=\"").append(LEFT - 4)
                .append("\" y=\"");
        number(svg, y + 4);
        svg.append("\" text-anchor=\"end\">");
        escape(svg, label);
        svg.append("</text>");
    }

    private static void noData(StringBuilder svg, String text) {
        svg.append("<text class=\"legend\" x=\"").append(LEFT + PLOT_WIDTH / 2).append("\" y=\"")
                .append(TOP + PLOT_HEIGHT / 2).append("\" text-anchor=\"middle\">");
        escape(svg, text);
        svg.append("</text>");
    }

    /** The percentile of each latency objective's name, or NaN for objectives that are no percentile. */
    private static double objectivePercentile(String name) {
        return switch (name) {
            case "p50" -> 50;
            case "p90" -> 90;
            case "p95" -> 95;
            case "p99" -> 99;
            case "p999" -> 99.9;
            default -> Double.NaN;
        };
    }

    /**
     * HdrHistogram's percentile distribution plot: x is {@code log10(1 / (1 - p))}, so that 90 %, 99 %, 99.9 %
     * are equally spaced and the tail gets the room it deserves; y is linear latency from 0.
     */
    /** @param baseline the test's row of the regression table, {@code null} when it was not compared */
    private static void percentilePlot(StringBuilder svg, JsonNode result, boolean standalone,
            @Nullable JsonNode baseline) {
        String name = result.path("testName").asText("test");
        svgOpen(svg, standalone, "percentiles", "Latency by percentile: " + name);
        String data = result.path("histogram").path("data").asText("");
        Histogram histogram = data.isEmpty() ? null : ResultWriter.decode(data);
        long total = histogram == null ? 0 : histogram.getTotalCount();

        // 1/(1-p) cannot exceed the sample count by much: one decade per factor of ten samples, at least to 99 %.
        int decades = total == 0 ? 2 : (int) Math.max(2, Math.min(7, Math.ceil(Math.log10(total))));
        double xScale = PLOT_WIDTH / (double) decades;

        double top = histogram == null || total == 0 ? 0 : histogram.getMaxValue();
        JsonNode overhead = result.get("otelOverhead");
        List<double[]> arms = new ArrayList<>(); // {percentile, nanos, 0 off | 1 on}
        if (overhead != null && overhead.isObject()) {
            String[] keys = {"p50Ns", "p99Ns"};
            double[] percentiles = {50, 99};
            for (int arm = 0; arm < 2; arm++) {
                JsonNode node = overhead.path(arm == 0 ? "off" : "on");
                for (int k = 0; k < 2; k++) {
                    JsonNode value = node.get(keys[k]);
                    if (value != null && value.isNumber()) {
                        arms.add(new double[] {percentiles[k], value.asDouble(), arm});
                        top = Math.max(top, value.asDouble());
                    }
                }
            }
        }
        List<double[]> baselinePoints = new ArrayList<>(); // {percentile, nanos}
        if (baseline != null) {
            String[] keys = {"baselineP50Ns", "baselineP99Ns"};
            double[] percentiles = {50, 99};
            for (int k = 0; k < 2; k++) {
                JsonNode value = baseline.get(keys[k]);
                if (value != null && value.isNumber() && value.asDouble() > 0) {
                    baselinePoints.add(new double[] {percentiles[k], value.asDouble()});
                    top = Math.max(top, value.asDouble());
                }
            }
        }
        // Limits far above the data would flatten it: drawn only when within 4x of the largest value.
        double dataTop = top;
        List<double[]> limits = new ArrayList<>(); // {percentile, nanos, rank}
        for (JsonNode objective : result.path("objectives")) {
            double percentile = objectivePercentile(objective.path("name").asText(""));
            double limit = objective.path("limit").asDouble(Double.NaN);
            if (!Double.isNaN(percentile) && "ns".equals(objective.path("unit").asText())
                    && limit > 0 && (dataTop == 0 || limit <= 4 * dataTop)) {
                limits.add(new double[] {percentile, limit, rank(verdictOf(objective))});
                top = Math.max(top, limit);
            }
        }

        double step = niceStep(top > 0 ? top / 5 : 200);
        double yMax = Math.max(step, Math.ceil(top / step) * step);
        double unit = displayUnit(yMax);
        String unitName = unitName(unit);

        for (int k = 0; k <= decades; k++) {
            xTick(svg, LEFT + k * xScale, percentileLabel(k));
        }
        for (double tick = 0; tick <= yMax * (1 + 1e-9); tick += step) {
            yTick(svg, TOP + PLOT_HEIGHT - tick / yMax * PLOT_HEIGHT, Units.number(tick / unit));
        }
        axisLabels(svg, "percentile (log scale of 1/(1-p))", "latency (" + unitName + ")");

        if (histogram == null || total == 0) {
            noData(svg, "no samples");
        }
        else {
            percentileLine(svg, histogram, decades, xScale, yMax);
        }
        for (double[] limit : limits) {
            double x = percentileX(limit[0], decades, xScale);
            double y = TOP + PLOT_HEIGHT - limit[1] / yMax * PLOT_HEIGHT;
            svg.append("<path class=\"limit ").append(css(VERDICTS[(int) limit[2]])).append("\" d=\"M");
            number(svg, x - 9);
            svg.append(' ');
            number(svg, y);
            svg.append("h18\"><title>limit ").append(Units.number(limit[0])).append(" %: ")
                    .append(Units.duration(limit[1])).append("</title></path>");
        }
        for (double[] arm : arms) {
            svg.append("<circle class=\"").append(arm[2] == 0 ? "arm-off" : "arm-on").append("\" cx=\"");
            number(svg, percentileX(arm[0], decades, xScale));
            svg.append("\" cy=\"");
            number(svg, TOP + PLOT_HEIGHT - arm[1] / yMax * PLOT_HEIGHT);
            svg.append("\" r=\"").append(arm[2] == 0 ? "4.5" : "2.8").append("\"><title>telemetry ")
                    .append(arm[2] == 0 ? "off" : "on").append(" p").append(Units.number(arm[0])).append(": ")
                    .append(Units.duration(arm[1])).append("</title></circle>");
        }
        for (double[] point : baselinePoints) {
            double x = percentileX(point[0], decades, xScale);
            double y = TOP + PLOT_HEIGHT - point[1] / yMax * PLOT_HEIGHT;
            svg.append("<rect class=\"baseline\" x=\"");
            number(svg, x - 4);
            svg.append("\" y=\"");
            number(svg, y - 4);
            svg.append("\" width=\"8\" height=\"8\"><title>baseline ");
            escape(svg, baseline.path("baseline").asText(""));
            svg.append(" p").append(Units.number(point[0])).append(": ").append(Units.duration(point[1]))
                    .append("</title></rect>");
        }
        legend(svg, !limits.isEmpty(), !arms.isEmpty());
        if (!baselinePoints.isEmpty()) {
            svg.append("<rect class=\"baseline\" x=\"").append(LEFT + PLOT_WIDTH - 150).append("\" y=\"")
                    .append(TOP - 16).append("\" width=\"8\" height=\"8\"/><text class=\"legend\" x=\"")
                    .append(LEFT + PLOT_WIDTH - 138).append("\" y=\"").append(TOP - 8)
                    .append("\">baseline (p50, p99)</text>");
        }
        svg.append("</svg>");
    }

    /**
     * The percentile curve at pixel resolution: each column of the plot gets the largest latency whose percentile
     * range reaches it, and points on the line between their neighbours are left out. One pass over the buckets
     * from the minimum to the maximum: HdrHistogram's iterators walk the same buckets, but slowly enough to take
     * longer than the rest of the page together.
     */
    private static void percentileLine(StringBuilder svg, Histogram histogram, int decades, double xScale,
            double yMax) {
        double total = histogram.getTotalCount();
        double[] column = new double[PLOT_WIDTH + 1];
        java.util.Arrays.fill(column, -1);
        long below = 0;
        long max = histogram.getMaxValue();
        // Bucket by bucket from the smallest value, as HdrHistogram's iterators do, but several times faster.
        for (long value = histogram.lowestEquivalentValue(histogram.getMinValue()); value <= max && below < total;
                value = histogram.nextNonEquivalentValue(value)) {
            long count = histogram.getCountAtValue(value);
            if (count == 0) {
                continue;
            }
            int from = (int) Math.floor(fractionX(below / total, decades, xScale));
            below += count;
            int to = (int) Math.floor(fractionX(below / total, decades, xScale));
            double nanos = histogram.highestEquivalentValue(value);
            for (int x = from; x <= to; x++) {
                column[x] = Math.max(column[x], nanos);
            }
        }
        svg.append("<polyline class=\"line\" points=\"");
        int last = PLOT_WIDTH;
        while (last > 0 && column[last] < 0) {
            last--;
        }
        // A point within half a pixel of the line from the last point drawn to the next one adds bytes, not shape.
        int drawn = -1;
        double drawnY = 0;
        for (int x = 0; x <= last; x++) {
            if (column[x] < 0) {
                continue;
            }
            double y = TOP + PLOT_HEIGHT - column[x] / yMax * PLOT_HEIGHT;
            if (drawn >= 0 && x < last && column[x + 1] >= 0) {
                double nextY = TOP + PLOT_HEIGHT - column[x + 1] / yMax * PLOT_HEIGHT;
                double onLine = drawnY + (nextY - drawnY) * (x - drawn) / (x + 1 - drawn);
                if (Math.abs(y - onLine) < 0.5) {
                    continue;
                }
            }
            svg.append(LEFT + x).append(',');
            number(svg, y);
            svg.append(' ');
            drawn = x;
            drawnY = y;
        }
        svg.setLength(svg.length() - 1);
        svg.append("\"/>");
    }

    /** The column of cumulative fraction {@code f}: {@code log10(1 / (1 - f))} decades, at most {@code decades}. */
    private static double fractionX(double fraction, int decades, double xScale) {
        double x = fraction >= 1 ? decades : Math.min(decades, Math.log10(1 / (1 - fraction)));
        return Math.min(PLOT_WIDTH, x * xScale);
    }

    private static void legend(StringBuilder svg, boolean limits, boolean arms) {
        int x = LEFT + 6;
        int y = TOP - 8;
        svg.append("<path class=\"line\" d=\"M").append(x).append(' ').append(y - 4).append("h16\"/>")
                .append("<text class=\"legend\" x=\"").append(x + 20).append("\" y=\"").append(y)
                .append("\">latency</text>");
        x += 80;
        if (limits) {
            svg.append("<path class=\"limit fail\" d=\"M").append(x).append(' ').append(y - 4).append("h14\"/>")
                    .append("<text class=\"legend\" x=\"").append(x + 18).append("\" y=\"").append(y)
                    .append("\">limit</text>");
            x += 64;
        }
        if (arms) {
            svg.append("<circle class=\"arm-off\" cx=\"").append(x + 4).append("\" cy=\"").append(y - 4)
                    .append("\" r=\"4.5\"/><text class=\"legend\" x=\"").append(x + 12).append("\" y=\"").append(y)
                    .append("\">telemetry off</text><circle class=\"arm-on\" cx=\"").append(x + 106)
                    .append("\" cy=\"").append(y - 4).append("\" r=\"2.8\"/><text class=\"legend\" x=\"")
                    .append(x + 112).append("\" y=\"").append(y).append("\">telemetry on (p50, p99)</text>");
        }
    }

    private static double percentileX(double percentile, int decades, double xScale) {
        return LEFT + Math.min(decades, Math.log10(100 / (100 - percentile))) * xScale;
    }

    /** {@code 0 %}, {@code 90 %}, {@code 99 %}, {@code 99.9 %}, ...: the percentile at {@code 1/(1-p) = 10^k}. */
    static String percentileLabel(int decade) {
        if (decade == 0) {
            return "0 %";
        }
        if (decade == 1) {
            return "90 %";
        }
        if (decade == 2) {
            return "99 %";
        }
        return "99." + "9".repeat(decade - 2) + " %";
    }

    /** 1, 2 or 5 times a power of ten, at least {@code rough}. */
    private static double niceStep(double rough) {
        double power = Math.pow(10, Math.floor(Math.log10(rough)));
        double mantissa = rough / power;
        return (mantissa <= 1 ? 1 : mantissa <= 2 ? 2 : mantissa <= 5 ? 5 : 10) * power;
    }

    /** The unit, in nanoseconds, in which {@code nanos} is at least 1: 1 (ns), 1e3 (µs), 1e6 (ms) or 1e9 (s). */
    private static double displayUnit(double nanos) {
        return nanos >= 1e9 ? 1e9 : nanos >= 1e6 ? 1e6 : nanos >= 1e3 ? 1e3 : 1;
    }

    private static String unitName(double unit) {
        return unit == 1e9 ? "s" : unit == 1e6 ? "ms" : unit == 1e3 ? "µs" : "ns";
    }

    /** Median and p99 against N on log-log axes, with the best-fitting curve {@code c · f(N)}. */
    private static void scalingPlot(StringBuilder svg, JsonNode scaling, boolean standalone) {
        String name = scaling.path("testName").asText("scaling");
        svgOpen(svg, standalone, "scaling", "Latency by problem size: " + name);
        List<double[]> points = new ArrayList<>(); // {N, p50, p99}
        for (JsonNode size : scaling.path("sizes")) {
            double n = size.path("size").asDouble(Double.NaN);
            if (n > 0) {
                points.add(new double[] {n, size.path("p50Ns").asDouble(Double.NaN),
                    size.path("p99Ns").asDouble(Double.NaN)});
            }
        }
        JsonNode bestFit = null;
        String best = scaling.path("best").asText("");
        for (JsonNode fit : scaling.path("fits")) {
            if (fit.path("complexity").asText("").equals(best)) {
                bestFit = fit;
            }
        }
        Complexity complexity = null;
        for (Complexity candidate : Complexity.values()) {
            if (candidate.name().equals(best)) {
                complexity = candidate;
            }
        }
        double minN = Double.POSITIVE_INFINITY;
        double maxN = 0;
        double minT = Double.POSITIVE_INFINITY;
        double maxT = 0;
        for (double[] point : points) {
            minN = Math.min(minN, point[0]);
            maxN = Math.max(maxN, point[0]);
            for (int k = 1; k < 3; k++) {
                if (point[k] > 0) {
                    minT = Math.min(minT, point[k]);
                    maxT = Math.max(maxT, point[k]);
                }
            }
        }
        List<double[]> curve = new ArrayList<>();
        double coefficient = bestFit == null ? Double.NaN : bestFit.path("coefficientNs").asDouble(Double.NaN);
        if (complexity != null && coefficient > 0 && maxN > 0) {
            int steps = 48;
            for (int i = 0; i <= steps; i++) {
                double n = Math.exp(Math.log(minN) + (Math.log(maxN) - Math.log(minN)) * i / steps);
                double t = coefficient * complexity.of(n);
                if (t > 0) {
                    curve.add(new double[] {n, t});
                    minT = Math.min(minT, t);
                    maxT = Math.max(maxT, t);
                }
            }
        }
        if (points.isEmpty() || maxT <= 0) {
            axisLabels(svg, "problem size N (log scale)", "latency per call (log scale)");
            noData(svg, "no sizes measured");
            svg.append("</svg>");
            return;
        }
        // A little room around the data, in decades; a single size or a flat line still gets a range.
        double x0 = Math.log10(minN) - 0.1;
        double x1 = Math.max(Math.log10(maxN) + 0.1, x0 + 1);
        double y0 = Math.log10(minT) - 0.15;
        double y1 = Math.max(Math.log10(maxT) + 0.15, y0 + 1);
        double xScale = PLOT_WIDTH / (x1 - x0);
        double yScale = PLOT_HEIGHT / (y1 - y0);

        for (double tick : logTicks(x0, x1)) {
            xTick(svg, LEFT + (Math.log10(tick) - x0) * xScale, Units.count(Math.round(tick)));
        }
        for (double tick : logTicks(y0, y1)) {
            yTick(svg, TOP + PLOT_HEIGHT - (Math.log10(tick) - y0) * yScale, Units.duration(tick));
        }
        axisLabels(svg, "problem size N (log scale)", "latency per call (log scale)");

        if (!curve.isEmpty()) {
            svg.append("<polyline class=\"fit\" points=\"");
            for (double[] point : curve) {
                number(svg, LEFT + (Math.log10(point[0]) - x0) * xScale);
                svg.append(',');
                number(svg, TOP + PLOT_HEIGHT - (Math.log10(point[1]) - y0) * yScale);
                svg.append(' ');
            }
            svg.setLength(svg.length() - 1);
            svg.append("\"><title>best fit ");
            escape(svg, bestFit.path("curve").asText(complexity.notation()));
            svg.append("</title></polyline>");
        }
        String[] classes = {"line", "p99"};
        String[] names = {"median", "p99"};
        for (int k = 1; k < 3; k++) {
            StringBuilder line = new StringBuilder();
            StringBuilder dots = new StringBuilder();
            for (double[] point : points) {
                if (!(point[k] > 0)) {
                    continue;
                }
                double x = LEFT + (Math.log10(point[0]) - x0) * xScale;
                double y = TOP + PLOT_HEIGHT - (Math.log10(point[k]) - y0) * yScale;
                number(line, x);
                line.append(',');
                number(line, y);
                line.append(' ');
                dots.append("<circle class=\"dot").append(k == 2 ? " p99" : "").append("\" cx=\"");
                number(dots, x);
                dots.append("\" cy=\"");
                number(dots, y);
                dots.append("\" r=\"3\"><title>N = ").append(Units.count(Math.round(point[0]))).append(": ")
                        .append(names[k - 1]).append(' ').append(Units.duration(point[k])).append("</title></circle>");
            }
            if (line.length() > 0) {
                line.setLength(line.length() - 1);
                svg.append("<polyline class=\"").append(classes[k - 1]).append("\" points=\"").append(line)
                        .append("\"/>").append(dots);
            }
        }
        int x = LEFT + 6;
        int y = TOP - 8;
        svg.append("<path class=\"line\" d=\"M").append(x).append(' ').append(y - 4).append("h16\"/>")
                .append("<text class=\"legend\" x=\"").append(x + 20).append("\" y=\"").append(y)
                .append("\">median</text><path class=\"p99\" d=\"M").append(x + 80).append(' ').append(y - 4)
                .append("h16\"/><text class=\"legend\" x=\"").append(x + 100).append("\" y=\"").append(y)
                .append("\">p99</text>");
        if (!curve.isEmpty()) {
            svg.append("<path class=\"fit\" d=\"M").append(x + 150).append(' ').append(y - 4)
                    .append("h16\"/><text class=\"legend\" x=\"").append(x + 170).append("\" y=\"").append(y)
                    .append("\">best fit: ");
            escape(svg, bestFit.path("curve").asText(complexity.notation()));
            svg.append("</text>");
        }
        svg.append("</svg>");
    }

    /** Powers of ten between {@code 10^from} and {@code 10^to}; with 1, 2, 5 steps when there are fewer than 3. */
    private static List<Double> logTicks(double from, double to) {
        List<Double> decades = new ArrayList<>();
        List<Double> fine = new ArrayList<>();
        for (int k = (int) Math.floor(from); k <= (int) Math.ceil(to); k++) {
            for (int mantissa : new int[] {1, 2, 5}) {
                double value = mantissa * Math.pow(10, k);
                double log = Math.log10(value);
                if (log >= from && log <= to) {
                    fine.add(value);
                    if (mantissa == 1) {
                        decades.add(value);
                    }
                }
            }
        }
        return decades.size() >= 3 ? decades : fine;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Text

    /** A coordinate to one decimal, without {@code String.format}: plots write thousands of them. */
    private static void number(StringBuilder out, double value) {
        long tenths = Math.round(value * 10);
        if (tenths < 0) {
            out.append('-');
            tenths = -tenths;
        }
        out.append(tenths / 10);
        if (tenths % 10 != 0) {
            out.append('.').append(tenths % 10);
        }
    }

    /** Escapes text for HTML content and quoted attribute values alike. */
    static void escape(StringBuilder out, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
    }
}
