/**
 * The registry in a home directory: content-addressed blobs, the log of published metadata, and the in-memory view of every package's versions.
 */
@NullMarked
package dev.perfgate.marketplace.registry;

import org.jspecify.annotations.NullMarked;
