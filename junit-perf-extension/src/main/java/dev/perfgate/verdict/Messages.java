package dev.perfgate.verdict;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.perfgate.measure.Measurement;

/**
 * Lays verdicts out for people: the failure message of a violated SLA, and the one-line summary published for
 * every measured test. Built here and nowhere else, so that every message has the same shape:
 *
 * <pre>
 * CacheTests.cacheHit() violated 1 of 3 SLA objectives (confirmed on a second measurement):
 *   p99         expected &lt;= 1 ms     but was 2.31 ms   (1.9 % of 12,400 samples above 1 ms; at most 1 % allowed)
 *   p50         expected &lt;= 200 µs   was 140 µs        ok
 *   throughput  expected &gt;= 5,000/s  was 7,210/s       ok
 * </pre>
 */
public final class Messages {

    private Messages() {
    }

    /**
     * The objectives a person should see: all of them, except an error rate of zero that held with no error at
     * all (an objective every SLA has by default, listed only when it has something to say).
     */
    public static List<ObjectiveResult> shown(Judgement judgement) {
        List<ObjectiveResult> shown = new ArrayList<>();
        for (ObjectiveResult result : judgement.results()) {
            boolean silentErrorRate = result.name().equals("errorRate") && result.verdict() == Verdict.PASS
                    && result.limit() == 0 && result.value() == 0;
            if (!silentErrorRate) {
                shown.add(result);
            }
        }
        return shown;
    }

    /** The message of a {@code SlaViolationError}: a header, then every shown objective, failures first. */
    public static String violation(String testName, Judgement judgement, Measurement measurement) {
        List<ObjectiveResult> shown = new ArrayList<>(shown(judgement));
        shown.sort(Comparator.comparing(ObjectiveResult::verdict).reversed());
        long failed = shown.stream().filter(result -> result.verdict() == Verdict.FAIL).count();
        StringBuilder message = new StringBuilder()
                .append(testName).append(" violated ").append(failed).append(" of ").append(shown.size())
                .append(shown.size() == 1 ? " SLA objective" : " SLA objectives")
                .append(confirmation(judgement.measurements())).append(":\n");
        appendTable(message, shown);
        message.append("  measured ").append(measured(measurement));
        List<Throwable> errors = measurement.firstErrors();
        for (int i = 0; i < errors.size(); i++) {
            message.append(i == 0 ? "\n  first errors: " : "\n                ").append(errors.get(i));
        }
        return message.toString();
    }

    /** One line for the IDE and console: {@code PASS p99 412 µs <= 1 ms, throughput 7,210/s >= 5,000/s; ...}. */
    public static String summary(Verdict verdict, Judgement judgement, Measurement measurement) {
        StringBuilder line = new StringBuilder(verdict.name());
        List<ObjectiveResult> shown = shown(judgement);
        String separator = " ";
        for (ObjectiveResult result : shown) {
            line.append(separator).append(result.name()).append(' ').append(result.actual()).append(' ')
                    .append(result.expected());
            if (result.verdict() != Verdict.PASS) {
                line.append(" (").append(result.verdict()).append(')');
            }
            separator = ", ";
        }
        if (shown.isEmpty()) {
            line.append(" (nothing asserted)");
        }
        return line.append("; ").append(measured(measurement)).toString();
    }

    /** The expected side of an IDE comparison: one line per failed objective, {@code p99 <= 1 ms}. */
    public static String expected(Judgement judgement) {
        StringBuilder text = new StringBuilder();
        for (ObjectiveResult result : judgement.withVerdict(Verdict.FAIL)) {
            text.append(result.name()).append(' ').append(result.expected()).append('\n');
        }
        return text.toString().strip();
    }

    /** The actual side of an IDE comparison: one line per failed objective, {@code p99 = 2.31 ms}. */
    public static String actual(Judgement judgement) {
        StringBuilder text = new StringBuilder();
        for (ObjectiveResult result : judgement.withVerdict(Verdict.FAIL)) {
            text.append(result.name()).append(" = ").append(result.actual()).append('\n');
        }
        return text.toString().strip();
    }

    private static void appendTable(StringBuilder message, List<ObjectiveResult> results) {
        int nameWidth = 0;
        int expectedWidth = 0;
        int actualWidth = 0;
        for (ObjectiveResult result : results) {
            nameWidth = Math.max(nameWidth, result.name().length());
            expectedWidth = Math.max(expectedWidth, result.expected().length());
            actualWidth = Math.max(actualWidth, actualColumn(result).length());
        }
        for (ObjectiveResult result : results) {
            message.append("  ").append(pad(result.name(), nameWidth + 2))
                    .append("expected ").append(pad(result.expected(), expectedWidth + 2))
                    .append(pad(actualColumn(result), actualWidth + 3))
                    .append(status(result)).append('\n');
        }
    }

    private static String actualColumn(ObjectiveResult result) {
        return (result.verdict() == Verdict.FAIL ? "but was " : "was ") + result.actual();
    }

    private static String status(ObjectiveResult result) {
        switch (result.verdict()) {
            case FAIL:
                return "(" + result.evidence() + ")";
            case WARN:
                return "warn (" + result.evidence() + ")";
            default:
                return result.evidence().isEmpty() ? "ok" : "ok (" + result.evidence() + ")";
        }
    }

    private static String confirmation(int measurements) {
        if (measurements == 1) {
            return "";
        }
        return measurements == 2
                ? " (confirmed on a second measurement)"
                : " (confirmed on " + measurements + " measurements)";
    }

    static String measured(Measurement measurement) {
        StringBuilder text = new StringBuilder()
                .append(Units.count(measurement.samples())).append(" samples");
        if (measurement.errors() > 0) {
            text.append(", ").append(Units.count(measurement.errors()))
                    .append(measurement.errors() == 1 ? " error" : " errors");
        }
        text.append(" in ").append(Units.duration(measurement.elapsedNanos()))
                .append(" on ").append(measurement.threads()).append(measurement.threads() == 1 ? " thread" : " threads");
        if (measurement.scheduledStarts() > 0) {
            text.append(", ").append(Units.count(measurement.lateStarts())).append(" of ")
                    .append(Units.count(measurement.scheduledStarts())).append(" starts late");
            if (measurement.missedStarts() > 0) {
                text.append(", ").append(Units.count(measurement.missedStarts()))
                        .append(" due but never started (the operation could not keep up with the rate)");
            }
        }
        if (measurement.samples() > 0) {
            text.append("; p50 ").append(Units.duration(measurement.percentileNanos(50)))
                    .append(", p99 ").append(Units.duration(measurement.percentileNanos(99)))
                    .append(", max ").append(Units.duration(measurement.maxNanos()));
        }
        if (measurement.allocatedBytes() >= 0) {
            text.append("; allocated ").append(Units.bytesPerOperation(measurement.allocatedBytesPerOperation()))
                    .append(", GC ").append(Units.count(measurement.gcCollections()))
                    .append(measurement.gcCollections() == 1 ? " collection" : " collections");
            if (measurement.gcCollections() > 0) {
                text.append(" (").append(Units.duration(measurement.gcPauseNanos())).append(")");
            }
        }
        return text.toString();
    }

    private static String pad(String text, int width) {
        StringBuilder padded = new StringBuilder(text);
        while (padded.length() < width) {
            padded.append(' ');
        }
        return padded.toString();
    }
}
