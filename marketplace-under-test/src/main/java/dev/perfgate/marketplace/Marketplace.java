package dev.perfgate.marketplace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.stats.CacheStats;

import org.apache.lucene.store.LockObtainFailedException;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;

import dev.perfgate.marketplace.archive.PackageArchive;
import dev.perfgate.marketplace.cache.CacheSettings;
import dev.perfgate.marketplace.cache.LookupCache;
import dev.perfgate.marketplace.catalog.Catalog;
import dev.perfgate.marketplace.install.InstallResult;
import dev.perfgate.marketplace.install.Installer;
import dev.perfgate.marketplace.install.Lockfile;
import dev.perfgate.marketplace.install.Resolution;
import dev.perfgate.marketplace.install.Resolver;
import dev.perfgate.marketplace.registry.Registry;
import dev.perfgate.marketplace.search.SearchIndex;
import dev.perfgate.marketplace.search.SearchQuery;
import dev.perfgate.marketplace.search.SearchResults;
import dev.perfgate.marketplace.semver.Version;
import dev.perfgate.marketplace.semver.VersionRequirement;
import dev.perfgate.marketplace.telemetry.MarketplaceTelemetry;

/**
 * A package marketplace in a home directory: publish, look up, search, yank and install packages.
 *
 * <p>The registry ({@code blobs/}, {@code registry/}) holds archives and metadata; the Lucene index
 * ({@code search-index/}) is updated on every write and rebuilt on open when it is not in step with the registry;
 * Caffeine caches sit in front of metadata lookups and searches and are invalidated on every write. Spans and
 * metrics go to the {@code OpenTelemetry} passed in (see {@link MarketplaceTelemetry}). Safe for concurrent use;
 * writes are serialised.
 *
 * <pre>{@code
 * try (Marketplace market = Marketplace.open(Path.of("market"), OpenTelemetry.noop())) {
 *     market.publish(Path.of("web-framework-1.0.0.zip"));
 *     market.search("web framework").hits();
 *     market.install("acme/web-framework@^1.0", Path.of("deps"));
 * }
 * }</pre>
 */
public final class Marketplace implements AutoCloseable {

    static final String METADATA_CACHE = "metadata";
    static final String SEARCH_CACHE = "search";

    private final Registry registry;
    private final SearchIndex index;
    private final MarketplaceTelemetry telemetry;
    private final LookupCache<PackageId, List<PackageMetadata>> metadata;
    private final LookupCache<SearchQuery, SearchResults> searches;
    private final Resolver resolver;
    private final Installer installer;
    private final Object writeLock = new Object();

    private Marketplace(Registry registry, SearchIndex index, MarketplaceTelemetry telemetry,
                        MarketplaceSettings settings) {
        this.registry = registry;
        this.index = index;
        this.telemetry = telemetry;
        CacheSettings cache = settings.cache();
        this.metadata = LookupCache.create(METADATA_CACHE, cache.metadataMaximumSize(), cache.metadataExpiry(),
                settings.cacheTicker(), telemetry);
        this.searches = LookupCache.create(SEARCH_CACHE, cache.searchMaximumSize(), cache.searchExpiry(),
                settings.cacheTicker(), telemetry);
        this.resolver = new Resolver(this::cachedVersions);
        this.installer = new Installer(registry::archive);
    }

    /** Opens (or creates) the marketplace in {@code home} with the default settings. */
    public static Marketplace open(Path home, OpenTelemetry openTelemetry) {
        return open(home, openTelemetry, MarketplaceSettings.defaults());
    }

    /**
     * Opens (or creates) the marketplace in {@code home}.
     *
     * @param openTelemetry where spans and metrics go; {@code OpenTelemetry.noop()} for none
     */
    public static Marketplace open(Path home, OpenTelemetry openTelemetry, MarketplaceSettings settings) {
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(openTelemetry, "openTelemetry");
        Objects.requireNonNull(settings, "settings");
        Registry registry = Registry.open(home, settings.clock());
        SearchIndex index;
        try {
            index = SearchIndex.open(home.resolve("search-index"), registry::latest);
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof LockObtainFailedException) {
                throw new MarketplaceException("home " + home + " is in use by another marketplace process", e);
            }
            throw e;
        }
        try {
            if (index.committedSequence() != registry.sequence()) {
                index.rebuild(latestOfEach(registry), registry.sequence());
            }
        } catch (RuntimeException e) {
            index.close();
            throw e;
        }
        return new Marketplace(registry, index, MarketplaceTelemetry.create(openTelemetry), settings);
    }

    private static List<PackageMetadata> latestOfEach(Registry registry) {
        List<PackageMetadata> latest = new ArrayList<>();
        for (PackageId id : registry.ids()) {
            registry.latest(id).ifPresent(latest::add);
        }
        return latest;
    }

    /**
     * Publishes an archive: checks it (a zip with a valid {@code marketplace.json}, no unsafe entries), stores it
     * under its SHA-256, records it and indexes it.
     *
     * @throws MarketplaceException for a bad archive or manifest or a version already published; nothing is stored
     */
    public PackageMetadata publish(Path archive) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(archive);
        } catch (NoSuchFileException e) {
            throw new MarketplaceException("archive " + archive + " does not exist");
        } catch (IOException e) {
            throw new MarketplaceException("cannot read archive " + archive + ": " + e.getMessage(), e);
        }
        return publish(bytes);
    }

    /** {@link #publish(Path)} of archive bytes. */
    public PackageMetadata publish(byte[] archive) {
        return telemetry.inSpan(MarketplaceTelemetry.PUBLISH, Attributes.empty(), span -> {
            synchronized (writeLock) {
                PackageMetadata published = registry.publish(archive);
                span.setAttribute(MarketplaceTelemetry.PACKAGE_ID, published.id().toString());
                span.setAttribute(MarketplaceTelemetry.PACKAGE_VERSION, published.version().toString());
                reindex(published.id());
                return published;
            }
        });
    }

    /**
     * Imports a generated catalog: every version is archived, stored under its SHA-256 and recorded like a publish,
     * in bulk (one log entry per 10,000 versions, one index commit).
     *
     * @return how many versions were imported
     * @throws MarketplaceException when a version is already published; then nothing is imported
     */
    public int importCatalog(Catalog catalog) {
        return importCatalog(catalog, true);
    }

    /**
     * Imports a catalog's index without its archives: each version's archive is built and hashed, and its metadata
     * recorded and indexed, but the archive is not stored, as in a mirror of another registry's index. Searches and
     * lookups see every package; installing one reports its missing blob. This is how the performance suite builds
     * 100,000 searchable packages in seconds instead of writing 100,000 files.
     *
     * @return how many versions were imported
     */
    public int importCatalogIndex(Catalog catalog) {
        return importCatalog(catalog, false);
    }

    private int importCatalog(Catalog catalog, boolean storeArchives) {
        // building and hashing the archives is the costly part and independent per entry
        List<Registry.Upload> uploads = catalog.entries().parallelStream()
                .map(e -> Registry.Upload.of(e.archive(), storeArchives, e.manifest(), e.downloads(), e.stars(),
                        e.publishedAt()))
                .toList();
        return importUploads(uploads).size();
    }

    /**
     * Records versions published elsewhere (announced by the network, say) and indexes them, skipping versions
     * already known; their archives are fetched when an install needs them (see {@link Registry#storeArchive}).
     *
     * @return the versions recorded (those not already known)
     */
    public List<PackageMetadata> mirror(List<Registry.Upload> uploads) {
        synchronized (writeLock) {
            List<Registry.Upload> unknown = new ArrayList<>();
            java.util.Set<List<Object>> seen = new java.util.HashSet<>();
            for (Registry.Upload upload : uploads) {
                if (registry.get(upload.manifest().id(), upload.manifest().version()).isEmpty()
                        && seen.add(List.of(upload.manifest().id(), upload.manifest().version()))) {
                    unknown.add(upload);
                }
            }
            return unknown.isEmpty() ? List.of() : importUploads(unknown);
        }
    }

    private List<PackageMetadata> importUploads(List<Registry.Upload> uploads) {
        synchronized (writeLock) {
            java.util.Set<PackageId> known = new java.util.HashSet<>(registry.ids());
            List<PackageMetadata> imported = registry.importAll(uploads);
            Map<PackageId, PackageMetadata> added = new LinkedHashMap<>();
            Map<PackageId, PackageMetadata> changed = new LinkedHashMap<>();
            for (PackageMetadata m : imported) {
                (known.contains(m.id()) ? changed : added)
                        .computeIfAbsent(m.id(), id -> registry.latest(id).orElseThrow());
            }
            index.addAll(added.values(), changed.values(), registry.sequence());
            metadata.invalidateAll();
            searches.invalidateAll();
            return imported;
        }
    }

    /**
     * The latest version of a package (the highest release not yanked), from the metadata cache.
     *
     * @param id {@code namespace/name}
     * @throws IllegalArgumentException when {@code id} is not a valid package id
     */
    public Optional<PackageMetadata> get(String id) {
        return get(PackageId.parse(id));
    }

    /** {@link #get(String)} with a parsed id. */
    public Optional<PackageMetadata> get(PackageId id) {
        // A cache hit takes a microsecond or two and is counted (marketplace.cache.hits), not traced: a span around
        // it costs more than the hit itself (perf-tests measured +189 % with a span per hit, even at 10 % sampling).
        // A miss reads the registry, and that is traced.
        return Registry.latest(metadata.get(id, key -> telemetry.inSpan(MarketplaceTelemetry.GET,
                Attributes.of(MarketplaceTelemetry.PACKAGE_ID, key.toString(), MarketplaceTelemetry.CACHE_HIT, false),
                span -> {
                    List<PackageMetadata> versions = registry.versions(key);
                    Registry.latest(versions).ifPresent(m -> span.setAttribute(MarketplaceTelemetry.PACKAGE_VERSION,
                            m.version().toString()));
                    return versions;
                })).value());
    }

    /** One version of a package, yanked or not. */
    public Optional<PackageMetadata> get(String id, String version) {
        Version v = Version.parse(version);
        return versions(id).stream().filter(m -> m.version().equals(v)).findFirst();
    }

    /** Every version of a package, oldest first, yanked ones included; empty for an unknown package. */
    public List<PackageMetadata> versions(String id) {
        return versions(PackageId.parse(id));
    }

    /** {@link #versions(String)} with a parsed id. */
    public List<PackageMetadata> versions(PackageId id) {
        return cachedVersions(id);
    }

    private List<PackageMetadata> cachedVersions(PackageId id) {
        return metadata.get(id, registry::versions).value();
    }

    /**
     * Withdraws a version (see {@link Registry#yank}); search then shows the package's next latest version, or
     * nothing when every version is yanked.
     *
     * @throws MarketplaceException when the package or version is unknown
     */
    public PackageMetadata yank(String id, String version) {
        PackageId packageId = PackageId.parse(id);
        Version v = Version.parse(version);
        synchronized (writeLock) {
            PackageMetadata yanked = registry.yank(packageId, v);
            reindex(packageId);
            return yanked;
        }
    }

    private void reindex(PackageId id) {
        index.update(id, registry.latest(id), registry.sequence());
        metadata.invalidate(id);
        searches.invalidateAll();
    }

    /** Searches by relevance, first {@value SearchQuery#DEFAULT_LIMIT} results. */
    public SearchResults search(String query) {
        return search(SearchQuery.of(query));
    }

    /** Searches, from the search cache when the same query was answered since the last write. */
    public SearchResults search(SearchQuery query) {
        long start = System.nanoTime();
        return telemetry.inSpan(MarketplaceTelemetry.SEARCH,
                Attributes.of(MarketplaceTelemetry.QUERY, query.text()), span -> {
                    LookupCache.Lookup<SearchResults> lookup = searches.get(query, index::search);
                    span.setAttribute(MarketplaceTelemetry.CACHE_HIT, lookup.hit());
                    span.setAttribute(MarketplaceTelemetry.RESULT_COUNT, (long) lookup.value().hits().size());
                    span.setAttribute(MarketplaceTelemetry.TOTAL_HITS, lookup.value().totalHits());
                    telemetry.recordSearch(System.nanoTime() - start, lookup.hit());
                    return lookup.value();
                });
    }

    /**
     * Resolves {@code namespace/name} or {@code namespace/name@requirement} (e.g. {@code acme/web@^1.2},
     * {@code acme/web@>=1.2 <2}) to the versions an install would choose, without installing.
     *
     * @throws MarketplaceException for an unknown package, a requirement nothing satisfies, a conflict or a cycle
     */
    public Resolution resolve(String idWithRequirement) {
        return resolve(idWithRequirement, Lockfile.empty());
    }

    /** {@link #resolve(String)} together with the requirements an install target's lockfile records. */
    private Resolution resolve(String idWithRequirement, Lockfile target) {
        int at = idWithRequirement.indexOf('@');
        PackageId id = PackageId.parse(at < 0 ? idWithRequirement.strip() : idWithRequirement.substring(0, at).strip());
        VersionRequirement requirement = at < 0 ? defaultRequirement(id)
                : VersionRequirement.parse(idWithRequirement.substring(at + 1));
        return telemetry.inSpan(MarketplaceTelemetry.RESOLVE, Attributes.of(MarketplaceTelemetry.PACKAGE_ID,
                id.toString(), MarketplaceTelemetry.REQUIREMENT, requirement.toString()), span -> {
            Resolution resolution = resolver.resolve(id, requirement, target);
            span.setAttribute(MarketplaceTelemetry.PACKAGE_VERSION, resolution.root().version().toString());
            span.setAttribute(MarketplaceTelemetry.PACKAGE_COUNT, (long) resolution.packages().size());
            return resolution;
        });
    }

    /**
     * What a request without a requirement asks for: any release, or, for a package with only pre-releases, the
     * latest one {@link #get} shows and what follows it, so that {@code install ID} installs the version
     * {@code info ID} shows as latest.
     */
    private VersionRequirement defaultRequirement(PackageId id) {
        Optional<PackageMetadata> latest = Registry.latest(cachedVersions(id));
        if (latest.isPresent() && latest.get().version().isPreRelease()) {
            return VersionRequirement.parse(">=" + latest.get().version());
        }
        return VersionRequirement.any();
    }

    /**
     * Installs a package and everything it needs into {@code into}: resolves, fetches and checks every archive's
     * SHA-256, extracts each package under {@code into/namespace/name/} and writes {@code into/marketplace.lock}.
     * What {@code into} already holds is kept consistent: the request is resolved together with the requirements
     * its lockfile records, so an install that would break an installed package is refused as a conflict. All or
     * nothing: on any failure {@code into} is as it was.
     *
     * @param idWithRequirement {@code acme/web} (the latest release) or {@code acme/web@^1.2}
     * @throws MarketplaceException for an unknown package, a requirement nothing satisfies, a conflict, a cycle, a
     *                              checksum mismatch, a missing blob or an unsafe archive entry
     */
    public InstallResult install(String idWithRequirement, Path into) {
        long start = System.nanoTime();
        try {
            InstallResult result = telemetry.inSpan(MarketplaceTelemetry.INSTALL,
                    Attributes.of(MarketplaceTelemetry.REQUIREMENT, idWithRequirement), span -> {
                        Lockfile held = installer.recoverAndReadLockfile(into);
                        Resolution resolution = resolve(idWithRequirement, held);
                        span.setAttribute(MarketplaceTelemetry.PACKAGE_ID, resolution.root().id().toString());
                        span.setAttribute(MarketplaceTelemetry.PACKAGE_VERSION,
                                resolution.root().version().toString());
                        span.setAttribute(MarketplaceTelemetry.PACKAGE_COUNT, (long) resolution.packages().size());
                        Map<PackageMetadata, PackageArchive> verified = telemetry.inSpan(MarketplaceTelemetry.VERIFY,
                                Attributes.of(MarketplaceTelemetry.PACKAGE_COUNT, (long) resolution.packages().size()),
                                verifySpan -> installer.verify(resolution, held));
                        return installer.extract(resolution, verified, into);
                    });
            telemetry.recordInstall(System.nanoTime() - start, "success");
            return result;
        } catch (RuntimeException e) {
            telemetry.recordInstall(System.nanoTime() - start, "failure");
            throw e;
        }
    }

    /** How many packages (ids) the registry holds. */
    public int packageCount() {
        return registry.packageCount();
    }

    /** Hits, misses and evictions of the metadata cache (also exported as {@code marketplace.cache.*} metrics). */
    public CacheStats metadataCacheStats() {
        return metadata.stats();
    }

    /** Hits, misses and evictions of the search cache. */
    public CacheStats searchCacheStats() {
        return searches.stats();
    }

    /** The registry underneath, for tools that check or repair it. */
    public Registry registry() {
        return registry;
    }

    @Override
    public void close() {
        metadata.close();
        searches.close();
        try {
            index.close();
        } catch (UncheckedIOException e) {
            throw new MarketplaceException("cannot close the search index: " + e.getMessage(), e);
        }
    }
}
