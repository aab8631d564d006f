package dev.perfgate.otel;

import java.util.List;
import java.util.function.Consumer;

import dev.perfgate.otel.SwitchingInstruments.SwitchingDoubleCounter;
import dev.perfgate.otel.SwitchingInstruments.SwitchingDoubleGauge;
import dev.perfgate.otel.SwitchingInstruments.SwitchingDoubleHistogram;
import dev.perfgate.otel.SwitchingInstruments.SwitchingDoubleUpDownCounter;
import dev.perfgate.otel.SwitchingInstruments.SwitchingLongCounter;
import dev.perfgate.otel.SwitchingInstruments.SwitchingLongGauge;
import dev.perfgate.otel.SwitchingInstruments.SwitchingLongHistogram;
import dev.perfgate.otel.SwitchingInstruments.SwitchingLongUpDownCounter;
import io.opentelemetry.api.metrics.DoubleCounter;
import io.opentelemetry.api.metrics.DoubleCounterBuilder;
import io.opentelemetry.api.metrics.DoubleGauge;
import io.opentelemetry.api.metrics.DoubleGaugeBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.DoubleHistogramBuilder;
import io.opentelemetry.api.metrics.DoubleUpDownCounter;
import io.opentelemetry.api.metrics.DoubleUpDownCounterBuilder;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongCounterBuilder;
import io.opentelemetry.api.metrics.LongGauge;
import io.opentelemetry.api.metrics.LongGaugeBuilder;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.LongHistogramBuilder;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.api.metrics.LongUpDownCounterBuilder;
import io.opentelemetry.api.metrics.ObservableDoubleCounter;
import io.opentelemetry.api.metrics.ObservableDoubleGauge;
import io.opentelemetry.api.metrics.ObservableDoubleMeasurement;
import io.opentelemetry.api.metrics.ObservableDoubleUpDownCounter;
import io.opentelemetry.api.metrics.ObservableLongCounter;
import io.opentelemetry.api.metrics.ObservableLongGauge;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import io.opentelemetry.api.metrics.ObservableLongUpDownCounter;

/**
 * Instrument builders that pass every setting to an SDK builder and a no-op builder alike, and build a switching
 * instrument from the two.
 *
 * <p>Observable instruments ({@code buildWithCallback}, {@code buildObserver}) are registered with the SDK only:
 * a no-op observable does nothing whatever the callback, and the SDK calls a callback only when it collects, so
 * wrapping the callback to return at once while off gives the no-op's cost (the callback never runs) without a second
 * registration. The interface defaults of {@code buildObserver}, {@code setExplicitBucketBoundariesAdvice} and the
 * gauges' {@code build} return no-op objects or drop the setting, so they are all overridden.
 *
 * <p>Builder setters reassign the held builders rather than assume they return {@code this}: the API does not
 * promise it.
 */
final class SwitchingInstrumentBuilders {

    private SwitchingInstrumentBuilders() {
    }

    static final class SwitchingLongCounterBuilder implements LongCounterBuilder {

        private final TelemetrySwitch telemetrySwitch;
        private LongCounterBuilder sdk;
        private LongCounterBuilder noop;

        SwitchingLongCounterBuilder(TelemetrySwitch telemetrySwitch, LongCounterBuilder sdk, LongCounterBuilder noop) {
            this.telemetrySwitch = telemetrySwitch;
            this.sdk = sdk;
            this.noop = noop;
        }

        @Override
        public LongCounterBuilder setDescription(String description) {
            sdk = sdk.setDescription(description);
            noop = noop.setDescription(description);
            return this;
        }

        @Override
        public LongCounterBuilder setUnit(String unit) {
            sdk = sdk.setUnit(unit);
            noop = noop.setUnit(unit);
            return this;
        }

        @Override
        public DoubleCounterBuilder ofDoubles() {
            return new SwitchingDoubleCounterBuilder(telemetrySwitch, sdk.ofDoubles(), noop.ofDoubles());
        }

        @Override
        public LongCounter build() {
            return new SwitchingLongCounter(telemetrySwitch, sdk.build(), noop.build());
        }

        @Override
        public ObservableLongCounter buildWithCallback(Consumer<ObservableLongMeasurement> callback) {
            return sdk.buildWithCallback(telemetrySwitch.whileOn(callback));
        }

        @Override
        public ObservableLongMeasurement buildObserver() {
            return sdk.buildObserver();
        }
    }

    static final class SwitchingDoubleCounterBuilder implements DoubleCounterBuilder {

        private final TelemetrySwitch telemetrySwitch;
        private DoubleCounterBuilder sdk;
        private DoubleCounterBuilder noop;

        SwitchingDoubleCounterBuilder(TelemetrySwitch telemetrySwitch, DoubleCounterBuilder sdk,
                DoubleCounterBuilder noop) {
            this.telemetrySwitch = telemetrySwitch;
            this.sdk = sdk;
            this.noop = noop;
        }

        @Override
        public DoubleCounterBuilder setDescription(String description) {
            sdk = sdk.setDescription(description);
            noop = noop.setDescription(description);
            return this;
        }

        @Override
        public DoubleCounterBuilder setUnit(String unit) {
            sdk = sdk.setUnit(unit);
            noop = noop.setUnit(unit);
            return this;
        }

        @Override
        public DoubleCounter build() {
            return new SwitchingDoubleCounter(telemetrySwitch, sdk.build(), noop.build());
        }

        @Override
        public ObservableDoubleCounter buildWithCallback(Consumer<ObservableDoubleMeasurement> callback) {
            return sdk.buildWithCallback(telemetrySwitch.whileOn(callback));
        }

        @Override
        public ObservableDoubleMeasurement buildObserver() {
            return sdk.buildObserver();
        }
    }

    static final class SwitchingLongUpDownCounterBuilder implements LongUpDownCounterBuilder {

        private final TelemetrySwitch telemetrySwitch;
        private LongUpDownCounterBuilder sdk;
        private LongUpDownCounterBuilder noop;

        SwitchingLongUpDownCounterBuilder(TelemetrySwitch telemetrySwitch, LongUpDownCounterBuilder sdk,
                LongUpDownCounterBuilder noop) {
            this.telemetrySwitch = telemetrySwitch;
            this.sdk = sdk;
            this.noop = noop;
        }

        @Override
        public LongUpDownCounterBuilder setDescription(String description) {
            sdk = sdk.setDescription(description);
            noop = noop.setDescription(description);
            return this;
        }

        @Override
        public LongUpDownCounterBuilder setUnit(String unit) {
            sdk = sdk.setUnit(unit);
            noop = noop.setUnit(unit);
            return this;
        }

        @Override
        public DoubleUpDownCounterBuilder ofDoubles() {
            return new SwitchingDoubleUpDownCounterBuilder(telemetrySwitch, sdk.ofDoubles(), noop.ofDoubles());
        }

        @Override
        public LongUpDownCounter build() {
            return new SwitchingLongUpDownCounter(telemetrySwitch, sdk.build(), noop.build());
        }

        @Override
        public ObservableLongUpDownCounter buildWithCallback(Consumer<ObservableLongMeasurement> callback) {
            return sdk.buildWithCallback(telemetrySwitch.whileOn(callback));
        }

        @Override
        public ObservableLongMeasurement buildObserver() {
            return sdk.buildObserver();
        }
    }

    static final class SwitchingDoubleUpDownCounterBuilder implements DoubleUpDownCounterBuilder {

        private final TelemetrySwitch telemetrySwitch;
        private DoubleUpDownCounterBuilder sdk;
        private DoubleUpDownCounterBuilder noop;

        SwitchingDoubleUpDownCounterBuilder(TelemetrySwitch telemetrySwitch, DoubleUpDownCounterBuilder sdk,
                DoubleUpDownCounterBuilder noop) {
            this.telemetrySwitch = telemetrySwitch;
            this.sdk = sdk;
            this.noop = noop;
        }

        @Override
        public DoubleUpDownCounterBuilder setDescription(String description) {
            sdk = sdk.setDescription(description);
            noop = noop.setDescription(description);
            return this;
        }

        @Override
        public DoubleUpDownCounterBuilder setUnit(String unit) {
            sdk = sdk.setUnit(unit);
            noop = noop.setUnit(unit);
            return this;
        }

        @Override
        public DoubleUpDownCounter build() {
            return new SwitchingDoubleUpDownCounter(telemetrySwitch, sdk.build(), noop.build());
        }

        @Override
        public ObservableDoubleUpDownCounter buildWithCallback(Consumer<ObservableDoubleMeasurement> callback) {
            return sdk.buildWithCallback(telemetrySwitch.whileOn(callback));
        }

        @Override
        public ObservableDoubleMeasurement buildObserver() {
            return sdk.buildObserver();
        }
    }

    static final class SwitchingDoubleHistogramBuilder implements DoubleHistogramBuilder {

        private final TelemetrySwitch telemetrySwitch;
        private DoubleHistogramBuilder sdk;
        private DoubleHistogramBuilder noop;

        SwitchingDoubleHistogramBuilder(TelemetrySwitch telemetrySwitch, DoubleHistogramBuilder sdk,
                DoubleHistogramBuilder noop) {
            this.telemetrySwitch = telemetrySwitch;
            this.sdk = sdk;
            this.noop = noop;
        }

        @Override
        public DoubleHistogramBuilder setDescription(String description) {
            sdk = sdk.setDescription(description);
            noop = noop.setDescription(description);
            return this;
        }

        @Override
        public DoubleHistogramBuilder setUnit(String unit) {
            sdk = sdk.setUnit(unit);
            noop = noop.setUnit(unit);
            return this;
        }

        @Override
        public DoubleHistogramBuilder setExplicitBucketBoundariesAdvice(List<Double> bucketBoundaries) {
            sdk = sdk.setExplicitBucketBoundariesAdvice(bucketBoundaries);
            noop = noop.setExplicitBucketBoundariesAdvice(bucketBoundaries);
            return this;
        }

        @Override
        public LongHistogramBuilder ofLongs() {
            return new SwitchingLongHistogramBuilder(telemetrySwitch, sdk.ofLongs(), noop.ofLongs());
        }

        @Override
        public DoubleHistogram build() {
            return new SwitchingDoubleHistogram(telemetrySwitch, sdk.build(), noop.build());
        }
    }

    static final class SwitchingLongHistogramBuilder implements LongHistogramBuilder {

        private final TelemetrySwitch telemetrySwitch;
        private LongHistogramBuilder sdk;
        private LongHistogramBuilder noop;

        SwitchingLongHistogramBuilder(TelemetrySwitch telemetrySwitch, LongHistogramBuilder sdk,
                LongHistogramBuilder noop) {
            this.telemetrySwitch = telemetrySwitch;
            this.sdk = sdk;
            this.noop = noop;
        }

        @Override
        public LongHistogramBuilder setDescription(String description) {
            sdk = sdk.setDescription(description);
            noop = noop.setDescription(description);
            return this;
        }

        @Override
        public LongHistogramBuilder setUnit(String unit) {
            sdk = sdk.setUnit(unit);
            noop = noop.setUnit(unit);
            return this;
        }

        @Override
        public LongHistogramBuilder setExplicitBucketBoundariesAdvice(List<Long> bucketBoundaries) {
            sdk = sdk.setExplicitBucketBoundariesAdvice(bucketBoundaries);
            noop = noop.setExplicitBucketBoundariesAdvice(bucketBoundaries);
            return this;
        }

        @Override
        public LongHistogram build() {
            return new SwitchingLongHistogram(telemetrySwitch, sdk.build(), noop.build());
        }
    }

    static final class SwitchingDoubleGaugeBuilder implements DoubleGaugeBuilder {

        private final TelemetrySwitch telemetrySwitch;
        private DoubleGaugeBuilder sdk;
        private DoubleGaugeBuilder noop;

        SwitchingDoubleGaugeBuilder(TelemetrySwitch telemetrySwitch, DoubleGaugeBuilder sdk, DoubleGaugeBuilder noop) {
            this.telemetrySwitch = telemetrySwitch;
            this.sdk = sdk;
            this.noop = noop;
        }

        @Override
        public DoubleGaugeBuilder setDescription(String description) {
            sdk = sdk.setDescription(description);
            noop = noop.setDescription(description);
            return this;
        }

        @Override
        public DoubleGaugeBuilder setUnit(String unit) {
            sdk = sdk.setUnit(unit);
            noop = noop.setUnit(unit);
            return this;
        }

        @Override
        public LongGaugeBuilder ofLongs() {
            return new SwitchingLongGaugeBuilder(telemetrySwitch, sdk.ofLongs(), noop.ofLongs());
        }

        @Override
        public ObservableDoubleGauge buildWithCallback(Consumer<ObservableDoubleMeasurement> callback) {
            return sdk.buildWithCallback(telemetrySwitch.whileOn(callback));
        }

        @Override
        public ObservableDoubleMeasurement buildObserver() {
            return sdk.buildObserver();
        }

        @Override
        public DoubleGauge build() {
            return new SwitchingDoubleGauge(telemetrySwitch, sdk.build(), noop.build());
        }
    }

    static final class SwitchingLongGaugeBuilder implements LongGaugeBuilder {

        private final TelemetrySwitch telemetrySwitch;
        private LongGaugeBuilder sdk;
        private LongGaugeBuilder noop;

        SwitchingLongGaugeBuilder(TelemetrySwitch telemetrySwitch, LongGaugeBuilder sdk, LongGaugeBuilder noop) {
            this.telemetrySwitch = telemetrySwitch;
            this.sdk = sdk;
            this.noop = noop;
        }

        @Override
        public LongGaugeBuilder setDescription(String description) {
            sdk = sdk.setDescription(description);
            noop = noop.setDescription(description);
            return this;
        }

        @Override
        public LongGaugeBuilder setUnit(String unit) {
            sdk = sdk.setUnit(unit);
            noop = noop.setUnit(unit);
            return this;
        }

        @Override
        public ObservableLongGauge buildWithCallback(Consumer<ObservableLongMeasurement> callback) {
            return sdk.buildWithCallback(telemetrySwitch.whileOn(callback));
        }

        @Override
        public ObservableLongMeasurement buildObserver() {
            return sdk.buildObserver();
        }

        @Override
        public LongGauge build() {
            return new SwitchingLongGauge(telemetrySwitch, sdk.build(), noop.build());
        }
    }
}
