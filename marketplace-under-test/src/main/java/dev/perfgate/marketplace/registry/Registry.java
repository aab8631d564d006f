package dev.perfgate.marketplace.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import dev.perfgate.marketplace.Manifest;
import dev.perfgate.marketplace.MarketplaceException;
import dev.perfgate.marketplace.PackageId;
import dev.perfgate.marketplace.PackageMetadata;
import dev.perfgate.marketplace.archive.PackageArchive;
import dev.perfgate.marketplace.semver.Version;

/**
 * The packages of one home directory: archives in a {@link BlobStore}, metadata in an append-only log, and an
 * in-memory view of every package's versions rebuilt from the log when the registry opens.
 *
 * <p>Writes (publish, import, yank) are serialised; reads never block and see each package's versions as one
 * immutable snapshot. The blob is stored before the log entry that refers to it, so after a crash the log never
 * names a blob that was not written.
 *
 * <pre>{@code Registry registry = Registry.open(home, Clock.systemUTC()); registry.publish(Files.readAllBytes(zip)); }</pre>
 */
public final class Registry {

    /** How many imported versions go into one log entry. */
    static final int IMPORT_CHUNK = 10_000;

    private final BlobStore blobs;
    private final RegistryLog log;
    private final Clock clock;
    /** Each package's versions, oldest first; each map is immutable and replaced as a whole. */
    private final Map<PackageId, NavigableMap<Version, PackageMetadata>> packages = new ConcurrentHashMap<>();

    private Registry(BlobStore blobs, RegistryLog log, Clock clock) {
        this.blobs = blobs;
        this.log = log;
        this.clock = clock;
    }

    /** Opens (or creates) the registry under {@code home}, replaying its log. */
    public static Registry open(Path home, Clock clock) {
        try {
            Files.createDirectories(home);
            Registry registry = new Registry(new BlobStore(home.resolve("blobs").resolve("sha256")),
                    new RegistryLog(home.resolve("registry").resolve("log")), clock);
            Map<PackageId, TreeMap<Version, PackageMetadata>> replayed = new java.util.HashMap<>();
            registry.log.replay(record ->
                    replayed.computeIfAbsent(record.id(), id -> new TreeMap<>()).put(record.version(), record));
            replayed.forEach((id, versions) -> registry.packages.put(id, Collections.unmodifiableNavigableMap(versions)));
            return registry;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the registry in " + home, e);
        }
    }

    /**
     * Checks and stores an archive as a new version.
     *
     * @throws MarketplaceException for a bad archive or manifest, or a version already published
     */
    public synchronized PackageMetadata publish(byte[] archive) {
        PackageArchive checked = PackageArchive.read(archive);
        Instant now = clock.instant();
        return store(List.of(Upload.of(archive, true, checked.manifest(), 0, 0, now)), true).get(0);
    }

    /**
     * One version to import, with the counts and time it had where it came from.
     *
     * @param archive the archive to store, or null to record the version without its archive (a mirrored index:
     *                installing it then reports the missing blob)
     */
    public record Upload(Manifest manifest, String sha256, long sizeBytes, byte @Nullable [] archive, long downloads,
                         long stars, Instant publishedAt) {

        /** An upload of the archive, hashed here; {@code store} false keeps only its hash and size. */
        public static Upload of(byte[] archive, boolean store, Manifest manifest, long downloads, long stars,
                                Instant publishedAt) {
            return new Upload(manifest, BlobStore.sha256(archive), archive.length, store ? archive : null, downloads,
                    stars, publishedAt);
        }
    }

    /**
     * Stores many versions in one log entry per 10,000, e.g. a mirrored or generated catalog. Every upload is checked
     * (against the registry and the other uploads) before anything is written, so a refused import stores nothing.
     * Blobs are not forced to the disk one by one (the log entry naming them is), so a power cut during an import can
     * leave blobs the registry then reports as corrupt, never serves.
     *
     * @throws MarketplaceException when a version is already published or appears twice; then nothing is stored
     */
    public synchronized List<PackageMetadata> importAll(List<Upload> uploads) {
        List<PackageMetadata> records = check(uploads);
        int written = 0;
        try {
            for (int from = 0; from < uploads.size(); from += IMPORT_CHUNK) {
                int to = Math.min(uploads.size(), from + IMPORT_CHUNK);
                write(uploads.subList(from, to), records.subList(from, to), false);
                written = to;
            }
        } catch (IOException e) {
            // the chunks already in the log are published: a restart would find them, so this view must too
            apply(records.subList(0, written));
            throw new UncheckedIOException("cannot write to the registry (" + written + " of " + uploads.size()
                    + " versions imported)", e);
        }
        apply(records);
        return records;
    }

    private List<PackageMetadata> store(List<Upload> uploads, boolean durable) {
        List<PackageMetadata> records = check(uploads);
        try {
            write(uploads, records, durable);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the registry", e);
        }
        apply(records);
        return records;
    }

    /** The records the uploads would add; refuses a version already published or uploaded twice. Writes nothing. */
    private List<PackageMetadata> check(List<Upload> uploads) {
        Map<PackageId, Map<Version, PackageMetadata>> added = new java.util.HashMap<>();
        List<PackageMetadata> records = new ArrayList<>(uploads.size());
        for (Upload upload : uploads) {
            Manifest manifest = upload.manifest();
            Map<Version, PackageMetadata> addedVersions = added.computeIfAbsent(manifest.id(),
                    id -> new java.util.HashMap<>());
            PackageMetadata existing = get(manifest.id(), manifest.version())
                    .orElse(addedVersions.get(manifest.version()));
            if (existing != null) {
                throw new MarketplaceException(existing.coordinates() + " is already published (sha256 "
                        + existing.sha256() + (existing.yanked() ? ", yanked" : "")
                        + "); versions are immutable, publish a new version such as "
                        + Version.of(manifest.version().major(), manifest.version().minor(),
                        manifest.version().patch() + 1));
            }
            PackageMetadata record = new PackageMetadata(manifest, upload.sha256(), upload.sizeBytes(),
                    upload.downloads(), upload.stars(), upload.publishedAt(),
                    upload.publishedAt(), false);
            addedVersions.put(manifest.version(), record);
            records.add(record);
        }
        return records;
    }

    private void write(List<Upload> uploads, List<PackageMetadata> records, boolean durable) throws IOException {
        for (Upload upload : uploads) {
            byte[] archive = upload.archive();
            if (archive != null) {
                blobs.put(upload.sha256(), archive, durable);
            }
        }
        log.append(records, true);
    }

    private void apply(List<PackageMetadata> records) {
        Map<PackageId, TreeMap<Version, PackageMetadata>> changed = new java.util.HashMap<>();
        for (PackageMetadata record : records) {
            changed.computeIfAbsent(record.id(),
                    id -> new TreeMap<>(packages.getOrDefault(id, Collections.emptyNavigableMap())))
                    .put(record.version(), record);
        }
        changed.forEach((id, versions) -> packages.put(id, Collections.unmodifiableNavigableMap(versions)));
    }

    /**
     * Withdraws a version: it stays listed and its archive readable, but resolution no longer
     * chooses it and search no longer shows it.
     *
     * @throws MarketplaceException when the package or version is unknown
     */
    public synchronized PackageMetadata yank(PackageId id, Version version) {
        PackageMetadata existing = get(id, version).orElseThrow(() -> unknownVersion(id, version));
        if (existing.yanked()) {
            return existing;
        }
        PackageMetadata yanked = existing.yank(clock.instant());
        try {
            log.append(List.of(yanked), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the registry", e);
        }
        TreeMap<Version, PackageMetadata> versions = new TreeMap<>(packages.get(id));
        versions.put(version, yanked);
        packages.put(id, Collections.unmodifiableNavigableMap(versions));
        return yanked;
    }

    private MarketplaceException unknownVersion(PackageId id, Version version) {
        List<PackageMetadata> known = versions(id);
        if (known.isEmpty()) {
            return new MarketplaceException("unknown package " + id);
        }
        return new MarketplaceException("unknown version " + id + "@" + version + " (published: "
                + String.join(", ", known.stream().map(m -> m.version().toString()).toList()) + ")");
    }

    public Optional<PackageMetadata> get(PackageId id, Version version) {
        NavigableMap<Version, PackageMetadata> versions = packages.get(id);
        return versions == null ? Optional.empty() : Optional.ofNullable(versions.get(version));
    }

    /** Every version of the package, oldest first, yanked ones included; empty for an unknown package. */
    public List<PackageMetadata> versions(PackageId id) {
        NavigableMap<Version, PackageMetadata> versions = packages.get(id);
        return versions == null ? List.of() : List.copyOf(versions.values());
    }

    /**
     * The version a user gets by default: the highest release that is not yanked, or the highest pre-release when
     * there is no release; empty when every version is yanked or the package is unknown.
     */
    public Optional<PackageMetadata> latest(PackageId id) {
        return latest(versions(id));
    }

    /** {@link #latest(PackageId)} over a list of versions. */
    public static Optional<PackageMetadata> latest(List<PackageMetadata> versions) {
        PackageMetadata preRelease = null;
        for (int i = versions.size() - 1; i >= 0; i--) {
            PackageMetadata candidate = versions.get(i);
            if (candidate.yanked()) {
                continue;
            }
            if (!candidate.version().isPreRelease()) {
                return Optional.of(candidate);
            }
            if (preRelease == null) {
                preRelease = candidate;
            }
        }
        return Optional.ofNullable(preRelease);
    }

    /** Every package id, in no particular order. */
    public List<PackageId> ids() {
        return List.copyOf(packages.keySet());
    }

    public int packageCount() {
        return packages.size();
    }

    /** The sequence number of the last write: the search index records it to know whether it is in step. */
    public long sequence() {
        return log.lastSequence();
    }

    /** The archive of a version, after checking its hash (see {@link BlobStore#read}). */
    public byte[] archive(PackageMetadata metadata) {
        return blobs.read(metadata);
    }

    /** Whether the archive of a version is stored here (a mirrored version may be known without it). */
    public boolean hasArchive(PackageMetadata metadata) {
        return java.nio.file.Files.exists(blobs.path(metadata.sha256()));
    }

    /**
     * Stores the archive of a version known without it (mirrored, or announced by the network), after checking it
     * against the version's SHA-256 and size; written to a temporary file and moved into place.
     *
     * @throws MarketplaceException naming both hashes or sizes when the content is not the version's archive
     */
    public void storeArchive(PackageMetadata metadata, byte[] archive) {
        String actual = BlobStore.sha256(archive);
        if (!actual.equals(metadata.sha256()) || archive.length != metadata.sizeBytes()) {
            throw new MarketplaceException("refusing the archive of " + metadata.coordinates() + ": expected sha256 "
                    + metadata.sha256() + " (" + metadata.sizeBytes() + " bytes), got " + actual + " ("
                    + archive.length + " bytes)");
        }
        try {
            blobs.put(metadata.sha256(), archive, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the archive of " + metadata.coordinates(), e);
        }
    }

    /** The blob store, for tools that must check or repair it. */
    public BlobStore blobs() {
        return blobs;
    }

    /** Where the blob of a version is stored. */
    public Path blobPath(PackageMetadata metadata) {
        return blobs.path(metadata.sha256());
    }
}
