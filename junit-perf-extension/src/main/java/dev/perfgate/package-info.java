/**
 * perfgate's public API: {@link dev.perfgate.Sla} and {@link dev.perfgate.Measure} put performance objectives on
 * JUnit Jupiter test methods; {@link dev.perfgate.SlaViolationError} is how a violation fails a test.
 *
 * <p>Where the numbers come from: {@code dev.perfgate.measure} measures, {@code dev.perfgate.stats} and
 * {@code dev.perfgate.verdict} judge, {@code dev.perfgate.result} writes.
 */
@NullMarked
package dev.perfgate;

import org.jspecify.annotations.NullMarked;
