package dev.perfgate.result;

import org.jspecify.annotations.Nullable;

import dev.perfgate.OtelOverhead;
import dev.perfgate.config.OverheadSettings;
import dev.perfgate.measure.Measurement;
import dev.perfgate.measure.PairedMeasurement;
import dev.perfgate.otel.OverheadTelemetry.Counts;
import dev.perfgate.verdict.ObjectiveResult;
import dev.perfgate.verdict.OverheadEstimate;
import dev.perfgate.verdict.OverheadGrade;
import dev.perfgate.verdict.Units;

/**
 * What an {@code @OtelOverhead} test measured and how it was judged.
 *
 * @param settings     what the test asked for
 * @param estimate     the overhead over the last measurement's pairs, {@code null} when too few pairs had a value
 * @param measurement  the last paired measurement
 * @param rounds       rounds of pairs the last measurement took
 * @param measurements paired measurements made: 2 when a FAIL was confirmed (or not)
 * @param telemetry    what the "on" arm of the last measurement produced
 * @param result       the verdict, over all measurements
 * @param seed         the seed of the random order within pairs, to repeat the measurement's order
 */
public record OverheadResult(OverheadSettings settings, @Nullable OverheadEstimate estimate,
        PairedMeasurement measurement, int rounds, int measurements, Counts telemetry, ObjectiveResult result,
        long seed) {

    /** Spans recorded per invocation of the "on" arm. */
    public double spansPerOperation() {
        return perOperation(telemetry.spansEnded());
    }

    /** Metric points collected per invocation of the "on" arm (a delta point sums many recordings). */
    public double metricPointsPerOperation() {
        return perOperation(telemetry.metricPoints());
    }

    /** The grade of the estimate (see {@link OverheadGrade}), {@code null} without one. */
    public @Nullable OverheadGrade grade() {
        return estimate == null ? null : OverheadGrade.of(estimate.estimate());
    }

    /**
     * The measurement for people: {@code off p50 201 µs, p99 230 µs; on p50 213 µs, p99 244 µs; 300 pairs of 19
     * invocations, batch MEDIAN; exporter IN_MEMORY, sampling 100 %; per invocation 1 span, 0.00018 metric
     * points}.
     */
    public String describe() {
        Measurement off = measurement.off();
        Measurement on = measurement.on();
        StringBuilder text = new StringBuilder()
                .append("off p50 ").append(Units.duration(off.percentileNanos(50)))
                .append(", p99 ").append(Units.duration(off.percentileNanos(99)))
                .append("; on p50 ").append(Units.duration(on.percentileNanos(50)))
                .append(", p99 ").append(Units.duration(on.percentileNanos(99)))
                .append("; ").append(Units.count(measurement.pairs())).append(" pairs of ")
                .append(Units.count(measurement.invocationsPerBatch()))
                .append(measurement.invocationsPerBatch() == 1 ? " invocation" : " invocations")
                .append(", batch ").append(settings.statistic())
                .append("; exporter ").append(settings.exporter())
                .append(", sampling ").append(Units.percent(settings.samplingRatio()))
                .append("; per invocation ").append(Units.number(spansPerOperation()))
                .append(spansPerOperation() == 1 ? " span, " : " spans, ")
                .append(Units.number(metricPointsPerOperation())).append(" metric points");
        if (telemetry.spansExported() < telemetry.spansEnded() && settings.exporter() != OtelOverhead.Exporter.NONE) {
            text.append(" (").append(Units.count(telemetry.spansEnded() - telemetry.spansExported()))
                    .append(" spans dropped by a full export queue)");
        }
        if (telemetry.failedExports() > 0) {
            text.append(" (").append(Units.count(telemetry.failedExports())).append(" exports failed)");
        }
        if (telemetry.otlpRequests() > 0) {
            text.append("; OTLP receiver read ").append(Units.count(telemetry.otlpRequests())).append(" requests, ")
                    .append(Units.count(telemetry.otlpBytes())).append(" bytes");
        }
        return text.toString();
    }

    private double perOperation(long count) {
        long invocations = measurement.on().invocations();
        return invocations == 0 ? Double.NaN : (double) count / invocations;
    }
}
