package dev.perfgate.report;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.databind.JsonNode;

import dev.perfgate.verdict.Units;

/**
 * The Markdown summary of a run, for a GitHub Actions step summary ({@code $GITHUB_STEP_SUMMARY}) or a pull-request
 * comment: a headline with the count of every verdict, the failing and warning tests with the objectives that
 * failed or warned, every test in a collapsed table, the scaling verdicts and the result files that could not be
 * read.
 *
 * <pre>{@code
 * List<ResultFile> results = ResultFile.readAll(Path.of("target/perfgate/results"), id -> true);
 * Files.writeString(summaryFile, MarkdownSummary.render(results, null, Instant.now()));
 * // ## perfgate: **1 FAIL**, 1 WARN, 14 PASS
 * }</pre>
 */
public final class MarkdownSummary {

    private static final String RESULT = "perfgate-result";
    private static final String SCALING = "perfgate-scaling";
    private static final String REGRESSIONS = "perfgate-regressions";
    private static final List<String> VERDICT_ORDER = List.of("FAIL", "WARN", "PASS");

    // GitHub treats '<' as the start of HTML only before a letter, '/', '!' or '?': "<= 1 ms" stays as it is.
    private static final Pattern HTML_START = Pattern.compile("<(?=[A-Za-z/!?])");
    private static final Pattern LINE_BREAK = Pattern.compile("\\r\\n|\\r|\\n");

    private MarkdownSummary() {
    }

    /**
     * The summary of {@code results}.
     *
     * @param results     the files of the results folder, readable or not
     * @param regressions the content of {@code regressions.json} ({@code perfgate-regressions}), or {@code null}
     *                    when no test was compared with a baseline; its change of the median is shown per test
     * @param generatedAt when the summary is made, shown under the headline
     * @return GitHub-flavoured Markdown, ending with a line break
     */
    public static String render(List<ResultFile> results, @Nullable JsonNode regressions, Instant generatedAt) {
        requireNonNull(results, "results");
        requireNonNull(generatedAt, "generatedAt");
        List<JsonNode> tests = new ArrayList<>();
        List<JsonNode> scalings = new ArrayList<>();
        List<ResultFile> unreadable = new ArrayList<>();
        for (ResultFile file : results) {
            JsonNode json = file.json();
            if (json == null) {
                unreadable.add(file);
            }
            else if (file.format().equals(SCALING)) {
                scalings.add(json);
            }
            else if (file.format().equals(RESULT)) {
                tests.add(json);
            }
        }
        Regressions changes = Regressions.of(regressions);

        StringBuilder text = new StringBuilder();
        headline(text, tests, scalings, unreadable, generatedAt);
        attention(text, tests, changes);
        allTests(text, tests, changes);
        scaling(text, scalings);
        unreadable(text, unreadable);
        return text.toString();
    }

    private static void headline(StringBuilder text, List<JsonNode> tests, List<JsonNode> scalings,
            List<ResultFile> unreadable, Instant generatedAt) {
        Map<String, Integer> counts = new HashMap<>();
        List<String> order = new ArrayList<>(VERDICT_ORDER);
        for (JsonNode json : concat(tests, scalings)) {
            String verdict = verdict(json);
            counts.merge(verdict, 1, Integer::sum);
            if (!order.contains(verdict)) {
                order.add(verdict);
            }
        }
        List<String> parts = new ArrayList<>();
        for (String verdict : order) {
            int count = counts.getOrDefault(verdict, 0);
            if (count > 0) {
                String part = Units.count(count) + " " + verdict;
                parts.add(verdict.equals("FAIL") ? "**" + part + "**" : part);
            }
        }
        if (!unreadable.isEmpty()) {
            parts.add("**" + Units.count(unreadable.size()) + " unreadable**");
        }
        text.append("## perfgate: ").append(parts.isEmpty() ? "no results" : String.join(", ", parts)).append("\n\n");
        text.append(plural(tests.size(), "measured test", "measured tests"));
        if (!scalings.isEmpty()) {
            text.append(", ").append(plural(scalings.size(), "scaling verdict", "scaling verdicts"));
        }
        if (!unreadable.isEmpty()) {
            text.append(", ").append(plural(unreadable.size(), "unreadable result file", "unreadable result files"));
        }
        text.append("; generated ").append(generatedAt).append("\n");
    }

    /** The FAIL tests, then the WARN tests, each in the order of the files, with what failed or warned. */
    private static void attention(StringBuilder text, List<JsonNode> tests, Regressions changes) {
        List<JsonNode> rows = new ArrayList<>();
        for (String verdict : List.of("FAIL", "WARN")) {
            tests.stream().filter(json -> verdict(json).equals(verdict)).forEach(rows::add);
        }
        if (rows.isEmpty()) {
            return;
        }
        boolean overhead = rows.stream().anyMatch(json -> json.hasNonNull("otelOverhead"));
        boolean regression = rows.stream().anyMatch(changes::has);
        text.append("\n### Failing and warning tests\n\n| test | verdict | objectives |");
        text.append(overhead ? " OTel overhead |" : "").append(regression ? " change of the median |" : "");
        text.append("\n|---|---|---|").append(overhead ? "---:|" : "").append(regression ? "---:|" : "").append('\n');
        for (JsonNode json : rows) {
            text.append("| ").append(cell(testName(json))).append(" | ").append(cell(verdictText(json)))
                    .append(" | ").append(cell(objectives(json))).append(" |");
            if (overhead) {
                text.append(' ').append(cell(overhead(json.path("otelOverhead")))).append(" |");
            }
            if (regression) {
                text.append(' ').append(cell(changes.text(json))).append(" |");
            }
            text.append('\n');
        }
    }

    private static void allTests(StringBuilder text, List<JsonNode> tests, Regressions changes) {
        if (tests.isEmpty()) {
            return;
        }
        boolean allocation = tests.stream().anyMatch(json -> json.path("allocatedBytesPerOperation").isNumber());
        boolean regression = tests.stream().anyMatch(changes::has);
        // A blank line after <summary> is what lets GitHub render the Markdown table inside <details>.
        text.append("\n<details>\n<summary>All ").append(plural(tests.size(), "measured test", "measured tests"))
                .append("</summary>\n\n| test | verdict | samples | p50 | p99 | mean | throughput |")
                .append(allocation ? " allocated |" : "").append(regression ? " change of the median |" : "")
                .append("\n|---|---|---:|---:|---:|---:|---:|").append(allocation ? "---:|" : "")
                .append(regression ? "---:|" : "").append('\n');
        for (JsonNode json : tests) {
            JsonNode latency = json.path("latencyNs");
            text.append("| ").append(cell(testName(json))).append(" | ").append(cell(verdictText(json)))
                    .append(" | ").append(samples(json))
                    .append(" | ").append(duration(latency.path("p50")))
                    .append(" | ").append(duration(latency.path("p99")))
                    .append(" | ").append(duration(latency.path("mean")))
                    .append(" | ").append(json.path("throughputPerSecond").isNumber()
                            ? Units.rate(json.path("throughputPerSecond").asDouble()) : "n/a")
                    .append(" |");
            if (allocation) {
                JsonNode bytes = json.path("allocatedBytesPerOperation");
                text.append(' ').append(bytes.isNumber() ? Units.bytesPerOperation(bytes.asDouble()) : "n/a")
                        .append(" |");
            }
            if (regression) {
                text.append(' ').append(cell(changes.text(json))).append(" |");
            }
            text.append('\n');
        }
        text.append("\n</details>\n");
    }

    private static void scaling(StringBuilder text, List<JsonNode> scalings) {
        if (scalings.isEmpty()) {
            return;
        }
        List<JsonNode> rows = new ArrayList<>();
        List<String> order = new ArrayList<>(VERDICT_ORDER);
        scalings.stream().map(MarkdownSummary::verdict).filter(verdict -> !order.contains(verdict)).distinct()
                .forEach(order::add);
        for (String verdict : order) {
            scalings.stream().filter(json -> verdict(json).equals(verdict)).forEach(rows::add);
        }
        text.append("\n### Scaling\n\n| test | verdict | expected at most | best fit | sizes |\n|---|---|---|---|---|\n");
        for (JsonNode json : rows) {
            text.append("| ").append(cell(testName(json))).append(" | ").append(cell(verdictText(json)))
                    .append(" | ").append(cell(json.path("expectNotation").asText(json.path("expect").asText("n/a"))))
                    .append(" | ").append(cell(json.path("bestNotation").asText(json.path("best").asText("n/a"))))
                    .append(" | ").append(cell(sizes(json.path("sizes")))).append(" |\n");
        }
    }

    private static void unreadable(StringBuilder text, List<ResultFile> unreadable) {
        if (unreadable.isEmpty()) {
            return;
        }
        text.append("\n### Unreadable result files\n\n");
        for (ResultFile file : unreadable) {
            text.append("- ").append(inline(String.valueOf(file.path().getFileName()))).append(": ")
                    .append(inline(String.valueOf(file.error()))).append('\n');
        }
    }

    /** Every objective that did not pass: {@code p99 FAIL: 2.31 ms, expected <= 1.5 ms (evidence)}. */
    private static String objectives(JsonNode json) {
        List<String> lines = new ArrayList<>();
        for (JsonNode objective : json.path("objectives")) {
            String verdict = objective.path("verdict").asText("");
            if (verdict.equals("PASS")) {
                continue;
            }
            StringBuilder line = new StringBuilder(objective.path("name").asText("?")).append(' ').append(verdict)
                    .append(": ").append(objective.path("actualText").asText("n/a")).append(", expected ")
                    .append(objective.path("expectedText").asText("n/a"));
            String evidence = objective.path("evidence").asText("");
            if (!evidence.isEmpty()) {
                line.append(" (").append(evidence).append(')');
            }
            lines.add(line.toString());
        }
        return lines.isEmpty() ? "n/a" : String.join("\n", lines);
    }

    /** {@code +3.2 % (+1.1 % .. +5.3 %), good}. */
    private static String overhead(JsonNode overhead) {
        if (overhead.isMissingNode() || overhead.isNull()) {
            return "";
        }
        JsonNode estimate = overhead.path("estimatePercent");
        if (!estimate.isNumber()) {
            return "n/a (too few pairs)";
        }
        StringBuilder text = new StringBuilder(signedPercent(estimate.asDouble()));
        if (overhead.path("lowerPercent").isNumber() && overhead.path("upperPercent").isNumber()) {
            text.append(" (").append(signedPercent(overhead.path("lowerPercent").asDouble())).append(" .. ")
                    .append(signedPercent(overhead.path("upperPercent").asDouble())).append(')');
        }
        String grade = overhead.path("grade").asText("");
        if (!grade.isEmpty()) {
            text.append(", ").append(grade);
        }
        return text.toString();
    }

    private static String samples(JsonNode json) {
        String samples = json.path("samples").isNumber() ? Units.count(json.path("samples").asLong()) : "n/a";
        long errors = json.path("errors").asLong(0);
        return errors == 0 ? samples : samples + " (" + plural(errors, "error", "errors") + ")";
    }

    /** {@code 12 sizes, 100 .. 1,000,000}. */
    private static String sizes(JsonNode sizes) {
        if (!sizes.isArray() || sizes.isEmpty()) {
            return "n/a";
        }
        return plural(sizes.size(), "size", "sizes") + ", " + Units.count(sizes.get(0).path("size").asLong())
                + " .. " + Units.count(sizes.get(sizes.size() - 1).path("size").asLong());
    }

    private static String duration(JsonNode nanos) {
        return nanos.isNumber() ? Units.duration(nanos.asDouble()) : "n/a";
    }

    /** A percentage that is already in percent, with its sign: {@code +3.2 %}, {@code -0.5 %}. */
    static String signedPercent(double percent) {
        String number = Units.percent(Math.abs(percent) / 100);
        return (percent > 0 ? "+" : percent < 0 ? "-" : "") + number;
    }

    private static String verdict(JsonNode json) {
        return json.path("verdict").asText("n/a");
    }

    /** The verdict, and when a FAIL did not fail the test (report mode, severity WARN), that it did not. */
    private static String verdictText(JsonNode json) {
        String verdict = verdict(json);
        return verdict.equals("FAIL") && json.has("failsTest") && !json.path("failsTest").asBoolean()
                ? "FAIL (not enforced)" : verdict;
    }

    private static String testName(JsonNode json) {
        String name = json.path("testName").asText("");
        return name.isEmpty() ? json.path("testId").asText("?") : name;
    }

    /** Text made safe for a table cell: a pipe would end the cell, a line break the row. */
    static String cell(String text) {
        String escaped = HTML_START.matcher(text.replace("|", "\\|")).replaceAll("&lt;");
        return LINE_BREAK.matcher(escaped).replaceAll("<br>");
    }

    /** Text made safe for one line of a list. */
    private static String inline(String text) {
        return LINE_BREAK.matcher(HTML_START.matcher(text).replaceAll("&lt;")).replaceAll(" ");
    }

    private static String plural(long count, String one, String many) {
        return Units.count(count) + " " + (count == 1 ? one : many);
    }

    private static List<JsonNode> concat(List<JsonNode> first, List<JsonNode> second) {
        List<JsonNode> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    /**
     * The rows of {@code regressions.json} by test. Its {@code testId} names a parameterized invocation by its
     * display name rather than its number, so a row is found by the test's id or, failing that, its name.
     */
    private record Regressions(Map<String, JsonNode> byId, Map<String, JsonNode> byName) {

        static Regressions of(@Nullable JsonNode regressions) {
            Map<String, JsonNode> byId = new HashMap<>();
            Map<String, JsonNode> byName = new HashMap<>();
            if (regressions != null && REGRESSIONS.equals(regressions.path("format").asText(""))) {
                for (JsonNode row : regressions.path("tests")) {
                    byId.put(row.path("testId").asText(""), row);
                    byName.put(row.path("testName").asText(""), row);
                }
            }
            return new Regressions(byId, byName);
        }

        @Nullable JsonNode row(JsonNode test) {
            JsonNode row = byId.get(test.path("testId").asText(""));
            return row != null ? row : byName.get(test.path("testName").asText(""));
        }

        boolean has(JsonNode test) {
            return row(test) != null;
        }

        /** {@code +12.4 % (+8 % .. +16.9 %)}; the change is a fraction there, {@code 0.124}. */
        String text(JsonNode test) {
            JsonNode row = row(test);
            if (row == null) {
                return "";
            }
            JsonNode change = row.path("change");
            if (!change.isNumber()) {
                return "n/a";
            }
            StringBuilder text = new StringBuilder(signedPercent(change.asDouble() * 100));
            if (row.path("changeLower").isNumber() && row.path("changeUpper").isNumber()) {
                text.append(" (").append(signedPercent(row.path("changeLower").asDouble() * 100)).append(" .. ")
                        .append(signedPercent(row.path("changeUpper").asDouble() * 100)).append(')');
            }
            return text.toString();
        }
    }
}
