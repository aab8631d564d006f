package dev.perfgate.result;

import java.io.PrintStream;

import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Prints perfgate's one-line summary of each measured test to standard output, where Maven's Surefire (which
 * drops report entries) and the IDE's console show it. Registered through {@code META-INF/services}, so that users
 * configure nothing.
 *
 * <pre>
 * [perfgate] CacheTests.cacheHit(): PASS p99 412 µs &lt;= 1 ms, ...; 12,400 samples in 2 s on 4 threads; ...
 * </pre>
 */
public final class ConsoleSummaryListener implements TestExecutionListener {

    /** The report entry key perfgate publishes its summaries under. */
    public static final String REPORT_KEY = "perfgate";

    private final PrintStream out;

    /** Prints to {@link System#out}. */
    public ConsoleSummaryListener() {
        this(System.out);
    }

    ConsoleSummaryListener(PrintStream out) {
        this.out = out;
    }

    @Override
    public void reportingEntryPublished(TestIdentifier testIdentifier, ReportEntry entry) {
        String summary = entry.getKeyValuePairs().get(REPORT_KEY);
        if (summary != null) {
            out.println("[perfgate] " + name(testIdentifier) + ": " + summary);
        }
    }

    private static String name(TestIdentifier test) {
        TestSource source = test.getSource().orElse(null);
        if (source instanceof MethodSource) {
            MethodSource method = (MethodSource) source;
            String className = method.getClassName();
            String simpleName = className.substring(className.lastIndexOf('.') + 1).replace('$', '.');
            String name = simpleName + "." + method.getMethodName() + "()";
            return test.getDisplayName().endsWith("()") ? name : name + " " + test.getDisplayName();
        }
        return test.getDisplayName();
    }
}
