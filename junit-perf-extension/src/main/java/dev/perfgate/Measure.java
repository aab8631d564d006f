package dev.perfgate;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * How a test method is measured: warmup, measurement length, concurrency and load model.
 *
 * <pre>{@code
 * @Test
 * @Measure(warmup = "500ms", duration = "2s", threads = 4)
 * void cacheHit() { market.get("acme/web-framework"); }
 * }</pre>
 *
 * <p>On its own (without {@link Sla}) the method is measured and reported, and nothing is asserted. On a class it
 * applies to every test method; an annotation on the method replaces the class's one as a whole. Unset attributes
 * take the configured defaults ({@value #WARMUP_DEFAULT_PROPERTY_NAME}, {@value #DURATION_DEFAULT_PROPERTY_NAME},
 * {@value #THREADS_DEFAULT_PROPERTY_NAME}).
 *
 * <p>Measurement goes on past {@link #duration()} (or {@link #iterations()}) until enough invocations were recorded
 * to judge the highest asserted percentile, up to {@value #MAX_DURATION_PROPERTY_NAME} (default {@code 30s}).
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(PerfgateExtension.class)
public @interface Measure {

    /** Property name of the default warmup (built-in default {@code 500ms}): {@value} */
    String WARMUP_DEFAULT_PROPERTY_NAME = "perfgate.measure.warmup.default";

    /** Property name of the default measurement duration (built-in default {@code 2s}): {@value} */
    String DURATION_DEFAULT_PROPERTY_NAME = "perfgate.measure.duration.default";

    /** Property name of the default number of measuring threads (built-in default {@code 1}): {@value} */
    String THREADS_DEFAULT_PROPERTY_NAME = "perfgate.measure.threads.default";

    /** Property name of the longest a measurement may be extended to get enough samples (default {@code 30s}): {@value} */
    String MAX_DURATION_PROPERTY_NAME = "perfgate.measure.max-duration";

    /** Property name of the folder JSON results are written to (default {@code target/perfgate/results}): {@value} */
    String RESULTS_DIR_PROPERTY_NAME = "perfgate.results.dir";

    /** Marks an attribute as unset, so that the configured default applies. */
    String DEFAULT = "";

    /** Marks {@link #threads()} as unset. */
    int DEFAULT_THREADS = -1;

    /** Time spent invoking the method before anything is recorded, e.g. {@code "500ms"}; {@code "0s"} for none. */
    String warmup() default DEFAULT;

    /** Time spent measuring, e.g. {@code "2s"}; ignored when {@link #iterations()} is set. */
    String duration() default DEFAULT;

    /** Number of measured invocations over all threads; 0 (default) measures for {@link #duration()}. */
    int iterations() default 0;

    /** Number of threads invoking the method concurrently (closed model), default 1. */
    int threads() default DEFAULT_THREADS;

    /**
     * Open model: invocations start at this fixed rate, e.g. {@code "1000/s"}, whatever the method's latency, and
     * latency is measured from each invocation's intended start, so a stall shows in the tail (coordinated omission
     * corrected). {@code ""} (default) is the closed model: each thread starts its next invocation when the last
     * one returns.
     */
    String rate() default DEFAULT;
}
