package dev.perfgate.marketplace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.perfgate.marketplace.archive.PackageArchive;
import dev.perfgate.marketplace.semver.Version;
import dev.perfgate.marketplace.semver.VersionRequirement;

/** Real package archives for tests. */
public final class TestPackages {

    private TestPackages() {
    }

    /** A manifest with title, description and tags derived from the id; dependencies as {@code id, requirement, ...}. */
    public static Manifest manifest(String id, String version, String... dependencies) {
        Map<PackageId, VersionRequirement> deps = new LinkedHashMap<>();
        for (int i = 0; i < dependencies.length; i += 2) {
            deps.put(PackageId.parse(dependencies[i]), VersionRequirement.parse(dependencies[i + 1]));
        }
        PackageId packageId = PackageId.parse(id);
        return new Manifest(packageId, Version.parse(version), "Title of " + packageId.name(),
                "Description of " + packageId.name(), List.of("test"), List.of("testing"), "MIT", List.of(), deps);
    }

    public static byte[] archive(String id, String version, String... dependencies) {
        return archive(manifest(id, version, dependencies));
    }

    public static byte[] archive(Manifest manifest) {
        return PackageArchive.create(manifest, Map.of("lib/" + manifest.id().name() + ".txt",
                ("content of " + manifest.id() + "@" + manifest.version()).getBytes(StandardCharsets.UTF_8)));
    }

    public static Path write(Path dir, byte[] archive) {
        try {
            Path file = Files.createTempFile(dir, "package-", ".zip");
            Files.write(file, archive);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every file under {@code dir} with its content, to check that a directory was left exactly as it was. */
    public static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> files = new java.util.TreeMap<>();
        if (!Files.exists(dir)) {
            return files;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.toList()) {
                files.put(dir.relativize(p).toString(), Files.isDirectory(p) ? "<dir>"
                        : new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
            }
        }
        return files;
    }
}
