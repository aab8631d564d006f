package dev.perfgate.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.perfgate.result.AtomicFiles;

/**
 * Writes the reports of a run from its result files: {@code report/index.html}, {@code summary.md},
 * {@code jmh-result.json} and {@code benchmark-action.json} in the folder above the results (by default
 * {@code target/perfgate/}). Every file is written to a temporary file and moved into place.
 */
public final class ReportWriter {

    /** The HTML report, relative to the folder above the results. */
    public static final String HTML = "report/index.html";
    /** The Markdown summary. */
    public static final String SUMMARY = "summary.md";
    /** JMH's JSON result format. */
    public static final String JMH = "jmh-result.json";
    /** github-action-benchmark's {@code customSmallerIsBetter} format. */
    public static final String BENCHMARK_ACTION = "benchmark-action.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReportWriter() {
    }

    /**
     * Reads the results in {@code resultsDir} that {@code include} accepts (by test id) and writes the reports next to
     * the folder; nothing when there is no result at all.
     *
     * @param regressionsSince the baseline regression table ({@code regressions.json} beside the results) is shown
     *                         only if it was written at or after this instant: an older one is another run's
     * @return the HTML report, or {@code null} when there was nothing to report
     */
    public static @Nullable Path write(Path resultsDir, Predicate<String> include, Instant regressionsSince,
            Instant generatedAt) throws IOException {
        List<ResultFile> results = ResultFile.readAll(resultsDir, include);
        if (results.isEmpty()) {
            return null;
        }
        Path folder = resultsDir.toAbsolutePath().getParent();
        JsonNode regressions = regressions(folder.resolve("regressions.json"), regressionsSince);
        Path html = folder.resolve(HTML);
        AtomicFiles.writeString(html, HtmlReport.render(results, regressions, "perfgate report", generatedAt));
        AtomicFiles.writeString(folder.resolve(SUMMARY), MarkdownSummary.render(results, regressions, generatedAt));
        AtomicFiles.writeJson(folder.resolve(JMH), JmhResultJson.render(results));
        AtomicFiles.writeJson(folder.resolve(BENCHMARK_ACTION), BenchmarkActionJson.render(results));
        return html;
    }

    private static @Nullable JsonNode regressions(Path file, Instant since) {
        try {
            if (!Files.isRegularFile(file) || Files.getLastModifiedTime(file).toInstant().isBefore(since)) {
                return null;
            }
            return JSON.readTree(file.toFile());
        }
        catch (IOException e) {
            return null; // a broken regression table is the baseline feature's to report; the results still are
        }
    }
}
