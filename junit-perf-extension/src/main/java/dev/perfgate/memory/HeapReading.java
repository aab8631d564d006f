package dev.perfgate.memory;

import dev.perfgate.verdict.Units;

/**
 * One reading of the used heap after full collections, from {@link StableHeap#read()}.
 *
 * @param usedBytes   heap in use after the last collection, in bytes
 * @param collections how many times {@link System#gc()} was called to get it (at least 2)
 * @param stable      whether the last two readings agreed within the tolerance; when not, something kept changing
 *                    the live heap while the reading was taken, and {@code usedBytes} is the last reading
 */
public record HeapReading(long usedBytes, int collections, boolean stable) {

    public HeapReading {
        if (usedBytes < 0 || collections < 1) {
            throw new IllegalArgumentException(
                    "invalid heap reading: " + usedBytes + " bytes after " + collections + " collections");
        }
    }

    /** {@code 12.3 MiB}, or {@code 12.3 MiB (not stable after 8 collections)}. */
    @Override
    public String toString() {
        return Units.bytes(usedBytes) + (stable ? "" : " (not stable after " + collections + " collections)");
    }
}
