package dev.perfgate.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.perfgate.result.ResultWriter;

/** The baseline's p50 and p99 drawn over a compared test's curve, from the regression table of the run. */
class HtmlReportBaselineTests {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aComparedTestShowsTheBaselinesPointsOverItsCurve() {
        ObjectNode result = JSON.createObjectNode();
        result.put("format", "perfgate-result");
        result.put("formatVersion", 1);
        result.put("testId", "[engine:junit-jupiter]/[class:a.B]/[method:search()]");
        result.put("testName", "B.search()");
        result.put("verdict", "PASS");
        Histogram histogram = new Histogram(3);
        for (int i = 1; i <= 1_000; i++) {
            histogram.recordValue(1_000L * i);
        }
        result.putObject("histogram").put("data", ResultWriter.encode(histogram));
        ObjectNode regressions = JSON.createObjectNode();
        ObjectNode row = regressions.putArray("tests").addObject();
        row.put("testName", "B.search()");
        row.put("baseline", "v1<2>");
        row.put("baselineP50Ns", 400_000);
        row.put("baselineP99Ns", 900_000);

        String page = HtmlReport.render(List.of(new ResultFile(Path.of("B.search().json"), result, null)),
                regressions, "perfgate", Instant.parse("2026-11-28T07:00:00Z"));

        assertThat(page).contains("<rect class=\"baseline\"").contains("<title>baseline v1&lt;2&gt; p50: 400 µs</title>")
                .contains("<title>baseline v1&lt;2&gt; p99: 900 µs</title>").contains(">baseline (p50, p99)</text>");
        assertThat(HtmlReport.render(List.of(new ResultFile(Path.of("B.search().json"), result, null)), null,
                "perfgate", Instant.parse("2026-11-28T07:00:00Z"))).doesNotContain("class=\"baseline\"");
    }
}
