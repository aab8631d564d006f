package dev.perfgate.memory;

import java.util.ArrayList;
import java.util.List;

/** A heap whose used bytes after each collection are given in advance, and that records its collections. */
final class FakeHeap {

    private final long[] usedAfterEachCollection;
    private int collections;

    FakeHeap(long... usedAfterEachCollection) {
        this.usedAfterEachCollection = usedAfterEachCollection.clone();
    }

    StableHeap stableHeap(long toleranceBytes, int maxCollections) {
        return new StableHeap(() -> collections++,
                () -> usedAfterEachCollection[Math.min(collections, usedAfterEachCollection.length) - 1],
                toleranceBytes, maxCollections);
    }

    int collections() {
        return collections;
    }

    /** Readings that settle at once at each of {@code usedBytes}: every value repeated twice. */
    static FakeHeap settlingAt(long... usedBytes) {
        List<Long> values = new ArrayList<>();
        for (long used : usedBytes) {
            values.add(used);
            values.add(used);
        }
        return new FakeHeap(values.stream().mapToLong(Long::longValue).toArray());
    }
}
