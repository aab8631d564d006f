package dev.perfgate.marketplace.cache;

import java.time.Duration;

/**
 * Bounds of the marketplace's two caches. A maximum size of 0 turns that cache off (every lookup loads), which is
 * how the performance suite measures search itself rather than the cache in front of it.
 *
 * <pre>{@code CacheSettings.defaults().withSearch(0, Duration.ofMinutes(10)) }</pre>
 *
 * @param metadataMaximumSize most packages whose versions are kept, e.g. 10,000
 * @param metadataExpiry      how long after loading a package's versions are served from the cache (default 5 min)
 * @param searchMaximumSize   most search results kept, e.g. 1,000
 * @param searchExpiry        how long after loading search results are served from the cache (default 10 min)
 */
public record CacheSettings(long metadataMaximumSize, Duration metadataExpiry, long searchMaximumSize,
                            Duration searchExpiry) {

    public static final long DEFAULT_METADATA_MAXIMUM_SIZE = 10_000;
    public static final Duration DEFAULT_METADATA_EXPIRY = Duration.ofMinutes(5);
    public static final long DEFAULT_SEARCH_MAXIMUM_SIZE = 1_000;
    public static final Duration DEFAULT_SEARCH_EXPIRY = Duration.ofMinutes(10);

    public CacheSettings {
        requireValid("metadataMaximumSize", metadataMaximumSize, metadataExpiry);
        requireValid("searchMaximumSize", searchMaximumSize, searchExpiry);
    }

    private static void requireValid(String what, long size, Duration expiry) {
        if (size < 0) {
            throw new IllegalArgumentException(what + " [" + size + "] must be 0 (off) or more, e.g. 10000");
        }
        if (expiry.isNegative() || expiry.isZero()) {
            throw new IllegalArgumentException("expiry [" + expiry + "] of " + what
                    + " must be positive, e.g. PT5M (5 min)");
        }
    }

    public static CacheSettings defaults() {
        return new CacheSettings(DEFAULT_METADATA_MAXIMUM_SIZE, DEFAULT_METADATA_EXPIRY, DEFAULT_SEARCH_MAXIMUM_SIZE,
                DEFAULT_SEARCH_EXPIRY);
    }

    public CacheSettings withMetadata(long maximumSize, Duration expiry) {
        return new CacheSettings(maximumSize, expiry, searchMaximumSize, searchExpiry);
    }

    public CacheSettings withSearch(long maximumSize, Duration expiry) {
        return new CacheSettings(metadataMaximumSize, metadataExpiry, maximumSize, expiry);
    }
}
