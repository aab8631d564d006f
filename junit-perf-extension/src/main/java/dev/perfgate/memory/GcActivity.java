package dev.perfgate.memory;

import dev.perfgate.verdict.Units;

/**
 * What the collectors did between two {@link GcSnapshot}s.
 *
 * <pre>{@code
 * GcActivity gc = GcSnapshot.now().since(before);
 * gc.text();   // "3 collections, 12 ms"
 * }</pre>
 *
 * @param collections collections that ran
 * @param pauseNanos  time spent in them, in nanoseconds; the beans report whole milliseconds, so this is a multiple of
 *                    a million, and a few sub-millisecond pauses may add up to {@code 0}
 */
public record GcActivity(long collections, long pauseNanos) {

    public GcActivity {
        if (collections < 0 || pauseNanos < 0) {
            throw new IllegalArgumentException(
                    "invalid GC activity: " + collections + " collections, " + pauseNanos + " ns");
        }
    }

    /** {@code 3 collections, 12 ms}; {@code 1 collection, 0 ns}. */
    public String text() {
        return Units.count(collections) + (collections == 1 ? " collection, " : " collections, ")
                + Units.duration(pauseNanos);
    }
}
