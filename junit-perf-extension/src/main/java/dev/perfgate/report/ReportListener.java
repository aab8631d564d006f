package dev.perfgate.report;

import java.io.PrintStream;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

import dev.perfgate.config.PerfgateConfiguration;

/**
 * Writes the reports after each test run that measured something (see {@link ReportWriter}), from the result files
 * of the tests this run executed: files left by earlier runs are not reported. Registered through
 * {@code META-INF/services}, so that users configure nothing; {@value #ENABLED_PROPERTY_NAME}{@code =false} turns it
 * off. A report that cannot be written is a warning on standard error, never a failure of the run.
 */
public final class ReportListener implements TestExecutionListener {

    /** Property name that turns the reports off with {@code false}: {@value} */
    public static final String ENABLED_PROPERTY_NAME = "perfgate.report.enabled";

    private final PrintStream out;
    private final Set<String> executed = ConcurrentHashMap.newKeySet();
    private @Nullable Path resultsDir;
    private boolean enabled;
    private Instant started = Instant.now();

    /** Reports to {@link System#out}. */
    public ReportListener() {
        this(System.out);
    }

    ReportListener(PrintStream out) {
        this.out = out;
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        started = Instant.now();
        executed.clear();
        var parameters = testPlan.getConfigurationParameters();
        enabled = parameters.get(ENABLED_PROPERTY_NAME).map(value -> !value.trim().equalsIgnoreCase("false"))
                .orElse(true);
        try {
            resultsDir = Path.of(parameters.get(PerfgateConfiguration.RESULTS_DIR_PROPERTY_NAME)
                    .orElse(PerfgateConfiguration.DEFAULT_RESULTS_DIR).trim());
        }
        catch (InvalidPathException e) {
            resultsDir = null; // the extension reports the bad value where it is read
        }
    }

    @Override
    public void executionFinished(TestIdentifier testIdentifier, TestExecutionResult testExecutionResult) {
        executed.add(testIdentifier.getUniqueId());
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        if (!enabled || resultsDir == null) {
            return;
        }
        try {
            Path html = ReportWriter.write(resultsDir, executed::contains, started, Instant.now());
            if (html != null) {
                out.println("[perfgate] report: " + html.toAbsolutePath().normalize());
            }
        }
        catch (Exception | LinkageError e) {
            System.err.println("[perfgate] WARNING: the report could not be written: " + e);
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "ReportListener[%s, %d tests]", resultsDir, executed.size());
    }
}
