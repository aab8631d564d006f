package dev.perfgate.marketplace.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
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

    @Test
    void refusesAnInstallThatWouldBreakWhatTheTargetHoldsAndLeavesItAsItWas() throws IOException {
        publish("acme/util", "1.2.0");
        publish("acme/util", "2.0.0");
        publish("acme/web-framework", "1.0.0", "acme/util", "^1.2.0");
        market.install("acme/web-framework", into);
        Map<String, String> before = TestPackages.snapshot(into);

        assertThatThrownBy(() -> market.install("acme/util@^2", into)).isInstanceOf(MarketplaceException.class)
                .hasMessage("conflict on acme/util: the install request requires ^2 and acme/web-framework@1.0.0"
                        + " requires ^1.2.0; no version satisfies both (available: 1.2.0, 2.0.0)");
        assertThat(TestPackages.snapshot(into)).isEqualTo(before);
        try (var siblings = Files.list(dir)) {
            assertThat(siblings.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("home", "deps");
        }
    }

    @Test
    void resolvesTheRequestTogetherWithWhatTheTargetHolds() {
        publish("acme/util", "1.2.0");
        publish("acme/util", "1.3.0");
        publish("acme/util", "2.0.0");
        publish("acme/web-framework", "1.0.0", "acme/util", "^1.2.0");
        publish("acme/cli", "1.0.0");
        market.install("acme/web-framework@^1", into);
        publish("acme/web-framework", "1.1.0", "acme/util", ">=1.2.0 <3");
        market.yank("acme/util", "1.3.0");

        InstallResult util = market.install("acme/util@^1.2", into);
        InstallResult cli = market.install("acme/cli", into);

        assertThat(util.installed()).extracting(PackageMetadata::coordinates).containsExactly("acme/util@1.2.0");
        assertThat(cli.installed()).extracting(PackageMetadata::coordinates).containsExactly("acme/cli@1.0.0");
        Lockfile lock = Lockfile.read(into);
        assertThat(lock.packages().get(PackageId.parse("acme/util")).version()).hasToString("1.2.0");
        assertThat(lock.packages().get(PackageId.parse("acme/web-framework")).version()).hasToString("1.0.0");
        // web-framework 1.0.0 refuses util 2, 1.1.0 accepts it: the target's package moves up with it
        assertThat(market.install("acme/util@^2", into).installed()).extracting(PackageMetadata::coordinates)
                .containsExactly("acme/util@2.0.0", "acme/web-framework@1.1.0");
        assertThat(Lockfile.read(into).packages().get(PackageId.parse("acme/web-framework")).version())
                .hasToString("1.1.0");
        assertThat(into.resolve("acme/web-framework/lib/web-framework.txt"))
                .hasContent("content of acme/web-framework@1.1.0");
    }

    @Test
    void givesANewTargetReadableAndAnExistingTargetItsOwnPermissions() throws IOException {
        assumeTrue(Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class));
        publish("acme/one", "1.0.0");
        publish("acme/two", "1.0.0");

        market.install("acme/one", into);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(into))).isEqualTo("rwxr-xr-x");
        Files.setPosixFilePermissions(into, PosixFilePermissions.fromString("rwxr-x---"));
        Files.setPosixFilePermissions(into.resolve("acme"), PosixFilePermissions.fromString("rwx--x--x"));
        market.install("acme/two", into);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(into))).isEqualTo("rwxr-x---");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(into.resolve("acme"))))
                .isEqualTo("rwx--x--x");
    }

    @Test
    void installWithoutARequirementTakesTheLatestPreReleaseWhenThereIsNoRelease() {
        publish("acme/beta", "1.0.0-beta.1");
        publish("acme/beta", "1.0.0-beta.2");

        InstallResult result = market.install("acme/beta", into);

        assertThat(result.root().version()).isEqualTo(market.get("acme/beta").orElseThrow().version());
        assertThat(result.root().version()).hasToString("1.0.0-beta.2");
        publish("acme/beta", "1.0.0");
        assertThat(market.install("acme/beta", into).root().version()).hasToString("1.0.0");
    }

    @Test
    void recoversATargetMovedAsideByAnInstallInterruptedBetweenItsRenames() throws IOException {
        publish("acme/one", "1.0.0");
        publish("acme/two", "1.0.0");
        market.install("acme/one", into);
        Map<String, String> installed = TestPackages.snapshot(into);
        // the state a crash between "target aside" and "staging in" leaves, plus a staging directory never renamed
        Files.move(into, dir.resolve(".deps.previous-123"));
        Files.createDirectories(dir.resolve(".deps.staging-456/acme/half"));
        Files.createDirectories(dir.resolve(".deps.staging-x"));

        market.install("acme/two", into);

        assertThat(into.resolve("acme/one/lib/one.txt")).hasContent("content of acme/one@1.0.0");
        assertThat(into.resolve("acme/two/lib/two.txt")).hasContent("content of acme/two@1.0.0");
        assertThat(Lockfile.read(into).packages()).containsOnlyKeys(PackageId.parse("acme/one"),
                PackageId.parse("acme/two"));
        assertThat(TestPackages.snapshot(into)).containsAllEntriesOf(Map.of("acme/one/lib/one.txt",
                installed.get("acme/one/lib/one.txt")));
        try (var siblings = Files.list(dir)) {
            assertThat(siblings.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("home", "deps", ".deps.staging-x");
        }
    }

    @Test
    void deletesAStalePreviousTargetBesideAnExistingOne() throws IOException {
        publish("acme/one", "1.0.0");
        market.install("acme/one", into);
        Files.createDirectories(dir.resolve(".deps.previous-789/acme/old"));

        market.install("acme/one", into);

        try (var siblings = Files.list(dir)) {
            assertThat(siblings.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("home", "deps");
        }
    }

    @Test
    void refusesALockfileWithADuplicateKey() throws IOException {
        publish("acme/one", "1.0.0");
        Files.createDirectories(into);
        Files.writeString(into.resolve(Lockfile.FILE_NAME),
                "{\"lockfileVersion\": 1, \"requested\": {}, \"requested\": {}, \"packages\": {}}");

        assertThatThrownBy(() -> market.install("acme/one", into)).isInstanceOf(MarketplaceException.class)
                .hasMessageStartingWith("lockfile " + into.resolve(Lockfile.FILE_NAME).toAbsolutePath().normalize()
                        + " is unreadable (Duplicate field 'requested'");
    }
}
