/**
 * OpenTelemetry for {@code @OtelOverhead}: {@link dev.perfgate.otel.SwitchableOpenTelemetry} is the one
 * {@code OpenTelemetry} the system under test is built with, switched between the API's no-op and a real SDK so that
 * both arms of an overhead measurement run the same code on the same objects. Nothing here touches
 * {@code GlobalOpenTelemetry}.
 */
@NullMarked
package dev.perfgate.otel;

import org.jspecify.annotations.NullMarked;
