package dev.perfgate.perftests.seed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * At the end of the suite, every seed row a test of this run checked ({@link SeedRow}): tier, row, test, what perfgate
 * measured and judged (its summary line: the limit and our figure), and the verdict. Printed to stdout and written to
 * {@code target/perfgate/seed-summary.md} (written whole, then moved into place). Registered through
 * {@code META-INF/services}, so it runs in every launcher of this module.
 */
public final class SeedSummaryListener implements TestExecutionListener {

    /** The key perfgate publishes its summary line under. */
    static final String PERFGATE = "perfgate";
    static final Path OUTPUT = Path.of("target", "perfgate", "seed-summary.md");

    private final Map<String, Row> rows = new LinkedHashMap<>();
    private TestPlan plan;

    private record Row(int tier, String seedRow, String test, List<String> perfgate, String[] outcome) {
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
        rows.clear();
    }

    @Override
    public void executionStarted(TestIdentifier test) {
        seedRow(test).ifPresent(row -> rows.put(test.getUniqueId(), new Row(row.tier(), row.value(), name(test),
                new ArrayList<>(), new String[] {"running"})));
    }

    @Override
    public void reportingEntryPublished(TestIdentifier test, ReportEntry entry) {
        String line = entry.getKeyValuePairs().get(PERFGATE);
        if (line == null) {
            return;
        }
        Row row = rows.get(test.getUniqueId());
        if (row != null) { // entries of a class (an @OtelOverhead average) have no row of their own
            row.perfgate().add(line);
        }
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        Row row = rows.get(test.getUniqueId());
        if (row != null) {
            row.outcome()[0] = switch (result.getStatus()) {
                case SUCCESSFUL -> verdictOf(row.perfgate());
                case FAILED -> "FAIL";
                case ABORTED -> "ABORTED";
            };
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        if (rows.isEmpty()) {
            return;
        }
        List<Row> sorted = new ArrayList<>(rows.values());
        sorted.sort(Comparator.comparingInt(Row::tier).thenComparing(Row::seedRow));
        StringBuilder table = new StringBuilder("| tier | seed row | test | perfgate: limit and our figure | verdict |\n"
                + "|---|---|---|---|---|\n");
        for (Row row : sorted) {
            table.append("| T").append(row.tier()).append(" | ").append(row.seedRow()).append(" | ")
                    .append(row.test()).append(" | ")
                    .append(row.perfgate().isEmpty() ? "(no perfgate verdict)" : String.join("<br>", row.perfgate())
                            .replace("|", "\\|"))
                    .append(" | ").append(row.outcome()[0]).append(" |\n");
        }
        System.out.println("\n[seed plan] every seed row this run checked:\n" + table);
        try {
            Files.createDirectories(OUTPUT.getParent());
            Path partial = Files.createTempFile(OUTPUT.getParent(), "seed-summary", ".md");
            Files.writeString(partial, "# The seed's benchmark plan, as this run judged it\n\n" + table);
            Files.move(partial, OUTPUT, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + OUTPUT.toAbsolutePath(), e);
        }
    }

    /** The verdict of a passing test: WARN when perfgate warned, else PASS. */
    private static String verdictOf(List<String> perfgate) {
        return perfgate.stream().anyMatch(line -> line.startsWith("WARN") || line.contains(": WARN ")) ? "WARN"
                : "PASS";
    }

    private String name(TestIdentifier test) {
        String parent = plan == null ? "" : plan.getParent(test).map(TestIdentifier::getDisplayName).orElse("");
        return (parent.isEmpty() ? "" : parent + " › ") + test.getDisplayName();
    }

    /** The {@link SeedRow} of a test: on its method, else on its class. */
    private static Optional<SeedRow> seedRow(TestIdentifier test) {
        Optional<TestSource> source = test.getSource();
        if (source.isEmpty()) {
            return Optional.empty();
        }
        if (source.get() instanceof MethodSource method) {
            try {
                Class<?> type = Class.forName(method.getClassName(), false,
                        Thread.currentThread().getContextClassLoader());
                for (Method candidate : type.getDeclaredMethods()) {
                    if (candidate.getName().equals(method.getMethodName())
                            && candidate.isAnnotationPresent(SeedRow.class)) {
                        return Optional.of(candidate.getAnnotation(SeedRow.class));
                    }
                }
                return Optional.ofNullable(type.getAnnotation(SeedRow.class));
            } catch (ClassNotFoundException e) {
                return Optional.empty();
            }
        }
        return Optional.empty(); // a class (ClassSource): its rows are its tests'

    }
}
