package dev.perfgate.otel;

import java.util.Collection;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import org.jspecify.annotations.Nullable;

/**
 * Propagators whose text-map propagator chooses per call: HTTP clients and servers fetch it once at construction,
 * so switching the {@code ContextPropagators} alone would not reach them.
 */
final class SwitchingPropagators implements ContextPropagators {

    private final TextMapPropagator textMapPropagator;

    SwitchingPropagators(TelemetrySwitch telemetrySwitch, ContextPropagators sdk) {
        this.textMapPropagator = new SwitchingTextMapPropagator(telemetrySwitch, sdk.getTextMapPropagator(),
                ContextPropagators.noop().getTextMapPropagator());
    }

    @Override
    public TextMapPropagator getTextMapPropagator() {
        return textMapPropagator;
    }

    private static final class SwitchingTextMapPropagator implements TextMapPropagator {

        private final TelemetrySwitch telemetrySwitch;
        private final TextMapPropagator sdk;
        private final TextMapPropagator noop;

        SwitchingTextMapPropagator(TelemetrySwitch telemetrySwitch, TextMapPropagator sdk, TextMapPropagator noop) {
            this.telemetrySwitch = telemetrySwitch;
            this.sdk = sdk;
            this.noop = noop;
        }

        @Override
        public Collection<String> fields() {
            return select().fields();
        }

        @Override
        public <C> void inject(Context context, @Nullable C carrier, TextMapSetter<C> setter) {
            select().inject(context, carrier, setter);
        }

        @Override
        public <C> Context extract(Context context, @Nullable C carrier, TextMapGetter<C> getter) {
            return select().extract(context, carrier, getter);
        }

        private TextMapPropagator select() {
            return telemetrySwitch.isOn() ? sdk : noop;
        }

        @Override
        public String toString() {
            return "SwitchingTextMapPropagator{sdk=" + sdk + "}";
        }
    }
}
