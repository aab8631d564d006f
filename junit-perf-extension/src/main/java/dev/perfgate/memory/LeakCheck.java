package dev.perfgate.memory;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

import org.apache.commons.statistics.distribution.TDistribution;

import dev.perfgate.measure.Operation;
import dev.perfgate.verdict.Verdict;

/**
 * Decides whether the heap grows with the number of operations: runs an operation in rounds, takes a
 * {@linkplain StableHeap stable} reading of the used heap after each, and fits used heap against cumulative operations
 * by ordinary least squares. The slope is the bytes each operation leaves behind; a one-sided t-test on it says
 * whether that is more than chance.
 *
 * <p>One round runs before the first reading and is not counted, so that class loading, JIT compilation and lazily
 * built static state land before the line starts rather than tilting it.
 *
 * <p>The verdict is FAIL only when the slope's lower confidence bound is above a floor, by default
 * {@value #DEFAULT_FLOOR_BYTES_PER_OPERATION} B/op. Growth that stops (a cache filling up, a class loaded late, a
 * pool warming) is bounded; spread over the run it looks like a slope of its size over the operations, and the floor
 * keeps a few hundred KiB of it from failing a test: with 8 rounds of 10,000 operations, a one-off step of
 * {@code S} bytes fits at most a slope of {@code S / 60,000} per operation (a step in the middle), so a step of up to
 * some 470 KiB stays within 8 B/op even before its scatter widens the bound. A real leak retains at least one object
 * per leaking operation, and the smallest object on 64-bit HotSpot takes 16 bytes: a leak on every operation, or on
 * every other one, is above the floor. The t-test guards against the other mistake: when the heap grows by no more
 * than the floor, the lower bound lands above it by chance with a probability of at most {@code alpha}.
 *
 * <pre>{@code
 * LeakReport report = LeakCheck.of(10_000).run(() -> service.handle(request));
 * assertThat(report.verdict()).as(report.text()).isNotEqualTo(Verdict.FAIL);
 * }</pre>
 */
public final class LeakCheck {

    /** Rounds unless told: {@value}, nine readings with the one before the first round. */
    public static final int DEFAULT_ROUNDS = 8;

    /** Fewest rounds: {@value}; with fewer readings the t quantile, and the bound, are too wide to show anything. */
    public static final int MIN_ROUNDS = 3;

    /** Significance level unless told: {@value}, as perfgate's other verdicts ({@code perfgate.sla.alpha}). */
    public static final double DEFAULT_ALPHA = 0.001;

    /** Growth unless told at or below which the heap does not count as leaking: {@value} B/op. */
    public static final double DEFAULT_FLOOR_BYTES_PER_OPERATION = 8;

    private final int rounds;
    private final int operationsPerRound;
    private final double alpha;
    private final double floorBytesPerOperation;
    private final StableHeap heap;

    private LeakCheck(int rounds, int operationsPerRound, double alpha, double floorBytesPerOperation,
            StableHeap heap) {
        if (rounds < MIN_ROUNDS || operationsPerRound < 1) {
            throw new IllegalArgumentException("a leak check needs at least " + MIN_ROUNDS
                    + " rounds of at least 1 operation; was " + rounds + " rounds of " + operationsPerRound);
        }
        checkAlphaAndFloor(alpha, floorBytesPerOperation);
        this.rounds = rounds;
        this.operationsPerRound = operationsPerRound;
        this.alpha = alpha;
        this.floorBytesPerOperation = floorBytesPerOperation;
        this.heap = heap;
    }

    /** A check of {@link #DEFAULT_ROUNDS} rounds of {@code operationsPerRound} operations. */
    public static LeakCheck of(int operationsPerRound) {
        return of(DEFAULT_ROUNDS, operationsPerRound);
    }

    /**
     * A check of {@code rounds} rounds of {@code operationsPerRound} operations, at {@link #DEFAULT_ALPHA} with a
     * floor of {@link #DEFAULT_FLOOR_BYTES_PER_OPERATION}. Choose enough operations per round that a leak at the floor
     * adds far more in a round than the readings' noise of a few KiB: 10,000 operations at 8 B/op add 78 KiB.
     */
    public static LeakCheck of(int rounds, int operationsPerRound) {
        return new LeakCheck(rounds, operationsPerRound, DEFAULT_ALPHA, DEFAULT_FLOOR_BYTES_PER_OPERATION,
                StableHeap.create());
    }

    /** This check at significance level {@code alpha}, in (0, 0.5). */
    public LeakCheck withAlpha(double alpha) {
        return new LeakCheck(rounds, operationsPerRound, alpha, floorBytesPerOperation, heap);
    }

    /** This check with growth up to {@code floorBytesPerOperation} (at least 0) not counted as a leak. */
    public LeakCheck withFloorBytesPerOperation(double floorBytesPerOperation) {
        return new LeakCheck(rounds, operationsPerRound, alpha, floorBytesPerOperation, heap);
    }

    /** This check with readings from {@code heap}: a different tolerance, or a fake in tests. */
    public LeakCheck withHeap(StableHeap heap) {
        return new LeakCheck(rounds, operationsPerRound, alpha, floorBytesPerOperation,
                requireNonNull(heap, "heap"));
    }

    /**
     * Runs {@code operation} for one warm-up round and then the rounds, reading the heap before the first and after
     * each. Whatever the operation throws ends the check and propagates: the heap of a failing operation says
     * nothing.
     */
    public LeakReport run(Operation operation) throws Throwable {
        requireNonNull(operation, "operation");
        runRound(operation);
        long[] operations = new long[rounds + 1];
        HeapReading[] readings = new HeapReading[rounds + 1];
        readings[0] = heap.read();
        for (int round = 1; round <= rounds; round++) {
            runRound(operation);
            operations[round] = (long) round * operationsPerRound;
            readings[round] = heap.read();
        }
        return judge(operations, readings, alpha, floorBytesPerOperation);
    }

    private void runRound(Operation operation) throws Throwable {
        for (int i = 0; i < operationsPerRound; i++) {
            operation.run();
        }
    }

    /**
     * Judges heap readings taken after {@code operations} cumulative operations: the least-squares slope of
     * {@code usedBytes} over {@code operations}, its standard error from the residuals with {@code n - 2} degrees of
     * freedom, the one-sided p-value {@code P(T > slope / error)} and lower bound
     * {@code slope - t(1 - alpha) * error}.
     *
     * @throws IllegalArgumentException when there are fewer than {@code MIN_ROUNDS + 1} readings, the counts and
     *                                  readings differ in number, or the operation counts are all equal
     */
    public static LeakReport judge(long[] operations, HeapReading[] readings, double alpha,
            double floorBytesPerOperation) {
        checkAlphaAndFloor(alpha, floorBytesPerOperation);
        int n = operations.length;
        if (n != readings.length || n < MIN_ROUNDS + 1) {
            throw new IllegalArgumentException("need the same number, at least " + (MIN_ROUNDS + 1)
                    + ", of operation counts and heap readings; had " + n + " and " + readings.length);
        }
        // Centred sums: used heap is in the tens of MiB and operations in the tens of thousands, and the raw sums
        // of squares would lose the slope to rounding.
        double meanX = 0;
        double meanY = 0;
        for (int i = 0; i < n; i++) {
            meanX += operations[i];
            meanY += readings[i].usedBytes();
        }
        meanX /= n;
        meanY /= n;
        double sxx = 0;
        double sxy = 0;
        for (int i = 0; i < n; i++) {
            double dx = operations[i] - meanX;
            sxx += dx * dx;
            sxy += dx * (readings[i].usedBytes() - meanY);
        }
        if (!(sxx > 0)) {
            throw new IllegalArgumentException("operation counts must not all be equal");
        }
        double slope = sxy / sxx;
        double squaredResiduals = 0;
        for (int i = 0; i < n; i++) {
            double residual = readings[i].usedBytes() - meanY - slope * (operations[i] - meanX);
            squaredResiduals += residual * residual;
        }
        double standardError = Math.sqrt(squaredResiduals / (n - 2) / sxx);
        TDistribution t = TDistribution.of(n - 2);
        double pValue;
        double lowerBound;
        if (standardError > 0) {
            pValue = t.survivalProbability(slope / standardError);
            lowerBound = slope - t.inverseSurvivalProbability(alpha) * standardError;
        } else {
            // Readings exactly on a line: the slope is known exactly.
            pValue = slope > 0 ? 0 : slope < 0 ? 1 : 0.5;
            lowerBound = slope;
        }
        boolean stable = true;
        for (HeapReading reading : readings) {
            stable &= reading.stable();
        }
        Verdict verdict;
        if (lowerBound > floorBytesPerOperation) {
            verdict = Verdict.FAIL;
        } else if (slope > floorBytesPerOperation || !stable) {
            verdict = Verdict.WARN;
        } else {
            verdict = Verdict.PASS;
        }
        List<Long> counts = new ArrayList<>(n);
        for (long count : operations) {
            counts.add(count);
        }
        return new LeakReport(counts, List.of(readings), slope, lowerBound, pValue, alpha, floorBytesPerOperation,
                verdict);
    }

    private static void checkAlphaAndFloor(double alpha, double floorBytesPerOperation) {
        if (!(alpha > 0 && alpha < 0.5)) {
            throw new IllegalArgumentException("alpha must be in (0, 0.5), was " + alpha);
        }
        if (!(floorBytesPerOperation >= 0) || Double.isInfinite(floorBytesPerOperation)) {
            throw new IllegalArgumentException(
                    "the floor must be at least 0 bytes per operation, was " + floorBytesPerOperation);
        }
    }
}
