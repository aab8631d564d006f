package dev.perfgate.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import dev.perfgate.measure.Measurement;
import dev.perfgate.result.ResultWriter;
import dev.perfgate.verdict.ObjectiveResult;
import dev.perfgate.verdict.Verdict;

/** The regression verdict on synthetic measurements: 32 blocks of known medians, no clock. */
class RegressionObjectiveTests {

    private static final double ALPHA = 0.001;
    private static final Fingerprint HERE = new Fingerprint("CPU", 2, "vendor", "17.0.15", "Linux amd64", "0.1.0");

    private static long[] blocks(long median) {
        long[] blocks = new long[32];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = median + (i % 5) - 2;
        }
        return blocks;
    }

    private static Measurement measurement(long median) {
        Histogram histogram = new Histogram(3);
        histogram.recordValueWithCount(median, 3_200);
        long[] counts = new long[32];
        Arrays.fill(counts, 100);
        long[] sums = new long[32];
        Arrays.fill(sums, 100 * median);
        return new Measurement(histogram, 0, List.of(), 32_000_000, 3_200 * median, median, median,
                new Measurement.Blocks(1_000_000, counts, sums, blocks(median)), 1, 0, 0, 0);
    }

    private static BaselineEntry baseline(long median, long calibration, Fingerprint fingerprint) {
        return new BaselineEntry("id", "T.t()", 3_200, median, median, blocks(median),
                ResultWriter.encode(new Histogram(3)), calibration, fingerprint, null);
    }

    private static ObjectiveResult judge(BaselineEntry baseline, long currentMedian, long calibration,
            Fingerprint here, boolean strict) {
        return new RegressionObjective("v1", baseline, 10, () -> calibration, here, strict, false, 1)
                .judge(measurement(currentMedian), ALPHA);
    }

    @Test
    void aSignificantRegressionFailsWithTheNumbers() {
        ObjectiveResult result = judge(baseline(100_000, 1_000_000, HERE), 125_000, 1_000_000, HERE, false);

        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.expected()).isEqualTo("<= +10 %");
        assertThat(result.actual()).isEqualTo("+25 %");
        assertThat(result.evidence()).startsWith("median 125 µs now, 100 µs in v1; 99.9 % interval +");
        assertThat(result.evidence()).endsWith("; calibration x1.00 (within noise, not applied)");
    }

    @Test
    void anImprovementBeyondTheLimitIsReported() {
        ObjectiveResult result = judge(baseline(100_000, 1_000_000, HERE), 80_000, 1_000_000, HERE, false);

        assertThat(result.verdict()).isEqualTo(Verdict.PASS);
        assertThat(result.evidence()).startsWith("improved by 20 %; ");
    }

    @Test
    void aFailureThatOnlyTheCalibrationMakesIsAWarning() {
        // The medians are equal; the calibration says this machine is now 30 % faster.
        ObjectiveResult result = judge(baseline(100_000, 1_300_000, HERE), 100_000, 1_000_000, HERE, false);

        assertThat(result.verdict()).isEqualTo(Verdict.WARN);
        assertThat(result.evidence()).startsWith("above the limit only after normalising by the calibration; the"
                + " medians themselves differ by +0 %: check the machine; ");
    }

    @Test
    void aSlowerMachineIsExcusedOnlyAsFarAsAWarning() {
        // The machine is 30 % slower now, and so is the code: the calibration explains it, but the gate does not
        // pass on the calibration alone.
        ObjectiveResult result = judge(baseline(100_000, 1_000_000, HERE), 130_000, 1_300_000, HERE, false);

        assertThat(result.verdict()).isEqualTo(Verdict.WARN);
        assertThat(result.actual()).isEqualTo("+0 %");
        assertThat(result.evidence()).endsWith("calibration x1.30 (normalised)");
    }

    @Test
    void aBaselineFromASlowerMachinePassesUnchangedCode() {
        ObjectiveResult result = judge(baseline(130_000, 1_300_000, HERE), 100_000, 1_000_000, HERE, false);

        assertThat(result.verdict()).isEqualTo(Verdict.PASS);
        assertThat(result.actual()).isEqualTo("+0 %");
    }

    @Test
    void anotherEnvironmentWarnsUnlessStrict() {
        Fingerprint elsewhere = new Fingerprint("Other CPU", 2, "vendor", "17.0.15", "Linux amd64", "0.1.0");

        ObjectiveResult lenient = judge(baseline(100_000, 1_000_000, elsewhere), 125_000, 1_000_000, HERE, false);
        ObjectiveResult strict = judge(baseline(100_000, 1_000_000, elsewhere), 125_000, 1_000_000, HERE, true);

        assertThat(lenient.verdict()).isEqualTo(Verdict.WARN);
        assertThat(lenient.evidence()).startsWith("not failing: the environment differs from the baseline's (CPU"
                + " model 'Other CPU' then, 'CPU' now); set perfgate.baseline.strict-environment=true to fail anyway; ");
        assertThat(strict.verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void aSignificantRegressionWarnsWhenTheSeverityIsWarn() {
        BaselineEntry baseline = baseline(100_000, 1_000_000, HERE);
        ObjectiveResult fails = new RegressionObjective("v1", baseline, 10, () -> 1_000_000, HERE, false, false, 1)
                .judge(measurement(125_000), ALPHA);
        ObjectiveResult warns = new RegressionObjective("v1", baseline, 10, () -> 1_000_000, HERE, false, false, true,
                1).judge(measurement(125_000), ALPHA);

        assertThat(fails.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(warns.verdict()).isEqualTo(Verdict.WARN);
        assertThat(warns.actual()).isEqualTo(fails.actual());
        assertThat(warns.evidence()).startsWith("not failing: perfgate.baseline.severity=warn; median ");
    }

    @Test
    void blocksAreRequiredOnlyWhenThereIsAnEntryToCompareWith() {
        assertThat(new RegressionObjective("v1", baseline(100_000, 1_000_000, HERE), 10, () -> 1_000_000, HERE, false,
                false, 1).requiredBlocks()).isEqualTo(RegressionObjective.MIN_BLOCKS_TO_SAVE);
        assertThat(new RegressionObjective("v1", null, 10, () -> 1_000_000, HERE, false, false, 1).requiredBlocks())
                .isZero();
    }

    @Test
    void withoutAnEntryItWarnsOrFails() {
        ObjectiveResult warn = new RegressionObjective("v1", null, 10, () -> 1_000_000, HERE, false, false, 1)
                .judge(measurement(100_000), ALPHA);
        ObjectiveResult fail = new RegressionObjective("v1", null, 10, () -> 1_000_000, HERE, false, true, 1)
                .judge(measurement(100_000), ALPHA);

        assertThat(warn.verdict()).isEqualTo(Verdict.WARN);
        assertThat(warn.evidence()).isEqualTo("no entry for this test in baseline 'v1'");
        assertThat(fail.verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void aRegressionThatOnlyTheCalibrationExcusesIsAWarningNotAPass() {
        // The medians are 25 % apart; the calibration says this machine is now 30 % slower.
        ObjectiveResult result = judge(baseline(100_000, 1_000_000, HERE), 125_000, 1_300_000, HERE, false);

        assertThat(result.verdict()).isEqualTo(Verdict.WARN);
        assertThat(result.evidence()).startsWith("within the limit only after normalising by the calibration; the"
                + " medians themselves differ by +25 %: check the machine; ");
    }
}
