/**
 * Caffeine caches in front of the registry and the search index, counting hits and misses into OpenTelemetry metrics.
 */
@NullMarked
package dev.perfgate.marketplace.cache;

import org.jspecify.annotations.NullMarked;
