package dev.perfgate.marketplace.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.opentelemetry.api.OpenTelemetry;

import dev.perfgate.marketplace.Manifest;
import dev.perfgate.marketplace.Marketplace;
import dev.perfgate.marketplace.PackageId;
import dev.perfgate.marketplace.catalog.Catalog;
import dev.perfgate.marketplace.catalog.CatalogEntry;
import dev.perfgate.marketplace.semver.Version;

class SearchTests {

    @TempDir
    Path home;
    Marketplace market;

    private static CatalogEntry entry(String id, String title, String description, List<String> tags, String category,
                                      String license, long downloads, long stars, String published) {
        return new CatalogEntry(new Manifest(PackageId.parse(id), Version.parse("1.0.0"), title, description, tags,
                List.of(category), license, List.of(), Map.of()), downloads, stars, Instant.parse(published));
    }

    @BeforeEach
    void fill() {
        market = Marketplace.open(home, OpenTelemetry.noop());
        market.importCatalog(new Catalog(6, 0, List.of(
                entry("acme/json", "JSON", "The json parser everyone uses, json json json", List.of("json", "parser"),
                        "parsers", "MIT", 5_000, 50, "2025-01-01T00:00:00Z"),
                entry("zeta/fast-json-parser-json", "Fast JSON parser for JSON", "json parser json parser json",
                        List.of("json", "parser"), "parsers", "Apache-2.0", 90_000, 900, "2025-03-01T00:00:00Z"),
                entry("acme/yaml", "YAML parser", "A yaml parser", List.of("yaml", "parser"), "parsers", "MIT", 100,
                        5, "2025-02-01T00:00:00Z"),
                entry("web/router", "HTTP router", "Routes web requests", List.of("web", "http"), "web-frameworks",
                        "MIT", 70_000, 3_000, "2024-06-01T00:00:00Z"),
                entry("web/server", "HTTP server", "Serves web pages and json", List.of("web"), "web-frameworks",
                        "BSD-3-Clause", 10, 1, "2025-04-01T00:00:00Z"),
                entry("tools/cli-kit", "Command line kit", "Arguments and prompts", List.of("cli"), "command-line",
                        "ISC", 300, 30, "2024-01-01T00:00:00Z"))));
    }

    @AfterEach
    void close() {
        market.close();
    }

    private List<String> ids(SearchQuery query) {
        return market.search(query).hits().stream().map(h -> h.id().toString()).toList();
    }

    @Test
    void ranksAnExactNameMatchFirstEvenAgainstHigherBm25() {
        assertThat(ids(SearchQuery.of("json")).get(0)).isEqualTo("acme/json");
        assertThat(ids(SearchQuery.of("fast json parser json")).get(0)).isEqualTo("zeta/fast-json-parser-json");
        assertThat(ids(SearchQuery.of("acme/yaml")).get(0)).isEqualTo("acme/yaml");
    }

    @Test
    void findsByTitleDescriptionAndTagsWithBm25Scores() {
        SearchResults results = market.search("parser");

        assertThat(results.hits()).extracting(h -> h.id().toString())
                .containsExactlyInAnyOrder("acme/json", "zeta/fast-json-parser-json", "acme/yaml");
        assertThat(results.totalHits()).isEqualTo(3);
        assertThat(results.totalHitsExact()).isTrue();
        assertThat(results.hits()).allMatch(h -> h.score() > 0);
        assertThat(ids(SearchQuery.of("prompts"))).containsExactly("tools/cli-kit");
        assertThat(ids(SearchQuery.of("nothing-like-this"))).isEmpty();
    }

    @Test
    void matchesTyposOnlyWhenFuzzy() {
        assertThat(ids(SearchQuery.of("roter"))).isEmpty();
        assertThat(ids(SearchQuery.of("roter").fuzzy(true))).containsExactly("web/router");
    }

    @Test
    void filtersByTagCategoryLicenseDownloadsAndStars() {
        assertThat(ids(SearchQuery.of("").withTag("web"))).containsExactly("web/router", "web/server");
        assertThat(ids(SearchQuery.of("parser").withCategory("parsers").withLicense("mit")))
                .containsExactlyInAnyOrder("acme/json", "acme/yaml");
        assertThat(ids(SearchQuery.of("").withMinDownloads(5_000))).containsExactly(
                "zeta/fast-json-parser-json", "web/router", "acme/json");
        assertThat(ids(SearchQuery.of("").withMinStars(1_000))).containsExactly("web/router");
        assertThat(ids(SearchQuery.of("json").withTag("web"))).containsExactly("web/server");
    }

    @Test
    void sortsByEachOrder() {
        assertThat(ids(SearchQuery.of("").sortedBy(SortOrder.DOWNLOADS).withLimit(3)))
                .containsExactly("zeta/fast-json-parser-json", "web/router", "acme/json");
        assertThat(ids(SearchQuery.of("").sortedBy(SortOrder.STARS).withLimit(2)))
                .containsExactly("web/router", "zeta/fast-json-parser-json");
        assertThat(ids(SearchQuery.of("").sortedBy(SortOrder.UPDATED).withLimit(2)))
                .containsExactly("web/server", "zeta/fast-json-parser-json");
        assertThat(ids(SearchQuery.of("").sortedBy(SortOrder.NAME)))
                .containsExactly("acme/json", "acme/yaml", "tools/cli-kit", "web/router", "web/server",
                        "zeta/fast-json-parser-json");
        assertThat(market.search(SearchQuery.of("json").sortedBy(SortOrder.NAME)).hits())
                .allMatch(h -> Float.isNaN(h.score()));
    }

    @Test
    void pagesWithLimitAndOffset() {
        SearchQuery all = SearchQuery.of("").sortedBy(SortOrder.NAME);

        assertThat(ids(all.withLimit(2).withOffset(2))).containsExactly("tools/cli-kit", "web/router");
        assertThat(ids(all.withLimit(10).withOffset(5))).containsExactly("zeta/fast-json-parser-json");
        assertThat(market.search(all.withLimit(2)).totalHits()).isEqualTo(6);
    }

    @Test
    void staysInStepWithPublishYankAndRestart() throws IOException {
        market.publish(dev.perfgate.marketplace.TestPackages.archive("acme/toml-parser", "1.0.0"));
        assertThat(ids(SearchQuery.of("toml"))).containsExactly("acme/toml-parser");

        market.publish(dev.perfgate.marketplace.TestPackages.archive("acme/toml-parser", "1.1.0"));
        assertThat(market.search("toml").hits().get(0).version()).hasToString("1.1.0");
        market.yank("acme/toml-parser", "1.1.0");
        assertThat(market.search("toml").hits().get(0).version()).hasToString("1.0.0");
        market.yank("acme/toml-parser", "1.0.0");
        assertThat(ids(SearchQuery.of("toml"))).isEmpty();

        market.close();
        dev.perfgate.marketplace.install.InstallerTestSupport.deleteTree(home.resolve("search-index"));
        market = Marketplace.open(home, OpenTelemetry.noop());
        assertThat(ids(SearchQuery.of("").sortedBy(SortOrder.NAME))).hasSize(6); // rebuilt from the registry
        assertThat(ids(SearchQuery.of("router"))).containsExactly("web/router");
    }
}
