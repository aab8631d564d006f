/**
 * Where the numbers are judged: each {@link dev.perfgate.verdict.Objective} turns a
 * {@link dev.perfgate.measure.Measurement} into an {@link dev.perfgate.verdict.ObjectiveResult} (PASS, WARN or
 * FAIL, with its evidence), and {@link dev.perfgate.verdict.Messages} lays the results out for people.
 */
@NullMarked
package dev.perfgate.verdict;

import org.jspecify.annotations.NullMarked;
