package dev.perfgate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;

import dev.perfgate.OtelOverhead.Exporter;
import dev.perfgate.OtelOverhead.Statistic;
import dev.perfgate.config.OverheadConfiguration;
import dev.perfgate.config.OverheadSettings;
import dev.perfgate.measure.NanoClock;
import dev.perfgate.otel.OverheadTelemetry;
import dev.perfgate.result.OverheadResult;
import dev.perfgate.verdict.OverheadObjective;
import dev.perfgate.verdict.Verdict;

/**
 * Rounds, confirmation and the vacuity check on a fake clock: the operation is real (a span from the real SDK,
 * switched by the real {@link OverheadTelemetry}), its cost is what it adds to the clock, so every verdict here is
 * exact.
 */
class OverheadCheckTests {

    private final AtomicLong now = new AtomicLong();
    private final NanoClock clock = now::get;
    private final OverheadConfiguration configuration = new OverheadConfiguration(10_000, 1_000);
    private OverheadTelemetry telemetry;
    private Tracer tracer;

    @BeforeEach
    void start() {
        telemetry = OverheadTelemetry.start("OverheadCheckTests");
        tracer = telemetry.openTelemetry().getTracer("test");
    }

    @AfterEach
    void stop() {
        telemetry.close();
    }

    @Test
    void thirtyPercentMoreWithTelemetryOnFailsAndIsConfirmed() throws Throwable {
        OverheadResult result = check(1).run(() -> traced(100, 130), telemetry, settings(10), 42);

        assertThat(result.result().verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.estimate().estimate()).isCloseTo(0.30, within(1e-9));
        assertThat(result.measurements()).isEqualTo(2);
        assertThat(result.rounds()).isEqualTo(1);
        assertThat(result.measurement().pairs()).isEqualTo(OtelOverhead.MIN_PAIRS);
        assertThat(result.spansPerOperation()).isEqualTo(1.0);
        assertThat(telemetry.openTelemetry().isOn()).isFalse();
    }

    @Test
    void fivePercentPassesInOneRound() throws Throwable {
        OverheadResult result = check(1).run(() -> traced(100, 105), telemetry, settings(10), 42);

        assertThat(result.result().verdict()).isEqualTo(Verdict.PASS);
        assertThat(result.estimate().estimate()).isCloseTo(0.05, within(1e-9));
        assertThat(result.measurements()).isEqualTo(1);
        assertThat(result.rounds()).isEqualTo(1);
    }

    @Test
    void anIntervalThatStraddlesTheLimitTakesEveryRoundThenWarns() throws Throwable {
        // With telemetry on a call costs 0 to 20 % more, uniformly: the median overhead is the limit itself.
        SplittableRandom random = new SplittableRandom(7);
        OverheadResult result = check(1).run(() -> traced(1000, 1000 + random.nextInt(201)), telemetry, settings(10),
                42);

        assertThat(result.result().verdict()).isEqualTo(Verdict.WARN);
        assertThat(result.result().evidence()).startsWith("inconclusive: the 99.9 % interval +");
        assertThat(result.rounds()).isEqualTo(OverheadSettings.MAX_ROUNDS);
        assertThat(result.measurement().pairs()).isEqualTo(OverheadSettings.MAX_ROUNDS * OtelOverhead.MIN_PAIRS);
    }

    @Test
    void aFailureThatTheSecondMeasurementDoesNotConfirmIsAWarning() throws Throwable {
        // Slow with telemetry on only until the first measurement is over (10,000 fake ns warmup, then 300 pairs).
        AtomicLong calls = new AtomicLong();
        OverheadResult result = check(1).run(() -> traced(100, calls.incrementAndGet() < 6_000 ? 130 : 100),
                telemetry, settings(10), 42);

        assertThat(result.measurements()).isEqualTo(2);
        assertThat(result.result().verdict()).isEqualTo(Verdict.WARN);
        assertThat(result.result().evidence()).startsWith("FAIL on 1 of 2 measurements, not on the last");
    }

    @Test
    void withoutTelemetryTheCheckFailsAsVacuousAndIsNotConfirmed() throws Throwable {
        OverheadResult result = check(1).run(() -> now.addAndGet(100), telemetry, settings(10), 42);

        assertThat(result.result().verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.result().evidence()).startsWith(OverheadObjective.VACUOUS + ": 0 spans and 0 metric points"
                + " from ");
        assertThat(result.measurements()).isEqualTo(1);
    }

    @Test
    void noConfirmationWhenRetriesAreZero() throws Throwable {
        OverheadResult result = check(0).run(() -> traced(100, 130), telemetry, settings(10), 42);

        assertThat(result.result().verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.measurements()).isEqualTo(1);
    }

    private OverheadCheck check(int confirmRetries) {
        return new OverheadCheck(clock, configuration, 0.001, confirmRetries);
    }

    private static OverheadSettings settings(double maxPercent) {
        return new OverheadSettings(new OverheadObjective(maxPercent / 100, maxPercent * 0.8 / 100), Statistic.MEDIAN,
                Exporter.IN_MEMORY, 1.0, Severity.FAIL);
    }

    /** A call that costs {@code offNanos} on the fake clock, or {@code onNanos} while its span records. */
    private void traced(long offNanos, long onNanos) {
        Span span = tracer.spanBuilder("call").startSpan();
        now.addAndGet(span.isRecording() ? onNanos : offNanos);
        span.end();
    }
}
