package dev.perfgate.memory;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.function.LongSupplier;

/**
 * Readings of the used heap that count live objects only: {@link System#gc()} until two consecutive readings of
 * {@link MemoryMXBean#getHeapMemoryUsage()} agree within a tolerance, within a bounded number of collections.
 *
 * <p>One collection is not enough: objects reachable only from finalizers, cleaners and soft or weak references are
 * freed by a later collection than the one that found them unreachable, so the first reading after a busy phase is
 * often some 100 KiB high. Two readings that agree say that nothing of that kind is pending. The tolerance is not
 * zero because other threads of the JVM (a test runner's, a telemetry exporter's) allocate a little live data at any
 * time.
 *
 * <p>The bean is read rather than {@link Runtime#freeMemory()}: on JDK 17 with G1, readings of the bean after
 * consecutive collections of a quiet heap were equal, where {@code Runtime}'s moved by some 50 KiB with the buffers
 * handed out to allocating threads, and sixteen 64 KiB arrays read 65,557 bytes each against 65,552 allocated. All of
 * this needs {@code System.gc()} to run a full collection: it does by default, but not with
 * {@code -XX:+DisableExplicitGC}, and not at once with {@code -XX:+ExplicitGCInvokesConcurrent}.
 *
 * <pre>{@code
 * HeapReading before = StableHeap.create().read();
 * }</pre>
 */
public final class StableHeap {

    /** Largest difference of two consecutive readings that counts as stable: {@value} bytes (16 KiB). */
    public static final long DEFAULT_TOLERANCE_BYTES = 16 * 1024;

    /**
     * Most collections one reading may take: {@value}. Each is a full collection, 10 to 100 ms on a heap of tens of
     * MiB.
     */
    public static final int DEFAULT_MAX_COLLECTIONS = 8;

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private final Runnable collect;
    private final LongSupplier usedBytes;
    private final long toleranceBytes;
    private final int maxCollections;

    StableHeap(Runnable collect, LongSupplier usedBytes, long toleranceBytes, int maxCollections) {
        if (toleranceBytes < 0 || maxCollections < 2) {
            throw new IllegalArgumentException("invalid stable heap: tolerance " + toleranceBytes
                    + " bytes, at most " + maxCollections + " collections (need at least 2)");
        }
        this.collect = collect;
        this.usedBytes = usedBytes;
        this.toleranceBytes = toleranceBytes;
        this.maxCollections = maxCollections;
    }

    /** Readings of this JVM's heap with {@link #DEFAULT_TOLERANCE_BYTES} and {@link #DEFAULT_MAX_COLLECTIONS}. */
    public static StableHeap create() {
        return of(DEFAULT_TOLERANCE_BYTES, DEFAULT_MAX_COLLECTIONS);
    }

    /** Readings of this JVM's heap, stable when two consecutive ones differ by at most {@code toleranceBytes}. */
    public static StableHeap of(long toleranceBytes, int maxCollections) {
        return new StableHeap(System::gc, () -> MEMORY.getHeapMemoryUsage().getUsed(), toleranceBytes,
                maxCollections);
    }

    /** The used heap after collections, stable if it settled within the allowed number of collections. */
    public HeapReading read() {
        collect.run();
        long previous = usedBytes.getAsLong();
        for (int collections = 2; collections <= maxCollections; collections++) {
            collect.run();
            long current = usedBytes.getAsLong();
            if (Math.abs(current - previous) <= toleranceBytes) {
                return new HeapReading(current, collections, true);
            }
            previous = current;
        }
        return new HeapReading(previous, maxCollections, false);
    }
}
