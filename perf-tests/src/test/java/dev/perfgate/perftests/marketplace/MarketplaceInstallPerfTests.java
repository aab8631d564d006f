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
 * The seed's "Package Retrieval < 2 s (p95)" as a local install: {@code deep/level-00} and its 10 transitive
 * dependencies (a chain 10 levels deep) from a 1,000-package catalog whose archives are stored. Each invocation
 * resolves, reads and checks 11 blobs' SHA-256, extracts them into a new directory through a staging directory,
 * and writes the lockfile.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MarketplaceInstallPerfTests {

    @TempDir
    static Path dir;
    private Marketplace market;
    private int next;

    @BeforeAll
    void importCatalog() {
        market = Marketplace.open(dir.resolve("home"), OpenTelemetry.noop());
        market.importCatalog(Catalog.generate(1_000, 42));
        assertThat(market.resolve(Catalog.DEEP_ROOT.toString()).transitiveDependencyCount()).isEqualTo(10);
    }

    @AfterAll
    void close() {
        market.close();
    }

    @Test
    // 1.5 s of warmup: the blocks a baseline comparison needs are sized from the warmup's pace, and the first
    // installs are several times slower than the rest
    @Measure(warmup = "1500ms", duration = "2s")
    @SeedRow(tier = 1, value = "Package retrieval < 2 s (p95): a local install, 11 packages 10 levels deep")
    @Sla(p95 = "2s")
    void installTenTransitiveDependencies() {
        assertThat(market.install(Catalog.DEEP_ROOT.toString(), dir.resolve("target-" + next++)).installed())
                .hasSize(11);
    }
}
