package dev.perfgate;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * How an operation's cost grows with the size of its input, as a test: the method runs once per size, measures
 * the operation at that size, and a last entry judges the growth against {@link #expect()}.
 *
 * <pre>{@code
 * @ScalingTest(sizes = {10, 100, 1000, 10000}, expect = Complexity.LOG_N)
 * void lookup(int peers, Bench bench) {
 *     LocalNetwork network = LocalNetwork.simulated(peers, 42);      // setup at this size, not measured
 *     bench.measure(network::nanoTime, network::lookupRandomNode);   // measured at this size, on its clock
 * }
 * }</pre>
 *
 * <p>The first parameter ({@code int} or {@code long}) receives the size. Each size is an invocation of its own,
 * shown and judged on its own (so {@link Sla}, {@link Measure} and the other annotations apply per size). The last
 * entry, "scaling", fits every {@link Complexity} to the median latency per size and fails when the medians are
 * significantly better explained by a class that grows faster than {@link #expect()}; it shows a table of size,
 * median and p99, and how well each class fits. {@code expect} is a ceiling: a slower-growing class passes.
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@TestTemplate
@ExtendWith(PerfgateExtension.class)
public @interface ScalingTest {

    /** Display name of the entry that holds the verdict: {@value} */
    String VERDICT_DISPLAY_NAME = "scaling";

    /** The sizes, at least 3 distinct values of at least 2, e.g. {@code {10, 100, 1000, 10000}}. */
    long[] sizes();

    /** The fastest growth allowed. */
    Complexity expect();

    /** Whether a violation fails the build ({@link Severity#FAIL}) or is only reported ({@link Severity#WARN}). */
    Severity severity() default Severity.FAIL;
}
