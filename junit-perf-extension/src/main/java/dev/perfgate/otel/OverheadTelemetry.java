package dev.perfgate.otel;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

import dev.perfgate.OtelOverhead.Exporter;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.AggregationTemporalitySelector;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;

/**
 * The OpenTelemetry of one test class under {@code @OtelOverhead}: a {@link SwitchableOpenTelemetry} whose "on"
 * side is an SDK built as a production service would build it (a {@link BatchSpanProcessor} with its default queue
 * and batch sizes, a {@link PeriodicMetricReader} with delta temporality and its default interval), and whose
 * exporter and sampling ratio each test chooses with {@link #configure}. The system under test is built once, so
 * the SDK is too; what changes between tests is where its span processor and metric exporter route to.
 *
 * <p>It counts what the "on" arm produced: spans ended while sampled, spans and metric points handed to an
 * exporter, failed exports, and for {@link Exporter#OTLP} the requests and bytes its loopback receiver read.
 */
public final class OverheadTelemetry implements AutoCloseable {

    /** How long a flush between arms or at the end of a test may take before its counts are reported as partial. */
    public static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(10);

    /** Prefix of the metrics the SDK records about itself, by the semantic conventions of SDK self-observability. */
    private static final String SDK_SELF_METRICS = "otel.sdk.";
    private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

    private final SwitchableOpenTelemetry openTelemetry;
    private final RoutingSpanProcessor spans;
    private final RoutingMetricExporter metrics;
    private final RoutingSampler sampler;
    private final Map<Exporter, SpanProcessor> spanProcessors = new EnumMap<>(Exporter.class);
    private final Map<Exporter, MetricExporter> metricExporters = new EnumMap<>(Exporter.class);
    private final Counters counters = new Counters();
    private @Nullable OtlpReceiver receiver;
    private Exporter exporter = Exporter.IN_MEMORY;
    private boolean closed;

    private OverheadTelemetry(String serviceName) {
        this.spans = new RoutingSpanProcessor(counters);
        this.metrics = new RoutingMetricExporter(counters);
        this.sampler = new RoutingSampler();
        Resource resource = Resource.getDefault().merge(Resource.create(Attributes.of(SERVICE_NAME, serviceName)));
        SdkTracerProvider tracing = SdkTracerProvider.builder().setResource(resource).setSampler(sampler)
                .addSpanProcessor(spans).build();
        SdkMeterProvider metering = SdkMeterProvider.builder().setResource(resource)
                .registerMetricReader(PeriodicMetricReader.builder(metrics).build()).build();
        this.openTelemetry = SwitchableOpenTelemetry.wrap(
                OpenTelemetrySdk.builder().setTracerProvider(tracing).setMeterProvider(metering).build());
        configure(Exporter.IN_MEMORY, 1.0);
    }

    /** A pipeline whose resource names {@code serviceName}, starting off, exporting in memory, sampling everything. */
    public static OverheadTelemetry start(String serviceName) {
        requireNonNull(serviceName, "serviceName");
        return new OverheadTelemetry(serviceName);
    }

    /** The instance to hand to the system under test. */
    public SwitchableOpenTelemetry openTelemetry() {
        return openTelemetry;
    }

    /**
     * Routes the "on" arm's spans and metric points to {@code exporter} and samples {@code samplingRatio} of the
     * traces from now on. What the previous exporter still held is flushed to it first.
     */
    public synchronized void configure(Exporter exporter, double samplingRatio) {
        requireNonNull(exporter, "exporter");
        checkOpen();
        if (!(samplingRatio >= 0 && samplingRatio <= 1)) {
            throw new IllegalArgumentException("samplingRatio must be between 0 and 1, was " + samplingRatio);
        }
        openTelemetry.flush(FLUSH_TIMEOUT);
        this.exporter = exporter;
        spans.route(spanProcessors.computeIfAbsent(exporter, this::newSpanProcessor));
        metrics.route(metricExporters.computeIfAbsent(exporter, this::newMetricExporter));
        sampler.route(Sampler.parentBased(samplingRatio >= 1 ? Sampler.alwaysOn()
                : Sampler.traceIdRatioBased(samplingRatio)));
    }

    /** The exporter chosen by the last {@link #configure}. */
    public synchronized Exporter exporter() {
        return exporter;
    }

    /**
     * Exports what the SDK holds and reads the counters: call it after switching off, to count an arm's output.
     *
     * <p>The flush runs with the switch on (and restores it): observable instruments report only when metrics are
     * collected, and their callbacks run only while on, so a system whose only telemetry on a path is an observable
     * counter (a cache's hits, read from the cache's own statistics at collection) shows its points here, as it
     * would at a production collection, instead of appearing to produce nothing. Synchronous instruments that
     * recorded nothing while on report nothing, with delta temporality, so the flush adds no points of its own.
     */
    public Counts flushAndCount() {
        synchronized (this) {
            checkOpen();
        }
        boolean wasOn = openTelemetry.isOn();
        boolean complete;
        openTelemetry.on();
        try {
            // Twice: a BatchSpanProcessor can answer a flush that closely follows another with the earlier,
            // finished one while spans are still queued; the second flush is cheap and sees them.
            complete = openTelemetry.flush(FLUSH_TIMEOUT) & openTelemetry.flush(FLUSH_TIMEOUT);
        }
        finally {
            if (!wasOn) {
                openTelemetry.off();
            }
        }
        OtlpReceiver otlp;
        synchronized (this) {
            otlp = receiver;
        }
        return new Counts(counters.spansEnded.sum(), counters.spansExported.sum(), counters.metricPoints.sum(),
                counters.failedExports.sum(), otlp == null ? 0 : otlp.requests(), otlp == null ? 0 : otlp.bytes(),
                complete);
    }

    private SpanProcessor newSpanProcessor(Exporter exporter) {
        switch (exporter) {
            // The processors and exporters would report their own metrics to GlobalOpenTelemetry's meter
            // provider: perfgate never touches it, so they report to nothing.
            case IN_MEMORY:
                return BatchSpanProcessor.builder(new CountingSpanExporter(null, counters))
                        .setMeterProvider(MeterProvider.noop()).build();
            case OTLP:
                return BatchSpanProcessor.builder(new CountingSpanExporter(OtlpHttpSpanExporter.builder()
                        .setEndpoint(receiver().endpoint("traces")).setMeterProvider(MeterProvider.noop()).build(),
                        counters)).setMeterProvider(MeterProvider.noop()).build();
            default:
                return SpanProcessor.composite(); // nothing batched, nothing exported
        }
    }

    private MetricExporter newMetricExporter(Exporter exporter) {
        if (exporter == Exporter.OTLP) {
            return OtlpHttpMetricExporter.builder().setEndpoint(receiver().endpoint("metrics"))
                    .setMeterProvider(MeterProvider.noop())
                    .setAggregationTemporalitySelector(AggregationTemporalitySelector.deltaPreferred()).build();
        }
        return DROPPING_METRICS;
    }

    /** IN_MEMORY and NONE: the points are counted by the router, then dropped. */
    private static final MetricExporter DROPPING_METRICS = new MetricExporter() {
        @Override
        public CompletableResultCode export(Collection<MetricData> metrics) {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
            return AggregationTemporality.DELTA;
        }
    };

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("OverheadTelemetry is closed: its SDK is shut down; start a new one");
        }
    }

    private synchronized OtlpReceiver receiver() {
        if (receiver == null) {
            receiver = OtlpReceiver.start();
        }
        return receiver;
    }

    /** Switches off, flushes and shuts the SDK down (its processors and exporters with it), then the receiver. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        openTelemetry.close();
        List<CompletableResultCode> shutdowns = new ArrayList<>();
        synchronized (this) {
            spanProcessors.values().forEach(processor -> shutdowns.add(processor.shutdown()));
            metricExporters.values().forEach(exporter -> shutdowns.add(exporter.shutdown()));
        }
        CompletableResultCode.ofAll(shutdowns).join(FLUSH_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
        OtlpReceiver otlp;
        synchronized (this) {
            otlp = receiver;
            receiver = null;
        }
        if (otlp != null) {
            otlp.close();
        }
    }

    /**
     * What the "on" arm produced since the pipeline started; subtract two readings to count one test.
     *
     * @param spansEnded    spans ended while sampled (recorded), exported or not
     * @param spansExported spans handed to an exporter (fewer than ended when a full queue dropped some)
     * @param metricPoints  metric data points collected by the reader, without those of the SDK's metrics about itself
     * @param failedExports exports (of spans or metrics) that reported failure
     * @param otlpRequests  requests the OTLP receiver read
     * @param otlpBytes     bytes of request bodies the OTLP receiver read
     * @param complete      whether the flush before this reading finished in time
     */
    public record Counts(long spansEnded, long spansExported, long metricPoints, long failedExports,
            long otlpRequests, long otlpBytes, boolean complete) {

        /** This reading minus an earlier one; complete when this one is. */
        public Counts since(Counts earlier) {
            return new Counts(spansEnded - earlier.spansEnded, spansExported - earlier.spansExported,
                    metricPoints - earlier.metricPoints, failedExports - earlier.failedExports,
                    otlpRequests - earlier.otlpRequests, otlpBytes - earlier.otlpBytes, complete);
        }

        /** Whether the arm produced anything at all. */
        public boolean any() {
            return spansEnded > 0 || metricPoints > 0;
        }
    }

    private static final class Counters {
        final LongAdder spansEnded = new LongAdder();
        final LongAdder spansExported = new LongAdder();
        final LongAdder metricPoints = new LongAdder();
        final LongAdder failedExports = new LongAdder();
    }

    /** Counts recorded spans, then hands them to the processor of the current exporter. */
    private static final class RoutingSpanProcessor implements SpanProcessor {
        private final Counters counters;
        private volatile SpanProcessor delegate = SpanProcessor.composite();

        RoutingSpanProcessor(Counters counters) {
            this.counters = counters;
        }

        void route(SpanProcessor processor) {
            delegate = processor;
        }

        @Override
        public void onStart(Context parentContext, ReadWriteSpan span) {
            delegate.onStart(parentContext, span);
        }

        @Override
        public boolean isStartRequired() {
            return true;
        }

        @Override
        public void onEnd(ReadableSpan span) {
            counters.spansEnded.increment();
            delegate.onEnd(span);
        }

        @Override
        public boolean isEndRequired() {
            return true;
        }

        @Override
        public CompletableResultCode forceFlush() {
            return delegate.forceFlush();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess(); // the pipeline shuts every processor down itself
        }
    }

    /** Counts exported spans and failed exports; {@code delegate == null} drops the spans once counted. */
    private static final class CountingSpanExporter implements SpanExporter {
        private final @Nullable SpanExporter delegate;
        private final Counters counters;

        CountingSpanExporter(@Nullable SpanExporter delegate, Counters counters) {
            this.delegate = delegate;
            this.counters = counters;
        }

        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            counters.spansExported.add(spans.size());
            if (delegate == null) {
                return CompletableResultCode.ofSuccess();
            }
            CompletableResultCode result = delegate.export(spans);
            result.whenComplete(() -> {
                if (!result.isSuccess()) {
                    counters.failedExports.increment();
                }
            });
            return result;
        }

        @Override
        public CompletableResultCode flush() {
            return delegate == null ? CompletableResultCode.ofSuccess() : delegate.flush();
        }

        @Override
        public CompletableResultCode shutdown() {
            return delegate == null ? CompletableResultCode.ofSuccess() : delegate.shutdown();
        }
    }

    /** The reader's one exporter: delta temporality, counts the points, then hands them to the current exporter. */
    private static final class RoutingMetricExporter implements MetricExporter {
        private final Counters counters;
        private volatile MetricExporter delegate = DROPPING_METRICS;

        RoutingMetricExporter(Counters counters) {
            this.counters = counters;
        }

        void route(MetricExporter exporter) {
            delegate = exporter;
        }

        @Override
        public CompletableResultCode export(Collection<MetricData> metrics) {
            long points = 0;
            for (MetricData metric : metrics) {
                // The SDK measures itself too (otel.sdk.metric_reader.collection.duration, ...): not the system's output.
                if (!metric.getName().startsWith(SDK_SELF_METRICS)) {
                    points += metric.getData().getPoints().size();
                }
            }
            counters.metricPoints.add(points);
            CompletableResultCode result = delegate.export(metrics);
            result.whenComplete(() -> {
                if (!result.isSuccess()) {
                    counters.failedExports.increment();
                }
            });
            return result;
        }

        @Override
        public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
            return AggregationTemporality.DELTA;
        }

        @Override
        public MemoryMode getMemoryMode() {
            return MemoryMode.IMMUTABLE_DATA; // the data is handed on to another exporter, which may keep it
        }

        @Override
        public CompletableResultCode flush() {
            return delegate.flush();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess(); // the pipeline shuts every exporter down itself
        }
    }

    /** The sampler of the current test. */
    private static final class RoutingSampler implements Sampler {
        private volatile Sampler delegate = Sampler.alwaysOn();

        void route(Sampler sampler) {
            delegate = sampler;
        }

        @Override
        public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
                Attributes attributes, List<LinkData> parentLinks) {
            return delegate.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
        }

        @Override
        public String getDescription() {
            return "perfgate(" + delegate.getDescription() + ")";
        }
    }
}
