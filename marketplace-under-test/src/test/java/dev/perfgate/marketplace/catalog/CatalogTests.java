package dev.perfgate.marketplace.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.opentelemetry.api.OpenTelemetry;

import dev.perfgate.marketplace.Marketplace;
import dev.perfgate.marketplace.PackageId;

class CatalogTests {

    @Test
    void isDeterministicForASeedAndDiffersAcrossSeeds() {
        Catalog a = Catalog.generate(500, 42);
        Catalog b = Catalog.generate(500, 42);
        Catalog c = Catalog.generate(500, 43);

        assertThat(a.entries()).isEqualTo(b.entries());
        assertThat(a.entries().get(200).archive()).isEqualTo(b.entries().get(200).archive());
        assertThat(a.entries()).isNotEqualTo(c.entries());
    }

    @Test
    void hasTheRequestedNumberOfPackagesInFamiliesWithFixtures() {
        Catalog catalog = Catalog.generate(1_000, 7);
        Set<PackageId> ids = catalog.entries().stream().map(e -> e.manifest().id()).collect(Collectors.toSet());

        assertThat(ids).hasSize(1_000).contains(Catalog.DEEP_ROOT, Catalog.WIDE_ROOT);
        assertThat(catalog.entries().size()).isGreaterThan(1_000);
        assertThat(catalog.entries().stream().flatMap(e -> e.manifest().categories().stream()).distinct().count())
                .isGreaterThanOrEqualTo(8);
        assertThat(catalog.entries().stream().filter(e -> !e.manifest().dependencies().isEmpty()).count())
                .isGreaterThan(300);
        assertThat(catalog.entries().stream().mapToLong(CatalogEntry::downloads).max().orElseThrow())
                .isGreaterThan(100_000);
    }

    @Test
    void everyPackageOfAGeneratedCatalogResolves(@TempDir Path home) {
        try (Marketplace market = Marketplace.open(home, OpenTelemetry.noop())) {
            market.importCatalogIndex(Catalog.generate(300, 5));

            assertThat(market.packageCount()).isEqualTo(300);
            assertThat(market.resolve(Catalog.WIDE_ROOT.toString()).transitiveDependencyCount()).isEqualTo(30);
            for (PackageId id : market.registry().ids()) {
                assertThat(market.resolve(id.toString()).root().id()).isEqualTo(id);
            }
        }
    }
}
