package dev.perfgate.verdict;

/**
 * One objective judged against one measurement.
 *
 * @param name     the objective, as in the annotation: {@code p99}, {@code max}, {@code mean}, {@code throughput},
 *                 {@code errorRate}
 * @param expected the objective for people: {@code <= 1 ms}
 * @param actual   the measured value for people: {@code 2.31 ms}
 * @param limit    the limit as a number, in {@code unit}
 * @param value    the measured value as a number, in {@code unit} ({@code NaN} when nothing could be measured)
 * @param unit     {@code ns}, {@code 1/s} or {@code fraction}
 * @param verdict  PASS, WARN or FAIL
 * @param evidence why: counts, intervals, or what was missing; empty for a plain pass
 */
public record ObjectiveResult(
        String name,
        String expected,
        String actual,
        double limit,
        double value,
        String unit,
        Verdict verdict,
        String evidence) {

    /** This result downgraded to WARN, with the reason in front of its evidence. */
    public ObjectiveResult warn(String reason) {
        return new ObjectiveResult(name, expected, actual, limit, value, unit, Verdict.WARN,
                evidence.isEmpty() ? reason : reason + "; " + evidence);
    }
}
