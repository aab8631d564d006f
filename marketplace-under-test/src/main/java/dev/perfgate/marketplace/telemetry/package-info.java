/**
 * The marketplace's spans and metrics, all obtained from the {@code OpenTelemetry} instance the marketplace was opened with.
 */
@NullMarked
package dev.perfgate.marketplace.telemetry;

import org.jspecify.annotations.NullMarked;
