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

import dev.perfgate.ScalingTest;

/**
 * At the end of the suite, every seed row a test of this run checked ({@link SeedRow}): tier, row, test, what perfgate
 * measured and judged (its summary line: the limit and our figure), and the verdict. Printed to stdout and written to
 * {@code target/perfgate/seed-summary.md} (written whole, then moved into place). Registered through
 * {@code META-INF/services}, so it runs in every launcher of this module. Its methods are synchronized, for a
 * run whose classes execute in parallel.
 */
public final class SeedSummaryListener implements TestExecutionListener {

    /** The key perfgate publishes its summary line under. */
    static final String PERFGATE = "perfgate";
    static final Path OUTPUT = Path.of("target", "perfgate", "seed-summary.md");

    private final Map<String, Row> rows = new LinkedHashMap<>();
    /** Every compared test's regression objective ("regression +3.1 % <= +15 %", with its verdict): the T3 row. */
    private final Map<String, String> regressions = new LinkedHashMap<>();
    private TestPlan plan;

    private record Row(int tier, String seedRow, String test, List<String> perfgate, String[] outcome,
            boolean container) {
    }

    @Override
    public synchronized void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
        rows.clear();
        regressions.clear();
    }

    @Override
    public synchronized void executionStarted(TestIdentifier test) {
        seedRow(test).map(row -> checked(row, test.getDisplayName())).ifPresent(row -> rows.put(test.getUniqueId(),
                new Row(row.tier(), row.seedRow(), name(test), new ArrayList<>(), new String[] {"running"},
                        test.isContainer())));
    }

    /** A seed row as a test checks it. */
    record Checked(int tier, String seedRow) {
    }

    /**
     * The row a test (or one entry of a {@code @ScalingTest}, by its display name) checks: {@link SeedRow#scaling()}
     * for the "scaling" verdict when set, else {@link SeedRow#value()}.
     */
    static Checked checked(SeedRow row, String displayName) {
        return displayName.equals(ScalingTest.VERDICT_DISPLAY_NAME) && !row.scaling().isEmpty()
                ? new Checked(row.scalingTier(), row.scaling())
                : new Checked(row.tier(), row.value());
    }

    @Override
    public synchronized void reportingEntryPublished(TestIdentifier test, ReportEntry entry) {
        String line = entry.getKeyValuePairs().get(PERFGATE);
        if (line == null) {
            return;
        }
        Row row = rows.get(test.getUniqueId());
        if (row != null) { // entries of a class (an @OtelOverhead average) have no row of their own
            row.perfgate().add(line);
        }
        regression(line).ifPresent(objective -> regressions.put(name(test), objective));
    }

    @Override
    public synchronized void executionFinished(TestIdentifier test, TestExecutionResult result) {
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
    public synchronized void testPlanExecutionFinished(TestPlan testPlan) {
        if (rows.isEmpty()) {
            return;
        }
        // a parameterized test's own row says nothing its invocations' rows do not (its scaling verdict excepted)
        List<Row> sorted = new ArrayList<>(rows.values().stream()
                .filter(row -> !(row.container() && row.perfgate().isEmpty())).toList());
        sorted.add(regressionRow());
        sorted.sort(Comparator.comparingInt(Row::tier).thenComparing(Row::seedRow));
        StringBuilder table = new StringBuilder("| tier | seed row | test | perfgate: limit and our figure | verdict |\n"
                + "|---|---|---|---|---|\n");
        for (Row row : sorted) {
            table.append("| T").append(row.tier()).append(" | ").append(row.seedRow()).append(" | ")
                    .append(row.test()).append(" | ")
                    .append(row.perfgate().isEmpty() ? "(no perfgate verdict)" : String.join("<br>", row.perfgate()
                            .stream().map(SeedSummaryListener::limitAndFigure).toList()).replace("|", "\\|"))
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

    /**
     * The verdict of a passing test: WARN when perfgate warned about what the row checks, else PASS. A warning
     * about the comparison with the baseline alone belongs to the T3 row "No regression", not to this one (a
     * regression that fails, fails the test, and so the row too).
     */
    static String verdictOf(List<String> perfgate) {
        return perfgate.stream().anyMatch(line -> (line.startsWith("WARN") || line.contains(": WARN "))
                && !onlyTheRegressionWarns(line)) ? "WARN" : "PASS";
    }

    /** Whether the one objective of a WARN line that says why is the comparison with the baseline. */
    private static boolean onlyTheRegressionWarns(String line) {
        String objectives = line.split(";", 2)[0];
        List<String> warning = List.of(objectives.split(", ")).stream().filter(objective -> objective.contains("("))
                .toList();
        return !warning.isEmpty() && warning.stream().allMatch(objective -> objective.contains("regression "));
    }

    /**
     * What a perfgate line says of the limit and our figure: its first line up to the measurement's details, e.g.
     * {@code PASS p95 2.3 ms <= 500 ms} (the details are in perfgate's own summary and report).
     */
    static String limitAndFigure(String line) {
        String first = line.lines().findFirst().orElse("");
        int details = first.indexOf("; ");
        return details < 0 ? first : first.substring(0, details);
    }

    /** The regression objective of a perfgate line, e.g. {@code regression +3.1 % <= +15 %}, if it has one. */
    static Optional<String> regression(String line) {
        for (String objective : line.split(";", 2)[0].split(", ")) {
            int at = objective.indexOf("regression ");
            if (at >= 0) {
                return Optional.of(objective.substring(at).strip());
            }
        }
        return Optional.empty();
    }

    /** The T3 row "No regression vs the baseline": every compared test, summed up; its WARNs and FAILs named. */
    private Row regressionRow() {
        String baseline = System.getProperty("perfgate.baseline.compare", "");
        String seedRow = "No regression vs " + (baseline.isBlank() ? "v2.3.0" : baseline) + " (median, normalised: > "
                + System.getProperty("perfgate.baseline.max-regression.default", "10") + " % "
                + ("warn".equals(System.getProperty("perfgate.baseline.severity")) ? "warns" : "fails") + ")";
        if (regressions.isEmpty()) {
            return new Row(3, seedRow, "every measured test", List.of("not compared: this run was given no "
                    + "perfgate.baseline.compare"), new String[] {"NOT RUN"}, false);
        }
        List<String> flagged = new ArrayList<>();
        int fail = 0;
        int warn = 0;
        for (Map.Entry<String, String> entry : regressions.entrySet()) {
            boolean fails = entry.getValue().contains("(FAIL") || entry.getValue().contains("but was");
            boolean warns = entry.getValue().contains("(");
            fail += fails ? 1 : 0;
            warn += !fails && warns ? 1 : 0;
            if (fails || warns) {
                flagged.add(entry.getKey() + ": " + entry.getValue());
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add(regressions.size() + " tests compared: " + (regressions.size() - fail - warn) + " PASS, " + warn
                + " WARN, " + fail + " FAIL (perfgate/regressions.md has every one)");
        lines.addAll(flagged);
        return new Row(3, seedRow, "every measured test", lines,
                new String[] {fail > 0 ? "FAIL" : warn > 0 ? "WARN" : "PASS"}, false);
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
