package dev.perfgate.marketplace.catalog;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import dev.perfgate.marketplace.Manifest;
import dev.perfgate.marketplace.archive.PackageArchive;

/**
 * One generated package version, with the counts it has in the catalog.
 *
 * @param manifest    the version's manifest
 * @param downloads   its download count
 * @param stars       its package's star count
 * @param publishedAt when it was published
 */
public record CatalogEntry(Manifest manifest, long downloads, long stars, Instant publishedAt) {

    /** The version's files: a README and one source file, made from the manifest (so not kept in memory). */
    public Map<String, byte[]> files() {
        Map<String, byte[]> files = new TreeMap<>();
        files.put("README.md", ("# " + manifest.title() + "\n\n" + manifest.description() + "\n\nTags: "
                + String.join(", ", manifest.tags()) + "\nLicense: " + manifest.license() + "\n")
                .getBytes(StandardCharsets.UTF_8));
        files.put("src/" + manifest.id().name() + ".txt", ("package " + manifest.id() + " version "
                + manifest.version() + "\n").getBytes(StandardCharsets.UTF_8));
        return files;
    }

    /** The version's archive, byte for byte the same for the same entry. */
    public byte[] archive() {
        return PackageArchive.create(manifest, files());
    }
}
