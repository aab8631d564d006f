package dev.perfgate.perftests.seed.marketplace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import io.opentelemetry.api.OpenTelemetry;

import dev.perfgate.Measure;
import dev.perfgate.Severity;
import dev.perfgate.Sla;
import dev.perfgate.perftests.seed.SeedRow;
import dev.perfgate.marketplace.Manifest;
import dev.perfgate.marketplace.Marketplace;
import dev.perfgate.marketplace.MarketplaceSettings;
import dev.perfgate.marketplace.PackageId;
import dev.perfgate.marketplace.PackageMetadata;
import dev.perfgate.marketplace.archive.PackageArchive;
import dev.perfgate.marketplace.cache.CacheSettings;
import dev.perfgate.marketplace.catalog.Catalog;
import dev.perfgate.marketplace.semver.Version;

/**
 * The seed's marketplace_performance group "cache operations" on the marketplace's metadata cache (Caffeine, in
 * front of the registry), each over a 1,000-package catalog of its own:
 * <ul>
 *   <li>hit: {@code get} of a package whose versions are cached;</li>
 *   <li>miss: {@code get} after the cache's clock moved past the expiry, so the entry is stale and is loaded again
 *       from the registry;</li>
 *   <li>write: {@code publish} of a new version, which stores the archive durably, updates the index and
 *       invalidates the package's entry, then the {@code get} that loads the new version into the cache;</li>
 *   <li>cleanup: {@code get} that adds an entry to a cache held at its bound (100 packages), so Caffeine evicts one
 *       on the caller's thread (the cache's executor runs maintenance inline). Each looks up a package not in the
 *       registry, a new one every time, as a mistyped install does: its (empty) answer is cached like any other, and
 *       only a never-seen id is sure to miss. A cycle over the catalog's packages is not: the size policy
 *       (W-TinyLFU) keeps some of them, and their hits would make the eviction count per invocation unknowable.</li>
 * </ul>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Measure(warmup = "300ms", duration = "1s")
@SeedRow(tier = 2, value = "marketplace_performance: cache hit / miss / write / cleanup")
class CacheGroupPerfTests {

    private static final Duration METADATA_EXPIRY = CacheSettings.DEFAULT_METADATA_EXPIRY;
    private static final int BOUNDED_SIZE = 100;

    @TempDir
    static Path homes;
    private Marketplace market;
    private Marketplace expiring;
    private Marketplace bounded;
    /** The expiring marketplace's cache clock, in nanoseconds; only the miss test moves it. */
    private final AtomicLong cacheClock = new AtomicLong();
    private int next;
    private int publishedPatch;

    @BeforeAll
    void importCatalogs() {
        Catalog catalog = Catalog.generate(1_000, 42);
        market = Marketplace.open(homes.resolve("market"), OpenTelemetry.noop());
        market.importCatalogIndex(catalog);
        expiring = Marketplace.open(homes.resolve("expiring"), OpenTelemetry.noop(),
                MarketplaceSettings.defaults().withCacheTicker(cacheClock::get));
        expiring.importCatalogIndex(catalog);
        bounded = Marketplace.open(homes.resolve("bounded"), OpenTelemetry.noop(), MarketplaceSettings.defaults()
                .withCache(CacheSettings.defaults().withMetadata(BOUNDED_SIZE, METADATA_EXPIRY)));
        bounded.importCatalogIndex(catalog);
        // fills the cache to its bound, so that every further entry makes it evict one
        catalog.entries().stream().map(entry -> entry.manifest().id()).distinct().limit(BOUNDED_SIZE)
                .forEach(bounded::get);
    }

    @AfterAll
    void close() {
        market.close();
        expiring.close();
        bounded.close();
    }

    @Test
    @DisplayName("seed marketplace_performance: cache, hit")
    // the seed's Tier 1 "cache hit < 1 ms (p99)"; this group only warns (issue 9)
    @Sla(p99 = "1ms", severity = Severity.WARN)
    void cacheHit() {
        assertThat(market.get("deep/level-03")).isPresent();
    }

    @Test
    @DisplayName("seed marketplace_performance: cache, miss (expired entry)")
    // Tier 2, no figure in the seed: a miss reads the registry's in-memory versions of one package and stores them,
    // a few µs more than a hit; holding it to the hit's 1 ms at p99 says a miss is never a disk read
    @Sla(p99 = "1ms", severity = Severity.WARN)
    void cacheMiss() {
        long misses = expiring.metadataCacheStats().missCount();
        cacheClock.addAndGet(METADATA_EXPIRY.toNanos());
        assertThat(expiring.get("deep/level-03")).isPresent();
        assertThat(expiring.metadataCacheStats().missCount()).isEqualTo(misses + 1);
    }

    @Test
    @DisplayName("seed marketplace_performance: cache, write (publish, then get)")
    // Tier 2, no figure in the seed: a publish forces the archive, the registry log and the index commit to the disk;
    // a person publishing waits for it as for an install, and a quarter of the install's 2 s leaves room for slow
    // fsyncs on a shared disk. At p90 rather than p95: a publish takes tens of ms, and p95 needs 200 of them (p90: 100)
    @Sla(p90 = "500ms", severity = Severity.WARN)
    @Measure(warmup = "300ms", iterations = 100)
    void cacheWrite() {
        Version version = Version.of(1, 0, publishedPatch++);
        PackageId id = PackageId.parse("cache/written");
        Manifest manifest = Manifest.of(id, version, "Cache write fixture");
        market.publish(PackageArchive.create(manifest,
                Map.of("README.md", ("# " + id + " " + version + "\n").getBytes(StandardCharsets.UTF_8))));
        PackageMetadata latest = market.get(id).orElseThrow();
        assertThat(latest.version()).isEqualTo(version);
    }

    @Test
    @DisplayName("seed marketplace_performance: cache, cleanup (eviction at the size bound)")
    // Tier 2, no figure in the seed: an eviction is Caffeine's maintenance of a few entries on top of a miss; the
    // hit's 1 ms at p99 says cleanup never stalls a lookup
    @Sla(p99 = "1ms", severity = Severity.WARN)
    void cacheCleanup() {
        long evictions = bounded.metadataCacheStats().evictionCount();
        assertThat(bounded.get("absent/package-" + next++)).isEmpty();
        assertThat(bounded.metadataCacheStats().evictionCount()).isEqualTo(evictions + 1);
    }
}
