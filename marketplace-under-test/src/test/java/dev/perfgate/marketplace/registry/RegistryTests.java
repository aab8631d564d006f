package dev.perfgate.marketplace.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.perfgate.marketplace.MarketplaceException;
import dev.perfgate.marketplace.PackageId;
import dev.perfgate.marketplace.PackageMetadata;
import dev.perfgate.marketplace.TestPackages;
import dev.perfgate.marketplace.semver.Version;

class RegistryTests {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-06-01T12:00:00Z"), ZoneOffset.UTC);
    private static final PackageId WEB = PackageId.parse("acme/web");

    @TempDir
    Path home;

    @Test
    void publishesStoresContentAddressedAndFindsEverythingAfterARestart() throws IOException {
        byte[] archive = TestPackages.archive("acme/web", "1.0.0");
        Registry registry = Registry.open(home, CLOCK);

        PackageMetadata published = registry.publish(archive);
        registry.publish(TestPackages.archive("acme/web", "1.1.0"));

        assertThat(published.sha256()).isEqualTo(BlobStore.sha256(archive));
        assertThat(published.sizeBytes()).isEqualTo(archive.length);
        assertThat(published.publishedAt()).isEqualTo(CLOCK.instant());
        assertThat(Files.readAllBytes(registry.blobPath(published))).isEqualTo(archive);
        Registry reopened = Registry.open(home, CLOCK);
        assertThat(reopened.versions(WEB)).extracting(m -> m.version().toString()).containsExactly("1.0.0", "1.1.0");
        assertThat(reopened.get(WEB, Version.parse("1.0.0"))).contains(published);
        assertThat(reopened.archive(published)).isEqualTo(archive);
        assertThat(reopened.sequence()).isEqualTo(2);
    }

    @Test
    void refusesToPublishAVersionTwiceAndLeavesTheRegistryAsItWas() throws IOException {
        Registry registry = Registry.open(home, CLOCK);
        PackageMetadata first = registry.publish(TestPackages.archive("acme/web", "1.0.0"));
        var before = TestPackages.snapshot(home);

        assertThatThrownBy(() -> registry.publish(TestPackages.archive("acme/web", "1.0.0", "acme/util", "1")))
                .isInstanceOf(MarketplaceException.class)
                .hasMessage("acme/web@1.0.0 is already published (sha256 " + first.sha256()
                        + "); versions are immutable, publish a new version such as 1.0.1");
        assertThat(TestPackages.snapshot(home)).isEqualTo(before);
    }

    @Test
    void yanksAndTheLatestSkipsYankedVersionsAndPreReleases() {
        Registry registry = Registry.open(home, CLOCK);
        registry.publish(TestPackages.archive("acme/web", "1.0.0"));
        registry.publish(TestPackages.archive("acme/web", "1.1.0"));
        registry.publish(TestPackages.archive("acme/web", "2.0.0-rc.1"));

        assertThat(registry.latest(WEB).orElseThrow().version()).hasToString("1.1.0");
        registry.yank(WEB, Version.parse("1.1.0"));
        assertThat(registry.latest(WEB).orElseThrow().version()).hasToString("1.0.0");
        registry.yank(WEB, Version.parse("1.0.0"));
        assertThat(registry.latest(WEB).orElseThrow().version()).hasToString("2.0.0-rc.1");
        registry.yank(WEB, Version.parse("2.0.0-rc.1"));
        assertThat(registry.latest(WEB)).isEmpty();
        assertThat(Registry.open(home, CLOCK).versions(WEB)).allMatch(PackageMetadata::yanked);
    }

    @Test
    void yankOfAnUnknownVersionNamesThePublishedOnes() {
        Registry registry = Registry.open(home, CLOCK);
        registry.publish(TestPackages.archive("acme/web", "1.0.0"));

        assertThatThrownBy(() -> registry.yank(WEB, Version.parse("9.0.0"))).isInstanceOf(MarketplaceException.class)
                .hasMessage("unknown version acme/web@9.0.0 (published: 1.0.0)");
        assertThatThrownBy(() -> registry.yank(PackageId.parse("acme/nope"), Version.parse("1.0.0")))
                .isInstanceOf(MarketplaceException.class).hasMessage("unknown package acme/nope");
    }

    @Test
    void reportsATamperedBlobInsteadOfServingIt() throws IOException {
        Registry registry = Registry.open(home, CLOCK);
        PackageMetadata published = registry.publish(TestPackages.archive("acme/web", "1.0.0"));
        byte[] tampered = Files.readAllBytes(registry.blobPath(published));
        tampered[tampered.length / 2] ^= 1;
        Files.write(registry.blobPath(published), tampered);

        assertThatThrownBy(() -> registry.archive(published)).isInstanceOf(MarketplaceException.class)
                .hasMessage("checksum mismatch for acme/web@1.0.0: expected sha256 " + published.sha256()
                        + " but the stored blob (" + tampered.length + " bytes) has " + BlobStore.sha256(tampered));
    }

    @Test
    void reportsAMissingBlob() throws IOException {
        Registry registry = Registry.open(home, CLOCK);
        PackageMetadata published = registry.publish(TestPackages.archive("acme/web", "1.0.0"));
        Files.delete(registry.blobPath(published));

        assertThatThrownBy(() -> registry.archive(published)).isInstanceOf(MarketplaceException.class)
                .hasMessageStartingWith("blob of acme/web@1.0.0 is missing (sha256 " + published.sha256());
    }

    @Test
    void ignoresAndRemovesTheTemporaryFileOfAnInterruptedWrite() throws IOException {
        Registry.open(home, CLOCK).publish(TestPackages.archive("acme/web", "1.0.0"));
        Path log = home.resolve("registry/log");
        Path leftover = log.resolve(AtomicFiles.TEMPORARY_PREFIX + "0000000000000002.json-1-1-1");
        Files.writeString(leftover, "{\"format\": 1, \"records\": [");

        Registry reopened = Registry.open(home, CLOCK);

        assertThat(reopened.versions(WEB)).hasSize(1);
        assertThat(leftover).doesNotExist();
    }

    @Test
    void reportsACorruptLogEntryNamingTheFile() throws IOException {
        Registry.open(home, CLOCK).publish(TestPackages.archive("acme/web", "1.0.0"));
        Path entry = home.resolve("registry/log/0000000000000001.json");
        Files.writeString(entry, "{\"format\": 1, \"records\": [{\"sha256\": 5}]}");

        assertThatThrownBy(() -> Registry.open(home, CLOCK)).isInstanceOf(MarketplaceException.class)
                .hasMessageStartingWith("registry log entry " + entry + " is corrupt (");
    }

    @Test
    void aBulkImportWithADuplicateInALaterChunkWritesNothing() throws IOException {
        Registry registry = Registry.open(home, CLOCK);
        PackageMetadata first = registry.publish(TestPackages.archive("acme/web", "1.0.0"));
        var before = TestPackages.snapshot(home);
        List<Registry.Upload> uploads = new ArrayList<>();
        for (int i = 0; i < Registry.IMPORT_CHUNK; i++) {
            uploads.add(Registry.Upload.of(TestPackages.archive("gen/p" + i, "1.0.0"), true,
                    TestPackages.manifest("gen/p" + i, "1.0.0"), 0, 0, CLOCK.instant()));
        }
        uploads.add(Registry.Upload.of(TestPackages.archive("acme/web", "1.0.0"), true,
                TestPackages.manifest("acme/web", "1.0.0"), 0, 0, CLOCK.instant()));

        assertThatThrownBy(() -> registry.importAll(uploads)).isInstanceOf(MarketplaceException.class)
                .hasMessageStartingWith("acme/web@1.0.0 is already published (sha256 " + first.sha256());
        assertThat(TestPackages.snapshot(home)).isEqualTo(before);
        assertThat(registry.packageCount()).isEqualTo(1);
        assertThat(Registry.open(home, CLOCK).packageCount()).isEqualTo(1);
    }

    @Test
    void aBulkImportHoldingTheSameVersionTwiceAcrossChunksWritesNothing() throws IOException {
        Registry registry = Registry.open(home, CLOCK);
        List<Registry.Upload> uploads = new ArrayList<>();
        for (int i = 0; i <= Registry.IMPORT_CHUNK; i++) {
            String id = i == Registry.IMPORT_CHUNK ? "gen/p0" : "gen/p" + i;
            uploads.add(Registry.Upload.of(TestPackages.archive(id, "1.0.0"), false,
                    TestPackages.manifest(id, "1.0.0"), 0, 0, CLOCK.instant()));
        }

        assertThatThrownBy(() -> registry.importAll(uploads)).isInstanceOf(MarketplaceException.class)
                .hasMessageStartingWith("gen/p0@1.0.0 is already published");
        assertThat(registry.sequence()).isZero();
        assertThat(Registry.open(home, CLOCK).packageCount()).isZero();
        try (var files = Files.list(home.resolve("registry/log"))) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void reportsALogEntryWithADuplicateKey() throws IOException {
        Registry.open(home, CLOCK).publish(TestPackages.archive("acme/web", "1.0.0"));
        Path entry = home.resolve("registry/log/0000000000000001.json");
        Files.writeString(entry, "{\"format\": 1, \"format\": 1, \"records\": []}");

        assertThatThrownBy(() -> Registry.open(home, CLOCK)).isInstanceOf(MarketplaceException.class)
                .hasMessageStartingWith("registry log entry " + entry + " is corrupt (Duplicate field 'format'");
    }
}
