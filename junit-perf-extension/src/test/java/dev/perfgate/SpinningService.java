package dev.perfgate;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;

/**
 * A service with a known cost, instrumented as real services are: one span and one counter increment per call.
 * A call spins for {@code baseNanos}, and for {@code extraNanos} more only while its span is recording, so that
 * the cost of turning telemetry on is the real span and metric cost plus exactly {@code extraNanos}.
 */
final class SpinningService {

    private final Tracer tracer;
    private final LongCounter calls;
    private final long baseNanos;
    private final long extraNanos;

    SpinningService(OpenTelemetry openTelemetry, long baseNanos, long extraNanos) {
        this.tracer = openTelemetry.getTracer("dev.perfgate.test");
        this.calls = openTelemetry.getMeter("dev.perfgate.test").counterBuilder("calls").build();
        this.baseNanos = baseNanos;
        this.extraNanos = extraNanos;
    }

    void call() {
        Span span = tracer.spanBuilder("call").startSpan();
        try {
            spin(baseNanos);
            if (span.isRecording()) {
                spin(extraNanos);
            }
            calls.add(1);
        }
        finally {
            span.end();
        }
    }

    private static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
