package dev.perfgate.otel;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.DoubleCounter;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.api.metrics.DoubleUpDownCounter;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongGauge;
import io.opentelemetry.api.metrics.DoubleGauge;
import io.opentelemetry.context.Context;

/**
 * Synchronous instruments holding both the SDK instrument and the no-op one, built from the same builder settings;
 * every measurement goes to the one the switch selects at that call. Keeping both, rather than building on demand,
 * keeps the off arm at one volatile read plus the no-op's empty call. {@code isEnabled()} is delegated too: the
 * interface's default answers true, and callers that skip computing a value when disabled must see the no-op's false
 * while off.
 */
final class SwitchingInstruments {

    private SwitchingInstruments() {
    }

    static final class SwitchingLongCounter implements LongCounter {

        private final TelemetrySwitch telemetrySwitch;
        private final LongCounter sdk;
        private final LongCounter noop;

        SwitchingLongCounter(TelemetrySwitch telemetrySwitch, LongCounter sdk, LongCounter noop) {
            this.telemetrySwitch = telemetrySwitch;
            this.sdk = sdk;
            this.noop = noop;
        }

        @Override
        public boolean isEnabled() {
            return select().isEnabled();
        }

        @Override
        public void add(long value) {
            select().add(value);
        }

        @Override
        public void add(long value, Attributes attributes) {
            select().add(value, attributes);
        }

        @Override
        public void add(long value, Attributes attributes, Context context) {
            select().add(value, attributes, context);
        }

        private LongCounter select() {
            return telemetrySwitch.isOn() ? sdk : noop;
        }
    }

    static final class SwitchingDoubleCounter implements DoubleCounter {

        private final TelemetrySwitch telemetrySwitch;
        private final DoubleCounter sdk;
        private final DoubleCounter noop;

        SwitchingDoubleCounter(TelemetrySwitch telemetrySwitch, DoubleCounter sdk, DoubleCounter noop) {
            this.telemetrySwitch = telemetrySwitch;
            this.sdk = sdk;
            this.noop = noop;
        }

        @Override
        public boolean isEnabled() {
            return select().isEnabled();
        }

        @Override
        public void add(double value) {
            select().add(value);
        }

        @Override
        public void add(double value, Attributes attributes) {
            select().add(value, attributes);
        }

        @Override
        public void add(double value, Attributes attributes, Context context) {
            select().add(value, attributes, context);
        }

        private DoubleCounter select() {
            return telemetrySwitch.isOn() ? sdk : noop;
        }
    }

    static final class SwitchingLongUpDownCounter implements LongUpDownCounter {

        private final TelemetrySwitch telemetrySwitch;
        private final LongUpDownCounter sdk;
        private final LongUpDownCounter noop;

        SwitchingLongUpDownCounter(TelemetrySwitch telemetrySwitch, LongUpDownCounter sdk, LongUpDownCounter noop) {
            this.telemetrySwitch = telemetrySwitch;
            this.sdk = sdk;
            this.noop = noop;
        }

        @Override
        public boolean isEnabled() {
            return select().isEnabled();
        }

        @Override
        public void add(long value) {
            select().add(value);
        }

        @Override
        public void add(long value, Attributes attributes) {
            select().add(value, attributes);
        }

        @Override
        public void add(long value, Attributes attributes, Context context) {
            select().add(value, attributes, context);
        }

        private LongUpDownCounter select() {
            return telemetrySwitch.isOn() ? sdk : noop;
        }
    }

    static final class SwitchingDoubleUpDownCounter implements DoubleUpDownCounter {

        private final TelemetrySwitch telemetrySwitch;
        private final DoubleUpDownCounter sdk;
        private final DoubleUpDownCounter noop;

        SwitchingDoubleUpDownCounter(TelemetrySwitch telemetrySwitch, DoubleUpDownCounter sdk, DoubleUpDownCounter noop) {
            this.telemetrySwitch = telemetrySwitch;
            this.sdk = sdk;
            this.noop = noop;
        }

        @Override
        public boolean isEnabled() {
            return select().isEnabled();
        }

        @Override
        public void add(double value) {
            select().add(value);
        }

        @Override
        public void add(double value, Attributes attributes) {
            select().add(value, attributes);
        }

        @Override
        public void add(double value, Attributes attributes, Context context) {
            select().add(value, attributes, context);
        }

        private DoubleUpDownCounter select() {
            return telemetrySwitch.isOn() ? sdk : noop;
        }
    }

    static final class SwitchingLongHistogram implements LongHistogram {

        private final TelemetrySwitch telemetrySwitch;
        private final LongHistogram sdk;
        private final LongHistogram noop;

        SwitchingLongHistogram(TelemetrySwitch telemetrySwitch, LongHistogram sdk, LongHistogram noop) {
            this.telemetrySwitch = telemetrySwitch;
            this.sdk = sdk;
            this.noop = noop;
        }

        @Override
        public boolean isEnabled() {
            return select().isEnabled();
        }

        @Override
        public void record(long value) {
            select().record(value);
        }

        @Override
        public void record(long value, Attributes attributes) {
            select().record(value, attributes);
        }

        @Override
        public void record(long value, Attributes attributes, Context context) {
            select().record(value, attributes, context);
        }

        private LongHistogram select() {
            return telemetrySwitch.isOn() ? sdk : noop;
        }
    }

    static final class SwitchingDoubleHistogram implements DoubleHistogram {

        private final TelemetrySwitch telemetrySwitch;
        private final DoubleHistogram sdk;
        private final DoubleHistogram noop;

        SwitchingDoubleHistogram(TelemetrySwitch telemetrySwitch, DoubleHistogram sdk, DoubleHistogram noop) {
            this.telemetrySwitch = telemetrySwitch;
            this.sdk = sdk;
            this.noop = noop;
        }

        @Override
        public boolean isEnabled() {
            return select().isEnabled();
        }

        @Override
        public void record(double value) {
            select().record(value);
        }

        @Override
        public void record(double value, Attributes attributes) {
            select().record(value, attributes);
        }

        @Override
        public void record(double value, Attributes attributes, Context context) {
            select().record(value, attributes, context);
        }

        private DoubleHistogram select() {
            return telemetrySwitch.isOn() ? sdk : noop;
        }
    }

    static final class SwitchingLongGauge implements LongGauge {

        private final TelemetrySwitch telemetrySwitch;
        private final LongGauge sdk;
        private final LongGauge noop;

        SwitchingLongGauge(TelemetrySwitch telemetrySwitch, LongGauge sdk, LongGauge noop) {
            this.telemetrySwitch = telemetrySwitch;
            this.sdk = sdk;
            this.noop = noop;
        }

        @Override
        public boolean isEnabled() {
            return select().isEnabled();
        }

        @Override
        public void set(long value) {
            select().set(value);
        }

        @Override
        public void set(long value, Attributes attributes) {
            select().set(value, attributes);
        }

        @Override
        public void set(long value, Attributes attributes, Context context) {
            select().set(value, attributes, context);
        }

        private LongGauge select() {
            return telemetrySwitch.isOn() ? sdk : noop;
        }
    }

    static final class SwitchingDoubleGauge implements DoubleGauge {

        private final TelemetrySwitch telemetrySwitch;
        private final DoubleGauge sdk;
        private final DoubleGauge noop;

        SwitchingDoubleGauge(TelemetrySwitch telemetrySwitch, DoubleGauge sdk, DoubleGauge noop) {
            this.telemetrySwitch = telemetrySwitch;
            this.sdk = sdk;
            this.noop = noop;
        }

        @Override
        public boolean isEnabled() {
            return select().isEnabled();
        }

        @Override
        public void set(double value) {
            select().set(value);
        }

        @Override
        public void set(double value, Attributes attributes) {
            select().set(value, attributes);
        }

        @Override
        public void set(double value, Attributes attributes, Context context) {
            select().set(value, attributes, context);
        }

        private DoubleGauge select() {
            return telemetrySwitch.isOn() ? sdk : noop;
        }
    }
}
