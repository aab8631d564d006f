package dev.perfgate.memory;

import java.lang.management.ManagementFactory;
import java.util.OptionalLong;

import org.jspecify.annotations.Nullable;

/**
 * Bytes allocated on the heap by a thread since it started, from HotSpot's per-thread counters
 * ({@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}): what JMH's {@code gc.alloc.rate.norm}
 * reports once divided by the operations.
 *
 * <p>Each measuring thread reads its own counter when its measurement phase starts and when it ends; the sum of the
 * differences over the threads, divided by the invocations, is the bytes allocated per operation. The counter counts
 * every allocation, in or outside a TLAB, whether or not the object dies young, and nothing that escape analysis
 * removed: it is the allocation the collector has to deal with.
 *
 * <pre>{@code
 * AllocationCounter counter = AllocationCounter.create();
 * long before = counter.currentThreadAllocatedBytes();
 * for (int i = 0; i < invocations; i++) {
 *     operation.run();
 * }
 * double bytesPerOperation = (double) (counter.currentThreadAllocatedBytes() - before) / invocations;
 * }</pre>
 */
public final class AllocationCounter {

    private final com.sun.management.@Nullable ThreadMXBean threads;

    private AllocationCounter(com.sun.management.@Nullable ThreadMXBean threads) {
        this.threads = threads;
    }

    /**
     * The counter of this JVM, with allocation counting switched on if the JVM supports it and it was off
     * (HotSpot has it on by default).
     */
    public static AllocationCounter create() {
        if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads)
                || !threads.isThreadAllocatedMemorySupported()) {
            return new AllocationCounter(null);
        }
        if (!threads.isThreadAllocatedMemoryEnabled()) {
            try {
                threads.setThreadAllocatedMemoryEnabled(true);
            } catch (SecurityException | UnsupportedOperationException e) {
                return new AllocationCounter(null);
            }
        }
        return new AllocationCounter(threads);
    }

    /** Whether this JVM counts the bytes each thread allocates; when not, the readings throw. */
    public boolean isSupported() {
        return threads != null;
    }

    /**
     * Bytes the calling thread has allocated since it started. Cheap (no allocation, no safepoint): meant to be read
     * at the edges of a measurement phase.
     *
     * @throws UnsupportedOperationException when {@link #isSupported()} is false
     */
    public long currentThreadAllocatedBytes() {
        return supported().getCurrentThreadAllocatedBytes();
    }

    /**
     * Bytes the thread with id {@code threadId} has allocated since it started; read from another thread, the figure
     * may lag the thread's latest allocations by a part of its current TLAB.
     *
     * @return the bytes, or empty when no live thread has that id
     * @throws UnsupportedOperationException when {@link #isSupported()} is false
     */
    public OptionalLong allocatedBytes(long threadId) {
        long bytes = supported().getThreadAllocatedBytes(threadId);
        return bytes < 0 ? OptionalLong.empty() : OptionalLong.of(bytes);
    }

    private com.sun.management.ThreadMXBean supported() {
        if (threads == null) {
            throw new UnsupportedOperationException(
                    "this JVM does not count allocated bytes per thread (com.sun.management.ThreadMXBean)");
        }
        return threads;
    }
}
