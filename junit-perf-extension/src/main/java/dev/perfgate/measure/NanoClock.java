package dev.perfgate.measure;

/** A monotonic clock in nanoseconds; {@link #SYSTEM} in production, a fake in tests of the harness's logic. */
@FunctionalInterface
public interface NanoClock {

    /** {@link System#nanoTime()}. */
    NanoClock SYSTEM = System::nanoTime;

    /** The current time in nanoseconds, only meaningful as a difference to another reading. */
    long nanoTime();
}
