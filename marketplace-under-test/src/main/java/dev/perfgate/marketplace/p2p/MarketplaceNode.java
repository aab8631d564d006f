package dev.perfgate.marketplace.p2p;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.perfgate.marketplace.Marketplace;
import dev.perfgate.marketplace.MarketplaceException;
import dev.perfgate.marketplace.PackageId;
import dev.perfgate.marketplace.PackageMetadata;
import dev.perfgate.marketplace.install.InstallResult;
import dev.perfgate.marketplace.install.Resolution;
import dev.perfgate.marketplace.registry.Registry;
import dev.perfgate.marketplace.search.SearchQuery;

/**
 * A marketplace (part 1: registry, Lucene search, installs) on the P2P network: what it publishes is announced in
 * the DHT and by gossip, and served to peers; what peers announce is validated, recorded and indexed here; an
 * install fetches the archives it lacks from their providers, checks them, and installs as part 1 does; a search
 * asks the best peers too.
 *
 * <p>The marketplace's blocking work (disk, index) runs on one thread of this node's own, never on the network's
 * event loops. {@link #publish} and {@link #install} block their caller; call them from an application thread.
 *
 * <pre>{@code
 * MarketplaceNode peer = MarketplaceNode.start(marketplace, node, TcpContentTransport.start(), RecordSigner.generate(),
 *         MarketplaceNode.Settings.defaults());
 * peer.install("acme/web@^1.2", Path.of("target/app"));
 * }</pre>
 */
public final class MarketplaceNode implements AutoCloseable {

    /** Most packages an install walks the network's announcements for (its dependency closure). */
    static final int MAX_CLOSURE = 1_000;

    /**
     * How a marketplace node behaves on the network.
     *
     * @param recordTtl      how long peers keep its announcement and provider records (republished every half)
     * @param providerTimeout how long one provider has to serve an archive before the next is tried
     * @param searchFanout   peers a search asks
     * @param searchDeadline how long a search waits for them
     * @param gossip         the gossip settings
     */
    public record Settings(Duration recordTtl, Duration providerTimeout, int searchFanout, Duration searchDeadline,
            Gossip.Settings gossip) {

        public Settings {
            requireNonNull(gossip, "gossip");
            if (recordTtl.toSeconds() < 1 || recordTtl.toSeconds() > Integer.MAX_VALUE || providerTimeout.isNegative()
                    || providerTimeout.isZero() || searchFanout < 1 || searchDeadline.isNegative()
                    || searchDeadline.isZero()) {
                throw new IllegalArgumentException("invalid marketplace node settings: record TTL " + recordTtl
                        + ", provider timeout " + providerTimeout + ", search fanout " + searchFanout
                        + ", search deadline " + searchDeadline + " (expected e.g. PT24H, PT2S, 8, PT0.3S)");
            }
        }

        /** Records kept 24 h, 2 s per provider, searches ask 8 peers and wait 300 ms, gossip's defaults. */
        public static Settings defaults() {
            return new Settings(Duration.ofHours(24), Duration.ofSeconds(2), 8, Duration.ofMillis(300),
                    Gossip.Settings.defaults());
        }
    }

    private final Marketplace marketplace;
    private final KademliaNode node;
    private final RecordSigner signer;
    private final Settings settings;
    private final ContentTransport.ContentServer server;
    private final Gossip gossip;
    private final DistributedSearch search;
    private final Retriever retriever;
    private final ExecutorService blocking;

    private MarketplaceNode(Marketplace marketplace, KademliaNode node, ContentTransport content, RecordSigner signer,
            Settings settings) {
        this.marketplace = marketplace;
        this.node = node;
        this.signer = signer;
        this.settings = settings;
        this.blocking = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "marketplace-node-" + node.contact().id().shortHex());
            thread.setDaemon(true);
            return thread;
        });
        this.server = content.serve(node.endpoint(), sha256 -> marketplace.registry().blobs().content(sha256));
        this.retriever = new Retriever(node, content, settings.providerTimeout());
        this.gossip = Gossip.attach(node, settings.gossip(), Announcement::isWellFormed,
                (record, from) -> blocking.execute(() -> mirror(List.of(Announcement.parse(record.payload())))));
        this.search = DistributedSearch.attach(node, this::searchLocally, settings.searchFanout());
    }

    /** Puts {@code marketplace} on the network through {@code node}, serving its archives over {@code content}. */
    public static MarketplaceNode start(Marketplace marketplace, KademliaNode node, ContentTransport content,
            RecordSigner signer, Settings settings) {
        return new MarketplaceNode(requireNonNull(marketplace, "marketplace"), requireNonNull(node, "node"),
                requireNonNull(content, "content"), requireNonNull(signer, "signer"),
                requireNonNull(settings, "settings"));
    }

    public KademliaNode node() {
        return node;
    }

    public Marketplace marketplace() {
        return marketplace;
    }

    public Gossip gossip() {
        return gossip;
    }

    public Retriever retriever() {
        return retriever;
    }

    /** Where this node serves archives. */
    public Address contentAddress() {
        return server.address();
    }

    /**
     * Publishes an archive here (checked as part 1 checks it), then announces it: the announcement stored in the
     * DHT and gossiped, a provider record for its archive stored. Blocks until the network accepted both.
     *
     * @return the version published
     * @throws MarketplaceException for a bad archive, as {@link Marketplace#publish(byte[])}
     */
    public PackageMetadata publish(byte[] archive) {
        PackageMetadata published = marketplace.publish(archive);
        SignedRecord announcement = Announcement.of(published).sign(signer, ttlSeconds());
        CompletableFuture.allOf(node.store(announcement), provide(published.sha256()),
                gossip.publish(announcement)).join();
        return published;
    }

    /** Announces that this node serves the archive with this SHA-256 (a provider record in the DHT). */
    public CompletableFuture<Integer> provide(String sha256) {
        ProviderRecord provider = new ProviderRecord(node.contact(), server.address());
        return node.store(signer.sign(Announcement.contentKey(sha256), SignedRecord.Kind.PROVIDER,
                System.currentTimeMillis(), ttlSeconds(), provider.toPayload()));
    }

    /**
     * Installs across the network: learns the announcements of the package and its dependencies it does not know
     * (from the DHT), resolves, fetches every archive it lacks from its providers (checked by SHA-256; a bad or
     * silent provider loses reputation and the next is tried), becomes a provider of each, and installs as
     * {@link Marketplace#install} does. Blocks.
     *
     * @throws MarketplaceException as {@link Marketplace#install}, or when no provider serves an archive
     */
    public InstallResult install(String idWithRequirement, Path into) {
        int at = idWithRequirement.indexOf('@');
        learn(PackageId.parse(at < 0 ? idWithRequirement.strip() : idWithRequirement.substring(0, at).strip()));
        Resolution resolution = marketplace.resolve(idWithRequirement);
        List<CompletableFuture<Void>> fetches = new ArrayList<>();
        for (PackageMetadata needed : resolution.packages().values()) {
            if (!marketplace.registry().hasArchive(needed)) {
                fetches.add(retriever.retrieve(needed.sha256()).thenAccept(retrieval -> {
                    marketplace.registry().storeArchive(needed, retrieval.content());
                    provide(needed.sha256());
                }));
            }
        }
        try {
            CompletableFuture.allOf(fetches.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new MarketplaceException("cannot install " + idWithRequirement + ": " + cause.getMessage(), cause);
        }
        return marketplace.install(idWithRequirement, into);
    }

    /**
     * Searches here and at the best peers by reputation, within the deadline of the settings.
     *
     * @param limit most hits, 1 to {@value Message#MAX_HITS}
     */
    public DistributedSearch.Result search(String query, int limit) {
        return search.search(query, limit, settings.searchDeadline()).join();
    }

    @Override
    public void close() {
        gossip.close();
        server.close();
        blocking.shutdown();
        try {
            blocking.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ internals

    private int ttlSeconds() {
        return (int) settings.recordTtl().toSeconds();
    }

    /**
     * The announcements of {@code root} and everything its known versions depend on, as far as the DHT has them,
     * recorded here together: one registry and index update for the whole closure, not one per package (each is a
     * commit of the Lucene index, about as long as a lookup on loopback).
     */
    private void learn(PackageId root) {
        Set<PackageId> visited = new HashSet<>();
        ArrayDeque<PackageId> queue = new ArrayDeque<>(List.of(root));
        List<Announcement> learned = new ArrayList<>();
        while (!queue.isEmpty() && visited.size() < MAX_CLOSURE) {
            PackageId id = queue.poll();
            if (!visited.add(id)) {
                continue;
            }
            List<PackageMetadata> known = marketplace.versions(id);
            if (known.isEmpty()) {
                node.findValue(Announcement.key(id), SignedRecord.Kind.ANNOUNCEMENT).join().record()
                        .filter(Announcement::isWellFormed)
                        .map(found -> Announcement.parse(found.payload()))
                        .ifPresent(announcement -> {
                            learned.add(announcement);
                            queue.addAll(announcement.manifest().dependencies().keySet());
                        });
            }
            for (PackageMetadata version : known) {
                queue.addAll(version.manifest().dependencies().keySet());
            }
        }
        mirror(learned);
    }

    /** Records announced versions (without their archives) and indexes them, those not known yet. */
    private void mirror(List<Announcement> announcements) {
        if (announcements.isEmpty()) {
            return;
        }
        marketplace.mirror(announcements.stream().map(announcement -> new Registry.Upload(announcement.manifest(),
                announcement.sha256(), announcement.sizeBytes(), null, 0, 0, announcement.publishedAt())).toList());
    }

    /** The local index's hits, for a peer's search: runs on the node's executor, on the search index. */
    private List<Message.SearchHit> searchLocally(String query, int limit) {
        try {
            return marketplace.search(SearchQuery.of(query).withLimit(limit)).hits().stream()
                    .map(hit -> new Message.SearchHit(hit.id().toString(), hit.version().toString(), hit.score()))
                    .toList();
        } catch (IllegalArgumentException e) {
            return List.of(); // a query this index cannot parse has no hits here
        }
    }
}
