package dev.perfgate.verdict;

import java.util.List;

/**
 * {@code averageMax} of a class under {@code @OtelOverhead}: the mean overhead over the class's tests.
 *
 * <p>Each test's interval covers its true overhead with probability {@code 1 - alpha}; when all of them do (at
 * least {@code 1 - k alpha} for {@code k} tests, by Bonferroni), the mean of their lower ends is at most the mean
 * true overhead and the mean of their upper ends at least it. So the average FAILs only when the mean of the lower
 * ends is above the limit, PASSes when the mean of the upper ends is below it, and is a WARN in between.
 */
public final class OverheadAverage {

    /** The objective's name in messages and results. */
    public static final String NAME = "otelOverheadAverage";

    private OverheadAverage() {
    }

    /** Judges the mean of {@code estimates} (at least one) against {@code maxFraction}. */
    public static ObjectiveResult judge(List<OverheadEstimate> estimates, double maxFraction) {
        if (estimates.isEmpty()) {
            throw new IllegalArgumentException("no overhead estimates to average");
        }
        double estimate = 0;
        double lower = 0;
        double upper = 0;
        for (OverheadEstimate each : estimates) {
            estimate += each.estimate();
            lower += each.lower();
            upper += each.upper();
        }
        int n = estimates.size();
        estimate /= n;
        lower /= n;
        upper /= n;
        String bounds = "mean of " + n + (n == 1 ? " test's" : " tests'") + " estimates; mean of their interval ends "
                + OverheadEstimate.signedPercent(lower) + " to " + OverheadEstimate.signedPercent(upper);
        Verdict verdict;
        String evidence;
        if (lower > maxFraction) {
            verdict = Verdict.FAIL;
            evidence = bounds + ", wholly above " + Units.percent(maxFraction);
        }
        else if (upper >= maxFraction) {
            verdict = Verdict.WARN;
            evidence = "inconclusive: " + bounds + ", straddling " + Units.percent(maxFraction);
        }
        else {
            verdict = Verdict.PASS;
            evidence = bounds;
        }
        return new ObjectiveResult(NAME, "<= " + Units.percent(maxFraction), OverheadEstimate.signedPercent(estimate),
                maxFraction * 100, estimate * 100, "%", verdict, evidence);
    }
}
