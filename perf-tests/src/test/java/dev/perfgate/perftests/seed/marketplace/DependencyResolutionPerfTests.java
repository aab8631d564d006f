package dev.perfgate.perftests.seed.marketplace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

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
import dev.perfgate.marketplace.Marketplace;
import dev.perfgate.marketplace.catalog.Catalog;
import dev.perfgate.marketplace.install.Resolution;

/**
 * The seed's marketplace_performance group "dependency resolution": shallow (3 direct dependencies, none further),
 * deep ({@code deep/level-00}, a chain 10 levels deep) and 50 packages (a tree 6 levels deep in which one package is
 * required by the 25 others that have dependencies), resolved among a 1,000-package catalog. Resolution reads
 * versions through the metadata cache, so after the first invocation this is the resolver's search itself:
 * candidates, requirement checks, the cycle check.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Measure(warmup = "300ms", duration = "1s")
// Tier 2, no figure in the seed: resolution is an in-memory lookup answered while a person waits, like a search,
// and it runs before every install; the seed's interactive figure, search < 100 ms at p95, is the bound to defend
@Sla(p95 = "100ms", severity = Severity.WARN)
@SeedRow(tier = 2, value = "marketplace_performance: dependency resolution shallow / deep / 50 packages")
class DependencyResolutionPerfTests {

    @TempDir
    static Path home;
    private Marketplace market;

    @BeforeAll
    void importCatalog() {
        market = Marketplace.open(home, OpenTelemetry.noop());
        market.importCatalogIndex(Catalog.generate(1_000, 42));
        FixturePackages.publishShallowGraph(market);
        FixturePackages.publishFiftyPackageGraph(market);
    }

    @AfterAll
    void close() {
        market.close();
    }

    @Test
    @DisplayName("seed marketplace_performance: dependency resolution, shallow")
    void resolveShallow() {
        Resolution resolution = market.resolve(FixturePackages.SHALLOW_ROOT);
        assertThat(resolution.packages()).hasSize(4);
    }

    @Test
    @DisplayName("seed marketplace_performance: dependency resolution, deep (10 levels)")
    void resolveDeep() {
        Resolution resolution = market.resolve(Catalog.DEEP_ROOT.toString());
        assertThat(resolution.transitiveDependencyCount()).isEqualTo(10);
    }

    @Test
    @DisplayName("seed marketplace_performance: dependency resolution, 50 packages")
    void resolveFiftyPackages() {
        Resolution resolution = market.resolve(FixturePackages.FIFTY_ROOT);
        assertThat(resolution.packages()).hasSize(FixturePackages.FIFTY);
        assertThat(resolution.root().version().toString()).isEqualTo("1.1.0");
    }
}
