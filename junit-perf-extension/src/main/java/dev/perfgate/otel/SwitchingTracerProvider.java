package dev.perfgate.otel;

import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerBuilder;
import io.opentelemetry.api.trace.TracerProvider;

/**
 * Hands out tracers that choose between the SDK and the no-op on every {@code spanBuilder} call, so a tracer the
 * system obtained once, in either state, follows every later switch.
 */
final class SwitchingTracerProvider implements TracerProvider {

    private static final TracerProvider NOOP = TracerProvider.noop();

    private final TelemetrySwitch telemetrySwitch;
    private final TracerProvider sdk;

    SwitchingTracerProvider(TelemetrySwitch telemetrySwitch, TracerProvider sdk) {
        this.telemetrySwitch = telemetrySwitch;
        this.sdk = sdk;
    }

    @Override
    public Tracer get(String instrumentationScopeName) {
        return new SwitchingTracer(telemetrySwitch, sdk.get(instrumentationScopeName),
                NOOP.get(instrumentationScopeName));
    }

    @Override
    public Tracer get(String instrumentationScopeName, String instrumentationScopeVersion) {
        return new SwitchingTracer(telemetrySwitch, sdk.get(instrumentationScopeName, instrumentationScopeVersion),
                NOOP.get(instrumentationScopeName, instrumentationScopeVersion));
    }

    // The interface's default returns the no-op builder, which would leave such tracers off for good.
    @Override
    public TracerBuilder tracerBuilder(String instrumentationScopeName) {
        return new SwitchingTracerBuilder(telemetrySwitch, sdk.tracerBuilder(instrumentationScopeName),
                NOOP.tracerBuilder(instrumentationScopeName));
    }

    private static final class SwitchingTracerBuilder implements TracerBuilder {

        private final TelemetrySwitch telemetrySwitch;
        private TracerBuilder sdk;
        private TracerBuilder noop;

        SwitchingTracerBuilder(TelemetrySwitch telemetrySwitch, TracerBuilder sdk, TracerBuilder noop) {
            this.telemetrySwitch = telemetrySwitch;
            this.sdk = sdk;
            this.noop = noop;
        }

        @Override
        public TracerBuilder setSchemaUrl(String schemaUrl) {
            sdk = sdk.setSchemaUrl(schemaUrl);
            noop = noop.setSchemaUrl(schemaUrl);
            return this;
        }

        @Override
        public TracerBuilder setInstrumentationVersion(String instrumentationScopeVersion) {
            sdk = sdk.setInstrumentationVersion(instrumentationScopeVersion);
            noop = noop.setInstrumentationVersion(instrumentationScopeVersion);
            return this;
        }

        @Override
        public Tracer build() {
            return new SwitchingTracer(telemetrySwitch, sdk.build(), noop.build());
        }
    }

    private static final class SwitchingTracer implements Tracer {

        private final TelemetrySwitch telemetrySwitch;
        private final Tracer sdk;
        private final Tracer noop;

        SwitchingTracer(TelemetrySwitch telemetrySwitch, Tracer sdk, Tracer noop) {
            this.telemetrySwitch = telemetrySwitch;
            this.sdk = sdk;
            this.noop = noop;
        }

        // The default answers true; instrumentation that skips work when disabled must see the no-op's false.
        @Override
        public boolean isEnabled() {
            return select().isEnabled();
        }

        @Override
        public SpanBuilder spanBuilder(String spanName) {
            return select().spanBuilder(spanName);
        }

        private Tracer select() {
            return telemetrySwitch.isOn() ? sdk : noop;
        }
    }
}
