package dev.perfgate.measure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

import org.HdrHistogram.Histogram;

import dev.perfgate.memory.AllocationCounter;
import dev.perfgate.memory.GcActivity;
import dev.perfgate.memory.GcSnapshot;
import org.HdrHistogram.IntCountsHistogram;
import org.jspecify.annotations.Nullable;
import org.opentest4j.IncompleteExecutionException;

/**
 * Invokes an {@link Operation} under a {@link MeasurementPlan} and records every invocation.
 *
 * <p>Each thread records into a histogram of its own, merged when the measurement ends: recording takes no lock
 * and no shared write, and memory depends on the range of latencies, never on the number of invocations. The
 * calling thread is one of the measuring threads, so a single-threaded measurement runs where JUnit runs the test
 * (thread locals set up by {@code @BeforeEach} and JUnit's {@code @Timeout} interrupt work as for any test).
 *
 * <p>Closed model: each thread starts its next invocation when the last one returns; latency is end minus start.
 * Open model: invocation {@code i} is due at {@code i / rate} after the start whatever happened before it, and its
 * latency is measured from that intended start, so a stall is charged to every invocation that had to wait for it
 * (coordinated omission corrected, as HdrHistogram and wrk2 describe). A start is <em>late</em> when it begins more
 * than one interval, and at most 1 ms, after it was due; starts still due when the measurement ends are
 * <em>missed</em>. The measurement ends on time even when the operation cannot keep up with the rate.
 *
 * <p>The measurement runs in phases: the planned one (duration or iterations), then, while fewer invocations were
 * recorded than {@link MeasurementPlan#requiredSamples()} or fewer complete blocks than
 * {@link MeasurementPlan#requiredBlocks()}, extensions sized from the rate so far, up to
 * {@link MeasurementPlan#maxDurationNanos()} in all. Time spent between phases (joining threads, deciding) is the
 * harness's own: it is left out of the measured time, the blocks and the open model's timetable, so it is never
 * charged to the operation.
 */
public final class Harness {

    /** How many exceptions are kept for the failure message. */
    public static final int KEPT_ERRORS = 3;

    /**
     * How often, at most, an unfinished measurement is offered to the {@code decided} predicate. Each look is a
     * chance of a false decision; bounding them lets the caller bound the total (e.g. alpha / looks per look).
     */
    public static final int MAX_INTERIM_LOOKS = 8;

    /** Shortest measurement block: below this the clock's own cost and jitter dominate a block's count. */
    static final long MIN_BLOCK_NANOS = 1_000_000L;
    /** Blocks aimed for over the planned measurement, well above the minimum an interval estimate needs. */
    static final int TARGET_BLOCKS = 32;
    /** Invocations aimed for in one block, so that a block's mean is itself a stable average. */
    static final int MIN_INVOCATIONS_PER_BLOCK = 16;
    /** Parking is coarse: waits shorter than this spin instead (open model). */
    private static final long SPIN_THRESHOLD_NANOS = 100_000L;
    private static final long MAX_LATE_THRESHOLD_NANOS = 1_000_000L;
    private static final AllocationCounter ALLOCATIONS = AllocationCounter.create();

    private final NanoClock clock;
    private final NanoClock guard;

    public Harness(NanoClock clock) {
        this(clock, clock);
    }

    /**
     * A harness that measures on {@code clock} and bounds how long a measurement may be extended
     * ({@link MeasurementPlan#maxDurationNanos()}) on {@code guard}: e.g. a simulation's virtual clock measured, the
     * build's time guarded by {@link NanoClock#SYSTEM}.
     */
    public Harness(NanoClock clock, NanoClock guard) {
        this.clock = clock;
        this.guard = guard;
    }

    /**
     * Warms up, then measures {@code operation} as {@code plan} says.
     *
     * @throws Throwable what stopped the measurement: the first {@link Error} (or other non-{@link Exception})
     *                   an invocation threw, a JUnit abort (an assumption that failed), or an
     *                   {@link InterruptedException} when the calling thread was interrupted (JUnit's
     *                   {@code @Timeout})
     */
    public Measurement measure(Operation operation, MeasurementPlan plan) throws Throwable {
        return measure(operation, plan, measurement -> false);
    }

    /**
     * Warms up, then measures {@code operation} as {@code plan} says; a measurement that {@code decided} accepts
     * when a phase ends is not extended further, even if it has fewer samples than the plan requires (e.g. when
     * an objective has already failed with significance). {@code decided} is asked at most
     * {@link #MAX_INTERIM_LOOKS} times.
     *
     * @throws Throwable as {@link #measure(Operation, MeasurementPlan)}
     */
    public Measurement measure(Operation operation, MeasurementPlan plan, Predicate<Measurement> decided)
            throws Throwable {
        long meanOperationNanos = 0;
        long warmupInvocations = 0;
        if (plan.warmupNanos() > 0) {
            // In two halves, and the blocks are sized from the second half's pace when it has one: the first
            // invocations of a system are often several times slower than the rest (the JIT, cold caches, a
            // network's first exchanges), and blocks sized from them are too long, so that a measurement needing
            // blocks (a baseline, a throughput) is extended far beyond its plan.
            Worker[] warmup = workers(plan, MIN_BLOCK_NANOS, false);
            Timeline timeline = new Timeline(clock.nanoTime());
            Schedule schedule = plan.openModel() ? new Schedule(plan.rate().intervalNanos()) : null;
            long half = plan.warmupNanos() / 2;
            runPhase(operation, warmup, new Phase(timeline.offset(), half, null, schedule, plan));
            long halfway = clock.nanoTime();
            long firstHalfInvocations = invocations(warmup);
            runPhase(operation, warmup, new Phase(timeline.offset(), plan.warmupNanos(), null, schedule, plan));
            long end = clock.nanoTime();
            warmupInvocations = invocations(warmup);
            long secondHalfInvocations = warmupInvocations - firstHalfInvocations;
            if (secondHalfInvocations > 0) {
                meanOperationNanos = (end - halfway) * plan.threads() / secondHalfInvocations;
            }
            else if (warmupInvocations > 0) {
                meanOperationNanos = (end - timeline.start) * plan.threads() / warmupInvocations;
            }
        }

        long blockNanos = blockNanos(plan, meanOperationNanos);
        Worker[] workers = workers(plan, blockNanos, true);
        GcSnapshot gcBefore = GcSnapshot.now();
        Timeline timeline = new Timeline(clock.nanoTime());
        Schedule schedule = plan.openModel() ? new Schedule(plan.rate().intervalNanos()) : null;
        // The longest a measurement may be extended is read on the guard clock: when it is not the measuring clock
        // (a simulation's virtual time measured, the build's wall-clock time guarded), it is checked between phases.
        boolean guardedByClock = guard == clock;
        long guardStart = guardedByClock ? 0 : guard.nanoTime();
        long maxDuration = guardedByClock ? plan.maxDurationNanos() : Long.MAX_VALUE / 4;
        if (plan.iterations() > 0) {
            runPhase(operation, workers,
                    new Phase(timeline.offset(), maxDuration, new AtomicLong(plan.iterations()), schedule, plan));
        }
        else {
            runPhase(operation, workers,
                    new Phase(timeline.offset(), Math.min(maxDuration, plan.durationNanos()), null, schedule, plan));
        }
        timeline.pause(clock.nanoTime());
        int looks = 0;
        while (!sufficient(workers, plan, blockNanos)) {
            long elapsed = elapsed(workers);
            if (elapsed >= maxDuration || !guardedByClock && guard.nanoTime() - guardStart >= plan.maxDurationNanos()) {
                break;
            }
            if (looks < MAX_INTERIM_LOOKS) {
                looks++;
                if (decided.test(merge(workers, elapsed, blockNanos, plan, warmupInvocations, schedule,
                        GcSnapshot.now().since(gcBefore)))) {
                    break;
                }
            }
            long deadline = Math.min(maxDuration, nextDeadline(workers, plan, blockNanos, elapsed));
            long before = invocations(workers);
            timeline.resume(clock.nanoTime());
            runPhase(operation, workers, new Phase(timeline.offset(), deadline, null, schedule, plan));
            timeline.pause(clock.nanoTime());
            if (invocations(workers) == before) {
                break; // the phase ended before it began (its deadline already passed): nothing more will come
            }
        }
        return merge(workers, elapsed(workers), blockNanos, plan, warmupInvocations, schedule,
                GcSnapshot.now().since(gcBefore));
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

    /**
     * Where the next phase ends, in measured time: far enough, at the rate so far, to reach the required samples
     * and blocks (with 10 % to spare), and at least a quarter longer than what has been measured, so that a
     * measurement needs few phases.
     */
    private static long nextDeadline(Worker[] workers, MeasurementPlan plan, long blockNanos, long elapsed) {
        long samples = samples(workers);
        double factor = samples == 0 ? 2.0 : Math.max(1.0, 1.1 * plan.requiredSamples() / samples);
        long forSamples = (long) Math.min(Long.MAX_VALUE / 2.0, elapsed * factor);
        long forBlocks = (plan.requiredBlocks() + 1) * blockNanos;
        long atLeast = saturatedAdd(elapsed, Math.max(elapsed / 4, MIN_BLOCK_NANOS));
        return Math.max(atLeast, Math.max(forSamples, forBlocks));
    }

    private static boolean sufficient(Worker[] workers, MeasurementPlan plan, long blockNanos) {
        return samples(workers) >= plan.requiredSamples()
                && elapsed(workers) / blockNanos >= plan.requiredBlocks();
    }

    private void runPhase(Operation operation, Worker[] workers, Phase phase) throws Throwable {
        List<Thread> helpers = new ArrayList<>(workers.length - 1);
        for (int i = 1; i < workers.length; i++) {
            Worker worker = workers[i];
            Thread thread = new Thread(() -> worker.run(operation, phase, false), "perfgate-worker-" + i);
            thread.setDaemon(true);
            helpers.add(thread);
        }
        helpers.forEach(Thread::start);
        workers[0].run(operation, phase, true);
        if (phase.stopped()) {
            helpers.forEach(Thread::interrupt); // a helper blocked in the operation must not outlive the test
        }
        for (Thread helper : helpers) {
            while (true) {
                try {
                    helper.join();
                    break;
                }
                catch (InterruptedException e) {
                    phase.stop(e);
                    helpers.forEach(Thread::interrupt); // then keep joining: no worker may outlive the measurement
                }
            }
        }
        Throwable stop = phase.stopCause.get();
        if (stop != null) {
            throw stop;
        }
    }

    private static Measurement merge(Worker[] workers, long elapsed, long blockNanos, MeasurementPlan plan,
            long warmupInvocations, @Nullable Schedule schedule, GcActivity gc) {
        long allocated = 0;
        for (Worker worker : workers) {
            allocated = allocated < 0 || worker.allocatedBytes < 0 ? -1 : allocated + worker.allocatedBytes;
        }
        Histogram merged = new Histogram(3);
        long errors = 0;
        long sum = 0;
        long min = Long.MAX_VALUE;
        long max = 0;
        long scheduled = 0;
        long late = 0;
        List<Throwable> firstErrors = new ArrayList<>(KEPT_ERRORS);
        int completeBlocks = (int) Math.min(Integer.MAX_VALUE, elapsed / blockNanos);
        long[] counts = new long[completeBlocks];
        long[] sums = new long[completeBlocks];
        long[] medians = new long[completeBlocks];
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
            int covered = Math.min(completeBlocks, worker.blockCounts.length);
            for (int b = 0; b < covered; b++) {
                counts[b] += worker.blockCounts[b];
                sums[b] += worker.blockSums[b];
            }
        }
        long[] threadMedians = new long[workers.length];
        for (int b = 0; b < completeBlocks; b++) {
            int n = 0;
            for (Worker worker : workers) {
                if (b < worker.blockCounts.length && worker.blockCounts[b] > 0) {
                    threadMedians[n++] = worker.blockMedian(b);
                }
            }
            medians[b] = median(threadMedians, n);
        }
        long missed = 0;
        if (schedule != null) {
            long due = (long) Math.ceil(elapsed / schedule.intervalNanos);
            if (plan.iterations() > 0) {
                due = Math.min(due, plan.iterations());
            }
            missed = Math.max(0, due - schedule.next.get());
        }
        return new Measurement(merged, errors, firstErrors, elapsed, sum, min == Long.MAX_VALUE ? 0 : min, max,
                new Measurement.Blocks(blockNanos, counts, sums, medians),
                plan.threads(), scheduled, late, warmupInvocations, missed, allocated, gc.collections(),
                gc.pauseNanos());
    }

    /** The median of the first {@code n} values (the lower middle one for even {@code n}); 0 when there are none. */
    private static long median(long[] values, int n) {
        if (n == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(values, n);
        Arrays.sort(sorted);
        return sorted[(n - 1) / 2];
    }

    /** Measured time so far: the latest end of any invocation, harness pauses excluded. */
    private static long elapsed(Worker[] workers) {
        long end = 0;
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

    private Worker[] workers(MeasurementPlan plan, long blockNanos, boolean recording) {
        Worker[] workers = new Worker[plan.threads()];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker(clock, blockNanos, recording, plan.blockMedians());
        }
        return workers;
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    /**
     * Measured time: clock time since the start, less the harness's own pauses between phases. Everything a
     * worker records (block, end, intended start) is in measured time.
     */
    private static final class Timeline {
        final long start;
        private long paused;
        private long pausedAt;

        Timeline(long start) {
            this.start = start;
        }

        /** The clock reading at which measured time is 0, for the next phase. */
        long offset() {
            return start + paused;
        }

        void pause(long now) {
            pausedAt = now;
        }

        void resume(long now) {
            paused += now - pausedAt;
        }
    }

    /** The open model's timetable in measured time, shared by all threads and kept across phases. */
    private static final class Schedule {
        final double intervalNanos;
        final long lateThresholdNanos;
        final AtomicLong next = new AtomicLong();

        Schedule(double intervalNanos) {
            this.intervalNanos = intervalNanos;
            this.lateThresholdNanos = (long) Math.min(intervalNanos, MAX_LATE_THRESHOLD_NANOS);
        }

        long intendedStart(long index) {
            return (long) (index * intervalNanos);
        }
    }

    /** One run of all threads, until its deadline, its tickets run out, or something stops it. */
    private static final class Phase {
        /** Clock reading of measured time 0. */
        final long offset;
        /** End of the phase in measured time. */
        final long deadline;
        final @Nullable AtomicLong tickets;
        final @Nullable Schedule schedule;
        final long iterations;
        final AtomicReference<@Nullable Throwable> stopCause = new AtomicReference<>();

        Phase(long offset, long deadline, @Nullable AtomicLong tickets, @Nullable Schedule schedule,
                MeasurementPlan plan) {
            this.offset = offset;
            this.deadline = deadline;
            this.tickets = tickets;
            this.schedule = schedule;
            this.iterations = plan.iterations();
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
        private final boolean recordBlockMedians;
        final Histogram histogram = new Histogram(3);
        final List<Throwable> firstErrors = new ArrayList<>(KEPT_ERRORS);
        long[] blockCounts = new long[TARGET_BLOCKS + 1];
        long[] blockSums = new long[TARGET_BLOCKS + 1];
        /** Median latency of each finished block; the current block's is read from {@link #blockHistogram}. */
        long[] blockMedians = new long[TARGET_BLOCKS + 1];
        /**
         * The current block's latencies, at 2 significant digits (a block median needs no more), cleared when the
         * next block begins: one small histogram per thread, however long the measurement.
         */
        final IntCountsHistogram blockHistogram = new IntCountsHistogram(2);
        int currentBlock = -1;
        /** Bytes allocated by this worker's thread in recording phases; -1 when the JVM cannot tell. */
        long allocatedBytes = ALLOCATIONS.isSupported() ? 0 : -1;
        long count;
        long errors;
        long sum;
        long min = Long.MAX_VALUE;
        long max;
        /** End of the last invocation, in measured time. */
        long lastEnd;
        long scheduled;
        long late;

        Worker(NanoClock clock, long blockNanos, boolean recording, boolean recordBlockMedians) {
            this.clock = clock;
            this.blockNanos = blockNanos;
            this.recording = recording;
            this.recordBlockMedians = recordBlockMedians;
        }

        /** The median latency of block {@code block}, which must have recorded something; 0 when not recorded. */
        long blockMedian(int block) {
            if (!recordBlockMedians) {
                return 0;
            }
            return block == currentBlock ? blockHistogram.getValueAtPercentile(50) : blockMedians[block];
        }

        void run(Operation operation, Phase phase, boolean callingThread) {
            // What this thread allocates while it measures: read at both ends of each phase it runs.
            long allocatedBefore = recording && allocatedBytes >= 0 ? ALLOCATIONS.currentThreadAllocatedBytes() : 0;
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
            finally {
                if (recording && allocatedBytes >= 0) {
                    allocatedBytes += ALLOCATIONS.currentThreadAllocatedBytes() - allocatedBefore;
                }
            }
        }

        private void runClosed(Operation operation, Phase phase, boolean callingThread) throws Throwable {
            while (!phase.stopped() && phase.takeTicket()) {
                long start = clock.nanoTime();
                if (start - phase.offset >= phase.deadline) {
                    return;
                }
                boolean ok = invoke(operation);
                long end = clock.nanoTime();
                record(ok, end - start, end - phase.offset);
                checkInterrupt(callingThread);
            }
        }

        private void runOpen(Operation operation, Phase phase, Schedule schedule, boolean callingThread)
                throws Throwable {
            while (!phase.stopped()) {
                long index = schedule.next.get();
                long intended = schedule.intendedStart(index);
                if (intended >= phase.deadline || (phase.iterations > 0 && index >= phase.iterations)
                        || clock.nanoTime() - phase.offset >= phase.deadline) {
                    return; // what is due later, or was not started in time, stays in the timetable
                }
                if (!schedule.next.compareAndSet(index, index + 1)) {
                    continue;
                }
                waitUntil(phase.offset + intended, phase);
                long start = clock.nanoTime();
                scheduled++;
                if (start - phase.offset - intended > schedule.lateThresholdNanos) {
                    late++;
                }
                boolean ok = invoke(operation);
                long end = clock.nanoTime();
                record(ok, end - phase.offset - intended, end - phase.offset);
                checkInterrupt(callingThread);
            }
        }

        private void checkInterrupt(boolean callingThread) throws InterruptedException {
            if (callingThread && Thread.interrupted()) { // cleared, as throwing InterruptedException implies
                throw new InterruptedException("perfgate measurement interrupted");
            }
        }

        private void waitUntil(long intended, Phase phase) throws InterruptedException {
            long remaining;
            while ((remaining = intended - clock.nanoTime()) > 0 && !phase.stopped()) {
                if (Thread.interrupted()) {
                    throw new InterruptedException("perfgate measurement interrupted while waiting to start");
                }
                if (remaining > SPIN_THRESHOLD_NANOS) {
                    LockSupport.parkNanos(remaining - SPIN_THRESHOLD_NANOS / 2);
                }
                else {
                    Thread.onSpinWait();
                }
            }
        }

        /**
         * @return whether the invocation returned normally. An {@link Exception} is an error of this invocation;
         *         anything else ends the measurement: an {@link Error}, an interrupt (JUnit's timeout), or a JUnit
         *         abort such as a failed assumption, which means the test should not run at all.
         */
        private boolean invoke(Operation operation) throws Throwable {
            try {
                operation.run();
                return true;
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw e;
            }
            catch (IncompleteExecutionException e) {
                throw e;
            }
            catch (Exception e) {
                errors++;
                if (firstErrors.size() < KEPT_ERRORS) {
                    firstErrors.add(e);
                }
                return false;
            }
        }

        /** Records one invocation; {@code end} is in measured time. */
        private void record(boolean ok, long latencyNanos, long end) {
            lastEnd = Math.max(lastEnd, end);
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
            long block = end / blockNanos;
            if (block >= 0 && block < Integer.MAX_VALUE) {
                int index = (int) block;
                if (index >= blockCounts.length) {
                    grow(index);
                }
                if (recordBlockMedians) {
                    if (index != currentBlock) {
                        if (currentBlock >= 0) {
                            blockMedians[currentBlock] = blockHistogram.getValueAtPercentile(50);
                        }
                        blockHistogram.reset();
                        currentBlock = index;
                    }
                    blockHistogram.recordValue(latency);
                }
                blockCounts[index]++;
                blockSums[index] += latency;
            }
        }

        private void grow(int index) {
            int length = Math.max(index + 1, blockCounts.length * 2);
            blockCounts = Arrays.copyOf(blockCounts, length);
            blockSums = Arrays.copyOf(blockSums, length);
            blockMedians = Arrays.copyOf(blockMedians, length);
        }
    }
}
