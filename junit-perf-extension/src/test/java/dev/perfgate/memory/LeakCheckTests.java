package dev.perfgate.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.perfgate.verdict.Verdict;

class LeakCheckTests {

    /** What the leaking fixture keeps: a 64-byte array per operation. */
    private static final ArrayList<byte[]> LEAKED = new ArrayList<>();
    /** What its fixed twin uses: the same list work, but it lets go of each array. */
    private static final ArrayList<byte[]> RELEASED = new ArrayList<>();

    @AfterEach
    void releaseTheFixtures() {
        LEAKED.clear();
        LEAKED.trimToSize();
        RELEASED.clear();
        RELEASED.trimToSize();
    }

    private static HeapReading[] settled(long... usedBytes) {
        HeapReading[] readings = new HeapReading[usedBytes.length];
        for (int i = 0; i < usedBytes.length; i++) {
            readings[i] = new HeapReading(usedBytes[i], 2, true);
        }
        return readings;
    }

    private static long[] rounds(int count, long operationsPerRound) {
        long[] operations = new long[count + 1];
        for (int i = 0; i <= count; i++) {
            operations[i] = i * operationsPerRound;
        }
        return operations;
    }

    @Test
    void aFixtureThatKeepsAnArrayPerOperationFailsWithRoughlyItsSize() throws Throwable {
        LeakReport report = LeakCheck.of(10_000).run(() -> LEAKED.add(new byte[64]));

        assertThat(report.verdict()).as(report.text()).isEqualTo(Verdict.FAIL);
        // 80 bytes per array (16 of header) and about 4 to 6 in the list's backing array
        assertThat(report.bytesPerOperation()).as(report.text()).isBetween(60.0, 120.0);
        assertThat(report.operations()).hasSize(LeakCheck.DEFAULT_ROUNDS + 1);
    }

    @Test
    void itsFixedTwinPasses() throws Throwable {
        LeakReport report = LeakCheck.of(10_000).run(() -> {
            RELEASED.add(new byte[64]);
            RELEASED.remove(RELEASED.size() - 1);
        });

        assertThat(report.verdict()).as(report.text()).isEqualTo(Verdict.PASS);
        assertThat(report.bytesPerOperation()).as(report.text()).isLessThan(LeakCheck.DEFAULT_FLOOR_BYTES_PER_OPERATION);
    }

    @Test
    void runsAWarmUpRoundThenReadsBeforeTheFirstRoundAndAfterEach() throws Throwable {
        FakeHeap heap = FakeHeap.settlingAt(1_000_000, 1_000_000, 1_000_000, 1_000_000);
        int[] runs = {0};

        LeakReport report = LeakCheck.of(3, 500).withHeap(heap.stableHeap(0, 8)).run(() -> runs[0]++);

        assertThat(runs[0]).isEqualTo(4 * 500);
        assertThat(report.operations()).containsExactly(0L, 500L, 1_000L, 1_500L);
        assertThat(heap.collections()).isEqualTo(8);
        assertThat(report.verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void theSlopeItsErrorAndTheOneSidedTestAreOrdinaryLeastSquares() {
        // Reference values from scipy.stats.linregress(x, y, alternative="greater") and scipy.stats.t.ppf
        long[] operations = {0, 1_000, 2_000, 3_000, 4_000};
        HeapReading[] readings = settled(10_000_000, 10_011_000, 10_019_000, 10_030_000, 10_041_000);

        LeakReport atOnePercent = LeakCheck.judge(operations, readings, 0.01, 8);
        LeakReport atOnePerMille = LeakCheck.judge(operations, readings, 0.001, 8);

        assertThat(atOnePercent.bytesPerOperation()).isCloseTo(10.1, within(1e-9));
        assertThat(atOnePercent.pValue()).isCloseTo(2.8804657984734858e-05, within(1e-12));
        assertThat(atOnePercent.lowerBoundBytesPerOperation()).isCloseTo(8.737789142429532, within(1e-6));
        assertThat(atOnePercent.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(atOnePerMille.lowerBoundBytesPerOperation()).isCloseTo(7.035640444277722, within(1e-6));
        assertThat(atOnePerMille.verdict()).isEqualTo(Verdict.WARN);
        assertThat(atOnePerMille.text()).isEqualTo("heap grows 10.1 B/op (99.9 % lower bound 7.04 B/op), above the "
                + "floor of 8 B/op but not significantly: 40 KiB over 4,000 operations in 4 rounds");
    }

    @Test
    void readingsExactlyOnALineGiveTheSlopeAsItsOwnBound() {
        long[] operations = rounds(8, 10_000);
        long[] used = new long[operations.length];
        for (int i = 0; i < used.length; i++) {
            used[i] = 20_000_000 + 84 * operations[i];
        }

        LeakReport report = LeakCheck.judge(operations, settled(used), 0.001, 8);

        assertThat(report.bytesPerOperation()).isCloseTo(84, within(1e-9));
        assertThat(report.lowerBoundBytesPerOperation()).isCloseTo(84, within(1e-9));
        assertThat(report.pValue()).isZero();
        assertThat(report.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(report.text()).isEqualTo("heap grows 84 B/op (99.9 % lower bound 84 B/op), above the floor of "
                + "8 B/op: 6.41 MiB over 80,000 operations in 8 rounds");
    }

    @Test
    void aFlatHeapPasses() {
        HeapReading[] readings = settled(20_000_000, 20_000_640, 19_999_880, 20_000_000, 20_001_200, 20_000_000,
                19_999_360, 20_000_000, 20_000_000);

        LeakReport report = LeakCheck.judge(rounds(8, 10_000), readings, 0.001, 8);

        assertThat(report.verdict()).isEqualTo(Verdict.PASS);
        assertThat(report.text()).startsWith("heap grows ").contains("within the floor of 8 B/op: ");
    }

    @Test
    void aStepFromLateStateAloneDoesNotFail() {
        // 400 KiB of state built once, half-way through: bounded, not a leak
        HeapReading[] readings = settled(20_000_000, 20_000_000, 20_000_000, 20_000_000, 20_409_600, 20_409_600,
                20_409_600, 20_409_600, 20_409_600);

        LeakReport report = LeakCheck.judge(rounds(8, 10_000), readings, 0.001, 8);

        assertThat(report.bytesPerOperation()).isCloseTo(409_600 / 60_000.0, within(1e-9));
        assertThat(report.verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void aFlatHeapThatDidNotSettleIsOnlyAWarning() {
        HeapReading[] readings = settled(20_000_000, 20_000_000, 20_000_000, 20_000_000);
        readings[2] = new HeapReading(20_000_000, 8, false);

        LeakReport report = LeakCheck.judge(rounds(3, 10_000), readings, 0.001, 8);

        assertThat(report.verdict()).isEqualTo(Verdict.WARN);
        assertThat(report.unstableReadings()).isEqualTo(1);
        assertThat(report.text()).isEqualTo("heap grows 0 B/op (99.9 % lower bound 0 B/op), within the floor of "
                + "8 B/op, but not confirmed: 0 B over 30,000 operations in 3 rounds; 1 of 4 heap readings did not "
                + "settle");
    }

    @Test
    void badSettingsFailFast() {
        assertThatIllegalArgumentException().isThrownBy(() -> LeakCheck.of(2, 1_000))
                .withMessage("a leak check needs at least 3 rounds of at least 1 operation; was 2 rounds of 1000");
        assertThatIllegalArgumentException().isThrownBy(() -> LeakCheck.of(1_000).withAlpha(0.5))
                .withMessage("alpha must be in (0, 0.5), was 0.5");
        assertThatIllegalArgumentException().isThrownBy(() -> LeakCheck.of(1_000).withFloorBytesPerOperation(-1))
                .withMessage("the floor must be at least 0 bytes per operation, was -1.0");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> LeakCheck.judge(new long[] {0, 1, 2}, settled(1, 2, 3), 0.001, 8))
                .withMessage("need the same number, at least 4, of operation counts and heap readings; had 3 and 3");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> LeakCheck.judge(new long[] {5, 5, 5, 5}, settled(1, 2, 3, 4), 0.001, 8))
                .withMessage("operation counts must not all be equal");
    }
}
