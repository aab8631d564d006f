package dev.perfgate.measure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * Invokes an {@link Operation} under a {@link MeasurementPlan} and records every invocation.
 *
 * <p>Each thread records into a histogram of its own, merged when the measurement ends: recording takes no lock
 * and no shared write, and memory depends on the range of latencies, never on the number of invocations. The
 * calling thread is one of the measuring threads, so a single-threaded measurement runs where JUnit runs the test
 * (thread locals set up by {@code @BeforeEach} and JUnit's {@code @Timeout} interrupt work as for any test).
 *
 * <p>Closed model: each thread starts its next invocation when the last one returns; latency is end minus start.
 * Open model: invocation {@code i} is due at {@code origin + i / rate} whatever happened before it, and its latency
 * is measured from that intended start, so a stall is charged to every invocation that had to wait for it
 * (coordinated omission corrected, as HdrHistogram and wrk2 describe). A start is <em>late</em> when it begins more
 * than one interval, and at most 1 ms, after it was due.
 *
 * <p>The measurement runs in phases: the planned one (duration or iterations), then, while fewer invocations were
 * recorded than {@link MeasurementPlan#requiredSamples()} or fewer complete blocks than
 * {@link MeasurementPlan#requiredBlocks()}, extensions of a quarter of the planned duration each, up to
 * {@link MeasurementPlan#maxDurationNanos()} in all.
 */
public final class Harness {

    /** How many exceptions are kept for the failure message. */
    public static final int KEPT_ERRORS = 3;

    /** Shortest measurement block: below this the clock's own cost and jitter dominate a block's count. */
    static final long MIN_BLOCK_NANOS = 1_000_000L;
    /** Blocks aimed for over the planned measurement, well above the minimum an interval estimate needs. */
    static final int TARGET_BLOCKS = 32;
    /** Invocations aimed for in one block, so that a block's mean is itself a stable average. */
    static final int MIN_INVOCATIONS_PER_BLOCK = 16;
    /** Parking is coarse: waits shorter than this spin instead (open model). */
    private static final long SPIN_THRESHOLD_NANOS = 100_000L;
    private static final long MAX_LATE_THRESHOLD_NANOS = 1_000_000L;

    private final NanoClock clock;

    public Harness(NanoClock clock) {
        this.clock = clock;
    }

    /**
     * Warms up, then measures {@code operation} as {@code plan} says.
     *
     * @throws Error                the first {@link Error} any invocation threw; the measurement stops at once
     * @throws InterruptedException when the calling thread is interrupted (e.g. by JUnit's {@code @Timeout})
     */
    public Measurement measure(Operation operation, MeasurementPlan plan) throws InterruptedException {
        return measure(operation, plan, measurement -> false);
    }

    /**
     * Warms up, then measures {@code operation} as {@code plan} says; a measurement that {@code decided} accepts
     * at the end of a phase is not extended further, even if it has fewer samples than the plan requires (e.g.
     * when an objective has already failed with significance, more samples cannot change that).
     *
     * @throws Error                the first {@link Error} any invocation threw; the measurement stops at once
     * @throws InterruptedException when the calling thread is interrupted (e.g. by JUnit's {@code @Timeout})
     */
    public Measurement measure(Operation operation, MeasurementPlan plan, Predicate<Measurement> decided)
            throws InterruptedException {
        long meanOperationNanos = 0;
        long warmupInvocations = 0;
        if (plan.warmupNanos() > 0) {
            Worker[] warmup = workers(plan.threads(), MIN_BLOCK_NANOS, false);
            long warmupStart = clock.nanoTime();
            Schedule schedule = plan.openModel() ? new Schedule(warmupStart, plan.rate().intervalNanos()) : null;
            runPhase(operation, warmup, new Phase(warmupStart + plan.warmupNanos(), null, schedule));
            long warmupElapsed = clock.nanoTime() - warmupStart;
            warmupInvocations = invocations(warmup);
            if (warmupInvocations > 0) {
                meanOperationNanos = warmupElapsed * plan.threads() / warmupInvocations;
            }
        }

        long blockNanos = blockNanos(plan, meanOperationNanos);
        long start = clock.nanoTime();
        Worker[] workers = workers(plan.threads(), blockNanos, true);
        for (Worker worker : workers) {
            worker.blockOrigin = start;
        }
        long hardDeadline = saturatedAdd(start, plan.maxDurationNanos());
        Schedule schedule = plan.openModel() ? new Schedule(start, plan.rate().intervalNanos()) : null;
        if (plan.iterations() > 0) {
            runPhase(operation, workers, new Phase(hardDeadline, new AtomicLong(plan.iterations()), schedule));
        }
        else {
            runPhase(operation, workers, new Phase(Math.min(hardDeadline, saturatedAdd(start, plan.durationNanos())),
                    null, schedule));
        }
        long extension = Math.max(plan.durationNanos() / 4, MIN_BLOCK_NANOS);
        while (!sufficient(workers, plan, start, blockNanos) && clock.nanoTime() < hardDeadline
                && !decided.test(merge(workers, start, blockNanos, plan.threads(), warmupInvocations))) {
            long deadline = Math.min(hardDeadline, saturatedAdd(clock.nanoTime(), extension));
            runPhase(operation, workers, new Phase(deadline, null, schedule));
        }
        return merge(workers, start, blockNanos, plan.threads(), warmupInvocations);
    }

    /**
     * Blocks are long enough to hold {@link #MIN_INVOCATIONS_PER_BLOCK} invocations (as estimated in warmup), and
     * short enough that the planned measurement holds about {@link #TARGET_BLOCKS} of them.
     */
    static long blockNanos(MeasurementPlan plan, long meanOperationNanos) {
        long planned = plan.durationNanos();
        if (plan.iterations() > 0 && meanOperationNanos > 0) {
            planned = Math.max(1, plan.iterations() / plan.threads()) * meanOperationNanos;
        }
        long perThreadOperation = plan.openModel()
                ? (long) (plan.rate().intervalNanos())
                : meanOperationNanos;
        return Math.max(MIN_BLOCK_NANOS,
                Math.max(planned / TARGET_BLOCKS, perThreadOperation * MIN_INVOCATIONS_PER_BLOCK));
    }

    private boolean sufficient(Worker[] workers, MeasurementPlan plan, long start, long blockNanos) {
        long completeBlocks = (lastEnd(workers, start) - start) / blockNanos;
        return samples(workers) >= plan.requiredSamples() && completeBlocks >= plan.requiredBlocks();
    }

    private void runPhase(Operation operation, Worker[] workers, Phase phase) throws InterruptedException {
        List<Thread> helpers = new ArrayList<>(workers.length - 1);
        for (int i = 1; i < workers.length; i++) {
            Worker worker = workers[i];
            Thread thread = new Thread(() -> worker.run(operation, phase, false), "perfgate-worker-" + i);
            thread.setDaemon(true);
            helpers.add(thread);
        }
        helpers.forEach(Thread::start);
        workers[0].run(operation, phase, true);
        for (Thread helper : helpers) {
            while (true) {
                try {
                    helper.join();
                    break;
                }
                catch (InterruptedException e) {
                    phase.stop(e); // then keep joining: no worker may outlive the measurement
                }
            }
        }
        Throwable stop = phase.stopCause.get();
        if (stop instanceof Error) {
            throw (Error) stop;
        }
        if (stop instanceof InterruptedException) {
            throw (InterruptedException) stop;
        }
    }

    private Measurement merge(Worker[] workers, long start, long blockNanos, int threads, long warmupInvocations) {
        Histogram merged = new Histogram(3);
        long errors = 0;
        long sum = 0;
        long min = Long.MAX_VALUE;
        long max = 0;
        long scheduled = 0;
        long late = 0;
        List<Throwable> firstErrors = new ArrayList<>(KEPT_ERRORS);
        long end = lastEnd(workers, start);
        int completeBlocks = (int) Math.min(Integer.MAX_VALUE, (end - start) / blockNanos);
        long[] counts = new long[completeBlocks];
        long[] sums = new long[completeBlocks];
        for (Worker worker : workers) {
            merged.add(worker.histogram);
            errors += worker.errors;
            sum += worker.sum;
            if (worker.count > 0) {
                min = Math.min(min, worker.min);
                max = Math.max(max, worker.max);
            }
            scheduled += worker.scheduled;
            late += worker.late;
            for (Throwable error : worker.firstErrors) {
                if (firstErrors.size() < KEPT_ERRORS) {
                    firstErrors.add(error);
                }
            }
            for (int b = 0; b < Math.min(completeBlocks, worker.blockCounts.length); b++) {
                counts[b] += worker.blockCounts[b];
                sums[b] += worker.blockSums[b];
            }
        }
        return new Measurement(merged, errors, firstErrors, end - start, sum, min == Long.MAX_VALUE ? 0 : min, max,
                new Measurement.Blocks(blockNanos, counts, sums), threads, scheduled, late, warmupInvocations);
    }

    private static long lastEnd(Worker[] workers, long start) {
        long end = start;
        for (Worker worker : workers) {
            end = Math.max(end, worker.lastEnd);
        }
        return end;
    }

    private static long samples(Worker[] workers) {
        long total = 0;
        for (Worker worker : workers) {
            total += worker.count;
        }
        return total;
    }

    private static long invocations(Worker[] workers) {
        long total = 0;
        for (Worker worker : workers) {
            total += worker.count + worker.errors;
        }
        return total;
    }

    private Worker[] workers(int threads, long blockNanos, boolean recording) {
        Worker[] workers = new Worker[threads];
        for (int i = 0; i < threads; i++) {
            workers[i] = new Worker(clock, blockNanos, recording);
        }
        return workers;
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    /** The open model's timetable, shared by all threads and kept across phases. */
    private static final class Schedule {
        final long origin;
        final double intervalNanos;
        final long lateThresholdNanos;
        final AtomicLong next = new AtomicLong();

        Schedule(long origin, double intervalNanos) {
            this.origin = origin;
            this.intervalNanos = intervalNanos;
            this.lateThresholdNanos = (long) Math.min(intervalNanos, MAX_LATE_THRESHOLD_NANOS);
        }

        long intendedStart(long index) {
            return origin + (long) (index * intervalNanos);
        }
    }

    /** One run of all threads, until its deadline, its tickets run out, or something stops it. */
    private static final class Phase {
        final long deadline;
        final @Nullable AtomicLong tickets;
        final @Nullable Schedule schedule;
        final AtomicReference<@Nullable Throwable> stopCause = new AtomicReference<>();

        Phase(long deadline, @Nullable AtomicLong tickets, @Nullable Schedule schedule) {
            this.deadline = deadline;
            this.tickets = tickets;
            this.schedule = schedule;
        }

        boolean stopped() {
            return stopCause.get() != null;
        }

        void stop(Throwable cause) {
            stopCause.compareAndSet(null, cause);
        }

        boolean takeTicket() {
            return tickets == null || tickets.getAndDecrement() > 0;
        }
    }

    /** One measuring thread's state: written only by that thread, read after it has been joined. */
    private static final class Worker {
        private final NanoClock clock;
        private final long blockNanos;
        private final boolean recording;
        final Histogram histogram = new Histogram(3);
        final List<Throwable> firstErrors = new ArrayList<>(KEPT_ERRORS);
        long blockOrigin;
        long[] blockCounts = new long[TARGET_BLOCKS + 1];
        long[] blockSums = new long[TARGET_BLOCKS + 1];
        long count;
        long errors;
        long sum;
        long min = Long.MAX_VALUE;
        long max;
        long lastEnd;
        long scheduled;
        long late;

        Worker(NanoClock clock, long blockNanos, boolean recording) {
            this.clock = clock;
            this.blockNanos = blockNanos;
            this.recording = recording;
        }

        void run(Operation operation, Phase phase, boolean callingThread) {
            try {
                if (phase.schedule == null) {
                    runClosed(operation, phase, callingThread);
                }
                else {
                    runOpen(operation, phase, phase.schedule, callingThread);
                }
            }
            catch (Throwable fatal) {
                phase.stop(fatal);
            }
        }

        private void runClosed(Operation operation, Phase phase, boolean callingThread) throws Throwable {
            while (!phase.stopped() && phase.takeTicket()) {
                long start = clock.nanoTime();
                if (start >= phase.deadline) {
                    return;
                }
                boolean ok = invoke(operation);
                long end = clock.nanoTime();
                record(ok, end - start, end);
                if (callingThread && Thread.interrupted()) { // cleared, as throwing InterruptedException implies
                    throw new InterruptedException("perfgate measurement interrupted");
                }
            }
        }

        private void runOpen(Operation operation, Phase phase, Schedule schedule, boolean callingThread)
                throws Throwable {
            while (!phase.stopped() && phase.takeTicket()) {
                long intended = schedule.intendedStart(schedule.next.getAndIncrement());
                if (intended >= phase.deadline) {
                    return;
                }
                waitUntil(intended, phase);
                long start = clock.nanoTime();
                scheduled++;
                if (start - intended > schedule.lateThresholdNanos) {
                    late++;
                }
                boolean ok = invoke(operation);
                long end = clock.nanoTime();
                record(ok, end - intended, end);
                if (callingThread && Thread.interrupted()) { // cleared, as throwing InterruptedException implies
                    throw new InterruptedException("perfgate measurement interrupted");
                }
            }
        }

        private void waitUntil(long intended, Phase phase) {
            long remaining;
            while ((remaining = intended - clock.nanoTime()) > 0 && !phase.stopped()) {
                if (remaining > SPIN_THRESHOLD_NANOS) {
                    LockSupport.parkNanos(remaining - SPIN_THRESHOLD_NANOS / 2);
                }
                else {
                    Thread.onSpinWait();
                }
            }
        }

        /** @return whether the invocation returned normally; an {@link Error} propagates */
        private boolean invoke(Operation operation) throws Throwable {
            try {
                operation.run();
                return true;
            }
            catch (Exception e) {
                errors++;
                if (firstErrors.size() < KEPT_ERRORS) {
                    firstErrors.add(e);
                }
                return false;
            }
        }

        private void record(boolean ok, long latencyNanos, long end) {
            lastEnd = end;
            if (!ok) {
                return;
            }
            if (!recording) {
                count++; // warmup: counted, for the estimate of the operation's cost, not recorded
                return;
            }
            long latency = Math.max(0, latencyNanos);
            histogram.recordValue(latency);
            count++;
            sum += latency;
            min = Math.min(min, latency);
            max = Math.max(max, latency);
            long block = (end - blockOrigin) / blockNanos;
            if (block >= 0 && block < Integer.MAX_VALUE) {
                int index = (int) block;
                if (index >= blockCounts.length) {
                    int length = Math.max(index + 1, blockCounts.length * 2);
                    blockCounts = Arrays.copyOf(blockCounts, length);
                    blockSums = Arrays.copyOf(blockSums, length);
                }
                blockCounts[index]++;
                blockSums[index] += latency;
            }
        }
    }
}
