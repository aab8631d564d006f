package dev.perfgate.perftests.overhead;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH's measurement of {@link EmptyOperation#run()}: the reference for the cheapest possible harness. JMH calls the
 * benchmark method in a generated loop and reads the clock once per iteration, not per invocation. Also the cost of
 * one {@link System#nanoTime()}, the clock the two other harnesses read around every invocation.
 *
 * <p>Run from {@link HarnessOverheadTests} (profile {@code overhead}): 3 runs of 5 x 1 s warmup + 5 x 2 s
 * measurement, each in one forked JVM, about 50 s.
 */
@BenchmarkMode({Mode.AverageTime, Mode.Throughput})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Threads(1)
@Warmup(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 2, timeUnit = TimeUnit.SECONDS)
public class EmptyOperationBenchmark {

    @Benchmark
    public void emptyOperation() {
        EmptyOperation.run();
    }

    /** Returned, so that JMH sinks the value and the call cannot be removed. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    public long nanoTime() {
        return System.nanoTime();
    }
}
