/**
 * Where the numbers are measured: {@link dev.perfgate.measure.Harness} invokes an operation under a
 * {@link dev.perfgate.measure.MeasurementPlan} and returns a {@link dev.perfgate.measure.Measurement}: an
 * HdrHistogram of latencies in nanoseconds, exact count, sum, minimum and maximum, per-block counts for interval
 * estimates, errors and late starts. Nothing here judges.
 */
@NullMarked
package dev.perfgate.measure;

import org.jspecify.annotations.NullMarked;
