package dev.perfgate.perftests.seed.marketplace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.opentelemetry.api.OpenTelemetry;

import dev.perfgate.Measure;
import dev.perfgate.Severity;
import dev.perfgate.Sla;
import dev.perfgate.perftests.seed.SeedRow;
import dev.perfgate.marketplace.Marketplace;
import dev.perfgate.marketplace.catalog.Catalog;

/**
 * The seed's marketplace_performance group "registry loading" at 10, 100 and 1,000 packages: opening a marketplace
 * home that already holds the packages. Each invocation replays the registry log into memory, opens the Lucene
 * index, finds it in step with the registry (so nothing is rebuilt) and closes both again: what every CLI command
 * pays before it does anything. The homes are imported without archives ({@code importCatalogIndex}): opening never
 * reads a blob, and 1,300 blob files fewer keep the fixture fast.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SeedRow(tier = 2, value = "marketplace_performance: registry loading at 10 / 100 / 1,000")
class RegistryLoadingPerfTests {

    @TempDir
    static Path homes;

    @BeforeAll
    void createRegistries() {
        for (int packages : new int[]{10, 100, 1_000}) {
            try (Marketplace market = Marketplace.open(home(packages), OpenTelemetry.noop())) {
                market.importCatalogIndex(Catalog.generate(packages, 42));
            }
        }
    }

    private static Path home(int packages) {
        return homes.resolve("market-" + packages);
    }

    @ParameterizedTest(name = "seed marketplace_performance: registry loading, {0} packages")
    @ValueSource(ints = {10, 100, 1_000})
    @DisplayName("seed marketplace_performance: registry loading")
    @Measure(warmup = "300ms", iterations = 100)
    // Tier 2, no figure in the seed: loading is on the path of every CLI command, and a command that takes more than
    // about a second before it starts working feels broken, so 1 s up to 1,000 packages. At p90 rather than p95:
    // an open takes tens of ms, and p95 needs 200 of them per size (p90: 100), more than this suite can spend;
    // 100 iterations, the fewest that judge a p90, rather than a duration, which an early slow open stretches
    @Sla(p90 = "1s", severity = Severity.WARN)
    void registryLoading(int packages) {
        try (Marketplace market = Marketplace.open(home(packages), OpenTelemetry.noop())) {
            assertThat(market.packageCount()).isEqualTo(packages);
        }
    }
}
