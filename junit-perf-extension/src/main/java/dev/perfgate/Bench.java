package dev.perfgate;

import static java.util.Objects.requireNonNull;

import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import dev.perfgate.measure.Measurement;
import dev.perfgate.measure.NanoClock;
import dev.perfgate.measure.Operation;

/**
 * The explicit style of measuring: a test method that declares a {@code Bench} parameter runs once, sets up what
 * it needs, and hands the operation to {@link #measure(Body)}. Warmup, measurement and judging are then as for a
 * whole method, with {@link Sla}, {@link Measure}, {@link OtelOverhead} and {@link Baseline} applying to what
 * {@code measure} was given; the setup is not measured.
 *
 * <pre>{@code
 * @Test
 * @Sla(p99 = "2ms")
 * void search(Bench bench) {
 *     Marketplace market = Marketplace.open(home, OpenTelemetry.noop());
 *     market.importCatalog(Catalog.generate(10_000, 42));      // not measured
 *     bench.measure(() -> market.search("web framework"));    // measured and judged
 * }
 * }</pre>
 *
 * <p>Without a {@code Bench} parameter the whole method body is the measured operation, and {@code @BeforeEach}
 * is where setup goes. Each test calls {@code measure} once; a test that declares a {@code Bench} and never calls
 * it fails, since it would have measured nothing.
 */
public final class Bench {

    /** The operation {@link #measure(Body)} measures: a lambda or method reference, which may throw. */
    @FunctionalInterface
    public interface Body {
        /** Runs the operation once; an exception counts as an error of this invocation. */
        void run() throws Exception;
    }

    /** What measuring is, for the extension that hands out the {@code Bench}. */
    @FunctionalInterface
    interface Measurer {
        @Nullable Measurement measure(Operation operation, NanoClock clock) throws Throwable;
    }

    /** What measuring retained heap is, for the extension that hands out the {@code Bench}. */
    @FunctionalInterface
    interface RetainedMeasurer {
        double bytesPerUnit(long units, Supplier<?> build);
    }

    private final String testName;
    private final Measurer measurer;
    private final RetainedMeasurer retainedMeasurer;
    private boolean measured;
    private boolean retainedMeasured;

    Bench(String testName, Measurer measurer, RetainedMeasurer retainedMeasurer) {
        this.testName = testName;
        this.measurer = measurer;
        this.retainedMeasurer = retainedMeasurer;
    }

    /**
     * Warms up, measures {@code body} and judges it, as perfgate measures a whole test method; fails the test
     * (with an {@link SlaViolationError}) when an objective fails.
     *
     * @throws IllegalStateException when called a second time in the same test
     */
    public void measure(Body body) {
        requireNonNull(body, "body");
        if (measured) {
            throw new IllegalStateException(testName + " called bench.measure(...) a second time: a test measures one"
                    + " operation; use @ScalingTest to measure one operation at several sizes, or one test per"
                    + " operation");
        }
        measured = true;
        try {
            measurer.measure(body::run, NanoClock.SYSTEM);
        }
        catch (Throwable failure) {
            throw Bench.<RuntimeException>sneaky(failure);
        }
    }

    /**
     * {@link #measure(Body)} on another clock: each invocation's latency, the warmup and the measurement's duration are
     * read from {@code nanoTime} instead of {@link System#nanoTime()}; the longest a measurement may be extended to
     * get enough samples ({@code perfgate.measure.max-duration}) stays wall-clock time, since it guards the build. For a system that keeps its own time, such
     * as a simulated network on a virtual clock, where what a lookup costs is the WAN time it takes, not the CPU
     * time it takes to simulate; the clock must not go backwards, and advances only as the operation runs. Prefer
     * {@code @Measure(iterations = ...)} with such a clock, since its durations pass only while the operation
     * runs. {@link OtelOverhead} still measures on the system clock.
     *
     * <pre>{@code
     * @Test
     * @Measure(iterations = 200)
     * @Sla(p95 = "500ms")
     * void lookup(Bench bench) {
     *     bench.measure(network::nanoTime, () -> network.lookupRandomRecord());   // virtual WAN latency
     * }
     * }</pre>
     *
     * @param nanoTime the clock, in nanoseconds
     */
    public void measure(LongSupplier nanoTime, Body body) {
        requireNonNull(nanoTime, "nanoTime");
        requireNonNull(body, "body");
        if (measured) {
            throw new IllegalStateException(testName + " called bench.measure(...) a second time: a test measures one"
                    + " operation; use @ScalingTest to measure one operation at several sizes, or one test per"
                    + " operation");
        }
        measured = true;
        try {
            measurer.measure(body::run, nanoTime::getAsLong);
        }
        catch (Throwable failure) {
            throw Bench.<RuntimeException>sneaky(failure);
        }
    }

    /**
     * Measures the heap that what {@code build} returns keeps alive (stable used-heap readings after garbage
     * collection, before building and with the result still reachable; the median of 5 repetitions), divided by
     * {@code units}, reports it, and fails the test when it is above {@link MemoryBudget#retainedPerUnit()}.
     *
     * <pre>{@code
     * double perPeer = bench.retained(1000, () -> LocalNetwork.simulated(1000, 42));   // bytes per peer
     * }</pre>
     *
     * @param units how many units (peers, entries, ...) {@code build} builds, at least 1
     * @return the retained bytes per unit
     */
    public double retained(long units, Supplier<?> build) {
        requireNonNull(build, "build");
        if (units < 1) {
            throw new IllegalArgumentException("units must be at least 1, was " + units + ", e.g."
                    + " bench.retained(1000, () -> LocalNetwork.simulated(1000, 42))");
        }
        retainedMeasured = true;
        return retainedMeasurer.bytesPerUnit(units, build);
    }

    /** Whether {@link #measure(Body)} was called. */
    boolean measured() {
        return measured;
    }

    /** Whether {@link #retained(long, Supplier)} was called. */
    boolean retainedMeasured() {
        return retainedMeasured;
    }

    /** Rethrows {@code failure} as it is (an interrupt, an assertion error, an SLA violation) without wrapping. */
    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneaky(Throwable failure) throws T {
        throw (T) failure;
    }

    @Override
    public String toString() {
        return "Bench[" + testName + (measured ? ", measured" : "") + "]";
    }
}
