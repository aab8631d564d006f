package dev.perfgate.otel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.perfgate.OtelOverhead.Exporter;
import dev.perfgate.otel.OverheadTelemetry.Counts;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;

/**
 * The pipeline with its real SDK, exporters and loopback receiver. Everything asynchronous (the batch span
 * processor, the periodic metric reader, the OTLP transport) is awaited through
 * {@link OverheadTelemetry#flushAndCount()}, which force-flushes and waits, so no assertion here depends on timing;
 * only the sampling ratio is statistical, with a margin far beyond its spread.
 *
 * <p>Metric points are compared with those of an idle reading rather than asserted exactly: the SDK's periodic reader
 * (1.68, internal telemetry {@code LATEST} by default) records {@code otel.sdk.metric_reader.collection.duration} into
 * the meter provider it reads, so every collection after the first carries one point of its own, on or off. The
 * exact expectation is kept, disabled, in {@link #whileOffNothingAtAllIsCounted()}.
 *
 * <p>Readings that must show every ended span exported go through {@link #exportedCounts}: the batch span processor
 * of SDK 1.68 can answer a flush that closely follows another one with the earlier, completed request, so that
 * {@code flushAndCount()} returns before the spans left the queue.
 */
class OverheadTelemetryTests {

    /** Well below the batch span processor's default queue of 2,048, so that no span can be dropped. */
    private static final int SPANS = 100;

    private static final Counts NOTHING = new Counts(0, 0, 0, 0, 0, 0, true);
    private static final Attributes ATTRIBUTES = Attributes.of(AttributeKey.stringKey("arm"), "on");

    // ---------------------------------------------------------------- off

    @Test
    void startsOffAndRecordsNothingWhileOff() {
        try (OverheadTelemetry telemetry = OverheadTelemetry.start("service")) {
            SwitchableOpenTelemetry otel = telemetry.openTelemetry();
            assertThat(otel.isOn()).isFalse();
            assertThat(telemetry.exporter()).isEqualTo(Exporter.IN_MEMORY);

            Tracer tracer = otel.getTracer("tracer");
            LongCounter counter = otel.getMeter("meter").counterBuilder("requests").build();
            Counts before = telemetry.flushAndCount();
            for (int i = 0; i < SPANS; i++) {
                Span span = tracer.spanBuilder("while-off").startSpan();
                assertThat(span.isRecording()).isFalse();
                assertThat(span.getSpanContext().isValid()).isFalse();
                span.end();
                counter.add(1, ATTRIBUTES);
            }
            Counts recordedWhileOff = telemetry.flushAndCount();
            Counts idle = telemetry.flushAndCount().since(recordedWhileOff);

            assertNothingRecorded(recordedWhileOff.since(before), idle);
        }
    }

    /** The SDK's metrics about itself (otel.sdk.metric_reader.collection.duration) are not the system's output. */
    @Test
    void whileOffNothingAtAllIsCounted() {
        try (OverheadTelemetry telemetry = OverheadTelemetry.start("service")) {
            SwitchableOpenTelemetry otel = telemetry.openTelemetry();
            Counts before = telemetry.flushAndCount();
            endSpans(otel.getTracer("tracer"), SPANS);
            otel.getMeter("meter").counterBuilder("requests").build().add(1, ATTRIBUTES);

            Counts produced = telemetry.flushAndCount().since(before);
            assertThat(produced).isEqualTo(NOTHING);
            assertThat(produced.any()).as("any()").isFalse();
        }
    }

    @Test
    void instrumentsObtainedWhileOffRecordOnlyWhileOn() {
        try (OverheadTelemetry telemetry = OverheadTelemetry.start("service")) {
            SwitchableOpenTelemetry otel = telemetry.openTelemetry();
            Tracer tracer = otel.getTracer("tracer");
            LongCounter counter = otel.getMeter("meter").counterBuilder("requests").build();

            Counts start = telemetry.flushAndCount();
            endSpans(tracer, SPANS);
            counter.add(1, ATTRIBUTES);
            Counts off = telemetry.flushAndCount();
            assertNothingRecorded(off.since(start), telemetry.flushAndCount().since(off));

            Counts beforeOn = telemetry.flushAndCount();
            otel.on();
            endSpans(tracer, SPANS);
            counter.add(1, ATTRIBUTES);
            otel.off();
            Counts on = exportedCounts(telemetry);
            assertThat(on.since(beforeOn)).extracting(Counts::spansEnded, Counts::spansExported, Counts::failedExports,
                    Counts::complete).containsExactly((long) SPANS, (long) SPANS, 0L, true);
            assertPointsRecorded(on.since(beforeOn), telemetry);

            // Obtained while off, used while on, then off again: back to recording nothing.
            Counts afterOn = telemetry.flushAndCount();
            endSpans(tracer, SPANS);
            counter.add(1, ATTRIBUTES);
            Counts offAgain = telemetry.flushAndCount();
            assertNothingRecorded(offAgain.since(afterOn), telemetry.flushAndCount().since(offAgain));
        }
    }

    /**
     * A cache that counts its hits itself reports them through an observable counter, read at collection: its
     * lookups record nothing. The count collects with the switch on, so the system's points are seen (the check is
     * not vacuous) and the switch is left as it was.
     */
    @Test
    void observableInstrumentsReportWhenCounted() {
        try (OverheadTelemetry telemetry = OverheadTelemetry.start("service")) {
            SwitchableOpenTelemetry otel = telemetry.openTelemetry();
            Counts start = telemetry.flushAndCount();
            long idle = telemetry.flushAndCount().since(start).metricPoints();
            long[] hits = {0};
            Counts before = telemetry.flushAndCount();
            try (var counter = otel.getMeter("meter").counterBuilder("cache.hits")
                    .buildWithCallback(measurement -> measurement.record(hits[0], ATTRIBUTES))) {
                hits[0] += 1_000;
                Counts produced = telemetry.flushAndCount().since(before);

                assertThat(otel.isOn()).as("switched back off").isFalse();
                assertThat(produced.metricPoints()).as("metric points, against %s in an idle reading", idle)
                        .isGreaterThan(idle);
                assertThat(produced.spansEnded()).isZero();
            }
        }
    }

    @Test
    void instrumentsObtainedWhileOnRecordNothingAfterOff() {
        try (OverheadTelemetry telemetry = OverheadTelemetry.start("service")) {
            SwitchableOpenTelemetry otel = telemetry.openTelemetry();
            otel.on();
            Tracer tracer = otel.getTracer("tracer");
            LongCounter counter = otel.getMeter("meter").counterBuilder("requests").build();
            otel.off();

            Counts before = telemetry.flushAndCount();
            Span span = tracer.spanBuilder("after-off").startSpan();
            assertThat(span.isRecording()).isFalse();
            span.end();
            counter.add(1, ATTRIBUTES);
            Counts recordedWhileOff = telemetry.flushAndCount();

            assertNothingRecorded(recordedWhileOff.since(before), telemetry.flushAndCount().since(recordedWhileOff));
        }
    }

    // ---------------------------------------------------------------- exporters

    @Test
    void inMemoryCountsEverySpanEndedAndExportedAndTheMetricPoints() {
        try (OverheadTelemetry telemetry = OverheadTelemetry.start("service")) {
            telemetry.configure(Exporter.IN_MEMORY, 1.0);
            Counts before = telemetry.flushAndCount();

            SwitchableOpenTelemetry otel = telemetry.openTelemetry();
            otel.on();
            endSpans(otel.getTracer("tracer"), SPANS);
            otel.getMeter("meter").counterBuilder("requests").build().add(SPANS, ATTRIBUTES);
            otel.off();

            Counts produced = exportedCounts(telemetry).since(before);
            assertThat(produced).extracting(Counts::spansEnded, Counts::spansExported, Counts::failedExports,
                    Counts::otlpRequests, Counts::otlpBytes, Counts::complete)
                    .containsExactly((long) SPANS, (long) SPANS, 0L, 0L, 0L, true);
            assertPointsRecorded(produced, telemetry);
            assertThat(produced.any()).isTrue();
        }
    }

    @Test
    void otlpSendsSpansAndMetricPointsToTheLoopbackReceiver() {
        try (OverheadTelemetry telemetry = OverheadTelemetry.start("service")) {
            telemetry.configure(Exporter.OTLP, 1.0);
            assertThat(telemetry.exporter()).isEqualTo(Exporter.OTLP);
            Counts before = telemetry.flushAndCount();

            SwitchableOpenTelemetry otel = telemetry.openTelemetry();
            otel.on();
            endSpans(otel.getTracer("tracer"), SPANS);
            otel.getMeter("meter").counterBuilder("requests").build().add(SPANS, ATTRIBUTES);
            otel.off();

            Counts produced = exportedCounts(telemetry).since(before);
            assertThat(produced.spansEnded()).isEqualTo(SPANS);
            assertThat(produced.spansExported()).isEqualTo(SPANS);
            assertPointsRecorded(produced, telemetry);
            assertThat(produced.failedExports()).isZero();
            // At least one request of spans and one of metrics; the batch processor may split the spans.
            assertThat(produced.otlpRequests()).isGreaterThanOrEqualTo(2);
            assertThat(produced.otlpBytes()).isPositive();
            assertThat(produced.complete()).isTrue();
        }
    }

    @Test
    void otlpSendsAMetricAloneToTheReceiver() {
        try (OverheadTelemetry telemetry = OverheadTelemetry.start("service")) {
            telemetry.configure(Exporter.OTLP, 1.0);
            Counts before = telemetry.flushAndCount();

            SwitchableOpenTelemetry otel = telemetry.openTelemetry();
            otel.on();
            otel.getMeter("meter").counterBuilder("requests").build().add(1, ATTRIBUTES);
            otel.off();

            // No spans: only the reader's requests (one per flush, and flushAndCount() flushes twice).
            Counts produced = telemetry.flushAndCount().since(before);
            assertThat(produced).extracting(Counts::spansEnded, Counts::spansExported, Counts::failedExports,
                    Counts::complete).containsExactly(0L, 0L, 0L, true);
            assertThat(produced.otlpRequests()).isBetween(1L, 2L);
            assertPointsRecorded(produced, telemetry);
            assertThat(produced.otlpBytes()).isPositive();
        }
    }

    @Test
    void noneRecordsSpansButExportsNothing() {
        try (OverheadTelemetry telemetry = OverheadTelemetry.start("service")) {
            telemetry.configure(Exporter.NONE, 1.0);
            Counts before = telemetry.flushAndCount();

            SwitchableOpenTelemetry otel = telemetry.openTelemetry();
            otel.on();
            Tracer tracer = otel.getTracer("tracer");
            for (int i = 0; i < SPANS; i++) {
                Span span = tracer.spanBuilder("recorded").startSpan();
                assertThat(span.isRecording()).isTrue();
                span.end();
            }
            otel.getMeter("meter").counterBuilder("requests").build().add(1, ATTRIBUTES);
            otel.off();

            // Metric points are still collected (aggregation is part of the cost), then dropped.
            Counts produced = telemetry.flushAndCount().since(before);
            assertThat(produced).extracting(Counts::spansEnded, Counts::spansExported, Counts::failedExports,
                    Counts::otlpRequests, Counts::otlpBytes, Counts::complete)
                    .containsExactly((long) SPANS, 0L, 0L, 0L, 0L, true);
            assertPointsRecorded(produced, telemetry);
        }
    }

    // ---------------------------------------------------------------- sampling

    @Test
    void samplingRatioOfAHalfRecordsAboutHalfOfTheTracesAndChildrenFollowTheirRoot() {
        int roots = 2_000;
        try (OverheadTelemetry telemetry = OverheadTelemetry.start("service")) {
            telemetry.configure(Exporter.IN_MEMORY, 0.5);
            Counts before = telemetry.flushAndCount();

            SwitchableOpenTelemetry otel = telemetry.openTelemetry();
            otel.on();
            Tracer tracer = otel.getTracer("tracer");
            int sampledRoots = 0;
            for (int i = 0; i < roots; i++) {
                if (i % 200 == 0) {
                    exportedCounts(telemetry); // at most 400 spans queued: none dropped from the queue of 2,048
                }
                Span root = tracer.spanBuilder("root").setNoParent().startSpan();
                boolean sampled = root.isRecording(); // read before end(): an ended span records no more
                Span child = tracer.spanBuilder("child").setParent(Context.root().with(root)).startSpan();
                assertThat(child.isRecording()).as("child of a root that %s", sampled ? "records" : "does not record")
                        .isEqualTo(sampled);
                child.end();
                root.end();
                if (sampled) {
                    sampledRoots++;
                }
            }
            otel.off();

            // Trace ids are random: 1,000 expected, a standard deviation of 22; the bounds are 13 of them away.
            assertThat(sampledRoots).isBetween(roots * 35 / 100, roots * 65 / 100);
            Counts produced = exportedCounts(telemetry).since(before);
            assertThat(produced.spansEnded()).isEqualTo(2L * sampledRoots);
            assertThat(produced.spansExported()).isEqualTo(2L * sampledRoots);
        }
    }

    @Test
    void samplingRatioZeroRecordsNoSpanButStillTheMetrics() {
        try (OverheadTelemetry telemetry = OverheadTelemetry.start("service")) {
            telemetry.configure(Exporter.IN_MEMORY, 0.0);
            SwitchableOpenTelemetry otel = telemetry.openTelemetry();
            otel.on();
            Tracer tracer = otel.getTracer("tracer");
            for (int i = 0; i < SPANS; i++) {
                Span span = tracer.spanBuilder("unsampled").startSpan();
                assertThat(span.isRecording()).isFalse();
                assertThat(span.getSpanContext().isValid()).isTrue();
                span.end();
            }
            otel.getMeter("meter").counterBuilder("requests").build().add(1, ATTRIBUTES);
            otel.off();

            Counts produced = telemetry.flushAndCount();
            assertThat(produced).extracting(Counts::spansEnded, Counts::spansExported, Counts::complete)
                    .containsExactly(0L, 0L, true);
            assertPointsRecorded(produced, telemetry);
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {1.5, -0.1, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void samplingRatioOutsideZeroToOneIsRejectedAndChangesNothing(double samplingRatio) {
        try (OverheadTelemetry telemetry = OverheadTelemetry.start("service")) {
            telemetry.configure(Exporter.NONE, 1.0);

            assertThatThrownBy(() -> telemetry.configure(Exporter.OTLP, samplingRatio))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("samplingRatio must be between 0 and 1, was " + samplingRatio);

            assertThat(telemetry.exporter()).isEqualTo(Exporter.NONE);
            SwitchableOpenTelemetry otel = telemetry.openTelemetry();
            otel.on();
            endSpans(otel.getTracer("tracer"), SPANS);
            otel.off();
            assertThat(telemetry.flushAndCount()).extracting(Counts::spansEnded, Counts::spansExported,
                    Counts::otlpRequests, Counts::complete).containsExactly((long) SPANS, 0L, 0L, true);
        }
    }

    @Test
    void nullArgumentsAreRejectedByName() {
        assertThatNullPointerException().isThrownBy(() -> OverheadTelemetry.start(null)).withMessage("serviceName");
        try (OverheadTelemetry telemetry = OverheadTelemetry.start("service")) {
            assertThatNullPointerException().isThrownBy(() -> telemetry.configure(null, 1.0))
                    .withMessage("exporter");
        }
    }

    // ---------------------------------------------------------------- switching exporters between tests

    @Test
    void theNextTestsOutputGoesToTheNewlyConfiguredExporter() {
        try (OverheadTelemetry telemetry = OverheadTelemetry.start("service")) {
            SwitchableOpenTelemetry otel = telemetry.openTelemetry();
            Tracer tracer = otel.getTracer("tracer");
            LongCounter counter = otel.getMeter("meter").counterBuilder("requests").build();

            telemetry.configure(Exporter.IN_MEMORY, 1.0);
            Counts before = telemetry.flushAndCount();
            otel.on();
            endSpans(tracer, SPANS);
            counter.add(1, ATTRIBUTES);
            otel.off();
            Counts inMemory = exportedCounts(telemetry);
            assertThat(inMemory.since(before)).extracting(Counts::spansEnded, Counts::spansExported,
                    Counts::failedExports, Counts::otlpRequests, Counts::otlpBytes, Counts::complete)
                    .containsExactly((long) SPANS, (long) SPANS, 0L, 0L, 0L, true);
            assertPointsRecorded(inMemory.since(before), telemetry);

            telemetry.configure(Exporter.OTLP, 1.0);
            Counts otlpBefore = telemetry.flushAndCount();
            assertThat(otlpBefore.since(inMemory)).extracting(Counts::spansEnded, Counts::spansExported)
                    .containsExactly(0L, 0L);
            otel.on();
            endSpans(tracer, 2 * SPANS);
            counter.add(1, ATTRIBUTES);
            otel.off();
            Counts otlpProduced = exportedCounts(telemetry).since(otlpBefore);
            assertThat(otlpProduced).extracting(Counts::spansEnded, Counts::spansExported, Counts::failedExports,
                    Counts::complete).containsExactly(2L * SPANS, 2L * SPANS, 0L, true);
            assertPointsRecorded(otlpProduced, telemetry);
            assertThat(otlpProduced.otlpRequests()).isGreaterThanOrEqualTo(2);
            assertThat(otlpProduced.otlpBytes()).isPositive();

            // And away from OTLP again: nothing more reaches the receiver.
            telemetry.configure(Exporter.NONE, 1.0);
            Counts noneBefore = telemetry.flushAndCount();
            otel.on();
            endSpans(tracer, SPANS);
            counter.add(1, ATTRIBUTES);
            otel.off();
            Counts noneProduced = telemetry.flushAndCount().since(noneBefore);
            assertThat(noneProduced).extracting(Counts::spansEnded, Counts::spansExported, Counts::failedExports,
                    Counts::otlpRequests, Counts::otlpBytes, Counts::complete)
                    .containsExactly((long) SPANS, 0L, 0L, 0L, 0L, true);
            assertPointsRecorded(noneProduced, telemetry);
        }
    }

    @Test
    void configureFlushesWhatThePreviousExporterStillHeldToIt() {
        try (OverheadTelemetry telemetry = OverheadTelemetry.start("service")) {
            SwitchableOpenTelemetry otel = telemetry.openTelemetry();
            telemetry.configure(Exporter.OTLP, 1.0);
            otel.on();
            endSpans(otel.getTracer("tracer"), SPANS);
            otel.getMeter("meter").counterBuilder("requests").build().add(1, ATTRIBUTES);
            otel.off();

            // Nothing flushed the OTLP processor yet: the next configure() is its first flush, which always exports.
            telemetry.configure(Exporter.NONE, 1.0);
            Counts afterSwitch = telemetry.flushAndCount();

            assertThat(afterSwitch).extracting(Counts::spansEnded, Counts::spansExported, Counts::failedExports)
                    .containsExactly((long) SPANS, (long) SPANS, 0L);
            assertPointsRecorded(afterSwitch, telemetry);
            assertThat(afterSwitch.otlpRequests()).isGreaterThanOrEqualTo(2);
        }
    }

    // ---------------------------------------------------------------- counts

    @Test
    void countsSinceSubtractsEachCountAndKeepsTheLaterReadingsCompleteness() {
        Counts earlier = new Counts(1, 2, 3, 4, 5, 6, true);
        Counts later = new Counts(11, 22, 33, 44, 55, 66, false);

        assertThat(later.since(earlier)).isEqualTo(new Counts(10, 20, 30, 40, 50, 60, false));
        assertThat(earlier.since(later.since(later))).isEqualTo(earlier);
    }

    @Test
    void countsAreAnythingWhenASpanOrAMetricPointWasProduced() {
        assertThat(NOTHING.any()).isFalse();
        assertThat(new Counts(0, 3, 0, 2, 5, 500, true).any()).as("exports and requests alone").isFalse();
        assertThat(new Counts(1, 0, 0, 0, 0, 0, true).any()).isTrue();
        assertThat(new Counts(0, 0, 1, 0, 0, 0, true).any()).isTrue();
    }

    // ---------------------------------------------------------------- close

    @Test
    void closeStopsTheReceiverAndTheSwitchForGoodAndTwiceIsHarmless() throws Exception {
        try (OverheadTelemetry telemetry = OverheadTelemetry.start("service")) {
            SwitchableOpenTelemetry otel = telemetry.openTelemetry();
            telemetry.configure(Exporter.OTLP, 1.0);
            otel.on();
            endSpans(otel.getTracer("tracer"), SPANS);
            assertThat(telemetry.flushAndCount().otlpRequests()).isPositive();
            InetSocketAddress receiver = receiverAddress(telemetry);
            connect(receiver); // the control: it does accept while open

            telemetry.close();

            assertThat(otel.isOn()).isFalse();
            assertThatThrownBy(() -> connect(receiver)).isInstanceOf(ConnectException.class);
            assertThatThrownBy(otel::on).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("SwitchableOpenTelemetry is closed");

            assertThatCode(telemetry::close).doesNotThrowAnyException();
            assertThatThrownBy(otel::on).isInstanceOf(IllegalStateException.class);
            assertThat(otel.isOn()).isFalse();
        }
    }

    @Test
    void closeWithoutOtlpHasNoReceiverToStop() {
        try (OverheadTelemetry telemetry = OverheadTelemetry.start("service")) {
            telemetry.openTelemetry().on();

            assertThatCode(telemetry::close).doesNotThrowAnyException();
            assertThatCode(telemetry::close).doesNotThrowAnyException();
            assertThatThrownBy(telemetry.openTelemetry()::on).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(telemetry::flushAndCount).isInstanceOf(IllegalStateException.class)
                    .hasMessage("OverheadTelemetry is closed: its SDK is shut down; start a new one");
            assertThatThrownBy(() -> telemetry.configure(Exporter.OTLP, 1.0)).isInstanceOf(IllegalStateException.class);
        }
    }

    // ---------------------------------------------------------------- GlobalOpenTelemetry

    @Test
    void globalOpenTelemetryIsNeverSet() {
        // isSet() only reads. GlobalOpenTelemetry.get() would set the global to the no-op when nothing is set, and
        // SwitchableOpenTelemetryTests, in the same JVM, checks that nothing in this module ever sets it.
        assertThat(GlobalOpenTelemetry.isSet()).as("GlobalOpenTelemetry set before the pipeline").isFalse();

        for (Exporter exporter : Exporter.values()) {
            try (OverheadTelemetry telemetry = OverheadTelemetry.start("service")) {
                telemetry.configure(exporter, 0.5);
                SwitchableOpenTelemetry otel = telemetry.openTelemetry();
                otel.on();
                endSpans(otel.getTracer("tracer"), SPANS);
                otel.getMeter("meter").counterBuilder("requests").build().add(1, ATTRIBUTES);
                otel.off();
                assertThat(telemetry.flushAndCount().spansEnded()).as(exporter.name()).isPositive();
                assertThat(GlobalOpenTelemetry.isSet()).as("GlobalOpenTelemetry set using %s", exporter).isFalse();
            }
        }

        assertThat(GlobalOpenTelemetry.isSet()).as("GlobalOpenTelemetry set after close()").isFalse();
    }

    /**
     * {@link OverheadTelemetry#flushAndCount()}, again while spans ended with an exporting exporter are still queued.
     * The batch span processor (SDK 1.68) completes a flush request before it clears it, so a flush right after
     * another can be handed the completed request and return at once; the next flush exports what is queued. Only for
     * readings in which no span can have been dropped.
     */
    private static Counts exportedCounts(OverheadTelemetry telemetry) {
        Counts counts = telemetry.flushAndCount();
        for (int retry = 0; retry < 1_000 && counts.spansExported() < counts.spansEnded(); retry++) {
            Thread.yield(); // the processor's worker clears the request right after completing it
            counts = telemetry.flushAndCount();
        }
        return counts;
    }

    /**
     * The test's own instruments produced points: more than a reading in which nothing was recorded (the reader's
     * own point, see the class comment), taken right after {@code produced}.
     */
    private static void assertPointsRecorded(Counts produced, OverheadTelemetry telemetry) {
        Counts start = telemetry.flushAndCount();
        long idle = telemetry.flushAndCount().since(start).metricPoints();
        assertThat(produced.metricPoints()).as("metric points recorded, against %s in an idle reading", idle)
                .isGreaterThan(idle);
    }

    /**
     * Nothing recorded while off: no span at all, and no more metric points than a reading in which nothing was
     * recorded (the reader's own point, see the class comment).
     */
    private static void assertNothingRecorded(Counts whileOff, Counts idle) {
        assertThat(whileOff).extracting(Counts::spansEnded, Counts::spansExported, Counts::failedExports,
                Counts::otlpRequests, Counts::otlpBytes, Counts::complete).containsExactly(0L, 0L, 0L, 0L, 0L, true);
        assertThat(whileOff.metricPoints()).as("metric points while off, beyond those of an idle reading")
                .isEqualTo(idle.metricPoints());
    }

    private static void endSpans(Tracer tracer, int count) {
        for (int i = 0; i < count; i++) {
            tracer.spanBuilder("operation").startSpan().end();
        }
    }

    private static void connect(InetSocketAddress address) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(address, 5_000);
        }
    }

    /** The receiver is private to the pipeline, by design; its port is what this test needs to see closed. */
    private static InetSocketAddress receiverAddress(OverheadTelemetry telemetry) throws ReflectiveOperationException {
        Field field = OverheadTelemetry.class.getDeclaredField("receiver");
        field.setAccessible(true);
        OtlpReceiver receiver = (OtlpReceiver) field.get(telemetry);
        assertThat(receiver).as("receiver of an OTLP pipeline").isNotNull();
        URI endpoint = URI.create(receiver.endpoint("traces"));
        return new InetSocketAddress(endpoint.getHost(), endpoint.getPort());
    }
}
