package dev.perfgate.measure;

import java.util.Arrays;

import dev.perfgate.OtelOverhead.Statistic;

/**
 * What a paired measurement recorded: for every pair, the statistic of its off batch and of its on batch, and for
 * each arm everything its batches recorded.
 *
 * @param statistic           what each batch's value is: its median, mean or 99th percentile latency
 * @param invocationsPerBatch invocations in every batch of either arm
 * @param offNanos            each pair's off batch value, in nanoseconds ({@code NaN} if all of it threw)
 * @param onNanos             each pair's on batch value, in nanoseconds
 * @param onFirst             whether each pair ran its on batch first
 * @param off                 all that the off batches recorded
 * @param on                  all that the on batches recorded
 */
public record PairedMeasurement(
        Statistic statistic,
        int invocationsPerBatch,
        double[] offNanos,
        double[] onNanos,
        boolean[] onFirst,
        Measurement off,
        Measurement on) {

    public PairedMeasurement {
        if (offNanos.length != onNanos.length || offNanos.length != onFirst.length) {
            throw new IllegalArgumentException("pairs of different lengths: " + offNanos.length + ", "
                    + onNanos.length + ", " + onFirst.length);
        }
        offNanos = offNanos.clone();
        onNanos = onNanos.clone();
        onFirst = onFirst.clone();
    }

    /** Each pair's off batch value, in nanoseconds; a copy. */
    @Override
    public double[] offNanos() {
        return offNanos.clone();
    }

    /** Each pair's on batch value, in nanoseconds; a copy. */
    @Override
    public double[] onNanos() {
        return onNanos.clone();
    }

    /** Whether each pair ran its on batch first; a copy. */
    @Override
    public boolean[] onFirst() {
        return onFirst.clone();
    }

    /** Number of pairs. */
    public int pairs() {
        return offNanos.length;
    }

    /**
     * {@code ln(on / off)} of every pair in which both batches have a value; a batch value of 0 (an operation below
     * the clock's resolution) counts as 1 ns.
     */
    public double[] logRatios() {
        double[] ratios = new double[offNanos.length];
        int n = 0;
        for (int i = 0; i < offNanos.length; i++) {
            if (!Double.isNaN(offNanos[i]) && !Double.isNaN(onNanos[i])) {
                ratios[n++] = Math.log(Math.max(1, onNanos[i]) / Math.max(1, offNanos[i]));
            }
        }
        return Arrays.copyOf(ratios, n);
    }

    @Override
    public String toString() {
        return "PairedMeasurement[" + pairs() + " pairs of " + invocationsPerBatch + " invocations, "
                + statistic + ", off p50 " + off.percentileNanos(50) + " ns, on p50 " + on.percentileNanos(50) + " ns]";
    }
}
