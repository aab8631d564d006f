package dev.perfgate;

import dev.perfgate.config.OverheadConfiguration;
import dev.perfgate.config.OverheadSettings;
import dev.perfgate.measure.NanoClock;
import dev.perfgate.measure.Operation;
import dev.perfgate.measure.PairedHarness;
import dev.perfgate.measure.PairedMeasurement;
import dev.perfgate.otel.OverheadTelemetry;
import dev.perfgate.otel.OverheadTelemetry.Counts;
import dev.perfgate.result.OverheadResult;
import dev.perfgate.stats.MedianInterval;
import dev.perfgate.verdict.ObjectiveResult;
import dev.perfgate.verdict.OverheadEstimate;
import dev.perfgate.verdict.OverheadObjective;
import dev.perfgate.verdict.Units;
import dev.perfgate.verdict.Verdict;

import org.jspecify.annotations.Nullable;

/**
 * Measures and judges one {@code @OtelOverhead} test: rounds of {@value OtelOverhead#MIN_PAIRS} pairs until the
 * interval settles the limit or {@link OverheadSettings#MAX_ROUNDS} rounds were taken, then, for a FAIL, as many
 * confirming measurements as {@code perfgate.confirm.retries} asks. A FAIL stands only if every measurement
 * failed; otherwise it is a WARN that says which failed.
 */
final class OverheadCheck {

    private final NanoClock clock;
    private final OverheadConfiguration configuration;
    private final double alpha;
    private final int confirmRetries;

    OverheadCheck(NanoClock clock, OverheadConfiguration configuration, double alpha, int confirmRetries) {
        this.clock = clock;
        this.configuration = configuration;
        this.alpha = alpha;
        this.confirmRetries = confirmRetries;
    }

    OverheadResult run(Operation operation, OverheadTelemetry telemetry, OverheadSettings settings, long seed)
            throws Throwable {
        telemetry.configure(settings.exporter(), settings.samplingRatio());
        PairedHarness harness = new PairedHarness(clock, seed);
        PairedHarness.Arms arms = on -> {
            if (on) {
                telemetry.openTelemetry().on();
            }
            else {
                telemetry.openTelemetry().off();
            }
        };
        try {
            Single first = measureOnce(harness, operation, arms, telemetry, settings, configuration.warmupNanos(), 0);
            Single last = first;
            int measurements = 1;
            int failures = first.result.verdict() == Verdict.FAIL ? 1 : 0;
            // A vacuous measurement is not confirmed: measuring again would not give the system telemetry.
            while (last.result.verdict() == Verdict.FAIL && last.telemetry.any() && measurements <= confirmRetries) {
                last = measureOnce(harness, operation, arms, telemetry, settings, 0,
                        first.measurement.invocationsPerBatch());
                measurements++;
                if (last.result.verdict() == Verdict.FAIL) {
                    failures++;
                }
            }
            ObjectiveResult result = last.result;
            if (failures > 0 && failures < measurements) { // then the last measurement did not fail
                result = result.warn("FAIL on " + failures + " of " + measurements + " measurements, not on the last");
            }
            return new OverheadResult(settings, last.estimate, last.measurement, last.rounds, measurements,
                    last.telemetry, result, seed);
        }
        finally {
            telemetry.openTelemetry().off();
        }
    }

    private Single measureOnce(PairedHarness harness, Operation operation, PairedHarness.Arms arms,
            OverheadTelemetry telemetry, OverheadSettings settings, long warmupNanos, int invocationsPerBatch)
            throws Throwable {
        PairedHarness.Session session = harness.start(operation, arms, settings.statistic(), warmupNanos,
                configuration.batchNanos(), invocationsPerBatch);
        Counts before = telemetry.flushAndCount(); // what warmup and earlier tests produced is not this test's
        OverheadObjective objective = settings.objective();
        OverheadEstimate estimate = null;
        int rounds = 0;
        while (rounds < OverheadSettings.MAX_ROUNDS) {
            session.runPairs(OtelOverhead.MIN_PAIRS);
            rounds++;
            estimate = estimate(session.result());
            if (estimate != null && objective.conclusive(estimate)) {
                break;
            }
        }
        Counts produced = telemetry.flushAndCount().since(before);
        PairedMeasurement measurement = session.result();
        ObjectiveResult result;
        if (!produced.any()) {
            result = objective.vacuous("0 spans and 0 metric points from "
                    + Units.count(measurement.on().invocations()) + " invocations with telemetry on; build the system under test with the OpenTelemetry perfgate"
                    + " passes as a parameter");
        }
        else if (estimate == null) {
            result = objective.unjudged("too few pairs in which both batches returned normally to judge");
        }
        else {
            result = objective.judge(estimate);
        }
        return new Single(estimate, measurement, rounds, produced, result);
    }

    private @Nullable OverheadEstimate estimate(PairedMeasurement measurement) {
        double[] ratios = measurement.logRatios();
        if (ratios.length < MedianInterval.minimumCount(alpha)) {
            return null;
        }
        return OverheadEstimate.of(ratios, alpha);
    }

    private record Single(@Nullable OverheadEstimate estimate, PairedMeasurement measurement, int rounds,
            Counts telemetry, ObjectiveResult result) {
    }
}
