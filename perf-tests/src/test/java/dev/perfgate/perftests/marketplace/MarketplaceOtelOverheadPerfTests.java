package dev.perfgate.perftests.marketplace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import io.opentelemetry.api.OpenTelemetry;

import dev.perfgate.OtelOverhead;
import dev.perfgate.OtelOverhead.Exporter;
import dev.perfgate.marketplace.Marketplace;
import dev.perfgate.marketplace.MarketplaceSettings;
import dev.perfgate.marketplace.cache.CacheSettings;
import dev.perfgate.marketplace.catalog.Catalog;
import dev.perfgate.marketplace.search.SearchQuery;

/**
 * The seed's "OTEL Overhead < 10 % avg" on the marketplace's two critical paths, search and install, each with
 * the in-memory exporter and with the real OTLP/HTTP exporter sending to a loopback receiver. The seed's pass
 * conditions: every critical path below 10 % ({@code max}), their average below 5 % ({@code averageMax}). Both
 * marketplaces are built once, in {@code @BeforeAll}, with the OpenTelemetry perfgate switches; an invocation of
 * search runs eight queries on 10,000 packages with the search cache off (eight Lucene searches, eight spans), one
 * of install puts {@code deep/level-00} and its 10 transitive dependencies into a new directory.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@OtelOverhead(max = 10, averageMax = 5)
class MarketplaceOtelOverheadPerfTests {

    private static final List<SearchQuery> QUERIES = List.of(SearchQuery.of("json parser"),
            SearchQuery.of("web framework"), SearchQuery.of("http client"), SearchQuery.of("logging exporter"),
            SearchQuery.of("database driver pool"), SearchQuery.of("cli"), SearchQuery.of("yaml"),
            SearchQuery.of("test runner"));

    @TempDir
    static Path dir;
    private Marketplace searchMarket;
    private Marketplace installMarket;
    private int next;

    @BeforeAll
    void open(OpenTelemetry otel) {
        MarketplaceSettings noSearchCache = MarketplaceSettings.defaults()
                .withCache(CacheSettings.defaults().withSearch(0, Duration.ofMinutes(10)));
        searchMarket = Marketplace.open(dir.resolve("search"), otel, noSearchCache);
        searchMarket.importCatalogIndex(Catalog.generate(10_000, 42));
        installMarket = Marketplace.open(dir.resolve("install"), otel);
        installMarket.importCatalog(Catalog.generate(1_000, 42));
    }

    @AfterAll
    void close() {
        searchMarket.close();
        installMarket.close();
    }

    @Test
    void searchInMemory() {
        search();
    }

    @Test
    @OtelOverhead(max = 10, exporter = Exporter.OTLP)
    void searchOtlp() {
        search();
    }

    @Test
    void installInMemory() {
        install();
    }

    @Test
    @OtelOverhead(max = 10, exporter = Exporter.OTLP)
    void installOtlp() {
        install();
    }

    /**
     * All eight queries, so that both batches of a pair do the same work: with one query per invocation, a pair
     * would compare one query's cost with another's.
     */
    private void search() {
        for (SearchQuery query : QUERIES) {
            assertThat(searchMarket.search(query).hits()).isNotEmpty();
        }
    }

    private void install() {
        assertThat(installMarket.install(Catalog.DEEP_ROOT.toString(), dir.resolve("target-" + next++)).installed())
                .hasSize(11);
    }
}
