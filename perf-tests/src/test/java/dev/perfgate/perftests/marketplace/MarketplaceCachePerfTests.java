package dev.perfgate.perftests.marketplace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import io.opentelemetry.api.OpenTelemetry;

import dev.perfgate.Measure;
import dev.perfgate.Sla;
import dev.perfgate.perftests.seed.SeedRow;
import dev.perfgate.marketplace.Marketplace;
import dev.perfgate.marketplace.catalog.Catalog;

/**
 * The seed's "Cache Hit Latency < 1 ms (p99)": {@code Marketplace.get(id)} of a package whose metadata is in the
 * Caffeine cache (the first call, JUnit's own invocation, loads it). Each call parses the id, looks it up in the
 * cache and picks the latest version. A hit is not traced (a miss is), and counted only by Caffeine's statistics,
 * which the marketplace reports as observable counters at metric collection.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MarketplaceCachePerfTests {

    @TempDir
    static Path home;
    private Marketplace market;

    @BeforeAll
    void importCatalog() {
        market = Marketplace.open(home, OpenTelemetry.noop());
        market.importCatalogIndex(Catalog.generate(1_000, 42));
    }

    @AfterAll
    void close() {
        market.close();
    }

    @Test
    @Measure(warmup = "500ms", duration = "2s")
    @SeedRow(tier = 1, value = "Cache hit latency < 1 ms (p99)")
    @Sla(p99 = "1ms")
    void metadataCacheHit() {
        assertThat(market.get("deep/level-03")).isPresent();
    }
}
