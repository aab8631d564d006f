package dev.perfgate;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The largest regression of a test's median latency that a comparison against a stored baseline accepts.
 *
 * <pre>{@code
 * @Test
 * @Baseline(maxRegression = 10)   // percent
 * @Sla(p99 = "1ms")
 * void search() { market.search("web framework"); }
 * }</pre>
 *
 * <p>Run with {@code -Dperfgate.baseline.save=v2.4.0} to record every measured test of the run as baseline
 * {@code v2.4.0}, and with {@code -Dperfgate.baseline.compare=v2.3.0} to judge every measured test against baseline
 * {@code v2.3.0}; both may be given in one run (the comparison uses the stored baseline, then the new one is
 * saved). Tests without this annotation are compared with {@value #MAX_REGRESSION_DEFAULT_PROPERTY_NAME}
 * (default 10 %).
 *
 * <p>The comparison is the ratio of the median latencies, current over baseline, normalised by a calibration
 * workload timed in both runs (so that a baseline saved on a faster or slower machine of the same kind still
 * compares), with a 99.9 % bootstrap interval over the measurement blocks: FAIL when the whole interval is above
 * {@code 1 + maxRegression}, WARN when only the estimate is, or when the calibration alone would decide. A FAIL is confirmed by a second measurement, and is a
 * WARN when the environment differs from the baseline's (CPU model, cores, JVM major version) unless
 * {@value #STRICT_ENVIRONMENT_PROPERTY_NAME} is {@code true}, or when {@value #SEVERITY_PROPERTY_NAME} is
 * {@code warn}.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(PerfgateExtension.class)
public @interface Baseline {

    /** Property name of the baseline to record this run's measurements as, e.g. {@code v2.4.0}: {@value} */
    String SAVE_PROPERTY_NAME = "perfgate.baseline.save";

    /** Property name of the baseline to judge this run's measurements against, e.g. {@code v2.3.0}: {@value} */
    String COMPARE_PROPERTY_NAME = "perfgate.baseline.compare";

    /** Property name of the regression limit, in percent, of tests without {@code @Baseline} (default 10): {@value} */
    String MAX_REGRESSION_DEFAULT_PROPERTY_NAME = "perfgate.baseline.max-regression.default";

    /** Property name of the baselines folder (default: the nearest {@code baselines/} up from the working directory): {@value} */
    String DIR_PROPERTY_NAME = "perfgate.baseline.dir";

    /** Property name that keeps a FAIL a FAIL when the environment differs from the baseline's (default false): {@value} */
    String STRICT_ENVIRONMENT_PROPERTY_NAME = "perfgate.baseline.strict-environment";

    /** Property name of what a test without a baseline entry is: {@code warn} (default) or {@code fail}: {@value} */
    String MISSING_PROPERTY_NAME = "perfgate.baseline.missing";

    /**
     * Property name of what a significant regression is: {@code fail} (default) or {@code warn}, for a machine whose
     * run-to-run variation is wider than the limit (the regression is then reported, and the build goes on): {@value}
     */
    String SEVERITY_PROPERTY_NAME = "perfgate.baseline.severity";

    /** Marks {@link #maxRegression()} as unset, so that the configured default applies. */
    double DEFAULT_MAX_REGRESSION = -1;

    /** The largest accepted regression of the median, in percent of the baseline's, e.g. {@code 10}. */
    double maxRegression() default DEFAULT_MAX_REGRESSION;
}
