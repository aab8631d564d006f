package dev.perfgate.marketplace.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.perfgate.marketplace.MarketplaceException;
import dev.perfgate.marketplace.TestPackages;

class PackageArchiveTests {

    private static final byte[] MANIFEST = TestPackages.manifest("acme/web", "1.0.0").toJson();

    static byte[] zip(Map<String, byte[]> entries, String symlinkName) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipArchiveEntry entry = new ZipArchiveEntry(e.getKey());
                if (e.getKey().equals(symlinkName)) {
                    entry.setUnixMode(0120777); // S_IFLNK: the content is the link's target
                }
                zip.putArchiveEntry(entry);
                zip.write(e.getValue());
                zip.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void readsTheManifestAndEntriesOfACreatedArchive(@TempDir Path dir) throws IOException {
        byte[] zip = PackageArchive.create(TestPackages.manifest("acme/web", "1.0.0"),
                Map.of("src/main.txt", "hello".getBytes(StandardCharsets.UTF_8)));

        PackageArchive archive = PackageArchive.read(zip);
        archive.extractTo(dir);

        assertThat(archive.manifest().id()).hasToString("acme/web");
        assertThat(archive.paths()).containsExactly("marketplace.json", "src/main.txt");
        assertThat(dir.resolve("src/main.txt")).hasContent("hello");
        assertThat(PackageArchive.create(TestPackages.manifest("acme/web", "1.0.0"),
                Map.of("src/main.txt", "hello".getBytes(StandardCharsets.UTF_8)))).isEqualTo(zip);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../evil.txt", "a/../../evil.txt", "/etc/evil", "C:/evil.txt", "a\\..\\evil.txt", "a//b",
            "./a"})
    void refusesEntriesThatWouldLandOutsideTheTarget(String name) throws IOException {
        // java.util.zip writes names as given; commons-compress's writer would turn backslashes into slashes
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(bytes)) {
            out.putNextEntry(new java.util.zip.ZipEntry("marketplace.json"));
            out.write(MANIFEST);
            out.putNextEntry(new java.util.zip.ZipEntry(name));
            out.write(1);
        }
        byte[] zip = bytes.toByteArray();

        assertThatThrownBy(() -> PackageArchive.read(zip)).isInstanceOf(MarketplaceException.class)
                // commons-compress reads an MS-DOS backslash as a separator, so that entry is named with slashes
                .hasMessageStartingWith("bad archive: entry '" + name.replace('\\', '/')
                        + "' would land outside the target (");
    }

    @Test
    void refusesSymbolicLinks() throws IOException {
        byte[] zip = zip(Map.of("marketplace.json", MANIFEST, "link", "/etc/passwd".getBytes(StandardCharsets.UTF_8)),
                "link");

        assertThatThrownBy(() -> PackageArchive.read(zip)).isInstanceOf(MarketplaceException.class)
                .hasMessage("bad archive: entry 'link' would land outside the target (it is a symbolic link; entries"
                        + " must be relative paths such as \"src/main.txt\")");
    }

    @Test
    void refusesWhatIsNotAZip() {
        assertThatThrownBy(() -> PackageArchive.read("just text".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MarketplaceException.class).hasMessageStartingWith("bad archive: not a readable zip (");
    }

    @Test
    void refusesAnArchiveWithoutManifest() throws IOException {
        byte[] zip = zip(Map.of("README.md", new byte[]{1}), "");

        assertThatThrownBy(() -> PackageArchive.read(zip)).isInstanceOf(MarketplaceException.class)
                .hasMessage("bad archive: no marketplace.json at its root (found [README.md])");
    }

    @Test
    void refusesAMalformedManifestNamingTheField() throws IOException {
        byte[] zip = zip(Map.of("marketplace.json",
                "{\"id\": \"acme/web\", \"version\": \"1.0\", \"title\": \"Web\"}".getBytes(StandardCharsets.UTF_8)), "");

        assertThatThrownBy(() -> PackageArchive.read(zip)).isInstanceOf(MarketplaceException.class)
                .hasMessageStartingWith("bad manifest: invalid version '1.0'");
    }

    @Test
    void doesNotFollowALinkAlreadyInTheTarget(@TempDir Path dir) throws IOException {
        Path outside = Files.createDirectory(dir.resolve("outside"));
        Path target = Files.createDirectory(dir.resolve("target"));
        Files.createSymbolicLink(target.resolve("src"), outside);
        PackageArchive archive = PackageArchive.read(PackageArchive.create(TestPackages.manifest("acme/web", "1.0.0"),
                Map.of("src/main.txt", new byte[]{1})));

        assertThatThrownBy(() -> archive.extractTo(target)).isInstanceOf(MarketplaceException.class)
                .hasMessageContaining("a link in the target leads to");
        assertThat(outside).isEmptyDirectory();
    }

    @Test
    void refusesAFileWhosePathIsAlsoADirectoryOfAnotherEntry() throws IOException {
        Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        entries.put("marketplace.json", MANIFEST);
        entries.put("foo", "a file".getBytes(StandardCharsets.UTF_8));
        entries.put("foo/bar", "below it".getBytes(StandardCharsets.UTF_8));
        byte[] zip = zip(entries, "");

        assertThatThrownBy(() -> PackageArchive.read(zip)).isInstanceOf(MarketplaceException.class)
                .hasMessage("bad archive: entry 'foo' is a file but entry 'foo/bar' needs it to be a directory;"
                        + " rename one of them");
    }

    @Test
    void acceptsAFileBesideADirectoryWhoseNameItPrefixes() throws IOException {
        Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        entries.put("marketplace.json", MANIFEST);
        entries.put("foo", "a file".getBytes(StandardCharsets.UTF_8));
        entries.put("foo-bar/baz", "elsewhere".getBytes(StandardCharsets.UTF_8));
        entries.put("foo.d/baz", "elsewhere".getBytes(StandardCharsets.UTF_8));

        assertThat(PackageArchive.read(zip(entries, "")).paths())
                .containsExactly("foo", "foo-bar/baz", "foo.d/baz", "marketplace.json");
    }
}
