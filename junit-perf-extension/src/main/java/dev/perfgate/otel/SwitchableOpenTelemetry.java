package dev.perfgate.otel;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.logs.LoggerProvider;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;

/**
 * One {@link OpenTelemetry} that is switched between "off", where it behaves as {@link OpenTelemetry#noop()}, and
 * "on", where it is a real SDK. The system under test is built once with it; tracers, meters, instruments, loggers
 * and propagators it obtained in either state follow every later switch, because each call (a span builder, a
 * measurement, an injection) reads the switch and goes to the SDK object or to the API's no-op object. Off therefore
 * costs what the no-op costs plus one volatile read, which is what an overhead measurement needs as its baseline.
 *
 * <p>{@code GlobalOpenTelemetry} is never read or set: a test must not change what other tests in the JVM see.
 *
 * <p>Observable instruments and batch callbacks are registered with the SDK only; their callbacks run only while on.
 * Work that started while on finishes in the SDK: a span started while on and ended after {@link #off()} is still
 * exported, as its processors expect.
 *
 * <pre>{@code
 * SdkTracerProvider tracing = SdkTracerProvider.builder()
 *         .addSpanProcessor(BatchSpanProcessor.builder(exporter).build()).build();
 * try (SwitchableOpenTelemetry otel = SwitchableOpenTelemetry.wrap(
 *         OpenTelemetrySdk.builder().setTracerProvider(tracing).build())) {
 *     Marketplace market = Marketplace.open(home, otel);   // starts off
 *     otel.on();
 *     market.search("web framework");                      // traced
 *     otel.off();
 *     market.search("web framework");                      // as with OpenTelemetry.noop()
 * }                                                        // flushes, then shuts the SDK down
 * }</pre>
 */
public final class SwitchableOpenTelemetry implements OpenTelemetry, AutoCloseable {

    /** How long {@link #close()} waits for the flush, and then for the shutdown, before giving up on each. */
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final OpenTelemetrySdk sdk;
    private final TelemetrySwitch telemetrySwitch = new TelemetrySwitch();
    private final TracerProvider tracerProvider;
    private final MeterProvider meterProvider;
    private final LoggerProvider loggerProvider;
    private final ContextPropagators propagators;
    private boolean closed;

    private SwitchableOpenTelemetry(OpenTelemetrySdk sdk) {
        this.sdk = sdk;
        this.tracerProvider = new SwitchingTracerProvider(telemetrySwitch, sdk.getTracerProvider());
        this.meterProvider = new SwitchingMeterProvider(telemetrySwitch, sdk.getMeterProvider());
        this.loggerProvider = new SwitchingLoggerProvider(telemetrySwitch, sdk.getLogsBridge());
        this.propagators = new SwitchingPropagators(telemetrySwitch, sdk.getPropagators());
    }

    /**
     * Wraps {@code sdk} as the "on" side, starting off. The returned instance owns the SDK: {@link #close()} flushes
     * and shuts it down.
     */
    public static SwitchableOpenTelemetry wrap(OpenTelemetrySdk sdk) {
        requireNonNull(sdk, "sdk");
        return new SwitchableOpenTelemetry(sdk);
    }

    /**
     * Switches to the SDK. Calls that already read the switch (a span builder obtained a moment ago) finish on the
     * side they read.
     *
     * @throws IllegalStateException after {@link #close()}, when the SDK is shut down and could record nothing
     */
    public synchronized void on() {
        if (closed) {
            throw new IllegalStateException("SwitchableOpenTelemetry is closed: its SDK is shut down and cannot be "
                    + "switched on; wrap a new OpenTelemetrySdk instead.");
        }
        telemetrySwitch.set(true);
    }

    /** Switches to the no-op. Spans already started stay with the SDK until they end. */
    public synchronized void off() {
        telemetrySwitch.set(false);
    }

    public boolean isOn() {
        return telemetrySwitch.isOn();
    }

    /**
     * Exports what the SDK holds (spans in batch processors, metrics in periodic readers, log records) and waits for
     * it, e.g. to count what the "on" arm produced.
     *
     * @return whether every provider flushed successfully within {@code timeout}
     */
    public boolean flush(Duration timeout) {
        requireNonNull(timeout, "timeout");
        return forceFlush().join(timeout.toNanos(), TimeUnit.NANOSECONDS).isSuccess();
    }

    /**
     * Switches off for good, flushes the SDK and shuts it down, waiting up to {@link #CLOSE_TIMEOUT} for each.
     * Flushing first, although a shutdown also exports, keeps what the SDK buffered from being lost when a processor
     * is shut down before the exporter it feeds. Later calls do nothing.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            // A system that keeps running after the test then pays the no-op, not a shut-down SDK's dropping.
            telemetrySwitch.set(false);
        }
        forceFlush().join(CLOSE_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
        sdk.shutdown().join(CLOSE_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
    }

    private CompletableResultCode forceFlush() {
        return CompletableResultCode.ofAll(List.of(sdk.getSdkTracerProvider().forceFlush(),
                sdk.getSdkMeterProvider().forceFlush(), sdk.getSdkLoggerProvider().forceFlush()));
    }

    @Override
    public TracerProvider getTracerProvider() {
        return tracerProvider;
    }

    // The interface's default answers the no-op, which would keep metrics off for good.
    @Override
    public MeterProvider getMeterProvider() {
        return meterProvider;
    }

    // As for metrics: the default is the no-op.
    @Override
    public LoggerProvider getLogsBridge() {
        return loggerProvider;
    }

    @Override
    public ContextPropagators getPropagators() {
        return propagators;
    }

    @Override
    public String toString() {
        return "SwitchableOpenTelemetry{" + (isOn() ? "on" : "off") + ", sdk=" + sdk + "}";
    }
}
