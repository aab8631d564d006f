package dev.perfgate;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Memory objectives of a measured test: bytes allocated per operation, heap retained per unit, and no leak.
 *
 * <pre>{@code
 * @Test
 * @MemoryBudget(perOperation = "2KB", leak = false)
 * void cacheHit() { market.get("acme/web-framework"); }
 *
 * @Test
 * @MemoryBudget(retainedPerUnit = "200MB")
 * void peers(Bench bench) { bench.retained(1000, () -> LocalNetwork.simulated(1000, 42)); }
 * }</pre>
 *
 * <ul>
 *   <li>{@link #perOperation()}: the bytes the measuring threads allocate while measuring (warmup excluded,
 *   {@code com.sun.management.ThreadMXBean}), divided by the invocations: JMH's {@code gc.alloc.rate.norm}. It is
 *   reported for every measured test, with the garbage collections during the measurement, and asserted here.</li>
 *   <li>{@link #retainedPerUnit()}: what {@link Bench#retained(long, java.util.function.Supplier)} measures, the
 *   heap the built object keeps alive divided by its units.</li>
 *   <li>{@code leak = false}: after the measurement, the operation runs in rounds with a stable heap reading
 *   after each; the test fails when the heap grows significantly with the operations, by more than a few bytes per
 *   operation, and says how many bytes each operation leaks.</li>
 * </ul>
 *
 * <p>Sizes are a number and a unit: {@code B}, {@code KB}, {@code MB}, {@code GB}, binary as the JVM counts them
 * ({@code 1KB} = 1,024 bytes; {@code KiB}, {@code MiB}, {@code GiB} are accepted too), e.g. {@code "2KB"},
 * {@code "1.5 MB"}. The empty string means "not asserted". {@link Sla#severity()} and {@code perfgate.mode} apply as
 * to every objective.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(PerfgateExtension.class)
public @interface MemoryBudget {

    /** Largest allocation per operation, e.g. {@code "2KB"}. */
    String perOperation() default "";

    /** Largest heap retained per unit by what {@link Bench#retained} builds, e.g. {@code "200MB"}. */
    String retainedPerUnit() default "";

    /** {@code false}: the operation must not leak (checked in rounds after the measurement). */
    boolean leak() default true;
}
