package dev.perfgate.baseline;

/**
 * A fixed workload that measures how fast this machine is right now, so that a baseline saved on a faster or
 * slower machine of the same kind still compares: the regression ratio is divided by the ratio of the two
 * calibration times (see {@link RegressionComparison} for when).
 *
 * <p>The workload mixes integer arithmetic with dependent random reads over a 64 KiB table, as most code under test
 * mixes computing and reading memory. (On this project's shared 2-core VMs, whose two cores share caches with
 * other work, the fastest of 40 rounds varied between fresh JVMs by about 25 % with a 32 MiB table, 12 % with
 * 1 MiB and 8 % with 64 KiB: a table within the core's own caches keeps the memory part without the neighbours'
 * noise.)
 *
 * <p>Rounds of about 5 ms run until the JIT has compiled the workload: until {@value #STABLE_ROUNDS} rounds in a
 * row have not beaten the fastest by more than 1 % (on a busy 2-core machine the compiler can lag, and a reading
 * of half-compiled code was seen to be twice too slow), at most {@value #MAX_WARMUP_MILLIS} ms. Then
 * {@value #ROUNDS} more rounds, of which the fastest counts: interference from other processes only ever slows a
 * round down, so the minimum is the most repeatable reading of the machine's own speed.
 */
public final class Calibration {

    /** Measured rounds of the workload, after warmup; the fastest counts. */
    public static final int ROUNDS = 40;

    /** Rounds in a row without a new best (by more than 1 %) that end the warmup. */
    static final int STABLE_ROUNDS = 25;

    /** The longest the warmup may take. */
    static final long MAX_WARMUP_MILLIS = 3_000;

    private static final int SIZE = 1 << 14; // ints: 64 KiB
    private static final int STEPS = 400_000;

    /** Keeps the workload's result alive, so that the JIT cannot remove it. */
    private static volatile long sink;

    private Calibration() {
    }

    /** Runs the workload and returns the fastest measured round's time in nanoseconds (about 0.3 s in all). */
    public static long measureNanos() {
        int[] data = new int[SIZE];
        int x = 0x9E3779B9;
        for (int i = 0; i < SIZE; i++) {
            x ^= x << 13;
            x ^= x >>> 17;
            x ^= x << 5;
            data[i] = x;
        }
        long warmupEnd = System.nanoTime() + MAX_WARMUP_MILLIS * 1_000_000;
        long warmBest = Long.MAX_VALUE;
        int stable = 0;
        for (int round = 0; stable < STABLE_ROUNDS && System.nanoTime() < warmupEnd; round++) {
            long start = System.nanoTime();
            sink += round(data, round);
            long time = System.nanoTime() - start;
            if (time < warmBest * 0.99) {
                warmBest = time;
                stable = 0;
            }
            else {
                stable++;
            }
        }
        long best = Long.MAX_VALUE;
        for (int round = 0; round < ROUNDS; round++) {
            long start = System.nanoTime();
            sink += round(data, round);
            best = Math.min(best, System.nanoTime() - start);
        }
        return best;
    }

    /** Dependent reads (each index comes from the value read before) with arithmetic on what was read. */
    private static long round(int[] data, int seed) {
        int index = seed;
        long accumulator = 0;
        for (int step = 0; step < STEPS; step++) {
            int value = data[index & (SIZE - 1)];
            accumulator += Integer.rotateLeft(value * 0x2545F491, step & 31) ^ step;
            long mixed = accumulator;
            mixed ^= mixed << 13;
            mixed ^= mixed >>> 7;
            mixed ^= mixed << 17;
            accumulator += mixed;
            index = value ^ (int) accumulator;
        }
        return accumulator;
    }

    /**
     * The fastest calibration of a run so far. Every reading can only be slowed by what else the machine does (the
     * JIT compiling the test framework, another process on the other core), never sped up, so the minimum over
     * several readings taken at different moments is the most faithful; a reading taken while a core was busy
     * was seen three times too slow. The extension reads again after each measurement it compares or saves, when
     * the JIT has mostly settled.
     */
    public static final class Readings {

        private long best = Long.MAX_VALUE;

        /** Takes a reading now and returns the fastest so far, in nanoseconds. */
        public synchronized long read() {
            best = Math.min(best, measureNanos());
            return best;
        }

        /** The fastest reading so far, taking the first one if there is none yet. */
        public synchronized long best() {
            return best == Long.MAX_VALUE ? read() : best;
        }
    }
}
