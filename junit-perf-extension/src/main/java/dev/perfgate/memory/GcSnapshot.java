package dev.perfgate.memory;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * The collectors' cumulative counters at one moment, summed over every {@link GarbageCollectorMXBean}; two snapshots
 * give the {@link GcActivity} between them.
 *
 * <p>Where a collector publishes its pauses and its cycles as separate beans (ZGC's and Shenandoah's
 * {@code ... Pauses} and {@code ... Cycles}), collections are counted from the cycles and time from the pauses, so
 * that neither is counted twice and concurrent work is not taken for a pause. Other beans (Serial, Parallel, G1's
 * young and full collections) count both. Beans that report a counter as undefined ({@code -1}) add nothing.
 *
 * <pre>{@code
 * GcSnapshot before = GcSnapshot.now();
 * runTheWorkload();
 * GcActivity gc = GcSnapshot.now().since(before);   // e.g. "3 collections, 12 ms"
 * }</pre>
 *
 * @param collections the number of collections since the JVM started
 * @param pauseMillis the time spent in them, in milliseconds, as the beans report it
 */
public record GcSnapshot(long collections, long pauseMillis) {

    public GcSnapshot {
        if (collections < 0 || pauseMillis < 0) {
            throw new IllegalArgumentException(
                    "invalid GC snapshot: " + collections + " collections, " + pauseMillis + " ms");
        }
    }

    /** The counters now. */
    public static GcSnapshot now() {
        long collections = 0;
        long millis = 0;
        for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            String name = bean.getName();
            if (name.equals("G1 Concurrent GC")) {
                continue; // JDK 20+: the time of G1's concurrent cycles, which do not pause the application
            }
            if (!name.endsWith(" Pauses")) {
                collections += Math.max(0, bean.getCollectionCount());
            }
            if (!name.endsWith(" Cycles")) {
                millis += Math.max(0, bean.getCollectionTime());
            }
        }
        return new GcSnapshot(collections, millis);
    }

    /**
     * The activity between {@code earlier} and this snapshot.
     *
     * @throws IllegalArgumentException when {@code earlier} was taken after this snapshot
     */
    public GcActivity since(GcSnapshot earlier) {
        if (earlier.collections > collections || earlier.pauseMillis > pauseMillis) {
            throw new IllegalArgumentException("snapshot " + earlier + " is later than " + this);
        }
        return new GcActivity(collections - earlier.collections, (pauseMillis - earlier.pauseMillis) * 1_000_000);
    }
}
