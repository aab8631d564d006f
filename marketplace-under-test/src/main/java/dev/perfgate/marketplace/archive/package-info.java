/**
 * The package archive format: a zip holding {@code marketplace.json} and the package's files; reading it refuses entries that would land outside the target.
 */
@NullMarked
package dev.perfgate.marketplace.archive;

import org.jspecify.annotations.NullMarked;
