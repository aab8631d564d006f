/**
 * A seeded, deterministic synthetic catalog of packages in realistic families, for tests and the performance suite.
 */
@NullMarked
package dev.perfgate.marketplace.catalog;

import org.jspecify.annotations.NullMarked;
