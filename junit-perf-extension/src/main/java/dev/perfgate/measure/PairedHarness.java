package dev.perfgate.measure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;
import org.opentest4j.IncompleteExecutionException;

import dev.perfgate.OtelOverhead.Statistic;

/**
 * Measures what switching something on costs an operation: randomised, interleaved, paired batches in one warmed
 * JVM. Each pair runs one batch with the switch off and one with it on, in an order drawn at random for that pair,
 * and both batches hold the same number of invocations. Whatever drifts during the measurement (a neighbour's load,
 * the CPU's clock, the JIT, the heap) drifts slowly compared to a pair, so it cancels in the pair's ratio; what is
 * left in the ratios is the cost of the switch, plus noise that the many pairs average out.
 *
 * <p>Each invocation is timed, so both arms also pay for two clock reads per invocation (about 20 to 40 ns): the
 * ratio of an operation of a few hundred nanoseconds is diluted by that much.
 */
public final class PairedHarness {

    /** Invocations in a batch when the statistic is the 99th percentile: below 100 it would be the maximum. */
    public static final int MIN_P99_INVOCATIONS = 100;
    /** Most invocations in one batch, however cheap the operation: pairs stay short enough to cancel drift. */
    public static final int MAX_INVOCATIONS_PER_BATCH = 100_000;

    private final NanoClock clock;
    private final SplittableRandom random;

    /** {@code seed} draws the order within each pair; tests fix it, production draws it anew for each run. */
    public PairedHarness(NanoClock clock, long seed) {
        this.clock = clock;
        this.random = new SplittableRandom(seed);
    }

    /** Switches the thing whose cost is measured. */
    @FunctionalInterface
    public interface Arms {
        /** Turns it on or off; called before every batch, outside the timed invocations. */
        void switchTo(boolean on);
    }

    /**
     * Warms up for {@code warmupNanos}, alternating the arms batch by batch, and sizes the batches from what the
     * warmup saw: as many invocations as fit in {@code batchNanos}, at least one ({@link #MIN_P99_INVOCATIONS}
     * for {@link Statistic#P99}).
     *
     * @throws Throwable as {@link Harness#measure(Operation, MeasurementPlan)}: an {@link Error}, an abort, or an
     *                   {@link InterruptedException} (JUnit's timeout)
     */
    public Session start(Operation operation, Arms arms, Statistic statistic, long warmupNanos, long batchNanos)
            throws Throwable {
        return start(operation, arms, statistic, warmupNanos, batchNanos, 0);
    }

    /**
     * As {@link #start(Operation, Arms, Statistic, long, long)}, but with batches of {@code invocationsPerBatch}
     * when it is positive: a confirming measurement keeps the batches of the measurement it confirms.
     */
    public Session start(Operation operation, Arms arms, Statistic statistic, long warmupNanos, long batchNanos,
            int invocationsPerBatch) throws Throwable {
        if (warmupNanos < 0 || batchNanos <= 0) {
            throw new IllegalArgumentException("invalid paired plan: " + warmupNanos + " ns warmup, " + batchNanos
                    + " ns batches");
        }
        Session session = new Session(operation, arms, statistic);
        long start = clock.nanoTime();
        long invocations = 0;
        boolean on = false;
        // A few invocations at a time, so that a slow operation still sees both arms within the warmup.
        int perBatch = 1;
        try {
            do {
                arms.switchTo(on);
                for (int i = 0; i < perBatch; i++) {
                    session.invoke();
                    invocations++;
                }
                on = !on;
                long elapsed = clock.nanoTime() - start;
                if (elapsed < batchNanos / 2 && perBatch < MAX_INVOCATIONS_PER_BATCH) {
                    perBatch *= 2;
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException("perfgate overhead measurement interrupted during warmup");
                }
            } while (clock.nanoTime() - start < warmupNanos || invocations < 2);
        }
        finally {
            arms.switchTo(false);
        }
        long meanNanos = Math.max(1, (clock.nanoTime() - start) / invocations);
        long fitting = Math.max(1, batchNanos / meanNanos);
        long minimum = statistic == Statistic.P99 ? MIN_P99_INVOCATIONS : 1;
        session.invocationsPerBatch = invocationsPerBatch > 0 ? invocationsPerBatch
                : (int) Math.min(MAX_INVOCATIONS_PER_BATCH, Math.max(minimum, fitting));
        session.warmupInvocations = invocations;
        session.resetRecords();
        return session;
    }

    /** One measurement: pairs are added round by round, and read at any time with {@link #result()}. */
    public final class Session {
        private final Operation operation;
        private final Arms arms;
        private final Statistic statistic;
        private int invocationsPerBatch;
        private long warmupInvocations;
        private long[] batch = new long[64];
        private int batchCount;
        private final Arm off = new Arm();
        private final Arm on = new Arm();
        private double[] offValues = new double[512];
        private double[] onValues = new double[512];
        private boolean[] onFirst = new boolean[512];
        private int pairs;

        private Session(Operation operation, Arms arms, Statistic statistic) {
            this.operation = operation;
            this.arms = arms;
            this.statistic = statistic;
        }

        /** Runs {@code count} more pairs. */
        public void runPairs(int count) throws Throwable {
            try {
                for (int i = 0; i < count; i++) {
                    boolean onFirstHere = random.nextBoolean();
                    double first = runBatch(onFirstHere);
                    double second = runBatch(!onFirstHere);
                    if (pairs == offValues.length) {
                        offValues = Arrays.copyOf(offValues, pairs * 2);
                        onValues = Arrays.copyOf(onValues, pairs * 2);
                        onFirst = Arrays.copyOf(onFirst, pairs * 2);
                    }
                    offValues[pairs] = onFirstHere ? second : first;
                    onValues[pairs] = onFirstHere ? first : second;
                    onFirst[pairs] = onFirstHere;
                    pairs++;
                }
            }
            finally {
                arms.switchTo(false);
            }
        }

        /** Runs one batch on one arm and returns its statistic, in nanoseconds. */
        private double runBatch(boolean switchedOn) throws Throwable {
            Arm arm = switchedOn ? on : off;
            arms.switchTo(switchedOn);
            batchCount = 0;
            long batchStart = clock.nanoTime();
            for (int i = 0; i < invocationsPerBatch; i++) {
                long start = clock.nanoTime();
                Exception error = invoke();
                long end = clock.nanoTime();
                if (error == null) {
                    long latency = Math.max(0, end - start);
                    if (batchCount == batch.length) {
                        batch = Arrays.copyOf(batch, batchCount * 2);
                    }
                    batch[batchCount++] = latency;
                    arm.record(latency);
                }
                else {
                    arm.errors++;
                    if (arm.firstErrors.size() < Harness.KEPT_ERRORS) {
                        arm.firstErrors.add(error);
                    }
                }
            }
            arm.elapsed += clock.nanoTime() - batchStart;
            if (Thread.interrupted()) {
                throw new InterruptedException("perfgate overhead measurement interrupted");
            }
            return statistic(batch, batchCount, statistic);
        }

        /** Invokes the operation once: the {@link Exception} it threw, {@code null} when it returned normally. */
        private @Nullable Exception invoke() throws Throwable {
            try {
                operation.run();
                return null;
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw e;
            }
            catch (IncompleteExecutionException e) {
                throw e;
            }
            catch (Exception e) {
                return e;
            }
        }

        private void resetRecords() {
            off.reset();
            on.reset();
        }

        /** What the pairs so far measured. */
        public PairedMeasurement result() {
            return new PairedMeasurement(statistic, invocationsPerBatch, Arrays.copyOf(offValues, pairs),
                    Arrays.copyOf(onValues, pairs), Arrays.copyOf(onFirst, pairs), off.measurement(warmupInvocations),
                    on.measurement(warmupInvocations));
        }
    }

    /**
     * The statistic of a batch's latencies; {@code NaN} for a batch in which every invocation threw. The median of
     * an even count is the mean of the two middle values; the 99th percentile is the value at rank
     * {@code ceil(0.99 n)}.
     */
    static double statistic(long[] latencies, int count, Statistic statistic) {
        if (count == 0) {
            return Double.NaN;
        }
        if (statistic == Statistic.MEAN) {
            double sum = 0;
            for (int i = 0; i < count; i++) {
                sum += latencies[i];
            }
            return sum / count;
        }
        Arrays.sort(latencies, 0, count);
        if (statistic == Statistic.MEDIAN) {
            return count % 2 == 1 ? latencies[count / 2] : (latencies[count / 2 - 1] + latencies[count / 2]) / 2.0;
        }
        int rank = (int) Math.ceil(0.99 * count);
        return latencies[Math.max(0, rank - 1)];
    }

    /** What one arm recorded over all its batches. */
    private static final class Arm {
        Histogram histogram = new Histogram(3);
        final List<Throwable> firstErrors = new ArrayList<>(Harness.KEPT_ERRORS);
        long errors;
        long elapsed;
        long sum;
        long min = Long.MAX_VALUE;
        long max;

        void record(long latency) {
            histogram.recordValue(latency);
            sum += latency;
            min = Math.min(min, latency);
            max = Math.max(max, latency);
        }

        void reset() {
            histogram = new Histogram(3);
            firstErrors.clear();
            errors = 0;
            elapsed = 0;
            sum = 0;
            min = Long.MAX_VALUE;
            max = 0;
        }

        Measurement measurement(long warmupInvocations) {
            boolean any = histogram.getTotalCount() > 0;
            Measurement.Blocks noBlocks = new Measurement.Blocks(Math.max(1, elapsed), new long[0], new long[0]);
            return new Measurement(histogram.copy(), errors, firstErrors, elapsed, sum, any ? min : 0, max, noBlocks,
                    1, 0, 0, warmupInvocations);
        }
    }
}
