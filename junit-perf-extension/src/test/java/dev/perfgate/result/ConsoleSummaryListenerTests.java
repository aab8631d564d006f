package dev.perfgate.result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import dev.perfgate.Sla;

class ConsoleSummaryListenerTests {

    @TempDir
    Path results;

    @Test
    void printsPerfgateSummariesWithTheTestsNameAndNothingElse() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(SummaryTestCase.class))
                .configurationParameter("perfgate.results.dir", results.toString())
                .configurationParameter("perfgate.measure.warmup.default", "0s")
                .configurationParameter("perfgate.measure.duration.default", "50ms")
                .build();
        Launcher launcher = LauncherFactory.create();

        launcher.execute(request, new ConsoleSummaryListener(out));

        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertThat(printed.lines()).singleElement().asString()
                .startsWith("[perfgate] ConsoleSummaryListenerTests.SummaryTestCase.measured(): PASS p99 ")
                .contains(" samples in ");
    }

    static class SummaryTestCase {
        @Test
        @Sla(p99 = "1s")
        void measured() {
        }

        @Test
        void other(TestReporter reporter) {
            reporter.publishEntry("unrelated", "not printed");
        }
    }
}
