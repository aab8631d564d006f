/**
 * The {@code marketplace} command line (picocli).
 */
@NullMarked
package dev.perfgate.marketplace.cli;

import org.jspecify.annotations.NullMarked;
