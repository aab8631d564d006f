package dev.perfgate.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongUnaryOperator;

import org.junit.jupiter.api.Test;

import dev.perfgate.config.Rate;

class HarnessTests {

    private static final long MS = 1_000_000L;
    private static final long STEP = 1_000L;

    /** A clock that moves on by a step on every reading, whichever thread reads it. */
    private static final class SteppingClock implements NanoClock {
        private final AtomicLong readings = new AtomicLong();
        private final AtomicLong now = new AtomicLong(1_000_000_000L);
        private final LongUnaryOperator stepOfReading;

        SteppingClock(long step) {
            this(reading -> step);
        }

        SteppingClock(LongUnaryOperator stepOfReading) {
            this.stepOfReading = stepOfReading;
        }

        @Override
        public long nanoTime() {
            return now.addAndGet(stepOfReading.applyAsLong(readings.getAndIncrement()));
        }
    }

    private static MeasurementPlan timed(long durationNanos, long maxDurationNanos, long requiredSamples) {
        return new MeasurementPlan(0, durationNanos, 0, 1, null, maxDurationNanos, requiredSamples, 0);
    }

    private static MeasurementPlan iterations(long iterations, int threads) {
        return new MeasurementPlan(0, 1_000 * MS, iterations, threads, null, 3_600_000 * MS, 0, 0);
    }

    @Test
    void closedModelLatencyIsTheTimeFromStartToEnd() throws Throwable {
        Measurement measurement = new Harness(new SteppingClock(STEP)).measure(() -> { }, timed(10 * MS, 10 * MS, 0));

        assertThat(measurement.samples()).isGreaterThan(1_000);
        assertThat(measurement.minNanos()).isEqualTo(STEP);
        assertThat(measurement.maxNanos()).isEqualTo(STEP);
        assertThat(measurement.latencyNanos().getCountAtValue(STEP)).isEqualTo(measurement.samples());
        assertThat(measurement.sumNanos()).isEqualTo(measurement.samples() * STEP);
        assertThat(measurement.errors()).isZero();
        assertThat(measurement.threads()).isEqualTo(1);
        assertThat(measurement.scheduledStarts()).isZero();
        assertThat(measurement.elapsedNanos()).isBetween(10 * MS - 4 * STEP, 10 * MS + 2 * STEP);
    }

    @Test
    void latencyIncludesWhatTheOperationTakes() throws Throwable {
        SteppingClock clock = new SteppingClock(STEP);
        // the operation reads the clock twice: two more steps pass while it runs
        Measurement measurement = new Harness(clock).measure(() -> {
            clock.nanoTime();
            clock.nanoTime();
        }, timed(10 * MS, 10 * MS, 0));

        assertThat(measurement.minNanos()).isEqualTo(3 * STEP);
        assertThat(measurement.maxNanos()).isEqualTo(3 * STEP);
    }

    @Test
    void blocksCoverTheMeasurement() throws Throwable {
        Measurement measurement = new Harness(new SteppingClock(STEP)).measure(() -> { }, timed(64 * MS, 64 * MS, 0));

        // 64 ms planned: 32 blocks of 2 ms, each holding the invocations that ended in it
        assertThat(measurement.blocks().blockNanos()).isEqualTo(2 * MS);
        assertThat(measurement.blocks().size()).isEqualTo(32);
        assertThat(java.util.Arrays.stream(measurement.blocks().counts()).boxed().toList())
                .allSatisfy(count -> assertThat(count).isBetween(999L, 1_001L));
        // invocations that ended after the last complete block are in no block
        assertThat(java.util.Arrays.stream(measurement.blocks().counts()).sum())
                .isBetween(measurement.samples() - 1_000, measurement.samples());
        assertThat(measurement.blocks().meansNanos()).containsOnly((double) STEP);
    }

    /**
     * A system whose first invocations are 50 times slower than the rest: blocks are sized from the warmup's second
     * half, at the steady pace, not from a mean the slow start inflates (which, for 320,000 iterations, would give
     * blocks about twice as long).
     */
    @Test
    void blocksAreSizedFromThePaceOfTheWarmupsSecondHalf() throws Throwable {
        // the first 200 clock readings take 50 steps each (about 100 slow invocations), the rest 1 step
        SteppingClock clock = new SteppingClock(reading -> reading < 200 ? 50 * STEP : STEP);
        MeasurementPlan plan = new MeasurementPlan(20 * MS, 1_000 * MS, 320_000, 1, null, 3_600_000 * MS, 0, 0);

        Measurement measurement = new Harness(clock).measure(() -> { }, plan);

        // steady pace: an invocation per 2 readings, 2 µs; 320,000 of them planned, in 32 blocks of 10,000
        assertThat(measurement.blocks().blockNanos()).isBetween(18 * MS, 22 * MS);
    }

    @Test
    void iterationsModeRecordsExactlyThatManyInvocations() throws Throwable {
        AtomicInteger invocations = new AtomicInteger();

        Measurement measurement = new Harness(new SteppingClock(STEP)).measure(invocations::incrementAndGet,
                iterations(1_234, 1));

        assertThat(measurement.samples()).isEqualTo(1_234);
        assertThat(invocations).hasValue(1_234);
    }

    @Test
    void iterationsAreSharedByAllThreads() throws Throwable {
        LongAdder invocations = new LongAdder();

        Measurement measurement = new Harness(new SteppingClock(STEP)).measure(invocations::increment,
                iterations(10_000, 4));

        assertThat(measurement.samples()).isEqualTo(10_000);
        assertThat(invocations.sum()).isEqualTo(10_000);
        assertThat(measurement.threads()).isEqualTo(4);
    }

    @Test
    void warmupInvocationsAreCountedButNotRecorded() throws Throwable {
        AtomicInteger invocations = new AtomicInteger();
        MeasurementPlan plan = new MeasurementPlan(5 * MS, 1_000 * MS, 100, 1, null, 3_600_000 * MS, 0, 0);

        Measurement measurement = new Harness(new SteppingClock(STEP)).measure(invocations::incrementAndGet, plan);

        assertThat(measurement.samples()).isEqualTo(100);
        assertThat(measurement.warmupInvocations()).isBetween(2_000L, 2_500L);
        assertThat(invocations.get()).isEqualTo(100 + measurement.warmupInvocations());
    }

    @Test
    void measurementIsExtendedUntilItHasTheRequiredSamples() throws Throwable {
        // 1 ms planned holds about 500 invocations of 2 steps; each extension (1 ms) about 500 more
        Measurement measurement = new Harness(new SteppingClock(STEP)).measure(() -> { },
                timed(MS, 1_000 * MS, 2_000));

        assertThat(measurement.samples()).isBetween(2_000L, 2_600L);
        assertThat(measurement.elapsedNanos()).isLessThan(10 * MS);
    }

    @Test
    void iterationsAreExtendedUntilTheRequiredSamples() throws Throwable {
        MeasurementPlan plan = new MeasurementPlan(0, 4 * MS, 100, 1, null, 1_000 * MS, 1_000, 0);

        Measurement measurement = new Harness(new SteppingClock(STEP)).measure(() -> { }, plan);

        assertThat(measurement.samples()).isBetween(1_000L, 1_600L);
    }

    @Test
    void measurementIsExtendedUntilItHasTheRequiredBlocks() throws Throwable {
        MeasurementPlan plan = new MeasurementPlan(0, MS, 0, 1, null, 1_000 * MS, 0, 10);

        Measurement measurement = new Harness(new SteppingClock(STEP)).measure(() -> { }, plan);

        assertThat(measurement.blocks().size()).isBetween(10, 11);
    }

    @Test
    void extensionStopsAtTheMaximumDuration() throws Throwable {
        Measurement measurement = new Harness(new SteppingClock(STEP)).measure(() -> { },
                timed(MS, 10 * MS, 1_000_000_000L));

        assertThat(measurement.samples()).isBetween(4_000L, 5_000L);
        assertThat(measurement.elapsedNanos()).isLessThanOrEqualTo(10 * MS + 2 * STEP);
    }

    @Test
    void aDecidedMeasurementIsNotExtended() throws Throwable {
        AtomicInteger asked = new AtomicInteger();

        Measurement measurement = new Harness(new SteppingClock(STEP)).measure(() -> { },
                timed(MS, 1_000 * MS, 1_000_000_000L), sample -> {
                    asked.incrementAndGet();
                    return true;
                });

        assertThat(measurement.samples()).isBetween(400L, 500L);
        assertThat(asked).hasValue(1);
    }

    @Test
    void decidedStopsTheExtensionAtTheEndOfAPhase() throws Throwable {
        List<Long> seen = new ArrayList<>();

        Measurement measurement = new Harness(new SteppingClock(STEP)).measure(() -> { },
                timed(MS, 1_000 * MS, 1_000_000_000L), sample -> seen.add(sample.samples()));

        // The planned phase: 1 ms of measured time at 2 clock steps (2 µs) per invocation.
        assertThat(seen).containsExactly(500L);
        assertThat(measurement.samples()).isEqualTo(500L);
    }

    @Test
    void decidedIsAskedAtMostMaxInterimLooksTimes() throws Throwable {
        AtomicInteger looks = new AtomicInteger();

        Measurement measurement = new Harness(new SteppingClock(STEP)).measure(() -> { },
                timed(MS, 1_000 * MS, 1_000_000_000L), sample -> looks.incrementAndGet() < 0);

        assertThat(looks.get()).isBetween(1, Harness.MAX_INTERIM_LOOKS);
        assertThat(measurement.elapsedNanos()).isEqualTo(1_000 * MS);
    }

    @Test
    void exceptionsAreCountedAsErrorsAndTheFirstThreeKept() throws Throwable {
        AtomicInteger invocations = new AtomicInteger();

        Measurement measurement = new Harness(new SteppingClock(STEP)).measure(() -> {
            int invocation = invocations.incrementAndGet();
            if (invocation % 10 == 0) {
                throw new IllegalStateException("failure " + invocation);
            }
        }, iterations(100, 1));

        assertThat(measurement.errors()).isEqualTo(10);
        assertThat(measurement.samples()).isEqualTo(90);
        assertThat(measurement.invocations()).isEqualTo(100);
        assertThat(measurement.firstErrors()).hasSize(Harness.KEPT_ERRORS)
                .extracting(Throwable::getMessage).containsExactly("failure 10", "failure 20", "failure 30");
    }

    @Test
    void checkedExceptionsAreErrorsToo() throws Throwable {
        Measurement measurement = new Harness(new SteppingClock(STEP)).measure(() -> {
            throw new java.io.IOException("disk full");
        }, iterations(5, 1));

        assertThat(measurement.errors()).isEqualTo(5);
        assertThat(measurement.samples()).isZero();
        assertThat(measurement.firstErrors()).hasSize(3);
    }

    @Test
    void anErrorPropagatesAndStopsTheMeasurementAtOnce() {
        AtomicInteger invocations = new AtomicInteger();
        AssertionError failure = new AssertionError("expected 42");

        assertThatThrownBy(() -> new Harness(new SteppingClock(STEP)).measure(() -> {
            if (invocations.incrementAndGet() == 5) {
                throw failure;
            }
        }, timed(1_000 * MS, 1_000 * MS, 0))).isSameAs(failure);
        assertThat(invocations).hasValue(5);
    }

    @Test
    void anErrorInWarmupPropagates() {
        OutOfMemoryError failure = new OutOfMemoryError("simulated");
        MeasurementPlan plan = new MeasurementPlan(5 * MS, 10 * MS, 0, 1, null, 10 * MS, 0, 0);

        assertThatThrownBy(() -> new Harness(new SteppingClock(STEP)).measure(() -> {
            throw failure;
        }, plan)).isSameAs(failure);
    }

    @Test
    void anErrorOnAnotherThreadStopsEveryThread() {
        AtomicInteger invocations = new AtomicInteger();
        AssertionError failure = new AssertionError("on a helper thread");

        assertThatThrownBy(() -> new Harness(new SteppingClock(STEP)).measure(() -> {
            invocations.incrementAndGet();
            if (Thread.currentThread().getName().equals("perfgate-worker-2")) {
                throw failure;
            }
        }, iterations(100_000_000, 4))).isSameAs(failure);
        assertThat(invocations.get()).isLessThan(100_000_000);
    }

    @Test
    void interruptingTheCallingThreadEndsTheMeasurement() {
        AtomicInteger invocations = new AtomicInteger();

        try {
            assertThatThrownBy(() -> new Harness(new SteppingClock(STEP)).measure(() -> {
                if (invocations.incrementAndGet() == 3) {
                    Thread.currentThread().interrupt();
                }
            }, timed(1_000 * MS, 1_000 * MS, 0))).isInstanceOf(InterruptedException.class);
            assertThat(invocations).hasValue(3);
        }
        finally {
            Thread.interrupted(); // leave JUnit's thread as it was
        }
    }

    @Test
    void histogramMemoryDoesNotGrowWithTheNumberOfInvocations() throws Throwable {
        // latencies cycle through 997 values from 1 µs to 997 µs, whatever the number of invocations
        LongUnaryOperator cycling = reading -> STEP * (1 + reading % 997);

        Measurement thousand = new Harness(new SteppingClock(cycling)).measure(() -> { }, iterations(1_000, 1));
        Measurement million = new Harness(new SteppingClock(cycling)).measure(() -> { }, iterations(1_000_000, 1));

        assertThat(million.samples()).isEqualTo(1_000_000);
        assertThat(thousand.maxNanos()).isEqualTo(million.maxNanos());
        assertThat(million.latencyNanos().getEstimatedFootprintInBytes())
                .isEqualTo(thousand.latencyNanos().getEstimatedFootprintInBytes());
    }

    @Test
    void blockLengthHoldsAboutThirtyTwoBlocksAndNoLessThanOneMillisecond() {
        assertThat(Harness.blockNanos(timed(2_000 * MS, 30_000 * MS, 0), 0)).isEqualTo(62_500_000L);
        assertThat(Harness.blockNanos(timed(10 * MS, 30_000 * MS, 0), 0)).isEqualTo(MS);
        // slow operations: at least 16 invocations per block
        assertThat(Harness.blockNanos(timed(2_000 * MS, 30_000 * MS, 0), 10 * MS)).isEqualTo(160 * MS);
        // iterations: the planned time is estimated from warmup
        assertThat(Harness.blockNanos(iterations(64_000, 2), 100_000L)).isEqualTo(100 * MS);
        // open model: 16 intervals of the schedule
        MeasurementPlan open = new MeasurementPlan(0, 2_000 * MS, 0, 1, new Rate(100), 30_000 * MS, 0, 0);
        assertThat(Harness.blockNanos(open, 0)).isEqualTo(160 * MS);
    }

    @Test
    void samplesOfAllThreadsAreMerged() throws Throwable {
        // real clock, on purpose: threads interleave as they really do
        LongAdder invocations = new LongAdder();
        AtomicLong sequence = new AtomicLong();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        MeasurementPlan plan = new MeasurementPlan(0, 50 * MS, 0, 4, null, 50 * MS, 0, 0);

        Measurement measurement = new Harness(NanoClock.SYSTEM).measure(() -> {
            invocations.increment();
            threads.add(Thread.currentThread().getName());
            if (sequence.incrementAndGet() % 100 == 0) {
                throw new IllegalStateException("every hundredth");
            }
        }, plan);

        assertThat(measurement.threads()).isEqualTo(4);
        assertThat(threads).hasSize(4);
        assertThat(measurement.samples() + measurement.errors()).isEqualTo(invocations.sum());
        assertThat(measurement.errors()).isEqualTo(sequence.get() / 100);
        assertThat(measurement.samples()).isGreaterThan(0);
    }

    @Test
    void blockMediansAreRecordedOnlyWhenThePlanAsksForThem() throws Throwable {
        MeasurementPlan without = new MeasurementPlan(0, 100 * MS, 0, 1, null, 100 * MS, 0, 0);
        MeasurementPlan with = new MeasurementPlan(0, 100 * MS, 0, 1, null, 100 * MS, 0, 0, true);

        Measurement plain = new Harness(new SteppingClock(STEP)).measure(() -> { }, without);
        Measurement baselined = new Harness(new SteppingClock(STEP)).measure(() -> { }, with);

        assertThat(plain.blocks().mediansNanos()).containsOnly(0L);
        // each invocation takes exactly one step between its two clock readings; a block median is kept at 2
        // significant digits, so it reads as the highest value of that step's bucket
        long[] medians = baselined.blocks().nonEmptyMediansNanos();
        assertThat(medians).isNotEmpty();
        assertThat(java.util.Arrays.stream(medians).min().orElseThrow()).isGreaterThanOrEqualTo(STEP);
        assertThat(java.util.Arrays.stream(medians).max().orElseThrow()).isLessThanOrEqualTo(STEP + STEP / 100);
    }
}
