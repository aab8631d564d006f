/**
 * Installs: resolving the dependency graph, verifying every blob, extracting all or nothing, writing the lockfile.
 */
@NullMarked
package dev.perfgate.marketplace.install;

import org.jspecify.annotations.NullMarked;
