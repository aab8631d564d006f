package dev.perfgate.marketplace.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;

import org.junit.jupiter.api.Test;

import dev.perfgate.marketplace.Manifest;
import dev.perfgate.marketplace.PackageId;
import dev.perfgate.marketplace.TestPackages;
import dev.perfgate.marketplace.semver.Version;

/** The announcement payload: round trip, the size limit with its message, and what a node refuses to read. */
class AnnouncementTests {

    private static final Instant PUBLISHED = Instant.parse("2026-11-28T08:00:00Z");

    @Test
    void roundTripsAManifestWithDependencies() {
        Manifest manifest = TestPackages.manifest("acme/app", "2.1.0", "acme/lib", "^1.2", "acme/base", ">=1 <3");
        Announcement announcement = new Announcement(manifest, "ab".repeat(32), 12_345, PUBLISHED);

        Announcement read = Announcement.parse(announcement.toPayload());

        assertThat(read).isEqualTo(announcement);
        assertThat(announcement.toPayload().length).isLessThanOrEqualTo(SignedRecord.MAX_PAYLOAD_BYTES);
    }

    @Test
    void aSignedAnnouncementIsWellFormedOnlyUnderItsPackagesKey() {
        RecordSigner publisher = RecordSigner.generate();
        Announcement announcement = new Announcement(TestPackages.manifest("acme/app", "1.0.0"), "cd".repeat(32), 1,
                PUBLISHED);
        SignedRecord record = announcement.sign(publisher, 3_600);
        SignedRecord misfiled = publisher.sign(Announcement.key(PackageId.parse("acme/other")),
                SignedRecord.Kind.ANNOUNCEMENT, 1, 3_600, announcement.toPayload());
        SignedRecord garbage = publisher.sign(record.key(), SignedRecord.Kind.ANNOUNCEMENT, 1, 3_600, new byte[10]);

        assertThat(record.version()).isEqualTo(PUBLISHED.toEpochMilli());
        assertThat(Announcement.isWellFormed(record)).isTrue();
        assertThat(Announcement.isWellFormed(misfiled)).isFalse();
        assertThat(Announcement.isWellFormed(garbage)).isFalse();
    }

    @Test
    void refusesAManifestTooLargeForARecordNamingTheSizes() {
        StringBuilder description = new StringBuilder();
        java.util.SplittableRandom random = new java.util.SplittableRandom(1);
        while (description.length() < 1_900) {
            description.append(Long.toString(random.nextLong(), 36)).append(' ');
        }
        Manifest manifest = new Manifest(PackageId.parse("acme/verbose"), Version.parse("1.0.0"), "Verbose",
                description.toString().strip(), List.of(), List.of(), "MIT", List.of(), Map.of());

        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Announcement(manifest, "ef".repeat(32), 1, PUBLISHED).toPayload())
                .withMessageStartingWith("the announcement of acme/verbose@1.0.0 is ")
                .withMessageEndingWith(" bytes deflated; at most 16384 and 900 bytes fit a record"
                        + " (shorten the manifest's description)");
    }

    @Test
    void refusesADecompressionBombAndDataThatIsNotDeflated() {
        byte[] bomb = deflate(new byte[1_000_000]); // a megabyte of zeros deflates to about a kilobyte

        assertThat(bomb.length).isLessThan(2_000);
        assertThatIllegalArgumentException().isThrownBy(() -> Announcement.parse(bomb))
                .withMessage("announcement payload inflates to more than 16384 bytes");
        assertThatIllegalArgumentException().isThrownBy(() -> Announcement.parse(new byte[] {1, 2, 3}))
                .withMessageStartingWith("announcement payload ");
        assertThatIllegalArgumentException().isThrownBy(() -> Announcement.parse(deflate("{}".getBytes())))
                .withMessageStartingWith("announcement must be {\"manifest\"");
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater();
        deflater.setInput(data);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[4_096];
        while (!deflater.finished()) {
            out.write(chunk, 0, deflater.deflate(chunk));
        }
        deflater.end();
        return out.toByteArray();
    }
}
