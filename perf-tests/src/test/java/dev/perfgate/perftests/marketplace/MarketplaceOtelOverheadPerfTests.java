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
 * The seed's "OTEL Overhead < 10 % each, < 5 % average" on search, install and publish (the DHT lookup's is in
 * {@code seed.p2p.LookupOtelOverheadPerfTests}, run with {@code -Pseed-plan}: measured at +12 % to +15 %, it is a
 * finding being worked on). (The issue also names get: a metadata cache hit, about 200 ns, now emits no telemetry of its own, its hits being counted by
 * observable counters read at collection, so perfgate rightly refuses to judge its overhead as vacuous; judging the
 * traced miss path is still to be done.) Every system under test is built once, in {@code @BeforeAll}, with the OpenTelemetry perfgate
 * switches on and off. An invocation of search runs eight queries on 10,000 packages with the search cache off (eight
 * Lucene searches, eight spans); install puts
 * {@code deep/level-00} and its 10 transitive dependencies into a new directory, exported over the real OTLP/HTTP
 * exporter to a loopback receiver; publish records a new version of a package (a new archive each time) in
 * the registry and the index.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@OtelOverhead(max = 10, averageMax = 5)
@SeedRow(tier = 1, value = "OTel overhead < 10 % each, < 5 % average")
class MarketplaceOtelOverheadPerfTests {

    private static final List<SearchQuery> QUERIES = List.of(SearchQuery.of("json parser"),
            SearchQuery.of("web framework"), SearchQuery.of("http client"), SearchQuery.of("logging exporter"),
            SearchQuery.of("database driver pool"), SearchQuery.of("cli"), SearchQuery.of("yaml"),
            SearchQuery.of("test runner"));

    @TempDir
    static Path dir;
    private Marketplace searchMarket;
    private Marketplace installMarket;
    private Marketplace publishMarket;
    private int next;
    private int published;

    @BeforeAll
    void open(OpenTelemetry otel) {
        MarketplaceSettings noSearchCache = MarketplaceSettings.defaults()
                .withCache(CacheSettings.defaults().withSearch(0, Duration.ofMinutes(10)));
        searchMarket = Marketplace.open(dir.resolve("search"), otel, noSearchCache);
        searchMarket.importCatalogIndex(Catalog.generate(10_000, 42));
        installMarket = Marketplace.open(dir.resolve("install"), otel);
        installMarket.importCatalog(Catalog.generate(1_000, 42));
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
    @OtelOverhead(max = 10, exporter = Exporter.OTLP)
    void install() {
        assertThat(installMarket.install(Catalog.DEEP_ROOT.toString(), dir.resolve("target-" + next++)).installed())
                .hasSize(11);
    }

    @Test
    void publish() {
        int n = published++;
        Manifest manifest = Manifest.of(PackageId.parse("otel/published"), Version.of(1, 0, n), "Published " + n);
        assertThat(publishMarket.publish(PackageArchive.create(manifest, Map.of("lib/data.txt",
                ("version " + n).getBytes(StandardCharsets.UTF_8)))).version().patch()).isEqualTo(n);
    }
}
