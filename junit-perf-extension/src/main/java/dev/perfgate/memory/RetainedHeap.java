package dev.perfgate.memory;

import static java.util.Objects.requireNonNull;

import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * Measures the heap that an object keeps alive: a {@linkplain StableHeap stable} reading of the used heap, then the
 * object is built and held strongly, then another stable reading; the difference is its retained size. That is
 * everything the build left reachable, from the object or from anywhere else (a static cache it filled counts), with
 * the JVM's own accounting: object headers, padding, and under G1 whole regions for humongous objects (arrays of half a
 * region or more: 512 KiB to 16 MiB depending on the heap size), which is heap they really take.
 *
 * <p>The object is built once before the first repetition, so that the classes it needs are loaded and their static
 * state exists before anything is counted. Each repetition builds a fresh object, which is garbage before the next
 * one starts.
 *
 * <pre>{@code
 * RetainedSize size = RetainedHeap.measure(() -> cacheOf(16));
 * assertThat(size.bytesPerUnit(16)).isCloseTo(1_048_576, withinPercentage(10));
 * }</pre>
 */
public final class RetainedHeap {

    /** Repetitions unless told: {@value}, enough for a median that one disturbed repetition cannot move. */
    public static final int DEFAULT_REPETITIONS = 5;

    private final StableHeap heap;

    private RetainedHeap(StableHeap heap) {
        this.heap = heap;
    }

    /** The heap {@code build}'s object keeps alive, over {@link #DEFAULT_REPETITIONS} repetitions. */
    public static RetainedSize measure(Supplier<?> build) {
        return measure(build, DEFAULT_REPETITIONS);
    }

    /** The heap {@code build}'s object keeps alive, over {@code repetitions} repetitions. */
    public static RetainedSize measure(Supplier<?> build, int repetitions) {
        return with(StableHeap.create()).retained(build, repetitions);
    }

    /** Measurements with readings from {@code heap}: a different tolerance, or a fake in tests. */
    public static RetainedHeap with(StableHeap heap) {
        return new RetainedHeap(requireNonNull(heap, "heap"));
    }

    /** The heap {@code build}'s object keeps alive, over {@code repetitions} repetitions. */
    public RetainedSize retained(Supplier<?> build, int repetitions) {
        requireNonNull(build, "build");
        if (repetitions < 1) {
            throw new IllegalArgumentException("repetitions must be at least 1, was " + repetitions);
        }
        warmUp(build);
        List<Long> retained = new ArrayList<>(repetitions);
        boolean stable = true;
        for (int i = 0; i < repetitions; i++) {
            HeapReading[] readings = once(build);
            retained.add(readings[1].usedBytes() - readings[0].usedBytes());
            stable &= readings[0].stable() && readings[1].stable();
        }
        return new RetainedSize(retained, stable);
    }

    // Its own method so that the warm-up object is unreachable once it returns; see once().
    private static void warmUp(Supplier<?> build) {
        Reference.reachabilityFence(build.get());
    }

    /*
     * The object lives only in this frame. Held in a local of the caller's loop instead, the interpreter, which does
     * not track which locals are dead, would keep the previous repetition's object alive into the next "before".
     */
    private HeapReading[] once(Supplier<?> build) {
        HeapReading before = heap.read();
        @Nullable Object built = build.get();
        HeapReading after = heap.read();
        Reference.reachabilityFence(built);
        return new HeapReading[] {before, after};
    }
}
