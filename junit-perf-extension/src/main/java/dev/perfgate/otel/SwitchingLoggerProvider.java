package dev.perfgate.otel;

import io.opentelemetry.api.logs.LogRecordBuilder;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.LoggerBuilder;
import io.opentelemetry.api.logs.LoggerProvider;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.context.Context;

/**
 * The logs bridge, switched like tracing: a log appender wired to the system's {@code OpenTelemetry} is
 * instrumentation too, and "on" means the whole SDK, logs included.
 */
final class SwitchingLoggerProvider implements LoggerProvider {

    private static final LoggerProvider NOOP = LoggerProvider.noop();

    private final TelemetrySwitch telemetrySwitch;
    private final LoggerProvider sdk;

    SwitchingLoggerProvider(TelemetrySwitch telemetrySwitch, LoggerProvider sdk) {
        this.telemetrySwitch = telemetrySwitch;
        this.sdk = sdk;
    }

    @Override
    public LoggerBuilder loggerBuilder(String instrumentationScopeName) {
        return new SwitchingLoggerBuilder(telemetrySwitch, sdk.loggerBuilder(instrumentationScopeName),
                NOOP.loggerBuilder(instrumentationScopeName));
    }

    private static final class SwitchingLoggerBuilder implements LoggerBuilder {

        private final TelemetrySwitch telemetrySwitch;
        private LoggerBuilder sdk;
        private LoggerBuilder noop;

        SwitchingLoggerBuilder(TelemetrySwitch telemetrySwitch, LoggerBuilder sdk, LoggerBuilder noop) {
            this.telemetrySwitch = telemetrySwitch;
            this.sdk = sdk;
            this.noop = noop;
        }

        @Override
        public LoggerBuilder setSchemaUrl(String schemaUrl) {
            sdk = sdk.setSchemaUrl(schemaUrl);
            noop = noop.setSchemaUrl(schemaUrl);
            return this;
        }

        @Override
        public LoggerBuilder setInstrumentationVersion(String instrumentationScopeVersion) {
            sdk = sdk.setInstrumentationVersion(instrumentationScopeVersion);
            noop = noop.setInstrumentationVersion(instrumentationScopeVersion);
            return this;
        }

        @Override
        public Logger build() {
            return new SwitchingLogger(telemetrySwitch, sdk.build(), noop.build());
        }
    }

    private static final class SwitchingLogger implements Logger {

        private final TelemetrySwitch telemetrySwitch;
        private final Logger sdk;
        private final Logger noop;

        SwitchingLogger(TelemetrySwitch telemetrySwitch, Logger sdk, Logger noop) {
            this.telemetrySwitch = telemetrySwitch;
            this.sdk = sdk;
            this.noop = noop;
        }

        @Override
        public boolean isEnabled(Severity severity, Context context) {
            return select().isEnabled(severity, context);
        }

        @Override
        public boolean isEnabled(Severity severity) {
            return select().isEnabled(severity);
        }

        @Override
        public LogRecordBuilder logRecordBuilder() {
            return select().logRecordBuilder();
        }

        private Logger select() {
            return telemetrySwitch.isOn() ? sdk : noop;
        }
    }
}
