package dev.perfgate;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * How throughput grows with threads, as a test: the operation is measured at each thread count, and the test
 * fails when the parallel efficiency, {@code throughput(t) / (t * throughput(1))}, is significantly below
 * {@link #minEfficiency()} at a thread count not above {@link #upTo()}.
 *
 * <pre>{@code
 * @Test
 * @ConcurrencyScaling(threads = {1, 2, 4, 8, 10}, minEfficiency = 0.7)
 * void cacheHit() { market.get("acme/web-framework"); }
 * }</pre>
 *
 * <p>Each thread count is a closed-model measurement of its own (duration and warmup from {@link Measure} or the
 * configuration), with throughput and p99 reported in a table; the efficiency's bounds come from the batch-means
 * intervals of the two throughputs, at {@code alpha} shared over the thread counts (Bonferroni). Beyond the
 * machine's cores, CPU-bound work cannot scale, so by default only counts up to the number of available
 * processors are judged; the others are reported. The message names the first thread count whose efficiency is
 * below the minimum: where contention begins. The test's {@link Sla#severity()} and {@code perfgate.mode} apply
 * to the efficiency as to every objective.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(PerfgateExtension.class)
public @interface ConcurrencyScaling {

    /** Thread counts to measure, including 1 (the reference), e.g. {@code {1, 2, 4, 8}}. */
    int[] threads();

    /** Smallest acceptable parallel efficiency, above 0 and at most 1, e.g. {@code 0.7}. */
    double minEfficiency();

    /** Judge thread counts up to this one; 0 (default) means the number of available processors. */
    int upTo() default 0;
}
