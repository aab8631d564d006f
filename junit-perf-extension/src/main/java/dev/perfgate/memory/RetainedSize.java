package dev.perfgate.memory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.perfgate.verdict.Units;

/**
 * The heap an object keeps alive, from {@link RetainedHeap#measure}: one figure per repetition, reported as their
 * median with the smallest and largest as the spread.
 *
 * <pre>{@code
 * RetainedSize size = RetainedHeap.measure(() -> cacheOf(16));
 * size.bytesPerUnit(16);   // 1,048,597.0
 * size.text();             // "16 MiB (5 repetitions, 16 MiB to 16 MiB)"
 * }</pre>
 *
 * @param retainedBytes the retained bytes of each repetition, in order; a figure may be negative when something else
 *                      freed heap during the repetition
 * @param stable        whether every heap reading behind the figures was {@linkplain HeapReading#stable() stable}
 */
public record RetainedSize(List<Long> retainedBytes, boolean stable) {

    public RetainedSize {
        if (retainedBytes.isEmpty()) {
            throw new IllegalArgumentException("a retained size needs at least one repetition");
        }
        retainedBytes = List.copyOf(retainedBytes);
    }

    /** The median of the repetitions, in bytes: the mean of the middle two when there is an even number of them. */
    public double medianBytes() {
        List<Long> sorted = sorted();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + (double) sorted.get(n / 2)) / 2;
    }

    /** The smallest repetition, in bytes. */
    public long minBytes() {
        return Collections.min(retainedBytes);
    }

    /** The largest repetition, in bytes. */
    public long maxBytes() {
        return Collections.max(retainedBytes);
    }

    /** The median divided by {@code units}: the bytes each unit of a fixture of {@code units} units keeps alive. */
    public double bytesPerUnit(long units) {
        if (units < 1) {
            throw new IllegalArgumentException("units must be at least 1, was " + units);
        }
        return medianBytes() / units;
    }

    /** {@code 16 MiB (5 repetitions, 16 MiB to 16 MiB)}, with {@code ; heap not stable} when it was not. */
    public String text() {
        return Units.bytes(medianBytes()) + " (" + Units.count(retainedBytes.size())
                + (retainedBytes.size() == 1 ? " repetition, " : " repetitions, ") + Units.bytes(minBytes())
                + " to " + Units.bytes(maxBytes()) + (stable ? ")" : "; heap not stable)");
    }

    private List<Long> sorted() {
        List<Long> sorted = new ArrayList<>(retainedBytes);
        Collections.sort(sorted);
        return sorted;
    }
}
