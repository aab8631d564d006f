package dev.perfgate;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The cost of OpenTelemetry instrumentation, as a test that fails when it is above {@link #max()} percent.
 *
 * <pre>{@code
 * @Test
 * @OtelOverhead(max = 10)                 // percent
 * void search() { market.search("web framework"); }
 *
 * @BeforeEach
 * void open(OpenTelemetry otel) { market = Marketplace.open(home, otel); }
 * }</pre>
 *
 * <p>perfgate hands the test one {@code io.opentelemetry.api.OpenTelemetry}, as a parameter of the constructor, of
 * a {@code @BeforeAll} or {@code @BeforeEach} method, or of the test method; the system under test is built once
 * with it. perfgate switches that instance between "off", where it behaves as {@code OpenTelemetry.noop()}, and
 * "on", a real SDK (a tracer provider with a {@code BatchSpanProcessor}, a meter provider with a periodic reader
 * and delta temporality, the exporter chosen by {@link #exporter()}). Tracers, meters and instruments obtained
 * before a switch follow it; {@code GlobalOpenTelemetry} is never touched. One instance serves the whole test
 * class, its {@code @Nested} classes included. Put the annotation on the class to use the parameter in the
 * constructor or a {@code @BeforeAll} method: an annotation on a method alone registers perfgate for that
 * method only.
 *
 * <p>The test method body is then run in randomised, interleaved pairs of short batches on one warmed JVM, one
 * batch off and one on, in random order, at least {@value #MIN_PAIRS} pairs. Each pair gives the log of the ratio
 * of the on batch's {@link #statistic()} to the off batch's; the overhead is the median of those ratios, with a
 * distribution-free (sign test) interval at {@code 1 - alpha} ({@value Sla#ALPHA_PROPERTY_NAME}, 99.9 % by
 * default). The test passes when the whole interval is below {@code max}, fails when the whole interval is above
 * it (confirmed on a second measurement, {@value Sla#CONFIRM_RETRIES_PROPERTY_NAME}), and measures up to two more
 * rounds of pairs before it reports an interval that still straddles the limit as WARN. An estimate above
 * {@link #warn()} is a WARN too. A measurement in which the "on" arm exported no span and no metric point fails:
 * the check would be vacuous.
 *
 * <p>Together with {@link Sla}, {@link Measure} or {@link Baseline}, the objectives are judged on a measurement
 * with telemetry on: what production runs.
 *
 * <p>On a class, the annotation applies to every test method of the class and of its {@code @Nested} classes
 * (an annotation on the method replaces it as a whole), and {@link #averageMax()} judges the mean overhead of the
 * class's tests after all of them ran.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(PerfgateExtension.class)
public @interface OtelOverhead {

    /** "Not set": {@link #warn()} then defaults to 80 % of {@link #max()}, {@link #averageMax()} is not judged. */
    double UNSET = -1;

    /** The fewest pairs of batches in one round of the measurement: {@value} */
    int MIN_PAIRS = 300;

    /**
     * Property name of the target length of one batch (one arm of a pair), a duration such as {@code "4ms"};
     * a batch holds at least one invocation, and {@link Statistic#P99} batches at least 100: {@value}
     */
    String BATCH_DURATION_PROPERTY_NAME = "perfgate.otel.batch-duration";

    /** Property name of the warmup before the pairs, alternating off and on, such as {@code "1s"}: {@value} */
    String WARMUP_PROPERTY_NAME = "perfgate.otel.warmup";

    /** Largest overhead allowed, in percent of the uninstrumented statistic, e.g. {@code 10}. */
    double max();

    /** Overhead in percent above which the test is a WARN; default 80 % of {@link #max()}. */
    double warn() default UNSET;

    /** Which statistic of each batch's latencies is compared between the arms. */
    Statistic statistic() default Statistic.MEDIAN;

    /** Where the "on" arm's spans and metric points go. */
    Exporter exporter() default Exporter.IN_MEMORY;

    /** Fraction of traces sampled in the "on" arm ({@code traceIdRatioBased}, parent based), from 0 to 1. */
    double samplingRatio() default 1.0;

    /** On a class: largest mean overhead, in percent, over the class's tests; judged after all of them ran. */
    double averageMax() default UNSET;

    /** Whether a violation fails the test ({@link Severity#FAIL}) or is only reported ({@link Severity#WARN}). */
    Severity severity() default Severity.FAIL;

    /** The statistic of a batch's latencies that the two arms are compared on. */
    enum Statistic {
        /** The batch's median latency: robust to the odd pause (default). */
        MEDIAN,
        /** The batch's mean latency: what throughput pays, pauses included. */
        MEAN,
        /** The batch's 99th percentile latency; batches then hold at least 100 invocations. */
        P99
    }

    /** The "on" arm's exporter. */
    enum Exporter {
        /** Spans and metric points are exported in batches to an exporter in this JVM that counts and drops them. */
        IN_MEMORY,
        /**
         * The real OTLP/HTTP (protobuf) exporters, sending to a receiver perfgate starts on the loopback
         * interface: serialisation and transport are in the cost.
         */
        OTLP,
        /** Spans are recorded and ended and metrics aggregated, but nothing is batched or exported. */
        NONE
    }
}
