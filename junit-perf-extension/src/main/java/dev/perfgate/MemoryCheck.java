package dev.perfgate;

import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.jspecify.annotations.Nullable;

import dev.perfgate.verdict.Units;
import dev.perfgate.config.ByteSize;
import dev.perfgate.measure.Measurement;
import dev.perfgate.measure.Operation;
import dev.perfgate.memory.LeakCheck;
import dev.perfgate.memory.LeakReport;
import dev.perfgate.memory.RetainedHeap;
import dev.perfgate.memory.RetainedSize;
import dev.perfgate.verdict.Objective;
import dev.perfgate.verdict.ObjectiveResult;
import dev.perfgate.verdict.Verdict;

/** The objectives of a {@link MemoryBudget}: where its sizes are read, and where leaks and retention are judged. */
final class MemoryCheck {

    /** The leak check's rounds take about this long each, for operations fast enough. */
    private static final double ROUND_SECONDS = 0.1;
    /**
     * At least this many operations per round: a leak at the 8 B/op floor then adds 78 KiB per round, far above the
     * heap readings' 16 KiB tolerance (see {@link LeakCheck#of(int, int)}).
     */
    private static final int MIN_OPERATIONS_PER_ROUND = 10_000;
    private static final int MAX_OPERATIONS_PER_ROUND = 1_000_000;
    /** The leak check allocates at most this share of the heap's maximum, so that a leaking test fails, not the JVM. */
    private static final double HEAP_SHARE = 0.125;

    private MemoryCheck() {
    }

    /** The objectives judged on the measurement: {@code perOperation}, when set. */
    static List<Objective> objectives(MemoryBudget budget, String source) {
        if (budget.perOperation().isBlank()) {
            return List.of();
        }
        return List.of(new Objective.AllocationPerOperation(bytes(budget.perOperation(), "perOperation", source)));
    }

    /**
     * Runs the leak check on {@code operation} after {@code measurement}: rounds of about 0.1 s each, judged at
     * {@code alpha}.
     */
    static ObjectiveResult leak(Operation operation, Measurement measurement, double alpha) throws Throwable {
        long perRound = Math.max(MIN_OPERATIONS_PER_ROUND,
                Math.min(MAX_OPERATIONS_PER_ROUND, Math.round(measurement.throughputPerSecond() * ROUND_SECONDS)));
        // A leak keeps at most what the operation allocates: bound the whole check (a warmup round and the
        // rounds) by a share of the heap.
        double allocated = measurement.allocatedBytesPerOperation();
        if (allocated > 0) {
            long affordable = (long) (Runtime.getRuntime().maxMemory() * HEAP_SHARE
                    / ((LeakCheck.DEFAULT_ROUNDS + 1) * allocated));
            perRound = Math.max(1, Math.min(perRound, affordable));
        }
        int operations = (int) perRound;
        LeakReport report = LeakCheck.of(operations).withAlpha(alpha).run(operation);
        return new ObjectiveResult("leak", "<= " + Units.bytesPerOperation(report.floorBytesPerOperation()),
                Units.bytesPerOperation(report.bytesPerOperation()), report.floorBytesPerOperation(),
                report.bytesPerOperation(), "B", report.verdict(), report.text());
    }

    /** Measures what {@code build} retains and judges it against {@code budget}'s {@code retainedPerUnit}. */
    static Retained retained(long units, Supplier<?> build, @Nullable MemoryBudget budget, String source) {
        RetainedSize size = RetainedHeap.measure(build);
        double perUnit = size.bytesPerUnit(units);
        String actual = Units.bytes(perUnit) + " per unit";
        String text = size.text() + " for " + units + (units == 1 ? " unit" : " units");
        if (budget == null || budget.retainedPerUnit().isBlank()) {
            return new Retained(new ObjectiveResult("retainedPerUnit", "(not asserted)", actual, Double.NaN, perUnit,
                    "B", Verdict.PASS, text), perUnit, text);
        }
        long limit = bytes(budget.retainedPerUnit(), "retainedPerUnit", source);
        Verdict verdict = perUnit > limit ? Verdict.FAIL : size.stable() ? Verdict.PASS : Verdict.WARN;
        return new Retained(new ObjectiveResult("retainedPerUnit", "<= " + Units.bytes(limit) + " per unit",
                actual, limit, perUnit, "B", verdict, text), perUnit, text);
    }

    private static long bytes(String text, String attribute, String source) {
        return ByteSize.parseBytes(text).orElseThrow(() -> new ExtensionConfigurationException("@MemoryBudget("
                + attribute + "=\"" + text + "\") on " + source + ": invalid size (expected e.g. "
                + ByteSize.EXAMPLES + ")"));
    }

    /** A retained-heap measurement: its result for people and the figure. */
    record Retained(ObjectiveResult result, double bytesPerUnit, String text) {
    }
}
