/**
 * The package marketplace that perfgate's own suite measures: packages, registry, search, cache, installs, and
 * (in {@code dev.perfgate.marketplace.p2p}) the peer-to-peer network.
 */
@NullMarked
package dev.perfgate.marketplace;

import org.jspecify.annotations.NullMarked;
