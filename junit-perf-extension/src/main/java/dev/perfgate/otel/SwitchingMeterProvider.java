package dev.perfgate.otel;

import dev.perfgate.otel.SwitchingInstrumentBuilders.SwitchingDoubleGaugeBuilder;
import dev.perfgate.otel.SwitchingInstrumentBuilders.SwitchingDoubleHistogramBuilder;
import dev.perfgate.otel.SwitchingInstrumentBuilders.SwitchingLongCounterBuilder;
import dev.perfgate.otel.SwitchingInstrumentBuilders.SwitchingLongUpDownCounterBuilder;
import io.opentelemetry.api.metrics.BatchCallback;
import io.opentelemetry.api.metrics.DoubleGaugeBuilder;
import io.opentelemetry.api.metrics.DoubleHistogramBuilder;
import io.opentelemetry.api.metrics.LongCounterBuilder;
import io.opentelemetry.api.metrics.LongUpDownCounterBuilder;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterBuilder;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.metrics.ObservableMeasurement;

/**
 * Hands out meters whose instruments hold an SDK and a no-op instrument each and pick one per measurement (see
 * {@link SwitchingInstruments}), so an instrument created once at start-up follows every later switch.
 */
final class SwitchingMeterProvider implements MeterProvider {

    private static final MeterProvider NOOP = MeterProvider.noop();

    private final TelemetrySwitch telemetrySwitch;
    private final MeterProvider sdk;

    SwitchingMeterProvider(TelemetrySwitch telemetrySwitch, MeterProvider sdk) {
        this.telemetrySwitch = telemetrySwitch;
        this.sdk = sdk;
    }

    @Override
    public MeterBuilder meterBuilder(String instrumentationScopeName) {
        return new SwitchingMeterBuilder(telemetrySwitch, sdk.meterBuilder(instrumentationScopeName),
                NOOP.meterBuilder(instrumentationScopeName));
    }

    private static final class SwitchingMeterBuilder implements MeterBuilder {

        private final TelemetrySwitch telemetrySwitch;
        private MeterBuilder sdk;
        private MeterBuilder noop;

        SwitchingMeterBuilder(TelemetrySwitch telemetrySwitch, MeterBuilder sdk, MeterBuilder noop) {
            this.telemetrySwitch = telemetrySwitch;
            this.sdk = sdk;
            this.noop = noop;
        }

        @Override
        public MeterBuilder setSchemaUrl(String schemaUrl) {
            sdk = sdk.setSchemaUrl(schemaUrl);
            noop = noop.setSchemaUrl(schemaUrl);
            return this;
        }

        @Override
        public MeterBuilder setInstrumentationVersion(String instrumentationScopeVersion) {
            sdk = sdk.setInstrumentationVersion(instrumentationScopeVersion);
            noop = noop.setInstrumentationVersion(instrumentationScopeVersion);
            return this;
        }

        @Override
        public Meter build() {
            return new SwitchingMeter(telemetrySwitch, sdk.build(), noop.build());
        }
    }

    private static final class SwitchingMeter implements Meter {

        private final TelemetrySwitch telemetrySwitch;
        private final Meter sdk;
        private final Meter noop;

        SwitchingMeter(TelemetrySwitch telemetrySwitch, Meter sdk, Meter noop) {
            this.telemetrySwitch = telemetrySwitch;
            this.sdk = sdk;
            this.noop = noop;
        }

        @Override
        public LongCounterBuilder counterBuilder(String name) {
            return new SwitchingLongCounterBuilder(telemetrySwitch, sdk.counterBuilder(name),
                    noop.counterBuilder(name));
        }

        @Override
        public LongUpDownCounterBuilder upDownCounterBuilder(String name) {
            return new SwitchingLongUpDownCounterBuilder(telemetrySwitch, sdk.upDownCounterBuilder(name),
                    noop.upDownCounterBuilder(name));
        }

        @Override
        public DoubleHistogramBuilder histogramBuilder(String name) {
            return new SwitchingDoubleHistogramBuilder(telemetrySwitch, sdk.histogramBuilder(name),
                    noop.histogramBuilder(name));
        }

        @Override
        public DoubleGaugeBuilder gaugeBuilder(String name) {
            return new SwitchingDoubleGaugeBuilder(telemetrySwitch, sdk.gaugeBuilder(name), noop.gaugeBuilder(name));
        }

        // The default returns a no-op; the measurements come from buildObserver(), which are the SDK's own.
        @Override
        public BatchCallback batchCallback(Runnable callback, ObservableMeasurement observableMeasurement,
                ObservableMeasurement... additionalMeasurements) {
            return sdk.batchCallback(telemetrySwitch.whileOn(callback), observableMeasurement,
                    additionalMeasurements);
        }
    }
}
