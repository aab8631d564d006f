package dev.perfgate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.opentelemetry.api.OpenTelemetry;

class OtelOverheadExtensionTests {

    @TempDir
    Path results;

    @Test
    void noExtraWorkPasses() throws IOException {
        EngineExecutionResults execution = run(NoExtraTestCase.class);
        reportEntries(execution).forEach(System.out::println);
        failures(execution).forEach(Throwable::printStackTrace);
        execution.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
        System.out.println(onlyResult().toPrettyString());
    }

    static class NoExtraTestCase {
        SpinningService service;

        @BeforeEach
        void open(OpenTelemetry otel) {
            service = new SpinningService(otel, 20_000, 0);
        }

        @Test
        @OtelOverhead(max = 10)
        void call() {
            service.call();
        }
    }

    @Test
    void halfAgainFails() throws IOException {
        EngineExecutionResults execution = run(HalfTestCase.class);
        reportEntries(execution).forEach(System.out::println);
        failures(execution).forEach(Throwable::printStackTrace);
        execution.testEvents().assertStatistics(stats -> stats.succeeded(0).failed(1));
    }

    static class HalfTestCase {
        SpinningService service;

        @BeforeEach
        void open(OpenTelemetry otel) {
            service = new SpinningService(otel, 20_000, 10_000);
        }

        @Test
        @OtelOverhead(max = 10, exporter = OtelOverhead.Exporter.OTLP)
        void call() {
            service.call();
        }
    }

    private EngineExecutionResults run(Class<?> fixture, String... keyValues) {
        var request = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(fixture))
                .configurationParameter("perfgate.results.dir", results.toString())
                .configurationParameter("perfgate.otel.warmup", "200ms")
                .configurationParameter("perfgate.otel.batch-duration", "1ms");
        for (int i = 0; i < keyValues.length; i += 2) {
            request = request.configurationParameter(keyValues[i], keyValues[i + 1]);
        }
        return request.execute();
    }

    private static List<String> reportEntries(EngineExecutionResults execution) {
        return execution.allEvents().reportingEntryPublished().stream()
                .map(event -> event.getPayload(ReportEntry.class).orElseThrow())
                .map(entry -> entry.getKeyValuePairs().get("perfgate"))
                .collect(Collectors.toList());
    }

    private static List<Throwable> failures(EngineExecutionResults execution) {
        return execution.allEvents().failed().stream()
                .map(event -> event.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow())
                .collect(Collectors.toList());
    }

    private JsonNode onlyResult() throws IOException {
        try (Stream<Path> files = Files.list(results)) {
            List<Path> json = files.filter(file -> file.toString().endsWith(".json")).collect(Collectors.toList());
            assertThat(json).hasSize(1);
            return new ObjectMapper().readTree(json.get(0).toFile());
        }
    }
}
