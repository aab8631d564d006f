package dev.perfgate.marketplace.p2p;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * The pending events of a discrete-event simulation, earliest first, ties in the order they were added: a binary
 * heap, as {@link java.util.PriorityQueue}, with two differences that matter to a simulation of thousands of nodes.
 *
 * <p>Each entry knows where it is in the heap, so that {@link #remove} takes it out in logarithmic time. Every request
 * a node sends starts a timeout timer, and nearly every one is cancelled when the answer arrives, long before it would
 * fire: left in the queue until their time, cancelled timers made every insertion and removal walk a larger heap.
 *
 * <p>The heap orders by keys it holds itself, in arrays of numbers beside the array of entries, rather than by keys
 * it reads from the entries: an insertion or removal compares a dozen entries, mostly long-lived timers of nodes
 * touched long ago, and reading each from wherever it lies in memory cost more than the comparisons.
 *
 * <p>An entry is in at most one queue, at most once. Not thread-safe, like the simulation.
 *
 * @param <E> the type of the events
 */
final class EventQueue<E extends EventQueue.Entry> {

    /** Something to run at a virtual time; its place in the queue is kept here. */
    abstract static class Entry {
        private final long time;
        /** Index in the heap; -1 when not in a queue. */
        private int position = -1;

        Entry(long time) {
            this.time = time;
        }

        /** When the entry is due, in nanoseconds of virtual time. */
        final long time() {
            return time;
        }

        /** Whether it is in a queue, waiting to be polled. */
        final boolean queued() {
            return position >= 0;
        }
    }

    private static final int INITIAL_CAPACITY = 64;

    // The heap, in three arrays: the entry at index i is due at times[i], and was added as number sequences[i].
    private Entry[] entries = new Entry[INITIAL_CAPACITY];
    private long[] times = new long[INITIAL_CAPACITY];
    private long[] sequences = new long[INITIAL_CAPACITY];
    private int size;
    private long nextSequence;

    /** Adds {@code entry}, after every entry already added for the same time. */
    void add(E added) {
        Entry entry = added; // its private fields are not members of the type variable
        if (entry.position >= 0) {
            throw new IllegalStateException("entry is already queued; add each entry once");
        }
        if (size == entries.length) {
            entries = Arrays.copyOf(entries, 2 * size);
            times = Arrays.copyOf(times, 2 * size);
            sequences = Arrays.copyOf(sequences, 2 * size);
        }
        siftUp(size++, entry, entry.time, nextSequence++);
    }

    /** The earliest entry, still in the queue; null if it is empty. */
    @Nullable E peek() {
        return size == 0 ? null : entry(0);
    }

    /** Takes out the earliest entry; null if the queue is empty. */
    @Nullable E poll() {
        if (size == 0) {
            return null;
        }
        E first = entry(0);
        removeAt(0);
        return first;
    }

    /** Takes {@code entry} out if it is in this queue (cancelled before it ran); whether it was. */
    boolean remove(E removed) {
        Entry entry = removed;
        int position = entry.position;
        if (position < 0 || position >= size || entries[position] != entry) {
            return false;
        }
        removeAt(position);
        return true;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Removes every entry. */
    void clear() {
        for (int i = 0; i < size; i++) {
            entries[i].position = -1;
            entries[i] = null;
        }
        size = 0;
    }

    @SuppressWarnings("unchecked")
    private E entry(int index) {
        return (E) entries[index];
    }

    private void removeAt(int index) {
        entries[index].position = -1;
        size--;
        Entry last = entries[size];
        long lastTime = times[size];
        long lastSequence = sequences[size];
        entries[size] = null;
        if (index < size) {
            // the last entry fills the hole: down if it is later than the hole's children, else perhaps up
            siftDown(index, last, lastTime, lastSequence);
            if (entries[index] == last) {
                siftUp(index, last, lastTime, lastSequence);
            }
        }
    }

    /** Puts the entry at {@code index} or above it, moving later parents down. */
    private void siftUp(int index, Entry entry, long time, long sequence) {
        while (index > 0) {
            int parent = (index - 1) >>> 1;
            if (!before(time, sequence, times[parent], sequences[parent])) {
                break;
            }
            move(parent, index);
            index = parent;
        }
        place(index, entry, time, sequence);
    }

    /** Puts the entry at {@code index} or below it, moving earlier children up. */
    private void siftDown(int index, Entry entry, long time, long sequence) {
        int half = size >>> 1; // entries from here on have no children
        while (index < half) {
            int child = 2 * index + 1;
            int right = child + 1;
            if (right < size && before(times[right], sequences[right], times[child], sequences[child])) {
                child = right;
            }
            if (!before(times[child], sequences[child], time, sequence)) {
                break;
            }
            move(child, index);
            index = child;
        }
        place(index, entry, time, sequence);
    }

    private void move(int from, int to) {
        place(to, entries[from], times[from], sequences[from]);
    }

    private void place(int index, Entry entry, long time, long sequence) {
        entries[index] = entry;
        times[index] = time;
        sequences[index] = sequence;
        entry.position = index;
    }

    /** Whether the entry due at {@code timeA}, added as number {@code sequenceA}, runs before the other. */
    private static boolean before(long timeA, long sequenceA, long timeB, long sequenceB) {
        return timeA < timeB || timeA == timeB && sequenceA < sequenceB;
    }
}
