package dev.perfgate.marketplace.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.opentelemetry.api.OpenTelemetry;

import dev.perfgate.marketplace.Marketplace;
import dev.perfgate.marketplace.MarketplaceException;
import dev.perfgate.marketplace.PackageId;
import dev.perfgate.marketplace.PackageMetadata;
import dev.perfgate.marketplace.TestPackages;
import dev.perfgate.marketplace.catalog.Catalog;

class InstallTests {

    @TempDir
    Path dir;
    Path into;
    Marketplace market;

    @BeforeEach
    void open() {
        market = Marketplace.open(dir.resolve("home"), OpenTelemetry.noop());
        into = dir.resolve("deps");
    }

    @AfterEach
    void close() {
        market.close();
    }

    private void publish(String id, String version, String... dependencies) {
        market.publish(TestPackages.archive(id, version, dependencies));
    }

    @Test
    void installsTheHighestVersionsSatisfyingEveryRequirementAndWritesTheLockfile() throws IOException {
        publish("acme/util", "1.2.0");
        publish("acme/util", "1.4.1");
        publish("acme/util", "2.0.0");
        publish("acme/util", "1.5.0-beta.1");
        publish("acme/log", "1.0.0", "acme/util", ">=1.2 <2");
        publish("acme/web", "1.0.0", "acme/util", "^1.2.0", "acme/log", "~1.0");
        publish("acme/web", "2.0.0-rc.1");

        InstallResult result = market.install("acme/web", into);

        assertThat(result.installed()).extracting(PackageMetadata::coordinates)
                .containsExactly("acme/log@1.0.0", "acme/util@1.4.1", "acme/web@1.0.0");
        assertThat(into.resolve("acme/util/lib/util.txt")).hasContent("content of acme/util@1.4.1");
        assertThat(into.resolve("acme/web/marketplace.json")).exists();
        Lockfile lock = Lockfile.read(into);
        assertThat(lock.requested()).containsEntry(PackageId.parse("acme/web"),
                dev.perfgate.marketplace.semver.VersionRequirement.any());
        assertThat(lock.packages().get(PackageId.parse("acme/util")).version()).hasToString("1.4.1");
        assertThat(lock.packages().get(PackageId.parse("acme/util")).integrity())
                .isEqualTo("sha256-" + market.get("acme/util", "1.4.1").orElseThrow().sha256());
    }

    @Test
    void backtracksWhenTheHighestCandidateLeadsToAConflict() {
        publish("acme/util", "1.0.0");
        publish("acme/util", "2.0.0");
        publish("acme/log", "1.0.0", "acme/util", "^1.0.0");
        publish("acme/log", "2.0.0", "acme/util", "^2.0.0");
        publish("acme/app", "1.0.0", "acme/util", "^1.0.0", "acme/log", "*");

        Resolution resolution = market.resolve("acme/app");

        assertThat(resolution.packages().values()).extracting(PackageMetadata::coordinates)
                .containsExactly("acme/app@1.0.0", "acme/log@1.0.0", "acme/util@1.0.0");
    }

    @Test
    void honoursTheRequestedRequirementAndNeverChoosesAYankedVersion() {
        publish("acme/web", "1.0.0");
        publish("acme/web", "1.1.0");
        publish("acme/web", "2.0.0");
        market.yank("acme/web", "1.1.0");

        assertThat(market.resolve("acme/web@^1").root().version()).hasToString("1.0.0");
        assertThat(market.resolve("acme/web@>=1.0 <3").root().version()).hasToString("2.0.0");
    }

    @Test
    void namesTheCycle() {
        publish("a/x", "1.0.0", "a/y", "^2.1");
        publish("a/y", "2.1.0", "a/x", "1.0.0");

        assertThatThrownBy(() -> market.install("a/x", into)).isInstanceOf(MarketplaceException.class)
                .hasMessage("dependency cycle: a/x@1.0.0 -> a/y@2.1.0 -> a/x@1.0.0");
        assertThat(into).doesNotExist();
    }

    @Test
    void namesBothRequirementsOfAConflict() {
        publish("acme/util", "1.3.0");
        publish("acme/util", "2.0.0");
        publish("acme/a", "1.0.0", "acme/util", "^1.2.0");
        publish("acme/b", "2.0.0", "acme/util", "^2.0.0");
        publish("acme/app", "1.0.0", "acme/a", "1.0.0", "acme/b", "2.0.0");

        assertThatThrownBy(() -> market.install("acme/app", into)).isInstanceOf(MarketplaceException.class)
                .hasMessage("conflict on acme/util: acme/a@1.0.0 requires ^1.2.0 and acme/b@2.0.0 requires ^2.0.0;"
                        + " no version satisfies both (available: 1.3.0, 2.0.0)");
    }

    @Test
    void namesARequirementNothingSatisfiesAndAnUnknownPackage() {
        publish("acme/util", "1.3.0");
        publish("acme/app", "1.0.0", "acme/util", "^3.0.0");
        publish("acme/other", "1.0.0", "acme/ghost", "^1");

        assertThatThrownBy(() -> market.install("acme/app", into)).isInstanceOf(MarketplaceException.class)
                .hasMessage("no version of acme/util satisfies ^3.0.0 (required by acme/app@1.0.0; available: 1.3.0)");
        assertThatThrownBy(() -> market.install("acme/other", into)).isInstanceOf(MarketplaceException.class)
                .hasMessage("unknown package acme/ghost (required by acme/other@1.0.0 as ^1)");
        assertThatThrownBy(() -> market.install("acme/nope@^1", into)).isInstanceOf(MarketplaceException.class)
                .hasMessage("unknown package acme/nope");
        assertThatThrownBy(() -> market.install("acme/util@^2", into)).isInstanceOf(MarketplaceException.class)
                .hasMessage("no version of acme/util satisfies ^2 (required by the install request; available: 1.3.0)");
    }

    @Test
    void aTamperedBlobInstallsNothingAndLeavesTheTargetAsItWas() throws IOException {
        publish("acme/util", "1.0.0");
        publish("acme/web", "1.0.0", "acme/util", "^1");
        publish("acme/old", "1.0.0");
        market.install("acme/old", into);
        Map<String, String> before = TestPackages.snapshot(into);
        PackageMetadata util = market.get("acme/util").orElseThrow();
        Path blob = market.registry().blobPath(util);
        byte[] content = Files.readAllBytes(blob);
        content[content.length - 10] ^= 0x55;
        Files.write(blob, content);

        assertThatThrownBy(() -> market.install("acme/web", into)).isInstanceOf(MarketplaceException.class)
                .hasMessageStartingWith("checksum mismatch for acme/util@1.0.0: expected sha256 " + util.sha256());
        assertThat(TestPackages.snapshot(into)).isEqualTo(before);
        try (var siblings = Files.list(dir)) {
            assertThat(siblings.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("home", "deps");
        }
    }

    @Test
    void keepsWhatTheTargetHeldAndMergesTheLockfile() {
        publish("acme/one", "1.0.0");
        publish("acme/two", "1.0.0");
        publish("acme/two", "1.1.0");

        market.install("acme/one", into);
        market.install("acme/two@1.0.0", into);
        market.install("acme/two@^1", into);

        assertThat(into.resolve("acme/one/lib/one.txt")).exists();
        assertThat(into.resolve("acme/two/lib/two.txt")).hasContent("content of acme/two@1.1.0");
        assertThat(Lockfile.read(into).packages()).containsOnlyKeys(PackageId.parse("acme/one"),
                PackageId.parse("acme/two"));
        assertThat(Lockfile.read(into).requested().get(PackageId.parse("acme/two"))).hasToString("^1");
    }

    @Test
    void installsTheCatalogsDeepChainWithTenTransitiveDependencies() {
        market.importCatalog(Catalog.generate(12, 1));

        InstallResult result = market.install(Catalog.DEEP_ROOT.toString(), into);

        assertThat(result.installed()).hasSize(11);
        assertThat(market.resolve(Catalog.DEEP_ROOT.toString()).transitiveDependencyCount()).isEqualTo(10);
        assertThat(into.resolve("deep/level-10/README.md")).exists();
    }

    @Test
    void aMirroredIndexReportsTheMissingBlobOnInstall() {
        market.importCatalogIndex(Catalog.generate(12, 1));

        assertThat(market.get("deep/level-05")).isPresent();
        assertThatThrownBy(() -> market.install("deep/level-10", into)).isInstanceOf(MarketplaceException.class)
                .hasMessageStartingWith("blob of deep/level-10@1.1.0 is missing");
        assertThat(into).doesNotExist();
    }
}
