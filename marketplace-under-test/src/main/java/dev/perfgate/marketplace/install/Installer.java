package dev.perfgate.marketplace.install;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.perfgate.marketplace.MarketplaceException;
import dev.perfgate.marketplace.PackageMetadata;
import dev.perfgate.marketplace.archive.PackageArchive;

/**
 * Puts a resolution's packages into a target directory, all or nothing.
 *
 * <p>First every archive is fetched and its SHA-256 checked, and every archive is read and checked for unsafe
 * entries; one bad archive and nothing is written. Then the new state is built in a staging directory beside the
 * target (same file system): a copy of the target as it is, the packages replaced under {@code namespace/name/},
 * the merged lockfile. Finally the staging directory takes the target's place by renames. Any failure before that
 * deletes the staging directory and leaves the target untouched.
 */
public final class Installer {

    private final Function<PackageMetadata, byte[]> fetchVerified;

    /** @param fetchVerified the archive of a version, its hash already checked (throws when it does not match) */
    public Installer(Function<PackageMetadata, byte[]> fetchVerified) {
        this.fetchVerified = fetchVerified;
    }

    /** Fetches and checks every archive of the resolution; the step the {@code marketplace.verify} span covers. */
    public Map<PackageMetadata, PackageArchive> verify(Resolution resolution) {
        Map<PackageMetadata, PackageArchive> archives = new LinkedHashMap<>();
        for (PackageMetadata metadata : resolution.packages().values()) {
            PackageArchive archive = PackageArchive.read(fetchVerified.apply(metadata));
            if (!archive.manifest().id().equals(metadata.id())
                    || !archive.manifest().version().equals(metadata.version())) {
                throw new MarketplaceException("archive of " + metadata.coordinates() + " holds the manifest of "
                        + archive.manifest().id() + "@" + archive.manifest().version());
            }
            archives.put(metadata, archive);
        }
        return archives;
    }

    /** Extracts verified archives into {@code target} and writes its lockfile, all or nothing. */
    public InstallResult extract(Resolution resolution, Map<PackageMetadata, PackageArchive> archives, Path target) {
        Path absolute = target.toAbsolutePath().normalize();
        if (Files.exists(absolute, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(absolute, LinkOption.NOFOLLOW_LINKS)) {
            throw new MarketplaceException("install target " + absolute + " exists and is not a directory");
        }
        Path parent = absolute.getParent();
        Path staging = null;
        try {
            Files.createDirectories(parent);
            Lockfile lockfile = Lockfile.read(absolute).with(resolution);
            staging = Files.createTempDirectory(parent, "." + absolute.getFileName() + ".staging-");
            if (Files.isDirectory(absolute)) {
                copyTree(absolute, staging);
            }
            for (Map.Entry<PackageMetadata, PackageArchive> entry : archives.entrySet()) {
                Path packageDir = staging.resolve(entry.getKey().id().namespace()).resolve(entry.getKey().id().name());
                deleteTree(packageDir);
                Files.createDirectories(packageDir);
                entry.getValue().extractTo(packageDir);
            }
            Files.write(staging.resolve(Lockfile.FILE_NAME), lockfile.toJson());
            swap(staging, absolute);
            staging = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install into " + absolute + "; it is as it was", e);
        } finally {
            if (staging != null) {
                deleteQuietly(staging);
            }
        }
        List<PackageMetadata> installed = new ArrayList<>(resolution.packages().values());
        return new InstallResult(absolute, resolution.root(), installed, absolute.resolve(Lockfile.FILE_NAME));
    }

    /**
     * Renames the staging directory into the target's place. With a previous target this is two renames: the old
     * target aside, then the staging in; if the second fails the first is undone.
     */
    private static void swap(Path staging, Path target) throws IOException {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            return;
        }
        Path previous = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".previous-");
        Files.delete(previous);
        Files.move(target, previous, StandardCopyOption.ATOMIC_MOVE);
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.move(previous, target, StandardCopyOption.ATOMIC_MOVE);
            throw e;
        }
        deleteQuietly(previous);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), LinkOption.NOFOLLOW_LINKS,
                        StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void deleteQuietly(Path root) {
        try {
            deleteTree(root);
        } catch (IOException ignored) {
            // a leftover hidden directory beside the target is harmless; the install's outcome stands
        }
    }
}
