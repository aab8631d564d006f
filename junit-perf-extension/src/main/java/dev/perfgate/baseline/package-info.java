/**
 * Baselines: measurements recorded under a name ({@code baselines/v2.3.0/}), and the judgement of a new measurement
 * against them. {@link dev.perfgate.baseline.BaselineStore} reads and writes the files, {@link
 * dev.perfgate.baseline.Calibration} measures the machine, {@link dev.perfgate.baseline.RegressionComparison} is the
 * statistics, {@link dev.perfgate.baseline.RegressionObjective} the verdict, {@link
 * dev.perfgate.baseline.RegressionTable} the end-of-run table.
 */
@NullMarked
package dev.perfgate.baseline;

import org.jspecify.annotations.NullMarked;
