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
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.perfgate.marketplace.MarketplaceException;
import dev.perfgate.marketplace.PackageId;
import dev.perfgate.marketplace.PackageMetadata;
import dev.perfgate.marketplace.archive.PackageArchive;

/**
 * Puts a resolution's packages into a target directory, all or nothing.
 *
 * <p>First every archive is fetched and its SHA-256 checked, and every archive is read and checked for unsafe
 * entries; one bad archive and nothing is written. Then the new state is built in a staging directory beside the
 * target (same file system): a copy of the target as it is, the packages replaced under {@code namespace/name/},
 * the merged lockfile. Finally the staging directory takes the target's place by renames. Any failure before that
 * deletes the staging directory and leaves the target untouched. A crash between the two renames leaves the old
 * target beside its place; the next install into it moves it back first (see {@link #recoverAndReadLockfile}).
 */
public final class Installer {

    private static final String STAGING = ".staging-";
    private static final String PREVIOUS = ".previous-";

    private final Function<PackageMetadata, byte[]> fetchVerified;

    /** @param fetchVerified the archive of a version, its hash already checked (throws when it does not match) */
    public Installer(Function<PackageMetadata, byte[]> fetchVerified) {
        this.fetchVerified = fetchVerified;
    }

    /**
     * Makes a target left by an interrupted install whole again and reads its lockfile: when the target is missing
     * but a {@code .NAME.previous-*} sibling (the old target, moved aside) exists, that is moved back; leftover
     * {@code .NAME.staging-*} siblings, and previous ones beside an existing target, are deleted.
     */
    public Lockfile recoverAndReadLockfile(Path target) {
        Path absolute = target.toAbsolutePath().normalize();
        Path parent = absolute.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            return Lockfile.read(absolute);
        }
        String name = absolute.getFileName().toString();
        Pattern staging = Pattern.compile(Pattern.quote("." + name + STAGING) + "\\d+");
        Pattern previous = Pattern.compile(Pattern.quote("." + name + PREVIOUS) + "\\d+");
        try {
            List<Path> previousTargets = new ArrayList<>();
            try (Stream<Path> siblings = Files.list(parent)) {
                for (Path sibling : siblings.toList()) {
                    String siblingName = sibling.getFileName().toString();
                    if (staging.matcher(siblingName).matches()) {
                        deleteTree(sibling);
                    } else if (previous.matcher(siblingName).matches()) {
                        previousTargets.add(sibling);
                    }
                }
            }
            if (!Files.exists(absolute, LinkOption.NOFOLLOW_LINKS) && !previousTargets.isEmpty()) {
                // normally one; after repeated crashes the newest is the target as last installed
                Path newest = previousTargets.get(0);
                for (Path candidate : previousTargets) {
                    if (Files.getLastModifiedTime(candidate).compareTo(Files.getLastModifiedTime(newest)) > 0) {
                        newest = candidate;
                    }
                }
                Files.move(newest, absolute, StandardCopyOption.ATOMIC_MOVE);
                previousTargets.remove(newest);
            }
            for (Path stale : previousTargets) {
                deleteTree(stale);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot recover the install target " + absolute
                    + " from an interrupted install", e);
        }
        return Lockfile.read(absolute);
    }

    /**
     * Fetches and checks every archive of the resolution that the target does not already hold at the same
     * integrity; the step the {@code marketplace.verify} span covers.
     */
    public Map<PackageMetadata, PackageArchive> verify(Resolution resolution, Lockfile target) {
        Map<PackageMetadata, PackageArchive> archives = new LinkedHashMap<>();
        for (PackageMetadata metadata : resolution.packages().values()) {
            Lockfile.Entry held = target.packages().get(metadata.id());
            if (held != null && held.version().equals(metadata.version())
                    && held.integrity().equals("sha256-" + metadata.sha256())) {
                continue;
            }
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
            staging = Files.createTempDirectory(parent, "." + absolute.getFileName() + STAGING);
            keepPermissions(absolute, staging);
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
        // what the request needs, and whatever else had to change for it; not the rest of the target
        Set<PackageId> needed = neededByRoot(resolution);
        List<PackageMetadata> installed = new ArrayList<>();
        for (PackageMetadata m : resolution.packages().values()) {
            if (archives.containsKey(m) || needed.contains(m.id())) {
                installed.add(m);
            }
        }
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
        Path previous = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + PREVIOUS);
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

    /**
     * Gives the staging directory, which becomes the target, the target's permissions ({@code rwxr-xr-x} for a new
     * target) instead of the owner-only ones of a temporary directory.
     */
    private static void keepPermissions(Path target, Path staging) throws IOException {
        if (!Files.getFileStore(staging).supportsFileAttributeView(PosixFileAttributeView.class)) {
            return;
        }
        Set<PosixFilePermission> permissions = Files.isDirectory(target)
                ? Files.getPosixFilePermissions(target) : PosixFilePermissions.fromString("rwxr-xr-x");
        Files.setPosixFilePermissions(staging, permissions);
    }

    /** The root of the resolution and everything it needs, directly or not. */
    private static Set<PackageId> neededByRoot(Resolution resolution) {
        Set<PackageId> needed = new HashSet<>();
        Deque<PackageId> next = new ArrayDeque<>(List.of(resolution.root().id()));
        while (!next.isEmpty()) {
            PackageId id = next.pop();
            PackageMetadata m = resolution.packages().get(id);
            if (m != null && needed.add(id)) {
                next.addAll(m.manifest().dependencies().keySet());
            }
        }
        return needed;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(from)) {
                    Files.copy(dir, to.resolve(from.relativize(dir).toString()), LinkOption.NOFOLLOW_LINKS,
                            StandardCopyOption.COPY_ATTRIBUTES);
                }
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
