package dev.perfgate.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import dev.perfgate.OtelOverhead.Statistic;

class PairedMeasurementTests {

    private static Measurement arm(long latencyNanos, long count) {
        Histogram histogram = new Histogram(3);
        histogram.recordValueWithCount(latencyNanos, count);
        return new Measurement(histogram, 0, List.of(), latencyNanos * count, latencyNanos * count, latencyNanos,
                latencyNanos, new Measurement.Blocks(1, new long[0], new long[0]), 1, 0, 0, 0);
    }

    private static PairedMeasurement pairs(double[] offNanos, double[] onNanos) {
        return new PairedMeasurement(Statistic.MEDIAN, 10, offNanos, onNanos, new boolean[offNanos.length],
                arm(100, 10L * offNanos.length), arm(130, 10L * onNanos.length));
    }

    @Test
    void logRatiosSkipPairsInWhichEitherBatchHasNoValue() {
        PairedMeasurement measurement = pairs(new double[] {100, Double.NaN, 100, 200},
                new double[] {150, 100, Double.NaN, 100});

        assertThat(measurement.pairs()).isEqualTo(4);
        assertThat(measurement.logRatios()).containsExactly(Math.log(1.5), Math.log(0.5));
    }

    @Test
    void aBatchValueBelowOneNanosecondCountsAsOne() {
        PairedMeasurement measurement = pairs(new double[] {0, 2, 0.5}, new double[] {2, 0, 0});

        assertThat(measurement.logRatios()).containsExactly(Math.log(2), Math.log(0.5), 0.0);
    }

    @Test
    void pairsMustHaveOneValueOfEachArmAndAnOrder() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new PairedMeasurement(Statistic.MEDIAN, 10, new double[2], new double[1],
                        new boolean[1], arm(100, 1), arm(130, 1)))
                .withMessage("pairs of different lengths: 2, 1, 1");
    }

    @Test
    void theArraysAreCopiedIn() {
        double[] offNanos = {100};
        boolean[] onFirst = {true};
        PairedMeasurement measurement = new PairedMeasurement(Statistic.MEDIAN, 10, offNanos, new double[] {130},
                onFirst, arm(100, 10), arm(130, 10));

        offNanos[0] = 1;
        onFirst[0] = false;

        assertThat(measurement.offNanos()).containsExactly(100);
        assertThat(measurement.onFirst()).containsExactly(true);
    }

    @Test
    void toStringSummarisesThePairs() {
        PairedMeasurement measurement = pairs(new double[] {100, 100}, new double[] {130, 130});

        assertThat(measurement).hasToString("PairedMeasurement[2 pairs of 10 invocations, MEDIAN, off p50 100 ns, "
                + "on p50 130 ns]");
    }
}
