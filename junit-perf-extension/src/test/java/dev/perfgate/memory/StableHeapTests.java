package dev.perfgate.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class StableHeapTests {

    @Test
    void collectsUntilTwoReadingsAgreeWithinTheTolerance() {
        FakeHeap heap = new FakeHeap(9_000_000, 8_200_000, 8_100_100, 8_100_000);

        HeapReading reading = heap.stableHeap(1_000, 8).read();

        assertThat(reading).isEqualTo(new HeapReading(8_100_000, 4, true));
        assertThat(heap.collections()).isEqualTo(4);
    }

    @Test
    void takesTwoCollectionsWhenTheHeapIsAlreadySettled() {
        FakeHeap heap = new FakeHeap(8_000_000, 8_000_000);

        assertThat(heap.stableHeap(0, 8).read()).isEqualTo(new HeapReading(8_000_000, 2, true));
    }

    @Test
    void givesUpAfterTheLastCollectionAndSaysSo() {
        FakeHeap heap = new FakeHeap(1_000_000, 2_000_000, 3_000_000, 4_000_000, 5_000_000);

        HeapReading reading = heap.stableHeap(1_000, 3).read();

        assertThat(reading).isEqualTo(new HeapReading(3_000_000, 3, false));
        assertThat(reading).hasToString("2.86 MiB (not stable after 3 collections)");
        assertThat(heap.collections()).isEqualTo(3);
    }

    @Test
    void aReadingNeedsTwoCollections() {
        assertThatIllegalArgumentException().isThrownBy(() -> StableHeap.of(1_000, 1))
                .withMessage("invalid stable heap: tolerance 1000 bytes, at most 1 collections (need at least 2)");
    }

    @Test
    void readsThisJvmsHeap() {
        HeapReading reading = StableHeap.create().read();

        assertThat(reading.usedBytes()).isPositive();
        assertThat(reading.collections()).isBetween(2, StableHeap.DEFAULT_MAX_COLLECTIONS);
    }
}
