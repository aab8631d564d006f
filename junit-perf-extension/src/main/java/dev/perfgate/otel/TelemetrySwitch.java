package dev.perfgate.otel;

import java.util.function.Consumer;

/**
 * The flag every switching wrapper reads on each call. Volatile, because the thread that switches (the measuring
 * one) is often not the thread that records (a pool inside the system under test), and one volatile read is the
 * cheapest way for the latter to see the switch at its next call.
 */
final class TelemetrySwitch {

    private volatile boolean on;

    boolean isOn() {
        return on;
    }

    void set(boolean on) {
        this.on = on;
    }

    /** Observable callbacks live in the SDK only; while off they must not run at all, as they would not with no-op. */
    <T> Consumer<T> whileOn(Consumer<T> callback) {
        return measurement -> {
            if (on) {
                callback.accept(measurement);
            }
        };
    }

    Runnable whileOn(Runnable callback) {
        return () -> {
            if (on) {
                callback.run();
            }
        };
    }
}
