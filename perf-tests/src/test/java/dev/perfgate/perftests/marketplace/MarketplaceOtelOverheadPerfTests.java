package dev.perfgate.perftests.marketplace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import io.opentelemetry.api.OpenTelemetry;

import dev.perfgate.OtelOverhead;
import dev.perfgate.OtelOverhead.Exporter;
import dev.perfgate.marketplace.Manifest;
import dev.perfgate.marketplace.Marketplace;
import dev.perfgate.marketplace.PackageId;
import dev.perfgate.marketplace.archive.PackageArchive;
import dev.perfgate.marketplace.semver.Version;
import dev.perfgate.perftests.seed.SeedRow;
import dev.perfgate.marketplace.MarketplaceSettings;
import dev.perfgate.marketplace.cache.CacheSettings;
import dev.perfgate.marketplace.catalog.Catalog;
import dev.perfgate.marketplace.search.SearchQuery;

/**
 * The seed's "OTEL Overhead < 10 % each, < 5 % average" on search, get, install and publish (the DHT lookup's is in
 * {@code seed.p2p.LookupOtelOverheadPerfTests}). Every system under test is built once, in {@code @BeforeAll}, with
 * the OpenTelemetry perfgate switches on and off.
 * <ul>
 *   <li>search: eight queries on 10,000 packages with the search cache off (eight Lucene searches, eight spans);</li>
 *   <li>get: {@code Marketplace.get(id)} of eight packages whose metadata is cached, as users mostly call it. A hit
 *   records nothing itself: the cache's hits and misses are observable counters read from Caffeine's statistics at
 *   collection (a span per hit cost +189 % of it), so what is judged is that this costs the hit nothing;</li>
 *   <li>install: {@code deep/level-08} and its 2 transitive dependencies into a new directory, exported over the
 *   real OTLP/HTTP exporter to a loopback receiver. An install records the same spans whatever its size, so a
 *   small one is the strict case: behind 11 packages' file writes ({@code deep/level-00}, 25 ms) the same spans
 *   measured +0.3 to +1.2 %, and the 600 installs took 20 s;</li>
 *   <li>publish: a new version of a package (a new archive each time) recorded in the registry and the index.</li>
 * </ul>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@OtelOverhead(max = 10, averageMax = 5)
@SeedRow(tier = 1, value = "OTel overhead < 10 % each, < 5 % average")
class MarketplaceOtelOverheadPerfTests {

    private static final List<SearchQuery> QUERIES = List.of(SearchQuery.of("json parser"),
            SearchQuery.of("web framework"), SearchQuery.of("http client"), SearchQuery.of("logging exporter"),
            SearchQuery.of("database driver pool"), SearchQuery.of("cli"), SearchQuery.of("yaml"),
            SearchQuery.of("test runner"));

    private static final List<String> CACHED = List.of("deep/level-00", "deep/level-01", "deep/level-02",
            "deep/level-03", "deep/level-04", "deep/level-05", "deep/level-06", "deep/level-07");

    /** The third-last package of the deep chain: itself and two levels of dependencies. */
    private static final String INSTALLED = "deep/level-08";

    @TempDir
    static Path dir;
    private Marketplace searchMarket;
    private Marketplace installMarket;
    private Marketplace publishMarket;
    private int next;
    private int gets;
    private int published;

    @BeforeAll
    void open(OpenTelemetry otel) {
        MarketplaceSettings noSearchCache = MarketplaceSettings.defaults()
                .withCache(CacheSettings.defaults().withSearch(0, Duration.ofMinutes(10)));
        searchMarket = Marketplace.open(dir.resolve("search"), otel, noSearchCache);
        searchMarket.importCatalogIndex(Catalog.generate(10_000, 42));
        installMarket = Marketplace.open(dir.resolve("install"), otel);
        installMarket.importCatalog(Catalog.generate(100, 42)); // the smallest catalog with the deep chain
        publishMarket = Marketplace.open(dir.resolve("publish"), otel);
    }

    @AfterAll
    void close() {
        searchMarket.close();
        installMarket.close();
        publishMarket.close();
    }

    @Test
    void search() {
        for (SearchQuery query : QUERIES) {
            assertThat(searchMarket.search(query).hits()).isNotEmpty();
        }
    }

    @Test
    void get() {
        assertThat(installMarket.get(CACHED.get(gets++ % CACHED.size()))).isPresent();
    }

    @Test
    @OtelOverhead(max = 10, exporter = Exporter.OTLP)
    void install() {
        assertThat(installMarket.install(INSTALLED, dir.resolve("target-" + next++)).installed()).hasSize(3);
    }

    @Test
    void publish() {
        int n = published++;
        Manifest manifest = Manifest.of(PackageId.parse("otel/published"), Version.of(1, 0, n), "Published " + n);
        assertThat(publishMarket.publish(PackageArchive.create(manifest, Map.of("lib/data.txt",
                ("version " + n).getBytes(StandardCharsets.UTF_8)))).version().patch()).isEqualTo(n);
    }
}
