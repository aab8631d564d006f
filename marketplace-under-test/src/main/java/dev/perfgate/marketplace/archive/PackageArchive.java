package dev.perfgate.marketplace.archive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

import dev.perfgate.marketplace.Manifest;
import dev.perfgate.marketplace.MarketplaceException;

/**
 * A package archive: a zip with {@code marketplace.json} at its root and the package's files.
 *
 * <p>Reading an archive checks every entry before anything is trusted: an entry whose path is absolute, contains
 * {@code ..}, uses a backslash or is a symbolic link is refused, because extracting it could write outside the
 * install target ("zip slip"). So are duplicate paths, a file whose path is also a directory of another entry
 * ({@code foo} and {@code foo/bar}), more than {@value #MAX_ENTRIES} entries and more than 256 MiB of content (a zip
 * bomb): sizes are counted while inflating, not taken from the headers.
 *
 * <pre>{@code PackageArchive archive = PackageArchive.read(Files.readAllBytes(path)); archive.manifest().id(); }</pre>
 */
public final class PackageArchive {

    /** The most entries an archive may hold: {@value} */
    public static final int MAX_ENTRIES = 10_000;
    /** The most bytes an archive may inflate to: 256 MiB. */
    public static final long MAX_CONTENT_BYTES = 256L * 1024 * 1024;

    /** Entries are written with this time so the same content always gives the same archive and hash. */
    private static final FileTime FIXED_TIME = FileTime.fromMillis(315_532_800_000L); // 1980-01-01, zip's epoch

    private final Manifest manifest;
    /** Entry path (directories end in '/') to content, in archive order. */
    private final Map<String, byte[]> entries;

    private PackageArchive(Manifest manifest, Map<String, byte[]> entries) {
        this.manifest = manifest;
        this.entries = entries;
    }

    /**
     * Reads and checks an archive.
     *
     * @throws MarketplaceException when it is not a zip, has an unsafe entry, or has no valid manifest
     */
    public static PackageArchive read(byte[] zip) {
        TreeMap<String, byte[]> entries = new TreeMap<>();
        try (ZipFile file = ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(zip)).get()) {
            List<ZipArchiveEntry> all = Collections.list(file.getEntriesInPhysicalOrder());
            if (all.size() > MAX_ENTRIES) {
                throw new MarketplaceException("bad archive: " + all.size() + " entries (at most " + MAX_ENTRIES + ")");
            }
            long total = 0;
            Set<String> seen = new HashSet<>();
            for (ZipArchiveEntry entry : all) {
                String name = checkedName(entry);
                if (!seen.add(name)) {
                    throw new MarketplaceException("bad archive: entry '" + name + "' appears twice");
                }
                if (entry.isDirectory()) {
                    entries.put(name, new byte[0]);
                    continue;
                }
                try (InputStream in = file.getInputStream(entry)) {
                    byte[] content = readAtMost(in, MAX_CONTENT_BYTES - total, name);
                    total += content.length;
                    entries.put(name, content);
                }
            }
        } catch (IOException e) {
            throw new MarketplaceException("bad archive: not a readable zip (" + e.getMessage() + ")", e);
        }
        rejectFileDirectoryClashes(entries);
        byte[] manifestJson = entries.get(Manifest.FILE_NAME);
        if (manifestJson == null) {
            throw new MarketplaceException("bad archive: no " + Manifest.FILE_NAME + " at its root (found "
                    + entries.keySet().stream().limit(5).toList() + (entries.size() > 5 ? " ..." : "") + ")");
        }
        try {
            return new PackageArchive(Manifest.parse(manifestJson), Collections.unmodifiableMap(entries));
        } catch (IllegalArgumentException e) {
            throw new MarketplaceException("bad manifest: " + e.getMessage(), e);
        }
    }

    /** A file {@code foo} beside {@code foo/bar} cannot be extracted: {@code foo} cannot be a file and a directory. */
    private static void rejectFileDirectoryClashes(TreeMap<String, byte[]> entries) {
        for (String name : entries.keySet()) {
            if (name.endsWith("/")) {
                continue;
            }
            String below = entries.ceilingKey(name + "/");
            if (below != null && below.startsWith(name + "/")) {
                throw new MarketplaceException("bad archive: entry '" + name + "' is a file but entry '" + below
                        + "' needs it to be a directory; rename one of them");
            }
        }
    }

    private static String checkedName(ZipArchiveEntry entry) {
        String name = entry.getName();
        if (entry.isUnixSymlink()) {
            throw unsafe(name, "it is a symbolic link");
        }
        if (name.isEmpty() || name.startsWith("/") || name.matches("^[A-Za-z]:.*")) {
            throw unsafe(name, "its path is absolute or empty");
        }
        if (name.indexOf('\\') >= 0 || name.indexOf('\0') >= 0) {
            throw unsafe(name, "its path contains a backslash or NUL");
        }
        String path = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        for (String segment : path.split("/", -1)) {
            if (segment.equals("..") || segment.equals(".") || segment.isEmpty()) {
                throw unsafe(name, "its path has a '" + segment + "' segment");
            }
        }
        return name;
    }

    private static MarketplaceException unsafe(String name, String why) {
        return new MarketplaceException("bad archive: entry '" + name + "' would land outside the target (" + why
                + "; entries must be relative paths such as \"src/main.txt\")");
    }

    private static byte[] readAtMost(InputStream in, long budget, String name) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            out.write(buffer, 0, n);
            if (out.size() > budget) {
                throw new MarketplaceException("bad archive: content exceeds 256 MiB at entry '" + name + "'");
            }
        }
        return out.toByteArray();
    }

    /**
     * Writes a deterministic archive: the manifest first, then the files in path order, all with the same time.
     *
     * @param files paths relative to the package root, e.g. {@code src/main.txt}, to their content
     */
    public static byte[] create(Manifest manifest, Map<String, byte[]> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            write(zip, Manifest.FILE_NAME, manifest.toJson());
            for (Map.Entry<String, byte[]> file : new TreeMap<>(files).entrySet()) {
                if (!file.getKey().equals(Manifest.FILE_NAME)) {
                    write(zip, file.getKey(), file.getValue());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void write(ZipOutputStream zip, String name, byte[] content) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setLastModifiedTime(FIXED_TIME);
        zip.putNextEntry(entry);
        zip.write(content);
        zip.closeEntry();
    }

    public Manifest manifest() {
        return manifest;
    }

    /** The entry paths, sorted; directories end in {@code /}. */
    public List<String> paths() {
        return new ArrayList<>(entries.keySet());
    }

    /**
     * Writes every entry under {@code directory}, which must exist. The paths were checked when the archive was read;
     * each is checked again against the real directory, so a link already present there cannot redirect a write.
     */
    public void extractTo(Path directory) throws IOException {
        Path root = directory.toRealPath();
        for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
            Path target = root.resolve(entry.getKey()).normalize();
            if (!target.startsWith(root)) {
                throw unsafe(entry.getKey(), "it resolves to " + target);
            }
            if (entry.getKey().endsWith("/")) {
                Files.createDirectories(target);
                continue;
            }
            Path parent = target.getParent();
            Files.createDirectories(parent);
            if (!parent.toRealPath().startsWith(root)) {
                throw unsafe(entry.getKey(), "a link in the target leads to " + parent.toRealPath());
            }
            try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW)) {
                out.write(entry.getValue());
            }
        }
    }
}
