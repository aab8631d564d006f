package dev.perfgate.verdict;

/**
 * {@code otelOverhead <= max}: judged on the interval of an {@link OverheadEstimate}, never on the point estimate
 * alone. FAIL when the whole interval is above {@code max}; PASS when the whole interval is below it and the estimate
 * is at most {@code warn}; WARN when the estimate is above {@code warn} but the interval below {@code max}, and when
 * the interval straddles {@code max} (more pairs may settle it: see {@link #conclusive}).
 *
 * @param maxFraction  the limit, as a fraction ({@code 0.10} for 10 %)
 * @param warnFraction the level above which an estimate is a WARN, at most {@code maxFraction}
 */
public record OverheadObjective(double maxFraction, double warnFraction) {

    /** The objective's name in messages and results. */
    public static final String NAME = "otelOverhead";

    /** What a measurement whose "on" arm produced nothing says. */
    public static final String VACUOUS = "instrumentation produced no telemetry; the overhead check would be vacuous";

    public OverheadObjective {
        if (!(maxFraction >= 0) || !(warnFraction >= 0 && warnFraction <= maxFraction)
                || Double.isInfinite(maxFraction)) {
            throw new IllegalArgumentException("invalid overhead limits: max " + maxFraction + ", warn " + warnFraction);
        }
    }

    /** Whether {@code estimate} settles the objective: its interval lies wholly on one side of the limit. */
    public boolean conclusive(OverheadEstimate estimate) {
        return estimate.upper() < maxFraction || estimate.lower() > maxFraction;
    }

    public ObjectiveResult judge(OverheadEstimate estimate) {
        String interval = Units.percent(estimate.confidence()) + " interval " + OverheadEstimate.signedPercent(
                estimate.lower()) + " to " + OverheadEstimate.signedPercent(estimate.upper());
        String pairs = "median of " + Units.count(estimate.pairs()) + " paired ratios";
        String grade = "grade " + OverheadGrade.of(estimate.estimate()).label();
        Verdict verdict;
        String evidence;
        if (estimate.lower() > maxFraction) {
            verdict = Verdict.FAIL;
            evidence = "the whole " + interval + " is above " + Units.percent(maxFraction) + "; " + pairs + "; "
                    + grade;
        }
        else if (estimate.upper() >= maxFraction) {
            verdict = Verdict.WARN;
            evidence = "inconclusive: the " + interval + " straddles " + Units.percent(maxFraction) + "; " + pairs
                    + "; " + grade;
        }
        else if (estimate.estimate() > warnFraction) {
            verdict = Verdict.WARN;
            evidence = "above the warn level of " + Units.percent(warnFraction) + "; " + interval + "; " + pairs
                    + "; " + grade;
        }
        else {
            verdict = Verdict.PASS;
            evidence = interval + "; " + pairs + "; " + grade;
        }
        return new ObjectiveResult(NAME, expected(), OverheadEstimate.signedPercent(estimate.estimate()),
                maxFraction * 100, estimate.estimate() * 100, "%", verdict, evidence);
    }

    /** The result of a measurement whose "on" arm exported no span and no metric point. */
    public ObjectiveResult vacuous(String detail) {
        return new ObjectiveResult(NAME, expected(), "n/a", maxFraction * 100, Double.NaN, "%", Verdict.FAIL,
                VACUOUS + ": " + detail);
    }

    /** A WARN: the measurement could not be judged, for {@code reason}. */
    public ObjectiveResult unjudged(String reason) {
        return new ObjectiveResult(NAME, expected(), "n/a", maxFraction * 100, Double.NaN, "%", Verdict.WARN, reason);
    }

    private String expected() {
        return "<= " + Units.percent(maxFraction);
    }
}
