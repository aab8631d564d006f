package dev.perfgate.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

import dev.perfgate.OtelOverhead.Statistic;

class PairedHarnessTests {

    private static final long SEED = 42;
    private static final long OFF_NANOS = 100;
    private static final long ON_NANOS = 130;

    /** The fake clock's time: only the operations below move it on. */
    private long now = 1_000_000_000L;
    private boolean switchedOn;
    private final List<Boolean> switches = new ArrayList<>();

    private final NanoClock clock = () -> now;
    private final PairedHarness.Arms arms = on -> {
        switchedOn = on;
        switches.add(on);
    };

    /** 100 ns with the switch off, 130 ns with it on: 30 % overhead. */
    private final Operation slowerWhenOn = () -> now += switchedOn ? ON_NANOS : OFF_NANOS;

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted(); // whatever a test left, the next one starts uninterrupted
    }

    private Operation taking(long nanos) {
        return () -> now += nanos;
    }

    private PairedHarness.Session start(Operation operation, Statistic statistic, long warmupNanos, long batchNanos)
            throws Throwable {
        return new PairedHarness(clock, SEED).start(operation, arms, statistic, warmupNanos, batchNanos);
    }

    /** The 100/130 ns operation, 10 µs warmup, 1 µs batches. */
    private PairedHarness.Session thirtyPercent() throws Throwable {
        return start(slowerWhenOn, Statistic.MEDIAN, 10_000, 1_000);
    }

    @Test
    void everyPairsLogRatioIsTheCostOfTheSwitch() throws Throwable {
        PairedHarness.Session session = thirtyPercent();

        session.runPairs(300);

        PairedMeasurement measurement = session.result();
        assertThat(measurement.pairs()).isEqualTo(300);
        assertThat(measurement.statistic()).isEqualTo(Statistic.MEDIAN);
        assertThat(measurement.offNanos()).containsOnly(100.0);
        assertThat(measurement.onNanos()).containsOnly(130.0);
        assertThat(measurement.logRatios()).hasSize(300).containsOnly(Math.log(1.3));
    }

    @Test
    void theArmsHistogramsHoldTheLatencies() throws Throwable {
        PairedHarness.Session session = thirtyPercent();

        session.runPairs(300);

        PairedMeasurement measurement = session.result();
        long perArm = 300L * measurement.invocationsPerBatch();
        Measurement off = measurement.off();
        Measurement on = measurement.on();
        assertThat(off.samples()).isEqualTo(perArm);
        assertThat(on.samples()).isEqualTo(perArm);
        assertThat(off.percentileNanos(50)).isEqualTo(100);
        assertThat(on.percentileNanos(50)).isEqualTo(130);
        assertThat(off.minNanos()).isEqualTo(100);
        assertThat(off.maxNanos()).isEqualTo(100);
        assertThat(on.minNanos()).isEqualTo(130);
        assertThat(on.maxNanos()).isEqualTo(130);
        assertThat(off.sumNanos()).isEqualTo(perArm * 100);
        assertThat(on.sumNanos()).isEqualTo(perArm * 130);
        assertThat(off.elapsedNanos()).isEqualTo(perArm * 100);
        assertThat(on.elapsedNanos()).isEqualTo(perArm * 130);
        assertThat(off.errors()).isZero();
        assertThat(on.errors()).isZero();
        assertThat(off.threads()).isEqualTo(1);
    }

    @Test
    void roundsOfPairsAddUp() throws Throwable {
        PairedHarness.Session session = thirtyPercent();

        session.runPairs(300);
        PairedMeasurement first = session.result();
        session.runPairs(300);
        PairedMeasurement both = session.result();

        assertThat(first.pairs()).isEqualTo(300);
        assertThat(both.pairs()).isEqualTo(600);
        assertThat(both.onFirst()).startsWith(first.onFirst());
        assertThat(both.on().samples()).isEqualTo(2 * first.on().samples());
        assertThat(both.logRatios()).hasSize(600).containsOnly(Math.log(1.3));
    }

    @Test
    void batchesHoldAsManyInvocationsAsFitInTheBatchDuration() throws Throwable {
        assertThat(start(taking(1_000), Statistic.MEDIAN, 100_000, 50_000).result().invocationsPerBatch())
                .isEqualTo(50);
        // 1,000 ns / 300 ns: 3 whole invocations
        assertThat(start(taking(300), Statistic.MEAN, 100_000, 1_000).result().invocationsPerBatch())
                .isEqualTo(3);
    }

    @Test
    void aBatchHoldsAtLeastOneInvocation() throws Throwable {
        PairedMeasurement measurement = start(taking(1_000), Statistic.MEDIAN, 100_000, 10).result();

        assertThat(measurement.invocationsPerBatch()).isEqualTo(1);
    }

    @Test
    void p99BatchesHoldAtLeastOneHundredInvocations() throws Throwable {
        assertThat(start(taking(1_000), Statistic.MEDIAN, 100_000, 4_000).result().invocationsPerBatch())
                .isEqualTo(4);
        assertThat(start(taking(1_000), Statistic.P99, 100_000, 4_000).result().invocationsPerBatch())
                .isEqualTo(PairedHarness.MIN_P99_INVOCATIONS)
                .isEqualTo(100);
    }

    @Test
    void aBatchHoldsAtMostTheMaximumHoweverCheapTheOperation() throws Throwable {
        PairedMeasurement measurement = start(taking(1), Statistic.MEDIAN, 1_000, 1_000_000_000L).result();

        assertThat(measurement.invocationsPerBatch()).isEqualTo(PairedHarness.MAX_INVOCATIONS_PER_BATCH);
    }

    @Test
    void warmupAlternatesTheArmsEndsOffAndIsNotRecorded() throws Throwable {
        int[] invocations = {0};
        Operation counted = () -> {
            invocations[0]++;
            slowerWhenOn.run();
        };

        PairedMeasurement measurement = start(counted, Statistic.MEDIAN, 10_000, 1_000).result();

        assertThat(switches).contains(true, false).last().isEqualTo(false);
        assertThat(switchedOn).isFalse();
        assertThat(measurement.pairs()).isZero();
        assertThat(measurement.off().samples()).isZero();
        assertThat(measurement.on().samples()).isZero();
        assertThat(measurement.off().warmupInvocations()).isEqualTo(invocations[0]);
        assertThat(measurement.on().warmupInvocations()).isEqualTo(invocations[0]);
        assertThat(now - 1_000_000_000L).as("warmup time").isGreaterThanOrEqualTo(10_000);
    }

    @Test
    void withoutWarmupBothArmsStillRunBeforeTheBatchesAreSized() throws Throwable {
        int[] invocations = {0};
        Operation counted = () -> {
            invocations[0]++;
            now += 1_000;
        };

        PairedMeasurement measurement = start(counted, Statistic.MEDIAN, 0, 4_000).result();

        assertThat(invocations[0]).isGreaterThanOrEqualTo(2);
        assertThat(measurement.off().warmupInvocations()).isEqualTo(invocations[0]);
        assertThat(switches).contains(true, false).last().isEqualTo(false);
        assertThat(measurement.invocationsPerBatch()).isEqualTo(4);
    }

    @Test
    void errorsDuringWarmupAreNotCounted() throws Throwable {
        Operation failingWhenOn = () -> {
            now += 100;
            if (switchedOn) {
                throw new IllegalStateException("warmup failure");
            }
        };

        PairedMeasurement measurement = start(failingWhenOn, Statistic.MEDIAN, 10_000, 1_000).result();

        assertThat(measurement.on().errors()).isZero();
        assertThat(measurement.on().firstErrors()).isEmpty();
    }

    @Test
    void invalidPlansAreRejected() {
        PairedHarness harness = new PairedHarness(clock, SEED);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> harness.start(slowerWhenOn, arms, Statistic.MEDIAN, -1, 4_000_000))
                .withMessage("invalid paired plan: -1 ns warmup, 4000000 ns batches");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> harness.start(slowerWhenOn, arms, Statistic.MEDIAN, 0, 0))
                .withMessage("invalid paired plan: 0 ns warmup, 0 ns batches");
    }

    @Test
    void theOrderWithinPairsIsRandomAndRoughlyBalanced() throws Throwable {
        PairedHarness.Session session = start(taking(1_000), Statistic.MEDIAN, 10_000, 1_000);

        session.runPairs(1_000);

        boolean[] onFirst = session.result().onFirst();
        int onFirstCount = 0;
        int runsOfFive = 0;
        for (int i = 0; i < onFirst.length; i++) {
            onFirstCount += onFirst[i] ? 1 : 0;
            if (i >= 4 && onFirst[i] == onFirst[i - 1] && onFirst[i] == onFirst[i - 2] && onFirst[i] == onFirst[i - 3]
                    && onFirst[i] == onFirst[i - 4]) {
                runsOfFive++;
            }
        }
        assertThat(onFirstCount).isBetween(450, 550);
        // neither alternating nor constant: a fair coin gives runs of five about 1,000 / 16 times
        assertThat(runsOfFive).isBetween(20, 120);
    }

    @Test
    void theSameSeedGivesTheSameOrder() throws Throwable {
        PairedHarness.Session first = new PairedHarness(clock, 7).start(taking(1_000), arms, Statistic.MEDIAN, 0,
                1_000);
        PairedHarness.Session second = new PairedHarness(clock, 7).start(taking(1_000), arms, Statistic.MEDIAN, 0,
                1_000);
        PairedHarness.Session other = new PairedHarness(clock, 8).start(taking(1_000), arms, Statistic.MEDIAN, 0,
                1_000);

        first.runPairs(200);
        second.runPairs(200);
        other.runPairs(200);

        assertThat(second.result().onFirst()).isEqualTo(first.result().onFirst());
        assertThat(other.result().onFirst()).isNotEqualTo(first.result().onFirst());
    }

    @Test
    void eachPairRunsItsBatchesInTheDrawnOrderAndEndsSwitchedOff() throws Throwable {
        PairedHarness.Session session = thirtyPercent();
        switches.clear();

        session.runPairs(50);

        boolean[] onFirst = session.result().onFirst();
        List<Boolean> expected = new ArrayList<>();
        for (boolean first : onFirst) {
            expected.add(first);
            expected.add(!first);
        }
        expected.add(false);
        assertThat(switches).isEqualTo(expected);
        assertThat(switchedOn).isFalse();
    }

    @Test
    void exceptionsAreErrorsOfTheArmTheyHappenedIn() throws Throwable {
        int[] onInvocations = {0};
        Operation everyFourthOnFails = () -> {
            if (switchedOn && onInvocations[0]++ % 4 == 0) {
                throw new IllegalStateException("on failure " + onInvocations[0]);
            }
            slowerWhenOn.run();
        };
        PairedHarness.Session session = start(everyFourthOnFails, Statistic.MEDIAN, 10_000, 1_000);
        onInvocations[0] = 0;

        session.runPairs(100);

        PairedMeasurement measurement = session.result();
        long perArm = 100L * measurement.invocationsPerBatch();
        assertThat(onInvocations[0]).isEqualTo(perArm);
        assertThat(measurement.on().errors()).isEqualTo((perArm + 3) / 4);
        assertThat(measurement.on().invocations()).isEqualTo(perArm);
        assertThat(measurement.off().errors()).isZero();
        assertThat(measurement.off().samples()).isEqualTo(perArm);
        assertThat(measurement.on().firstErrors()).hasSize(Harness.KEPT_ERRORS)
                .extracting(Throwable::getMessage)
                .containsExactly("on failure 1", "on failure 5", "on failure 9");
        // the failed invocations are not in the latencies
        assertThat(measurement.on().minNanos()).isEqualTo(130);
        assertThat(measurement.logRatios()).hasSize(100).containsOnly(Math.log(1.3));
    }

    @Test
    void batchesInWhichEveryInvocationThrewHaveNoValueAndNoRatio() throws Throwable {
        int[] offFailuresLeft = {0};
        Operation failingAtFirstWhenOff = () -> {
            if (!switchedOn && offFailuresLeft[0] > 0) {
                offFailuresLeft[0]--;
                throw new IllegalStateException("off failure");
            }
            slowerWhenOn.run();
        };
        PairedHarness.Session session = start(failingAtFirstWhenOff, Statistic.MEDIAN, 10_000, 1_000);
        int perBatch = session.result().invocationsPerBatch();
        offFailuresLeft[0] = 2 * perBatch; // the first two off batches throw throughout

        session.runPairs(10);

        PairedMeasurement measurement = session.result();
        assertThat(measurement.offNanos()).containsExactly(Double.NaN, Double.NaN, 100, 100, 100, 100, 100, 100, 100,
                100);
        assertThat(measurement.onNanos()).containsOnly(130.0);
        assertThat(measurement.off().errors()).isEqualTo(2L * perBatch);
        assertThat(measurement.logRatios()).hasSize(8).containsOnly(Math.log(1.3));
    }

    @Test
    void anArmWhoseEveryInvocationThrewGivesNoRatios() throws Throwable {
        Operation failingWhenOn = () -> {
            if (switchedOn) {
                throw new IllegalStateException("on failure");
            }
            slowerWhenOn.run();
        };
        PairedHarness.Session session = start(failingWhenOn, Statistic.MEDIAN, 10_000, 1_000);

        session.runPairs(20);

        PairedMeasurement measurement = session.result();
        assertThat(measurement.pairs()).isEqualTo(20);
        assertThat(measurement.onNanos()).hasSize(20).containsOnly(Double.NaN);
        assertThat(measurement.logRatios()).isEmpty();
        assertThat(measurement.on().samples()).isZero();
        assertThat(measurement.on().errors()).isEqualTo(20L * measurement.invocationsPerBatch());
        assertThat(measurement.on().percentileNanos(50)).isZero();
        assertThat(measurement.on().minNanos()).isZero();
    }

    @Test
    void anErrorEndsTheMeasurementAndSwitchesTheArmsOff() throws Throwable {
        AssertionError broken = new AssertionError("broken");
        boolean[] failing = {false};
        Operation failingWhenOn = () -> {
            if (failing[0] && switchedOn) {
                throw broken;
            }
            slowerWhenOn.run();
        };
        PairedHarness.Session session = start(failingWhenOn, Statistic.MEDIAN, 10_000, 1_000);
        failing[0] = true;

        assertThatThrownBy(() -> session.runPairs(10)).isSameAs(broken);

        assertThat(switchedOn).isFalse();
        assertThat(session.result().pairs()).isZero();
    }

    @Test
    void anAbortPropagates() throws Throwable {
        TestAbortedException aborted = new TestAbortedException("assumption failed");
        boolean[] aborting = {false};
        PairedHarness.Session session = start(() -> {
            if (aborting[0]) {
                throw aborted;
            }
            slowerWhenOn.run();
        }, Statistic.MEDIAN, 10_000, 1_000);
        aborting[0] = true;

        assertThatThrownBy(() -> session.runPairs(10)).isSameAs(aborted);

        assertThat(switchedOn).isFalse();
        assertThat(session.result().off().errors() + session.result().on().errors()).isZero();
    }

    @Test
    void anInterruptOfTheCallingThreadEndsTheMeasurement() throws Throwable {
        long[] measured = {0};
        long[] interruptAt = {Long.MAX_VALUE};
        PairedHarness.Session session = start(() -> {
            if (++measured[0] == interruptAt[0]) {
                Thread.currentThread().interrupt(); // as JUnit's @Timeout does
            }
            slowerWhenOn.run();
        }, Statistic.MEDIAN, 10_000, 1_000);
        measured[0] = 0;
        // the first invocation of the third pair
        interruptAt[0] = 4L * session.result().invocationsPerBatch() + 1;

        assertThatThrownBy(() -> session.runPairs(300))
                .isInstanceOf(InterruptedException.class)
                .hasMessage("perfgate overhead measurement interrupted");

        assertThat(switchedOn).isFalse();
        // the batch in progress is finished, the pair it belongs to is not kept
        assertThat(measured[0]).isEqualTo(5L * session.result().invocationsPerBatch());
        assertThat(session.result().pairs()).isEqualTo(2);
    }

    @Test
    void anInterruptedExceptionOfTheOperationPropagatesAndKeepsTheInterrupt() throws Throwable {
        InterruptedException interrupted = new InterruptedException("woken");
        boolean[] failing = {false};
        PairedHarness.Session session = start(() -> {
            if (failing[0]) {
                throw interrupted;
            }
            slowerWhenOn.run();
        }, Statistic.MEDIAN, 10_000, 1_000);
        failing[0] = true;

        assertThatThrownBy(() -> session.runPairs(10)).isSameAs(interrupted);

        assertThat(Thread.interrupted()).isTrue();
        assertThat(switchedOn).isFalse();
        assertThat(session.result().off().errors() + session.result().on().errors()).isZero();
    }

    @Test
    void eachBatchIsJudgedOnItsStatistic() throws Throwable {
        // the first of every four invocations in a batch takes 10 times as long: the median ignores it, the mean not
        int[] inBatch = {0};
        PairedHarness.Arms countingBatches = on -> {
            switchedOn = on;
            inBatch[0] = 0;
        };
        Operation withOutliers = () -> {
            long base = switchedOn ? ON_NANOS : OFF_NANOS;
            now += inBatch[0]++ % 4 == 0 ? 10 * base : base;
        };
        PairedHarness.Session median = new PairedHarness(clock, SEED).start(withOutliers, countingBatches,
                Statistic.MEDIAN, 100_000, 40_000);
        PairedHarness.Session mean = new PairedHarness(clock, SEED).start(withOutliers, countingBatches,
                Statistic.MEAN, 100_000, 40_000);

        median.runPairs(10);
        mean.runPairs(10);

        assertThat(median.result().invocationsPerBatch()).isGreaterThan(10);
        assertThat(median.result().offNanos()).containsOnly(100.0);
        assertThat(median.result().onNanos()).containsOnly(130.0);
        int n = mean.result().invocationsPerBatch();
        long slow = (n + 3) / 4;
        assertThat(mean.result().offNanos()).containsOnly((slow * 1_000 + (n - slow) * 100) / (double) n);
        assertThat(mean.result().onNanos()).containsOnly((slow * 1_300 + (n - slow) * 130) / (double) n);
    }

    @Test
    void theMedianOfAnOddCountIsTheMiddleValue() {
        assertThat(PairedHarness.statistic(new long[] {500, 100, 300}, 3, Statistic.MEDIAN)).isEqualTo(300.0);
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheTwoMiddleValues() {
        assertThat(PairedHarness.statistic(new long[] {400, 100, 300, 200}, 4, Statistic.MEDIAN)).isEqualTo(250.0);
        assertThat(PairedHarness.statistic(new long[] {101, 100}, 2, Statistic.MEDIAN)).isEqualTo(100.5);
    }

    @Test
    void onlyTheFirstCountValuesAreTheBatch() {
        // a reused buffer: what lies beyond count belongs to an earlier, longer batch
        assertThat(PairedHarness.statistic(new long[] {900, 100, 200, 5, 5, 5}, 3, Statistic.MEDIAN))
                .isEqualTo(200.0);
        assertThat(PairedHarness.statistic(new long[] {900, 100, 200, 5, 5, 5}, 3, Statistic.MEAN)).isEqualTo(400.0);
    }

    @Test
    void theMeanIsExact() {
        assertThat(PairedHarness.statistic(new long[] {1, 2, 4}, 3, Statistic.MEAN)).isEqualTo(7.0 / 3);
    }

    @Test
    void the99thPercentileIsTheValueAtRankCeil99PercentOfTheCount() {
        assertThat(PairedHarness.statistic(oneTo(100), 100, Statistic.P99)).isEqualTo(99.0);
        assertThat(PairedHarness.statistic(oneTo(101), 101, Statistic.P99)).isEqualTo(100.0);
        assertThat(PairedHarness.statistic(oneTo(200), 200, Statistic.P99)).isEqualTo(198.0);
        assertThat(PairedHarness.statistic(oneTo(250), 250, Statistic.P99)).isEqualTo(248.0);
        assertThat(PairedHarness.statistic(oneTo(10), 10, Statistic.P99)).isEqualTo(10.0);
        assertThat(PairedHarness.statistic(new long[] {7}, 1, Statistic.P99)).isEqualTo(7.0);
    }

    @Test
    void aBatchWithoutLatenciesHasNoValue() {
        for (Statistic statistic : Statistic.values()) {
            assertThat(PairedHarness.statistic(new long[8], 0, statistic)).as(statistic.name()).isNaN();
        }
    }

    /** 1, 2, ..., n in a scrambled order ({@code n} not a multiple of 7), so that the statistic has to sort. */
    private static long[] oneTo(int n) {
        long[] values = new long[n];
        for (int i = 0; i < n; i++) {
            values[(int) (i * 7L % n)] = i + 1;
        }
        return values;
    }
}
