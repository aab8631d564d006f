package dev.perfgate.baseline;

import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

import dev.perfgate.measure.Measurement;
import dev.perfgate.verdict.Objective;
import dev.perfgate.verdict.ObjectiveResult;
import dev.perfgate.verdict.Units;
import dev.perfgate.verdict.Verdict;

/**
 * "No regression of the median over {@code maxRegression} against baseline {@code name}", judged with
 * {@link RegressionComparison}: FAIL when the whole interval is above {@code 1 + maxRegression}, WARN when only
 * the estimate is, PASS otherwise (an improvement beyond the limit says so). A FAIL becomes a WARN when the
 * environment differs from the baseline's, unless the environment is strict. Without an entry for the test, the
 * objective is WARN, or FAIL when missing entries fail.
 */
public final class RegressionObjective implements Objective {

    /** Blocks every baselined measurement is extended to, so that a later comparison has enough to resample. */
    public static final int MIN_BLOCKS_TO_SAVE = 10;

    private final String baselineName;
    private final @Nullable BaselineEntry entry;
    private final double maxRegression;
    private final LongSupplier calibrationNanos;
    private final List<String> environmentDifferences;
    private final boolean strictEnvironment;
    private final boolean missingFails;
    private final boolean regressionWarns;
    private final long seed;
    /** The last comparison, kept because the end-of-run table shows the same one the verdict judged. */
    private @Nullable Measurement lastMeasurement;
    private double lastAlpha;
    private @Nullable RegressionComparison lastComparison;

    /**
     * @param baselineName     the baseline compared against
     * @param entry            the test's entry in it, or null when it has none
     * @param maxRegressionPercent the largest accepted regression, in percent
     * @param calibrationNanos this run's calibration time, read when a measurement is judged
     * @param fingerprint      this run's environment
     * @param strictEnvironment whether a FAIL stays a FAIL in another environment
     * @param missingFails     whether a missing entry is a FAIL
     * @param seed             seeds the bootstrap (e.g. from the test's id), so that verdicts are reproducible
     */
    public RegressionObjective(String baselineName, @Nullable BaselineEntry entry, double maxRegressionPercent,
            LongSupplier calibrationNanos, Fingerprint fingerprint, boolean strictEnvironment, boolean missingFails,
            long seed) {
        this(baselineName, entry, maxRegressionPercent, calibrationNanos, fingerprint, strictEnvironment, missingFails,
                false, seed);
    }

    /**
     * As {@link #RegressionObjective(String, BaselineEntry, double, LongSupplier, Fingerprint, boolean, boolean,
     * long)}, and with {@code regressionWarns} ({@code perfgate.baseline.severity=warn}) a significant regression is
     * a WARN, not a FAIL.
     */
    public RegressionObjective(String baselineName, @Nullable BaselineEntry entry, double maxRegressionPercent,
            LongSupplier calibrationNanos, Fingerprint fingerprint, boolean strictEnvironment, boolean missingFails,
            boolean regressionWarns, long seed) {
        this.baselineName = baselineName;
        this.entry = entry;
        this.maxRegression = maxRegressionPercent / 100;
        this.calibrationNanos = calibrationNanos;
        this.environmentDifferences = entry == null ? List.of()
                : fingerprint.significantDifferences(entry.fingerprint());
        this.strictEnvironment = strictEnvironment;
        this.missingFails = missingFails;
        this.regressionWarns = regressionWarns;
        this.seed = seed;
    }

    @Override
    public String name() {
        return "regression";
    }

    @Override
    public long requiredSamples() {
        return 2;
    }

    /** Blocks to resample when there is an entry to compare with; none otherwise (there is nothing to compare). */
    @Override
    public int requiredBlocks() {
        return entry == null ? 0 : MIN_BLOCKS_TO_SAVE;
    }

    /** The baseline compared against. */
    public String baselineName() {
        return baselineName;
    }

    /** The test's entry in the baseline, or null. */
    public @Nullable BaselineEntry entry() {
        return entry;
    }

    /**
     * The comparison of {@code measurement} with the baseline at significance {@code alpha}, or null when there is
     * nothing to compare (no entry, too few blocks).
     */
    public @Nullable RegressionComparison compare(Measurement measurement, double alpha) {
        if (entry == null) {
            return null;
        }
        if (measurement == lastMeasurement && alpha == lastAlpha) {
            return lastComparison;
        }
        long[] blocks = measurement.blocks().nonEmptyMediansNanos();
        RegressionComparison comparison = blocks.length < RegressionComparison.MIN_BLOCKS
                || entry.blockMedians().length < RegressionComparison.MIN_BLOCKS
                ? null
                : RegressionComparison.compare(entry, blocks, measurement.percentileNanos(50),
                        measurement.percentileNanos(99), calibrationNanos.getAsLong(), alpha, seed);
        lastMeasurement = measurement;
        lastAlpha = alpha;
        lastComparison = comparison;
        return comparison;
    }

    @Override
    public ObjectiveResult judge(Measurement measurement, double alpha) {
        String expected = "<= +" + Units.percent(maxRegression);
        if (entry == null) {
            return new ObjectiveResult(name(), expected, "n/a", maxRegression, Double.NaN, "fraction",
                    missingFails ? Verdict.FAIL : Verdict.WARN, "no entry for this test in baseline '" + baselineName
                            + "'" + (missingFails ? " (perfgate.baseline.missing=fail)" : ""));
        }
        RegressionComparison comparison = compare(measurement, alpha);
        if (comparison == null) {
            return new ObjectiveResult(name(), expected, "n/a", maxRegression, Double.NaN, "fraction", Verdict.WARN,
                    "too few measurement blocks to compare with baseline '" + baselineName + "' ("
                            + measurement.blocks().nonEmptyMediansNanos().length + " now, "
                            + entry.blockMedians().length + " then; " + RegressionComparison.MIN_BLOCKS
                            + " needed)");
        }
        double change = comparison.ratio() - 1;
        String evidence = "median " + Units.duration(measurement.percentileNanos(50)) + " now, "
                + Units.duration(entry.p50Nanos()) + " in " + baselineName + "; " + Units.percent(comparison.confidence())
                + " interval " + signedPercent(comparison.lower() - 1) + " .. " + signedPercent(comparison.upper() - 1)
                + "; p99 " + signedPercent(comparison.p99Ratio() - 1) + "; calibration x"
                + String.format(Locale.ROOT, "%.2f", comparison.calibrationRatio())
                + (comparison.calibrationApplied() ? " (normalised)" : " (within noise, not applied)");
        Verdict verdict;
        boolean failsNormalised = comparison.lower() > 1 + maxRegression;
        boolean failsRaw = comparison.rawLower() > 1 + maxRegression;
        if (failsNormalised != failsRaw) {
            // The calibration alone decides, one way or the other. A calibration reading can be off (another
            // process, the JIT still at work) where the code is not: a gate must neither fail nor pass on it alone.
            double rawChange = comparison.ratio() * (comparison.calibrationApplied() ? comparison.calibrationRatio() : 1) - 1;
            verdict = Verdict.WARN;
            evidence = (failsNormalised
                    ? "above the limit only after normalising by the calibration; the medians themselves differ by "
                    : "within the limit only after normalising by the calibration; the medians themselves differ by ")
                    + signedPercent(rawChange) + ": check the machine; " + evidence;
        }
        else if (failsNormalised) {
            verdict = Verdict.FAIL;
            if (!environmentDifferences.isEmpty() && !strictEnvironment) {
                verdict = Verdict.WARN;
                evidence = "not failing: the environment differs from the baseline's (" + String.join("; ",
                        environmentDifferences) + "); set perfgate.baseline.strict-environment=true to fail anyway; "
                        + evidence;
            }
            else if (regressionWarns) {
                verdict = Verdict.WARN;
                evidence = "not failing: perfgate.baseline.severity=warn; " + evidence;
            }
        }
        else if (comparison.ratio() > 1 + maxRegression) {
            verdict = Verdict.WARN;
            evidence = "above the limit but not significant; " + evidence;
        }
        else {
            verdict = Verdict.PASS;
            if (comparison.upper() < 1 - maxRegression) {
                evidence = "improved by " + Units.percent(-change) + "; " + evidence;
            }
        }
        return new ObjectiveResult(name(), expected, signedPercent(change), maxRegression, change, "fraction",
                verdict, evidence);
    }

    /** {@code +12.4 %}, {@code -3.1 %}. */
    static String signedPercent(double fraction) {
        double rounded = Math.round(fraction * 1e6) / 1e6; // below 0.0001 %, a difference is rounding, not data
        return (rounded >= 0 ? "+" : "-") + Units.percent(Math.abs(rounded));
    }
}
