package dev.perfgate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** What the extension's end-to-end tests read from an {@code EngineTestKit} run: summaries, failures, results. */
final class EngineResults {

    private EngineResults() {
    }

    /** perfgate's one-line summaries, in the order they were published. */
    static List<String> reportEntries(EngineExecutionResults execution) {
        return execution.allEvents().reportingEntryPublished().stream()
                .map(event -> event.getPayload(ReportEntry.class).orElseThrow())
                .map(entry -> entry.getKeyValuePairs().get("perfgate"))
                .collect(Collectors.toList());
    }

    /** The one test that failed, and why. */
    static Throwable onlyFailure(EngineExecutionResults execution) {
        List<Throwable> failures = execution.testEvents().failed().stream()
                .map(event -> event.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow())
                .collect(Collectors.toList());
        assertThat(failures).as("failures among %s", execution.testEvents().list()).hasSize(1);
        return failures.get(0);
    }

    /** The one container (a class, a template) that failed, and why. */
    static Throwable onlyContainerFailure(EngineExecutionResults execution) {
        List<Event> failed = execution.containerEvents().failed().list();
        assertThat(failed).as("failures among %s", execution.containerEvents().list()).hasSize(1);
        return failed.get(0).getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
    }

    /** The one JSON result in {@code folder}. */
    static JsonNode onlyResult(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> json = files.filter(file -> file.toString().endsWith(".json")).collect(Collectors.toList());
            assertThat(json).hasSize(1);
            return new ObjectMapper().readTree(json.get(0).toFile());
        }
    }
}
