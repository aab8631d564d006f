package dev.perfgate.baseline;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.perfgate.result.AtomicFiles;
import dev.perfgate.verdict.Units;
import dev.perfgate.verdict.Verdict;

/**
 * The regression table of a run: one row per compared test, printed and written when the run ends (JUnit closes
 * it with the root store) to {@code regressions.md} and {@code regressions.json}. Several JVMs of one build (Surefire
 * forks, which share the Maven process as their parent) add their rows to the same files under a lock; a row
 * replaces the earlier row of the same test, and rows of an earlier build are dropped.
 */
public final class RegressionTable implements AutoCloseable {

    /** The {@code format} of {@code regressions.json}. */
    public static final String FORMAT = "perfgate-regressions";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path folder;
    private final PrintStream out;
    private final String run;
    private final List<Row> rows = new ArrayList<>();

    /**
     * One compared test.
     *
     * @param testId       JUnit's unique id
     * @param testName     the test as people read it
     * @param baseline     the baseline's name
     * @param baselineP50Nanos the baseline's median
     * @param baselineP99Nanos the baseline's p99
     * @param p50Nanos     the current median
     * @param p99Nanos     the current p99
     * @param change       normalised median ratio minus 1, or NaN when nothing could be compared
     * @param lower        lower end of its interval, minus 1
     * @param upper        upper end of its interval, minus 1
     * @param verdict      the regression objective's verdict
     * @param note         the evidence
     */
    public record Row(String testId, String testName, String baseline, long baselineP50Nanos, long baselineP99Nanos,
            long p50Nanos, long p99Nanos, double change, double lower, double upper, Verdict verdict, String note) {
    }

    /** A table of this build that writes into {@code folder} and prints to {@code out}. */
    public RegressionTable(Path folder, PrintStream out) {
        this(folder, out, currentRun());
    }

    /** A table of build {@code run} that writes into {@code folder} and prints to {@code out}. */
    RegressionTable(Path folder, PrintStream out, String run) {
        this.folder = folder;
        this.out = out;
        this.run = run;
    }

    /**
     * The build this JVM belongs to: its parent process (the Maven or Gradle process that forked the test JVMs,
     * or the IDE), identified by pid and start time so that a reused pid is not the same build.
     */
    static String currentRun() {
        ProcessHandle process = ProcessHandle.current().parent().orElse(ProcessHandle.current());
        return process.pid() + "@" + process.info().startInstant().map(Object::toString).orElse("unknown");
    }

    /** Adds the row of one test. */
    public synchronized void add(Row row) {
        rows.add(row);
    }

    /** The row of a compared test, from its objective and final comparison. */
    public static Row row(String testId, String testName, RegressionObjective objective,
            @Nullable RegressionComparison comparison, long p50Nanos, long p99Nanos, Verdict verdict, String note) {
        BaselineEntry entry = objective.entry();
        return new Row(testId, testName, objective.baselineName(), entry == null ? 0 : entry.p50Nanos(),
                entry == null ? 0 : entry.p99Nanos(), p50Nanos, p99Nanos,
                comparison == null ? Double.NaN : comparison.ratio() - 1,
                comparison == null ? Double.NaN : comparison.lower() - 1,
                comparison == null ? Double.NaN : comparison.upper() - 1, verdict, note);
    }

    @Override
    public synchronized void close() throws IOException {
        if (rows.isEmpty()) {
            return;
        }
        Path json = folder.resolve("regressions.json");
        List<Row> all = FileLocks.withLock(json, () -> {
            Map<String, Row> merged = new TreeMap<>();
            if (Files.exists(json)) {
                read(json, run).forEach(row -> merged.put(row.testId(), row));
            }
            rows.forEach(row -> merged.put(row.testId(), row));
            List<Row> sorted = new ArrayList<>(merged.values());
            sorted.sort(Comparator.comparing(Row::testName).thenComparing(Row::testId));
            AtomicFiles.writeJson(json, toJson(sorted, run));
            AtomicFiles.writeString(folder.resolve("regressions.md"), markdown(sorted));
            return sorted;
        });
        List<Row> mine = new ArrayList<>(rows);
        mine.sort(Comparator.comparing(Row::testName));
        out.print(console(mine));
        out.println("[perfgate] regression table of all compared tests: " + folder.resolve("regressions.md")
                + " (" + all.size() + (all.size() == 1 ? " test)" : " tests)"));
    }

    static String markdown(List<Row> rows) {
        StringBuilder text = new StringBuilder("# perfgate: regressions against the baseline\n\n")
                .append("| test | baseline | baseline median | median | baseline p99 | p99 | change of the median"
                        + " | 99.9 % interval | verdict |\n")
                .append("|---|---|---:|---:|---:|---:|---:|---|---|\n");
        for (Row row : rows) {
            text.append("| ").append(row.testName().replace("|", "\\|")).append(" | ").append(row.baseline())
                    .append(" | ").append(duration(row.baselineP50Nanos())).append(" | ")
                    .append(duration(row.p50Nanos())).append(" | ").append(duration(row.baselineP99Nanos()))
                    .append(" | ").append(duration(row.p99Nanos())).append(" | ").append(change(row.change()))
                    .append(" | ").append(interval(row)).append(" | ").append(row.verdict()).append(" |\n");
        }
        return text.toString();
    }

    static String console(List<Row> rows) {
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"test", "baseline", "median then", "median now", "p99 then", "p99 now", "change",
            "interval", "verdict"});
        for (Row row : rows) {
            cells.add(new String[] {row.testName(), row.baseline(), duration(row.baselineP50Nanos()),
                duration(row.p50Nanos()), duration(row.baselineP99Nanos()), duration(row.p99Nanos()),
                change(row.change()), interval(row), row.verdict().name()});
        }
        int[] widths = new int[cells.get(0).length];
        for (String[] line : cells) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (String[] line : cells) {
            text.append("[perfgate]");
            for (int i = 0; i < line.length; i++) {
                text.append("  ").append(line[i]).append(" ".repeat(widths[i] - line[i].length()));
            }
            text.append('\n');
        }
        return text.toString();
    }

    private static String duration(long nanos) {
        return nanos == 0 ? "n/a" : Units.duration(nanos);
    }

    private static String change(double change) {
        return Double.isNaN(change) ? "n/a" : RegressionObjective.signedPercent(change);
    }

    private static String interval(Row row) {
        return Double.isNaN(row.lower()) ? "n/a"
                : RegressionObjective.signedPercent(row.lower()) + " .. " + RegressionObjective.signedPercent(row.upper());
    }

    private static JsonNode toJson(List<Row> rows, String run) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("formatVersion", 1);
        root.put("run", run);
        ArrayNode array = root.putArray("tests");
        for (Row row : rows) {
            ObjectNode node = array.addObject();
            node.put("testId", row.testId());
            node.put("testName", row.testName());
            node.put("baseline", row.baseline());
            node.put("baselineP50Ns", row.baselineP50Nanos());
            node.put("baselineP99Ns", row.baselineP99Nanos());
            node.put("p50Ns", row.p50Nanos());
            node.put("p99Ns", row.p99Nanos());
            putNumber(node, "change", row.change());
            putNumber(node, "changeLower", row.lower());
            putNumber(node, "changeUpper", row.upper());
            node.put("verdict", row.verdict().name());
            node.put("note", row.note());
        }
        return root;
    }

    private static void putNumber(ObjectNode node, String key, double value) {
        if (Double.isNaN(value)) {
            node.putNull(key);
        }
        else {
            node.put(key, value);
        }
    }

    /** The rows of {@code run} in {@code json}; none when the file is of another build, or not a table at all. */
    private static List<Row> read(Path json, String run) {
        try {
            JsonNode root = JSON.readTree(json.toFile());
            List<Row> rows = new ArrayList<>();
            if (root == null || !FORMAT.equals(root.path("format").asText()) || !run.equals(root.path("run").asText())) {
                return rows; // an earlier build's table, or not a table: replaced by this build's
            }
            for (JsonNode node : root.path("tests")) {
                rows.add(new Row(node.path("testId").asText(), node.path("testName").asText(),
                        node.path("baseline").asText(), node.path("baselineP50Ns").asLong(),
                        node.path("baselineP99Ns").asLong(), node.path("p50Ns").asLong(), node.path("p99Ns").asLong(),
                        number(node, "change"), number(node, "changeLower"), number(node, "changeUpper"),
                        Verdict.valueOf(node.path("verdict").asText("WARN")), node.path("note").asText()));
            }
            return rows;
        }
        catch (IOException | RuntimeException e) {
            return new ArrayList<>(); // a table of an earlier run that cannot be read is replaced, not fatal
        }
    }

    private static double number(JsonNode node, String key) {
        JsonNode value = node.get(key);
        return value == null || value.isNull() ? Double.NaN : value.asDouble();
    }
}
