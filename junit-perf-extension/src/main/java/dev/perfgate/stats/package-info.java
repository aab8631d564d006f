/**
 * The statistics behind the verdicts, on top of Apache Commons Statistics: a one-sided binomial test for
 * "more than the allowed fraction is above the limit", and a batch-means Student t interval for means and rates.
 */
@NullMarked
package dev.perfgate.stats;

import org.jspecify.annotations.NullMarked;
