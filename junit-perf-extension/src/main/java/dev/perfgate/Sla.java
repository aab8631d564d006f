package dev.perfgate;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Service level objectives for a test method, measured and judged by perfgate.
 *
 * <pre>{@code
 * @Test
 * @Measure(warmup = "500ms", duration = "2s", threads = 4)
 * @Sla(p50 = "200us", p99 = "1ms", throughput = "5000/s", errorRate = 0.001)
 * void cacheHit() { market.get("acme/web-framework"); }
 * }</pre>
 *
 * <p>The method body is the measured operation: it is invoked repeatedly on one test instance, between one run of
 * the {@code @BeforeEach} methods and one run of the {@code @AfterEach} methods. Every invocation is recorded in an
 * HdrHistogram (3 significant digits).
 *
 * <p>Each objective is judged PASS, WARN or FAIL at a confidence of {@code 1 - alpha}
 * ({@value #ALPHA_PROPERTY_NAME}, default {@code 0.001}): a percentile fails only when a one-sided binomial test
 * shows that more than the allowed fraction of invocations is slower than the limit; {@link #mean()} and
 * {@link #throughput()} fail only when a confidence interval over measurement blocks lies entirely on the wrong
 * side; {@link #max()} fails on any slower invocation. A failure is confirmed by measuring again
 * ({@value #CONFIRM_RETRIES_PROPERTY_NAME}) before the test fails with a {@link SlaViolationError}.
 *
 * <p>On a class, the annotation applies to every test method of the class and of its {@code @Nested} classes; an
 * annotation on the method replaces the class's one as a whole.
 *
 * <p>Durations are a number and a unit: {@code ns}, {@code us}, {@code µs}, {@code ms}, {@code s}, {@code m},
 * {@code h}, e.g. {@code "250us"}, {@code "1.5 ms"}. The empty string means "not asserted".
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(PerfgateExtension.class)
public @interface Sla {

    /** Property name of the mode, one of {@code enforce}, {@code report}, {@code disabled}, {@code disabled_on_debug}: {@value} */
    String MODE_PROPERTY_NAME = "perfgate.mode";

    /** Property name of the factor applied to every latency limit, and dividing every throughput limit: {@value} */
    String SCALE_PROPERTY_NAME = "perfgate.sla.scale";

    /** Property name of the significance level of every verdict (default {@code 0.001}, i.e. 99.9 % confidence): {@value} */
    String ALPHA_PROPERTY_NAME = "perfgate.sla.alpha";

    /** Property name of the number of extra measurements that must confirm a failure (default {@code 1}): {@value} */
    String CONFIRM_RETRIES_PROPERTY_NAME = "perfgate.confirm.retries";

    /** Median latency limit, e.g. {@code "200us"}. */
    String p50() default "";

    /** 90th percentile latency limit. */
    String p90() default "";

    /** 95th percentile latency limit. */
    String p95() default "";

    /** 99th percentile latency limit, e.g. {@code "1ms"}. */
    String p99() default "";

    /** 99.9th percentile latency limit. */
    String p999() default "";

    /** Limit that no single invocation may exceed. */
    String max() default "";

    /** Limit of the mean latency. */
    String mean() default "";

    /** Minimum throughput, a count per unit of time: {@code "5000/s"}, {@code "20/ms"}, {@code "300/min"}. */
    String throughput() default "";

    /** Largest allowed fraction of invocations that throw an exception, from 0 (default: none may) to 1. */
    double errorRate() default 0.0;

    /** Whether a violation fails the test ({@link Severity#FAIL}) or is only reported ({@link Severity#WARN}). */
    Severity severity() default Severity.FAIL;
}
