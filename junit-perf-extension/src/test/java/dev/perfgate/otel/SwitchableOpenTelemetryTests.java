package dev.perfgate.otel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.metrics.DoubleCounter;
import io.opentelemetry.api.metrics.DoubleGauge;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.DoubleUpDownCounter;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongGauge;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableDoubleMeasurement;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * The switch, observed through in-memory exporters: simple processors and a delta reader collected by hand make every
 * assertion about "produced" or "produced nothing" exact, with no waiting on background threads.
 */
class SwitchableOpenTelemetryTests {

    private static final Attributes ATTRIBUTES = Attributes.of(AttributeKey.stringKey("arm"), "test");
    private static final String SCHEMA_URL = "https://opentelemetry.io/schemas/1.24.0";

    private static final TextMapGetter<Map<String, String>> MAP_GETTER =
            (carrier, key) -> carrier == null ? null : carrier.get(key);

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final InMemoryMetricReader metrics = InMemoryMetricReader.createDelta();
    private final InMemoryLogRecordExporter logs = InMemoryLogRecordExporter.create();
    private SwitchableOpenTelemetry otel;

    @BeforeEach
    void wrapSdk() {
        otel = SwitchableOpenTelemetry.wrap(OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder()
                        .addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
                .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
                .setLoggerProvider(SdkLoggerProvider.builder()
                        .addLogRecordProcessor(SimpleLogRecordProcessor.create(logs)).build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build());
    }

    @AfterEach
    void closeSdk() {
        otel.close();
    }

    @Test
    void startsOffAndSwitchesBothWays() {
        assertThat(otel.isOn()).isFalse();
        otel.on();
        assertThat(otel.isOn()).isTrue();
        otel.off();
        assertThat(otel.isOn()).isFalse();
    }

    @Test
    void tracersObtainedWhileOffCreateRealSpansOnlyAfterOn() {
        List<Tracer> tracers = everyKindOfTracer();

        for (Tracer tracer : tracers) {
            assertThat(tracer.isEnabled()).isFalse();
            Span span = tracer.spanBuilder("while-off").startSpan();
            assertThat(span.getSpanContext().isValid()).isFalse();
            assertThat(span.isRecording()).isFalse();
            span.end();
        }
        assertThat(spans.getFinishedSpanItems()).isEmpty();

        otel.on();
        for (Tracer tracer : tracers) {
            assertThat(tracer.isEnabled()).isTrue();
            Span span = tracer.spanBuilder("while-on").startSpan();
            assertThat(span.getSpanContext().isValid()).isTrue();
            assertThat(span.isRecording()).isTrue();
            span.end();
        }

        assertThat(spans.getFinishedSpanItems()).extracting(SpanData::getName).containsOnly("while-on").hasSize(4);
        assertThat(spans.getFinishedSpanItems()).extracting(SpanData::getInstrumentationScopeInfo).containsExactly(
                InstrumentationScopeInfo.create("provider.get"),
                InstrumentationScopeInfo.builder("provider.get.versioned").setVersion("1.0").build(),
                InstrumentationScopeInfo.builder("provider.builder").setVersion("2.0").setSchemaUrl(SCHEMA_URL)
                        .build(),
                InstrumentationScopeInfo.builder("otel.builder").setVersion("3.0").build());
    }

    @Test
    void tracersObtainedWhileOnStopCreatingSpansAfterOff() {
        otel.on();
        List<Tracer> tracers = everyKindOfTracer();
        for (Tracer tracer : tracers) {
            tracer.spanBuilder("while-on").startSpan().end();
        }

        otel.off();
        for (Tracer tracer : tracers) {
            assertThat(tracer.isEnabled()).isFalse();
            Span span = tracer.spanBuilder("after-off").startSpan();
            assertThat(span.isRecording()).isFalse();
            span.end();
        }

        assertThat(spans.getFinishedSpanItems()).extracting(SpanData::getName).containsOnly("while-on").hasSize(4);
    }

    @Test
    void whileOffSpansAreTheNoOpsOwn() {
        Tracer noop = OpenTelemetry.noop().getTracer("noop");
        otel.on();
        Span parent = otel.getTracer("parent").spanBuilder("parent").startSpan();
        Tracer tracer = otel.getTracer("switching");
        otel.off();

        SpanBuilder builder = tracer.spanBuilder("child");
        assertThat(builder).hasSameClassAs(noop.spanBuilder("child"));

        Span orphan = builder.startSpan();
        assertThat(orphan.getSpanContext()).isEqualTo(noop.spanBuilder("child").startSpan().getSpanContext());
        assertThat(orphan.getSpanContext().isValid()).isFalse();

        // With a recording parent, the no-op hands back a non-recording span carrying the parent's context.
        Scope scope = parent.makeCurrent();
        try {
            Span child = tracer.spanBuilder("child").startSpan();
            assertThat(child.getSpanContext())
                    .isEqualTo(noop.spanBuilder("child").startSpan().getSpanContext())
                    .isEqualTo(parent.getSpanContext());
            assertThat(child.isRecording()).isFalse();
            child.end();
        } finally {
            scope.close();
        }
        parent.end();

        assertThat(spans.getFinishedSpanItems()).extracting(SpanData::getName).containsExactly("parent");
    }

    @Test
    void instrumentsObtainedWhileOffRecordOnlyAfterOn() {
        Instruments instruments = Instruments.build(otel.meterBuilder("meter")
                .setInstrumentationVersion("1.2").setSchemaUrl(SCHEMA_URL).build());

        assertThat(instruments.enabled()).containsOnly(false).hasSize(8);
        instruments.recordEveryOverload();
        assertThat(metrics.collectAllMetrics()).isEmpty();

        otel.on();
        assertThat(instruments.enabled()).containsOnly(true).hasSize(8);
        instruments.recordEveryOverload();

        Map<String, MetricData> byName = byName(metrics.collectAllMetrics());
        assertThat(byName).containsOnlyKeys(Instruments.NAMES);
        assertThat(byName.values()).allSatisfy(metric -> {
            assertThat(metric.getDescription()).isEqualTo("of " + metric.getName());
            assertThat(metric.getUnit()).isEqualTo("{item}");
            assertThat(metric.getInstrumentationScopeInfo()).isEqualTo(
                    InstrumentationScopeInfo.builder("meter").setVersion("1.2").setSchemaUrl(SCHEMA_URL).build());
        });
        assertThat(byName).allSatisfy((name, metric) -> assertThat(metric.getType())
                .as(name).isEqualTo(Instruments.TYPES.get(name)));
        assertThat(byName.get("long.updown").getLongSumData().isMonotonic()).isFalse();
        assertThat(byName.get("double.updown").getDoubleSumData().isMonotonic()).isFalse();
        assertThat(byName.get("long.histogram").getHistogramData().getPoints())
                .allSatisfy(point -> assertThat(point.getBoundaries()).containsExactly(1.0, 5.0));
        assertThat(byName.get("double.histogram").getHistogramData().getPoints())
                .allSatisfy(point -> assertThat(point.getBoundaries()).containsExactly(1.0, 5.0));

        // Every overload arrived: 1 without attributes, 2 and 4 with (a gauge keeps the last, 4).
        for (String name : Instruments.NAMES) {
            double withAttributes = name.endsWith("gauge") ? 4 : 6;
            assertThat(pointValues(byName.get(name))).as(name)
                    .isEqualTo(Map.of(Attributes.empty(), 1.0, ATTRIBUTES, withAttributes));
        }
    }

    @Test
    void instrumentsObtainedWhileOnStopRecordingAfterOff() {
        otel.on();
        Instruments instruments = Instruments.build(otel.getMeter("meter"));
        instruments.recordEveryOverload();
        assertThat(byName(metrics.collectAllMetrics())).containsOnlyKeys(Instruments.NAMES);

        otel.off();
        assertThat(instruments.enabled()).containsOnly(false).hasSize(8);
        instruments.recordEveryOverload();

        assertThat(metrics.collectAllMetrics()).isEmpty();
    }

    @Test
    void observableCallbacksRunOnlyWhileOn() {
        Meter meter = otel.getMeter("meter");
        AtomicInteger calls = new AtomicInteger();
        Consumer<ObservableLongMeasurement> longCallback = measurement -> {
            calls.incrementAndGet();
            measurement.record(3);
        };
        Consumer<ObservableDoubleMeasurement> doubleCallback = measurement -> {
            calls.incrementAndGet();
            measurement.record(3.0);
        };
        meter.counterBuilder("cb.long.counter").buildWithCallback(longCallback);
        meter.counterBuilder("cb.double.counter").ofDoubles().buildWithCallback(doubleCallback);
        meter.upDownCounterBuilder("cb.long.updown").buildWithCallback(longCallback);
        meter.upDownCounterBuilder("cb.double.updown").ofDoubles().buildWithCallback(doubleCallback);
        meter.gaugeBuilder("cb.double.gauge").buildWithCallback(doubleCallback);
        meter.gaugeBuilder("cb.long.gauge").ofLongs().buildWithCallback(longCallback);

        ObservableLongMeasurement longCounter = meter.counterBuilder("batch.long.counter").buildObserver();
        ObservableDoubleMeasurement doubleCounter = meter.counterBuilder("batch.double.counter").ofDoubles()
                .buildObserver();
        ObservableLongMeasurement longUpDown = meter.upDownCounterBuilder("batch.long.updown").buildObserver();
        ObservableDoubleMeasurement doubleUpDown = meter.upDownCounterBuilder("batch.double.updown").ofDoubles()
                .buildObserver();
        ObservableDoubleMeasurement doubleGauge = meter.gaugeBuilder("batch.double.gauge").buildObserver();
        ObservableLongMeasurement longGauge = meter.gaugeBuilder("batch.long.gauge").ofLongs().buildObserver();
        meter.batchCallback(() -> {
            calls.incrementAndGet();
            longCounter.record(3);
            doubleCounter.record(3.0);
            longUpDown.record(3);
            doubleUpDown.record(3.0);
            doubleGauge.record(3.0);
            longGauge.record(3, ATTRIBUTES);
        }, longCounter, doubleCounter, longUpDown, doubleUpDown, doubleGauge, longGauge);

        assertThat(metrics.collectAllMetrics()).isEmpty();
        assertThat(calls).hasValue(0);

        otel.on();
        Map<String, MetricData> byName = byName(metrics.collectAllMetrics());
        assertThat(calls).hasValue(7);
        assertThat(byName).hasSize(12);
        assertThat(byName).allSatisfy((name, metric) -> assertThat(pointValues(metric)).as(name)
                .containsValues(3.0).hasSize(1));
        assertThat(byName.get("batch.long.gauge").getLongGaugeData().getPoints())
                .extracting(PointData::getAttributes).containsExactly(ATTRIBUTES);

        otel.off();
        assertThat(metrics.collectAllMetrics()).isEmpty();
        assertThat(calls).hasValue(7);
    }

    @Test
    void propagatorsInjectAndExtractOnlyWhileOn() {
        TextMapPropagator propagator = otel.getPropagators().getTextMapPropagator();
        assertThat(propagator.fields()).isEmpty();

        otel.on();
        assertThat(propagator.fields()).contains("traceparent");
        Span span = otel.getTracer("tracer").spanBuilder("outgoing").startSpan();
        Context withSpan = Context.root().with(span);
        Map<String, String> onCarrier = new HashMap<>();
        propagator.inject(withSpan, onCarrier, Map::put);
        assertThat(onCarrier).containsKey("traceparent");
        assertThat(Span.fromContext(propagator.extract(Context.root(), onCarrier, MAP_GETTER)).getSpanContext())
                .extracting(SpanContext::getTraceId).isEqualTo(span.getSpanContext().getTraceId());

        otel.off();
        assertThat(propagator.fields()).isEmpty();
        Map<String, String> offCarrier = new HashMap<>();
        propagator.inject(withSpan, offCarrier, Map::put);
        otel.getPropagators().getTextMapPropagator().inject(withSpan, offCarrier, Map::put);
        assertThat(offCarrier).isEmpty();
        assertThat(Span.fromContext(propagator.extract(Context.root(), onCarrier, MAP_GETTER)).getSpanContext()
                .isValid()).isFalse();
        span.end();
    }

    @Test
    void loggersObtainedWhileOffEmitOnlyAfterOn() {
        Logger logger = otel.getLogsBridge().loggerBuilder("logger").setInstrumentationVersion("1.0").build();
        assertThat(logger.isEnabled(Severity.INFO)).isFalse();
        assertThat(logger.isEnabled(Severity.INFO, Context.root())).isFalse();
        logger.logRecordBuilder().setBody("while-off").emit();
        assertThat(logs.getFinishedLogRecordItems()).isEmpty();

        otel.on();
        assertThat(logger.isEnabled(Severity.INFO)).isTrue();
        assertThat(logger.isEnabled(Severity.INFO, Context.root())).isTrue();
        logger.logRecordBuilder().setBody("while-on").emit();
        otel.off();
        logger.logRecordBuilder().setBody("after-off").emit();

        assertThat(logs.getFinishedLogRecordItems()).extracting(record -> record.getBodyValue().asString())
                .containsExactly("while-on");
        assertThat(logs.getFinishedLogRecordItems()).extracting(LogRecordData::getInstrumentationScopeInfo)
                .containsExactly(InstrumentationScopeInfo.builder("logger").setVersion("1.0").build());
    }

    @Test
    void globalOpenTelemetryStaysUnsetWhileEverythingIsExercised() {
        // isSet() only reads, where get() would set the global to the no-op when nothing is set. Nothing in this
        // module sets it, so any use by wrap() (in @BeforeEach) or below shows here as "set".
        assertThat(GlobalOpenTelemetry.isSet()).as("GlobalOpenTelemetry set after wrap()").isFalse();

        for (int i = 0; i < 2; i++) {
            everyKindOfTracer().forEach(tracer -> tracer.spanBuilder("span").startSpan().end());
            Instruments.build(otel.getMeter("meter")).recordEveryOverload();
            otel.getMeter("meter").counterBuilder("observed").buildWithCallback(m -> m.record(1));
            otel.getPropagators().getTextMapPropagator().inject(Context.current(), new HashMap<>(), Map::put);
            otel.getLogsBridge().get("logger").logRecordBuilder().emit();
            metrics.collectAllMetrics();
            otel.flush(Duration.ofSeconds(5));
            otel.on();
        }
        assertThat(spans.getFinishedSpanItems()).isNotEmpty();
        otel.close();

        assertThat(GlobalOpenTelemetry.isSet()).as("GlobalOpenTelemetry set after use and close()").isFalse();
    }

    @Test
    void noClassOfThePackageRefersToGlobalOpenTelemetry() throws IOException, URISyntaxException {
        Path packageDirectory = Path.of(SwitchableOpenTelemetry.class.getProtectionDomain().getCodeSource()
                .getLocation().toURI()).resolve("dev/perfgate/otel");
        List<Path> classFiles;
        try (Stream<Path> files = Files.list(packageDirectory)) {
            classFiles = files.filter(file -> file.toString().endsWith(".class")).collect(Collectors.toList());
        }

        // A constant-pool reference to the class is how any use of it, read or write, appears in bytecode.
        assertThat(classFiles).hasSizeGreaterThan(10);
        assertThat(classFiles).allSatisfy(file -> assertThat(
                new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1))
                .as(file.getFileName().toString())
                .doesNotContain("io/opentelemetry/api/GlobalOpenTelemetry"));
    }

    @Test
    void flushExportsWhatBatchingHoldsAndKeepsTheSdkRunning() {
        RecordingSpanExporter exporter = new RecordingSpanExporter();
        try (SwitchableOpenTelemetry batching = batchingOpenTelemetry(exporter, new RecordingMetricExporter())) {
            batching.on();
            Tracer tracer = batching.getTracer("tracer");
            tracer.spanBuilder("first").startSpan().end();
            assertThat(exporter.spanNames()).isEmpty();

            assertThat(batching.flush(Duration.ofSeconds(5))).isTrue();
            assertThat(exporter.spanNames()).containsExactly("first");

            tracer.spanBuilder("second").startSpan().end();
            assertThat(batching.flush(Duration.ofSeconds(5))).isTrue();
            assertThat(exporter.spanNames()).containsExactly("first", "second");
            assertThat(exporter.events).doesNotContain("shutdown");
        }
    }

    @Test
    void closeFlushesWhatBatchingHoldsThenShutsDownAndStaysOff() {
        RecordingSpanExporter spanExporter = new RecordingSpanExporter();
        RecordingMetricExporter metricExporter = new RecordingMetricExporter();
        List<String> lifecycle = new CopyOnWriteArrayList<>();
        SwitchableOpenTelemetry batching = batchingOpenTelemetry(spanExporter, metricExporter,
                new LifecycleRecordingProcessor(lifecycle));
        batching.on();
        batching.getTracer("tracer").spanBuilder("buffered").startSpan().end();
        batching.getMeter("meter").counterBuilder("buffered").build().add(5);
        assertThat(spanExporter.spanNames()).isEmpty();
        assertThat(metricExporter.metricNames()).isEmpty();

        batching.close();

        assertThat(lifecycle).containsExactly("forceFlush", "shutdown");
        assertThat(spanExporter.spanNames()).containsExactly("buffered");
        assertThat(spanExporter.events).endsWith("shutdown");
        assertThat(metricExporter.metricNames()).contains("buffered");
        assertThat(metricExporter.shutdown).isTrue();
        assertThat(batching.isOn()).isFalse();
        assertThatThrownBy(batching::on).isInstanceOf(IllegalStateException.class)
                .hasMessage("SwitchableOpenTelemetry is closed: its SDK is shut down and cannot be switched on; "
                        + "wrap a new OpenTelemetrySdk instead.");

        int events = spanExporter.events.size();
        batching.close();
        assertThat(spanExporter.events).hasSize(events);
    }

    @Test
    void aSpanStartedWhileOnIsExportedWhenItEndsAfterOff() {
        otel.on();
        Span span = otel.getTracer("tracer").spanBuilder("straddling").startSpan();
        otel.off();
        span.end();

        assertThat(spans.getFinishedSpanItems()).extracting(SpanData::getName).containsExactly("straddling");
    }

    private List<Tracer> everyKindOfTracer() {
        return List.of(
                otel.getTracerProvider().get("provider.get"),
                otel.getTracerProvider().get("provider.get.versioned", "1.0"),
                otel.getTracerProvider().tracerBuilder("provider.builder")
                        .setInstrumentationVersion("2.0").setSchemaUrl(SCHEMA_URL).build(),
                otel.tracerBuilder("otel.builder").setInstrumentationVersion("3.0").build());
    }

    /** Batching with intervals far beyond the test, so only a flush or a shutdown can export anything. */
    private static SwitchableOpenTelemetry batchingOpenTelemetry(SpanExporter spanExporter,
            MetricExporter metricExporter, SpanProcessor... moreProcessors) {
        SdkTracerProviderBuilder tracing = SdkTracerProvider.builder().addSpanProcessor(
                BatchSpanProcessor.builder(spanExporter).setScheduleDelay(Duration.ofHours(1)).build());
        for (SpanProcessor processor : moreProcessors) {
            tracing.addSpanProcessor(processor);
        }
        return SwitchableOpenTelemetry.wrap(OpenTelemetrySdk.builder()
                .setTracerProvider(tracing.build())
                .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(
                        PeriodicMetricReader.builder(metricExporter).setInterval(Duration.ofHours(1)).build())
                        .build())
                .build());
    }

    private static Map<String, MetricData> byName(Collection<MetricData> collected) {
        return collected.stream().collect(Collectors.toMap(MetricData::getName, metric -> metric));
    }

    /** Each point's attributes and value: a sum's or gauge's value, a histogram's sum. */
    private static Map<Attributes, Double> pointValues(MetricData metric) {
        Map<Attributes, Double> values = new HashMap<>();
        switch (metric.getType()) {
            case LONG_SUM -> metric.getLongSumData().getPoints()
                    .forEach(point -> values.put(point.getAttributes(), (double) point.getValue()));
            case DOUBLE_SUM -> metric.getDoubleSumData().getPoints()
                    .forEach(point -> values.put(point.getAttributes(), point.getValue()));
            case LONG_GAUGE -> metric.getLongGaugeData().getPoints()
                    .forEach(point -> values.put(point.getAttributes(), (double) point.getValue()));
            case DOUBLE_GAUGE -> metric.getDoubleGaugeData().getPoints()
                    .forEach(point -> values.put(point.getAttributes(), point.getValue()));
            case HISTOGRAM -> metric.getHistogramData().getPoints()
                    .forEach(point -> values.put(point.getAttributes(), point.getSum()));
            default -> throw new AssertionError("unexpected metric type " + metric.getType());
        }
        return values;
    }

    /** One synchronous instrument of each kind, every builder setting used, settings before and after a retype. */
    private record Instruments(LongCounter longCounter, DoubleCounter doubleCounter,
            LongUpDownCounter longUpDownCounter, DoubleUpDownCounter doubleUpDownCounter,
            LongHistogram longHistogram, DoubleHistogram doubleHistogram, LongGauge longGauge,
            DoubleGauge doubleGauge) {

        static final Map<String, MetricDataType> TYPES = Map.of(
                "long.counter", MetricDataType.LONG_SUM,
                "double.counter", MetricDataType.DOUBLE_SUM,
                "long.updown", MetricDataType.LONG_SUM,
                "double.updown", MetricDataType.DOUBLE_SUM,
                "long.histogram", MetricDataType.HISTOGRAM,
                "double.histogram", MetricDataType.HISTOGRAM,
                "long.gauge", MetricDataType.LONG_GAUGE,
                "double.gauge", MetricDataType.DOUBLE_GAUGE);
        static final String[] NAMES = TYPES.keySet().toArray(String[]::new);

        static Instruments build(Meter meter) {
            return new Instruments(
                    meter.counterBuilder("long.counter").setDescription("of long.counter").setUnit("{item}").build(),
                    meter.counterBuilder("double.counter").setDescription("of double.counter").setUnit("{item}")
                            .ofDoubles().build(),
                    meter.upDownCounterBuilder("long.updown").setDescription("of long.updown").setUnit("{item}")
                            .build(),
                    meter.upDownCounterBuilder("double.updown").ofDoubles().setDescription("of double.updown")
                            .setUnit("{item}").build(),
                    meter.histogramBuilder("long.histogram").setDescription("of long.histogram").ofLongs()
                            .setUnit("{item}").setExplicitBucketBoundariesAdvice(List.of(1L, 5L)).build(),
                    meter.histogramBuilder("double.histogram").setDescription("of double.histogram")
                            .setUnit("{item}").setExplicitBucketBoundariesAdvice(List.of(1.0, 5.0)).build(),
                    meter.gaugeBuilder("long.gauge").ofLongs().setDescription("of long.gauge").setUnit("{item}")
                            .build(),
                    meter.gaugeBuilder("double.gauge").setDescription("of double.gauge").setUnit("{item}").build());
        }

        List<Boolean> enabled() {
            return List.of(longCounter.isEnabled(), doubleCounter.isEnabled(), longUpDownCounter.isEnabled(),
                    doubleUpDownCounter.isEnabled(), longHistogram.isEnabled(), doubleHistogram.isEnabled(),
                    longGauge.isEnabled(), doubleGauge.isEnabled());
        }

        void recordEveryOverload() {
            Context context = Context.root();
            longCounter.add(1);
            longCounter.add(2, ATTRIBUTES);
            longCounter.add(4, ATTRIBUTES, context);
            doubleCounter.add(1);
            doubleCounter.add(2, ATTRIBUTES);
            doubleCounter.add(4, ATTRIBUTES, context);
            longUpDownCounter.add(1);
            longUpDownCounter.add(2, ATTRIBUTES);
            longUpDownCounter.add(4, ATTRIBUTES, context);
            doubleUpDownCounter.add(1);
            doubleUpDownCounter.add(2, ATTRIBUTES);
            doubleUpDownCounter.add(4, ATTRIBUTES, context);
            longHistogram.record(1);
            longHistogram.record(2, ATTRIBUTES);
            longHistogram.record(4, ATTRIBUTES, context);
            doubleHistogram.record(1);
            doubleHistogram.record(2, ATTRIBUTES);
            doubleHistogram.record(4, ATTRIBUTES, context);
            longGauge.set(1);
            longGauge.set(2, ATTRIBUTES);
            longGauge.set(4, ATTRIBUTES, context);
            doubleGauge.set(1);
            doubleGauge.set(2, ATTRIBUTES);
            doubleGauge.set(4, ATTRIBUTES, context);
        }
    }

    /** Records the order in which the SDK's lifecycle reaches its processors. */
    private static final class LifecycleRecordingProcessor implements SpanProcessor {

        private final List<String> lifecycle;

        LifecycleRecordingProcessor(List<String> lifecycle) {
            this.lifecycle = lifecycle;
        }

        @Override
        public void onStart(Context parentContext, ReadWriteSpan span) {
        }

        @Override
        public boolean isStartRequired() {
            return false;
        }

        @Override
        public void onEnd(ReadableSpan span) {
        }

        @Override
        public boolean isEndRequired() {
            return false;
        }

        @Override
        public CompletableResultCode forceFlush() {
            lifecycle.add("forceFlush");
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            lifecycle.add("shutdown");
            return CompletableResultCode.ofSuccess();
        }
    }

    /** Unlike {@code InMemorySpanExporter}, keeps what it got after shutdown, which is when close() is judged. */
    private static final class RecordingSpanExporter implements SpanExporter {

        final List<String> events = new CopyOnWriteArrayList<>();
        private final List<SpanData> exported = new CopyOnWriteArrayList<>();

        @Override
        public CompletableResultCode export(Collection<SpanData> batch) {
            exported.addAll(batch);
            events.add("export " + batch.size());
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            events.add("shutdown");
            return CompletableResultCode.ofSuccess();
        }

        List<String> spanNames() {
            return exported.stream().map(SpanData::getName).collect(Collectors.toList());
        }
    }

    private static final class RecordingMetricExporter implements MetricExporter {

        volatile boolean shutdown;
        private final List<MetricData> exported = new CopyOnWriteArrayList<>();

        @Override
        public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
            return AggregationTemporality.CUMULATIVE;
        }

        @Override
        public CompletableResultCode export(Collection<MetricData> batch) {
            exported.addAll(batch);
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            shutdown = true;
            return CompletableResultCode.ofSuccess();
        }

        List<String> metricNames() {
            return exported.stream().map(MetricData::getName).collect(Collectors.toList());
        }
    }
}
