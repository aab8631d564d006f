package dev.perfgate.marketplace;

import java.time.Clock;

import com.github.benmanes.caffeine.cache.Ticker;

import dev.perfgate.marketplace.cache.CacheSettings;

/**
 * How a marketplace is opened: its caches and its clocks.
 *
 * <pre>{@code MarketplaceSettings.defaults().withCache(CacheSettings.defaults().withSearch(0, Duration.ofMinutes(10))) }</pre>
 *
 * @param cache       sizes and expiry of the metadata and search caches
 * @param clock       the time of publishes and yanks
 * @param cacheTicker the clock of cache expiry, in nanoseconds; tests pass a fake one to expire without waiting
 */
public record MarketplaceSettings(CacheSettings cache, Clock clock, Ticker cacheTicker) {

    public static MarketplaceSettings defaults() {
        return new MarketplaceSettings(CacheSettings.defaults(), Clock.systemUTC(), Ticker.systemTicker());
    }

    public MarketplaceSettings withCache(CacheSettings cache) {
        return new MarketplaceSettings(cache, clock, cacheTicker);
    }

    public MarketplaceSettings withClock(Clock clock) {
        return new MarketplaceSettings(cache, clock, cacheTicker);
    }

    public MarketplaceSettings withCacheTicker(Ticker cacheTicker) {
        return new MarketplaceSettings(cache, clock, cacheTicker);
    }
}
