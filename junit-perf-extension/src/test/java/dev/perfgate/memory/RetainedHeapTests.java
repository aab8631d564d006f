package dev.perfgate.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RetainedHeapTests {

    /** One unit of the fixture: 1 MiB of payload. */
    private static final int MIB = 1_048_576;

    /** Arrays per unit. */
    private static final int PARTS = 64;

    /**
     * {@code units} MiB in arrays of 16 KiB. Under G1 an array of half a region or more (512 KiB with the smallest
     * regions) takes whole regions, and a full collection packs objects into regions leaving a tail of up to one
     * object unused in each: with 16 KiB objects that is at most 1.6 % of the smallest (1 MiB) region. The fixture is
     * about the measurement, not about region packing.
     */
    private static byte[][][] build(int units) {
        byte[][][] fixture = new byte[units][][];
        for (int unit = 0; unit < units; unit++) {
            fixture[unit] = new byte[PARTS][];
            for (int part = 0; part < PARTS; part++) {
                fixture[unit][part] = new byte[MIB / PARTS];
            }
        }
        return fixture;
    }

    @ParameterizedTest(name = "{0} units")
    @ValueSource(ints = {4, 16, 64})
    void aFixtureRetainingOneMebibytePerUnitIsMeasuredWithinTenPercent(int units) {
        RetainedSize size = RetainedHeap.measure(() -> build(units));

        assertThat(size.bytesPerUnit(units)).as(size.text()).isCloseTo(MIB, withinPercentage(10));
    }

    @Test
    void theMedianOfTheRepetitionsWithTheirSpread() {
        FakeHeap heap = FakeHeap.settlingAt(
                0, 1_000_000, // warm-up is not read: these are the first repetition
                2_000_000, 2_900_000,
                3_000_000, 4_300_000,
                4_000_000, 5_100_000);
        RetainedSize size = RetainedHeap.with(heap.stableHeap(0, 8)).retained(Object::new, 4);

        assertThat(size).isEqualTo(new RetainedSize(List.of(1_000_000L, 900_000L, 1_300_000L, 1_100_000L), true));
        assertThat(size.medianBytes()).isEqualTo(1_050_000);
        assertThat(size.minBytes()).isEqualTo(900_000);
        assertThat(size.maxBytes()).isEqualTo(1_300_000);
        assertThat(size.bytesPerUnit(4)).isEqualTo(262_500);
        assertThat(size.text()).isEqualTo("1 MiB (4 repetitions, 879 KiB to 1.24 MiB)");
    }

    @Test
    void saysWhenTheHeapDidNotSettle() {
        RetainedSize size = new RetainedSize(List.of(1_000L, 3_000L, 2_000L), false);

        assertThat(size.text()).isEqualTo("1.95 KiB (3 repetitions, 0.977 KiB to 2.93 KiB; heap not stable)");
    }

    @Test
    void needsARepetition() {
        assertThatIllegalArgumentException().isThrownBy(() -> RetainedHeap.measure(Object::new, 0))
                .withMessage("repetitions must be at least 1, was 0");
        assertThatIllegalArgumentException().isThrownBy(() -> new RetainedSize(List.of(), true))
                .withMessage("a retained size needs at least one repetition");
    }
}
