package dev.perfgate.verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;

import org.jspecify.annotations.Nullable;

import dev.perfgate.measure.Measurement;
import dev.perfgate.stats.BatchMeans;

/**
 * Parallel efficiency at each thread count, {@code throughput(t) / (t * throughput(1))}, judged against a minimum.
 *
 * <p>The bounds of an efficiency come from the one-sided batch-means bounds of the two throughputs: its upper
 * bound is {@code upper(t) / (t * lower(1))}. Each bound is taken at {@code alpha / (2 k)} for {@code k} judged
 * thread counts, so all of them hold together with probability at least {@code 1 - alpha} (Bonferroni). FAIL when
 * an efficiency's upper bound is below the minimum at a judged thread count; WARN when only its estimate is.
 */
public final class ConcurrencyEfficiency {

    /** The objective's name in messages and results. */
    public static final String NAME = "efficiency";

    private ConcurrencyEfficiency() {
    }

    /**
     * Judges {@code byThreads} (measurements by thread count, including 1) against {@code minEfficiency}, judging
     * thread counts up to {@code upTo} and only reporting the others.
     */
    public static Result judge(SortedMap<Integer, Measurement> byThreads, double minEfficiency, int upTo,
            double alpha) {
        Measurement single = byThreads.get(1);
        if (single == null) {
            throw new IllegalArgumentException("no measurement on 1 thread among " + byThreads.keySet());
        }
        int judged = (int) byThreads.keySet().stream().filter(t -> t > 1 && t <= upTo).count();
        double perBound = alpha / (2.0 * Math.max(1, judged));
        double[] singleBlocks = single.blocks().throughputsPerSecond();
        boolean singleInterval = singleBlocks.length >= BatchMeans.MIN_BLOCKS;
        double singleLower = singleInterval ? BatchMeans.lowerBound(singleBlocks, perBound) : Double.NaN;

        List<Row> rows = new ArrayList<>();
        Verdict verdict = Verdict.PASS;
        @Nullable Integer contention = null;
        @Nullable Integer failedAt = null;
        double worst = Double.POSITIVE_INFINITY;
        for (var entry : byThreads.entrySet()) {
            int threads = entry.getKey();
            Measurement measurement = entry.getValue();
            double efficiency = measurement.throughputPerSecond() / (threads * single.throughputPerSecond());
            double[] blocks = measurement.blocks().throughputsPerSecond();
            double upperEfficiency = Double.NaN;
            if (singleInterval && blocks.length >= BatchMeans.MIN_BLOCKS && singleLower > 0) {
                upperEfficiency = BatchMeans.upperBound(blocks, perBound) / (threads * singleLower);
            }
            boolean isJudged = threads > 1 && threads <= upTo;
            if (threads > 1 && efficiency < minEfficiency && contention == null) {
                contention = threads;
            }
            if (isJudged) {
                worst = Math.min(worst, efficiency);
                if (upperEfficiency < minEfficiency) {
                    verdict = Verdict.FAIL;
                    failedAt = failedAt == null ? threads : failedAt;
                }
                else if (efficiency < minEfficiency && verdict != Verdict.FAIL) {
                    verdict = Verdict.WARN;
                }
            }
            rows.add(new Row(threads, measurement.throughputPerSecond(), measurement.percentileNanos(99), efficiency,
                    upperEfficiency, isJudged));
        }
        String evidence;
        if (verdict == Verdict.FAIL) {
            evidence = "efficiency on " + failedAt + " threads significantly below " + Units.number(minEfficiency)
                    + " (" + Units.percent(1 - alpha) + " bounds over " + judged + " thread counts)";
        }
        else if (verdict == Verdict.WARN) {
            evidence = "efficiency below " + Units.number(minEfficiency) + " but not significantly";
        }
        else {
            evidence = judged == 0 ? "no thread count above 1 and up to " + upTo + " to judge" : "";
        }
        if (contention != null) {
            evidence += (evidence.isEmpty() ? "" : "; ") + "contention begins at " + contention + " threads";
        }
        double shown = Double.isInfinite(worst) ? Double.NaN : worst;
        ObjectiveResult result = new ObjectiveResult(NAME, ">= " + Units.number(minEfficiency),
                Double.isNaN(shown) ? "n/a" : Units.number(shown), minEfficiency, shown, "fraction",
                judged == 0 && verdict == Verdict.PASS ? Verdict.WARN : verdict, evidence);
        return new Result(List.copyOf(rows), result, contention);
    }

    /**
     * One thread count.
     *
     * @param threads         threads
     * @param throughput      successful invocations per second over all threads
     * @param p99Nanos        99th percentile latency
     * @param efficiency      parallel efficiency
     * @param upperEfficiency its upper bound, {@code NaN} without enough blocks
     * @param judged          whether this thread count was judged, or only reported
     */
    public record Row(int threads, double throughput, long p99Nanos, double efficiency, double upperEfficiency,
            boolean judged) {
    }

    /**
     * The table and the verdict.
     *
     * @param rows       one per thread count, ascending
     * @param result     the efficiency objective: the worst judged efficiency against the minimum
     * @param contention the first thread count whose efficiency is below the minimum, {@code null} if none
     */
    public record Result(List<Row> rows, ObjectiveResult result, @Nullable Integer contention) {

        /** One line for the summary: {@code 1 thread 1,000/s; 2 threads 1,900/s, efficiency 0.95}. */
        public String summaryLine() {
            StringBuilder line = new StringBuilder();
            for (Row row : rows) {
                if (line.length() > 0) {
                    line.append("; ");
                }
                line.append(row.threads()).append(row.threads() == 1 ? " thread " : " threads ")
                        .append(Units.rate(row.throughput()));
                if (row.threads() > 1) {
                    line.append(", efficiency ").append(Units.number(row.efficiency()));
                }
            }
            return line.toString();
        }

        /** {@code threads  throughput  p99  efficiency} lines, for the failure message. */
        public String table() {
            StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "  %-8s %-12s %-10s %s%n", "threads",
                    "throughput", "p99", "efficiency"));
            for (Row row : rows) {
                text.append(String.format(Locale.ROOT, "  %-8d %-12s %-10s %s%s%n", row.threads(),
                        Units.rate(row.throughput()), Units.duration(row.p99Nanos()), Units.number(row.efficiency()),
                        row.judged() || row.threads() == 1 ? "" : "  (reported, not judged)"));
            }
            return text.toString().stripTrailing();
        }
    }
}
