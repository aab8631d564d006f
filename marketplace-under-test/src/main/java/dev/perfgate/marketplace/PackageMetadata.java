package dev.perfgate.marketplace;

import java.time.Instant;
import java.util.regex.Pattern;

import dev.perfgate.marketplace.semver.Version;

/**
 * One published version of a package, as the registry knows it.
 *
 * @param manifest    what the archive's {@code marketplace.json} says
 * @param sha256      the archive's SHA-256, 64 lower-case hex digits: its content address and integrity hash
 * @param sizeBytes   the archive's size in bytes
 * @param downloads   how many times it was downloaded
 * @param stars       how many users starred the package
 * @param publishedAt when this version was published
 * @param updatedAt   when this record last changed (published, yanked)
 * @param yanked      whether it was withdrawn: still listed and readable, never chosen by resolution or shown by search
 */
public record PackageMetadata(Manifest manifest, String sha256, long sizeBytes, long downloads, long stars,
                              Instant publishedAt, Instant updatedAt, boolean yanked) {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public PackageMetadata {
        if (!SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("invalid sha256 '" + sha256
                    + "' (expected 64 lower-case hex digits, e.g. \"" + "ab".repeat(32) + "\")");
        }
        if (sizeBytes < 0 || downloads < 0 || stars < 0) {
            throw new IllegalArgumentException("negative size (" + sizeBytes + " bytes), downloads (" + downloads
                    + ") or stars (" + stars + ") of " + manifest.id() + "@" + manifest.version());
        }
    }

    public PackageId id() {
        return manifest.id();
    }

    public Version version() {
        return manifest.version();
    }

    /** {@code acme/web@1.2.0}: how errors and spans name one version of a package. */
    public String coordinates() {
        return manifest.id() + "@" + manifest.version();
    }

    /** This record, yanked at the given time. */
    public PackageMetadata yank(Instant at) {
        return new PackageMetadata(manifest, sha256, sizeBytes, downloads, stars, publishedAt, at, true);
    }
}
