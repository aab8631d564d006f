package dev.perfgate.marketplace.p2p;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

import org.jspecify.annotations.Nullable;

/**
 * A Kademlia node: a routing table of k-buckets, the four RPCs (PING, FIND_NODE, FIND_VALUE, STORE), iterative
 * lookups with {@value #ALPHA} requests in flight, and a store of signed records that are verified before they are
 * kept or served. Event-driven: everything runs on the endpoint's executor (see {@link Transport}), and the public
 * operations return futures completed there.
 *
 * <pre>{@code
 * KademliaNode node = KademliaNode.start(transport, NodeId.random(random), KademliaNode.Settings.defaults(), verifier);
 * node.bootstrap(List.of(seed)).join();
 * Optional<SignedRecord> record = node.findValue(key, SignedRecord.Kind.ANNOUNCEMENT).join().record();
 * }</pre>
 */
public final class KademliaNode implements AutoCloseable {

    /** Requests in flight per lookup. */
    public static final int ALPHA = 3;
    /** Signature verdicts a node remembers. */
    static final int VERIFIED_RECORDS = 1_024;
    /** Most provider records a node keeps for one content: the newest publishers' beyond that push out the oldest. */
    static final int MAX_PROVIDERS_PER_KEY = 20;
    /**
     * How long a contact that was heard from stays good (BEP 5's 15 minutes): a full bucket's least recently seen
     * contact is pinged for a newcomer only once it has been silent that long.
     */
    static final long GOOD_FOR_NANOS = 15 * 60 * 1_000_000_000L;

    private final Transport.Endpoint endpoint;
    private final Transport.Scheduler scheduler;
    private final Contact self;
    private final RoutingTable routing;
    private final Settings settings;
    private final Predicate<SignedRecord> verifier;
    private final RandomGenerator random;
    private final Map<Long, Pending> pending = new HashMap<>();
    /** Records held: per key and kind, by publisher (raw public key as hex). */
    private final Map<NodeId, Map<SignedRecord.Kind, Map<String, Stored>>> records = new HashMap<>();
    /** Records this node stored as their publisher, republished every half TTL. */
    private final Map<List<Object>, SignedRecord> published = new HashMap<>();
    private final List<Protocol> protocols = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Counters counters = new Counters();
    private final Reputation reputation = new Reputation();
    /** When each contact of the routing table was last heard from, on the node's clock. */
    private final Map<NodeId, Long> lastHeard = new HashMap<>();
    private final P2pTelemetry telemetry;
    private long nextRpcId;
    private Transport.@Nullable Cancellable refresh;
    private boolean closed;

    /**
     * How a node behaves.
     *
     * @param k              bucket size and replication
     * @param rpcTimeout     how long a request waits for its response
     * @param retries        how often a request is sent again after a timeout before the contact counts as failed
     * @param refresh        how often, after joining, a node refreshes its buckets (a lookup of its own id and of a
     *                       random id in each bucket farther than its nearest neighbour)
     */
    public record Settings(int k, Duration rpcTimeout, int retries, Duration refresh) {

        public Settings {
            if (k < 1 || rpcTimeout.isNegative() || rpcTimeout.isZero() || retries < 0 || refresh.isNegative()
                    || refresh.isZero()) {
                throw new IllegalArgumentException("invalid settings: k " + k + ", timeout " + rpcTimeout
                        + ", retries " + retries + ", refresh " + refresh
                        + " (expected e.g. k 20, timeout PT0.5S, retries 1, refresh PT1H)");
            }
        }

        /** Settings that refresh buckets every hour, as Kademlia does. */
        public Settings(int k, Duration rpcTimeout, int retries) {
            this(k, rpcTimeout, retries, Duration.ofHours(1));
        }

        /** k 20, 500 ms timeout, 1 retry, buckets refreshed every hour. */
        public static Settings defaults() {
            return new Settings(RoutingTable.K, Duration.ofMillis(500), 1);
        }
    }

    /**
     * Something more a node speaks over its endpoint (gossip, search): it is offered each request the DHT does not
     * answer itself, on the node's executor, and says whether it handled it.
     */
    @FunctionalInterface
    interface Protocol {
        boolean receive(Message message);

        /** {@code sender} was heard from (any message of any protocol): it is alive. */
        default void heard(Contact sender) {
        }
    }

    /** What this node counted: datagrams it dropped, requests that timed out, records it refused. */
    public static final class Counters {
        long malformed;
        long timeouts;
        long refusedRecords;
        long unexpected;

        public long malformed() {
            return malformed;
        }

        public long timeouts() {
            return timeouts;
        }

        public long refusedRecords() {
            return refusedRecords;
        }

        public long unexpected() {
            return unexpected;
        }
    }

    /**
     * The outcome of a lookup.
     *
     * @param closest         the nearest contacts that answered, nearest first, at most k
     * @param records         for FIND_VALUE, the verified records found (one announcement, or up to
     *                        {@link Message#MAX_RECORDS} provider records); empty when none was found
     * @param hops            referrals followed to the result: 1 when a node the lookup started with answered
     * @param contacted       distinct nodes asked
     */
    public record Lookup(List<Contact> closest, List<SignedRecord> records, int hops, int contacted) {

        public Lookup {
            closest = List.copyOf(closest);
            records = List.copyOf(records);
        }

        /** The first record found. */
        public Optional<SignedRecord> record() {
            return records.isEmpty() ? Optional.empty() : Optional.of(records.get(0));
        }
    }

    private KademliaNode(Transport transport, NodeId id, Settings settings, Predicate<SignedRecord> verifier,
            RandomGenerator random, P2pTelemetry telemetry) {
        this.telemetry = telemetry;
        this.settings = settings;
        this.verifier = remembering(verifier);
        this.random = random;
        this.endpoint = transport.open(this::receive);
        this.scheduler = endpoint.scheduler();
        this.self = new Contact(id, endpoint.address());
        this.routing = new RoutingTable(id, settings.k());
    }

    /**
     * {@code verifier} with the verdicts on the last {@value #VERIFIED_RECORDS} records remembered: an Ed25519
     * verification costs about a millisecond, and the same record is stored, served and looked up many times. A
     * record is remembered whole (all its fields), so a tampered copy is verified anew.
     */
    private static Predicate<SignedRecord> remembering(Predicate<SignedRecord> verifier) {
        Map<SignedRecord, Boolean> verdicts = new java.util.LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<SignedRecord, Boolean> eldest) {
                return size() > VERIFIED_RECORDS;
            }
        };
        return record -> verdicts.computeIfAbsent(record, verifier::test);
    }

    /**
     * Starts a node on {@code transport}.
     *
     * @param verifier accepts a record only if its signature verifies; records it refuses are never stored or served
     */
    public static KademliaNode start(Transport transport, NodeId id, Settings settings,
            Predicate<SignedRecord> verifier, RandomGenerator random) {
        return start(transport, id, settings, verifier, random, P2pTelemetry.NOOP);
    }

    /** {@link #start(Transport, NodeId, Settings, Predicate, RandomGenerator)} with spans and metrics. */
    public static KademliaNode start(Transport transport, NodeId id, Settings settings,
            Predicate<SignedRecord> verifier, RandomGenerator random, P2pTelemetry telemetry) {
        return new KademliaNode(requireNonNull(transport, "transport"), requireNonNull(id, "id"),
                requireNonNull(settings, "settings"), requireNonNull(verifier, "verifier"),
                requireNonNull(random, "random"), requireNonNull(telemetry, "telemetry"));
    }

    public Contact contact() {
        return self;
    }

    public Counters counters() {
        return counters;
    }

    /** What this node recorded of its peers (call on the node's executor, or when the network is idle). */
    public Reputation reputation() {
        return reputation;
    }

    /** Contacts in the routing table (call on the node's executor, or when the network is idle). */
    public int routingTableSize() {
        return routing.size();
    }

    /**
     * Puts {@code contacts} in the routing table as if each had been heard from, by Kademlia's rules (a full bucket
     * keeps its contacts), without a message: for a simulation that starts from a network that has run a while
     * ({@link LocalNetwork#simulatedSteadyState}). Call when the network is idle.
     */
    void know(List<Contact> contacts) {
        long now = scheduler.nanoTime();
        for (Contact contact : contacts) {
            if (routing.update(contact) instanceof RoutingTable.Update.Kept) {
                lastHeard.put(contact.id(), now);
            }
        }
    }

    /** The routing table itself, for tests (call when the network is idle). */
    RoutingTable routingTable() {
        return routing;
    }

    /** Records held (call on the node's executor, or when the network is idle). */
    public int recordCount() {
        return records.values().stream().flatMap(kinds -> kinds.values().stream()).mapToInt(Map::size).sum();
    }

    // ------------------------------------------------------------------ for the protocols on this node

    void register(Protocol protocol) {
        protocols.add(protocol);
    }

    void unregister(Protocol protocol) {
        protocols.remove(protocol);
    }

    Transport.Scheduler scheduler() {
        return scheduler;
    }

    Transport.Endpoint endpoint() {
        return endpoint;
    }

    RandomGenerator random() {
        return random;
    }

    Settings settings() {
        return settings;
    }

    P2pTelemetry telemetry() {
        return telemetry;
    }

    /** Whether the record's signature verifies (remembered verdicts). */
    boolean verify(SignedRecord record) {
        return verifier.test(record);
    }

    /** Every contact of the routing table, in no particular order (a copy). */
    List<Contact> routingContacts() {
        return routing.contacts();
    }

    /** Pings {@code peer}: true when it answered (retries included); on failure it leaves the routing table. */
    CompletableFuture<Boolean> ping(Contact peer) {
        CompletableFuture<Boolean> answered = new CompletableFuture<>();
        scheduler.execute(() -> request(peer.address(), peer.id(), rpcId -> new Message.Ping(rpcId, self),
                response -> answered.complete(true), () -> {
                    evict(peer.id());
                    answered.complete(false);
                }));
        return answered;
    }

    // ------------------------------------------------------------------ operations

    /**
     * Joins the network through {@code seeds}: pings them, then looks up its own id (which fills the nearest
     * buckets), then one random id in each bucket farther than its nearest neighbour (bucket refresh). When no seed
     * answered, or nobody answered the self-lookup (datagrams lost), it tries again, up to
     * {@value #JOIN_ATTEMPTS} times in all, a second apart: a node that joined alone would be cut off for good. Completes
     * with the routing table's size (0: no seed ever answered).
     */
    public CompletableFuture<Integer> bootstrap(List<Address> seeds) {
        CompletableFuture<Integer> joined = new CompletableFuture<>();
        P2pTelemetry.Operation span = telemetry.bootstrap(seeds.size());
        joined.whenComplete((size, failure) -> span.end(failure, size == null ? 0 : size));
        scheduler.execute(() -> join(List.copyOf(seeds), 1, joined));
        return joined;
    }

    /** Attempts at joining a network before {@link #bootstrap} gives up. */
    static final int JOIN_ATTEMPTS = 3;

    private void join(List<Address> seeds, int attempt, CompletableFuture<Integer> joined) {
        List<CompletableFuture<Boolean>> pings = new ArrayList<>();
        for (Address seed : seeds) {
            CompletableFuture<Boolean> answered = new CompletableFuture<>();
            request(seed, null, rpcId -> new Message.Ping(rpcId, self), response -> answered.complete(true),
                    () -> answered.complete(false));
            pings.add(answered);
        }
        CompletableFuture.allOf(pings.toArray(CompletableFuture[]::new))
                .thenCompose(ignored -> pings.stream().anyMatch(CompletableFuture::join) ? findNode(self.id())
                        : CompletableFuture.completedFuture(null))
                .whenComplete((lookup, failure) -> scheduler.execute(() -> {
                    if (failure != null) {
                        joined.completeExceptionally(failure);
                    }
                    else if ((lookup == null || lookup.closest().isEmpty()) && attempt < JOIN_ATTEMPTS && !closed) {
                        scheduler.schedule(1_000_000_000L, () -> join(seeds, attempt + 1, joined));
                    }
                    else {
                        refreshBuckets().whenComplete((ignored, refreshFailure) -> scheduler.execute(() -> {
                            scheduleRefresh();
                            joined.complete(routing.size());
                        }));
                    }
                }));
    }

    /** Looks up the k nodes nearest to {@code target}. */
    public CompletableFuture<Lookup> findNode(NodeId target) {
        CompletableFuture<Lookup> result = new CompletableFuture<>();
        scheduler.execute(() -> new IterativeLookup(target, null, traced(result, null)).start());
        return result;
    }

    /**
     * Looks up the records of {@code kind} stored under {@code key}, each verified before it is returned: an
     * announcement (the lookup ends at the first node that has it), or the provider records of a content, by its
     * SHA-256, gathered from every node of the lookup up to {@value #MAX_PROVIDERS_PER_KEY} providers (nodes that
     * joined near the key after a provider stored its record hold only later providers' records, perhaps of providers
     * that left since).
     */
    public CompletableFuture<Lookup> findValue(NodeId key, SignedRecord.Kind kind) {
        CompletableFuture<Lookup> result = new CompletableFuture<>();
        scheduler.execute(() -> {
            CompletableFuture<Lookup> traced = traced(result, kind);
            List<SignedRecord> local = stored(key, kind);
            if (!local.isEmpty() && kind == SignedRecord.Kind.ANNOUNCEMENT) {
                traced.complete(new Lookup(List.of(self), local, 0, 0));
                return;
            }
            IterativeLookup lookup = new IterativeLookup(key, kind, traced);
            local.forEach(lookup::collect); // providers: what is held here, and what the network adds
            lookup.start();
        });
        return result;
    }

    /**
     * A future that completes {@code result} and then records the outcome in a {@code dht.lookup} span and the
     * lookup metrics. The caller is answered first: the span is built afterwards, with the start and duration taken
     * here, so that recording it is not on the lookup's latency (its CPU is still spent, on this node's thread). A
     * lookup answered from the node's own store takes tens of microseconds, of which a span built on the way was
     * 5 to 10 % (perf-tests, LookupOtelOverheadPerfTests).
     */
    private CompletableFuture<Lookup> traced(CompletableFuture<Lookup> result, SignedRecord.@Nullable Kind kind) {
        long started = scheduler.nanoTime();
        P2pTelemetry.Start start = telemetry.start();
        CompletableFuture<Lookup> inner = new CompletableFuture<>();
        inner.whenComplete((lookup, failure) -> {
            long nanos = scheduler.nanoTime() - started;
            if (lookup != null) {
                result.complete(lookup);
            }
            else {
                result.completeExceptionally(failure);
            }
            telemetry.lookup(start, nanos, kind, lookup, failure);
        });
        return inner;
    }

    /**
     * Stores {@code record} on the k nodes nearest to its key (and here), and republishes it every half of its TTL
     * while this node runs, as its publisher must for it not to expire; the number of nodes that accepted it.
     */
    public CompletableFuture<Integer> store(SignedRecord record) {
        scheduler.execute(() -> {
            List<Object> slot = List.of(record.key(), record.kind(), HexFormat.of().formatHex(record.publicKey()));
            if (published.put(slot, record) == null) {
                scheduleRepublish(slot, record.ttlSeconds());
            }
        });
        return replicate(record);
    }

    private void scheduleRepublish(List<Object> slot, int ttlSeconds) {
        scheduler.schedule(ttlSeconds * 500_000_000L, () -> {
            SignedRecord current = published.get(slot);
            if (current != null && !closed) {
                replicate(current);
                scheduleRepublish(slot, current.ttlSeconds());
            }
        });
    }

    /** Stops republishing the record of {@code kind} this node published under {@code key}. */
    public void unpublish(NodeId key, SignedRecord.Kind kind) {
        scheduler.execute(() -> published.keySet().removeIf(slot -> slot.get(0).equals(key) && slot.get(1) == kind));
    }

    private void scheduleRefresh() {
        if (refresh != null || closed) {
            return;
        }
        refresh = scheduler.schedule(settings.refresh().toNanos(), () -> {
            refresh = null;
            findNode(self.id()).thenCompose(ignored -> refreshBuckets())
                    .whenComplete((ignored, failure) -> scheduler.execute(this::scheduleRefresh));
        });
    }

    private CompletableFuture<Integer> replicate(SignedRecord record) {
        CompletableFuture<Integer> accepted = new CompletableFuture<>();
        findNode(record.key()).whenComplete((lookup, failure) -> scheduler.execute(() -> {
            if (failure != null) {
                accepted.completeExceptionally(failure);
                return;
            }
            int[] count = {keep(record) ? 1 : 0};
            int[] outstanding = {lookup.closest().size()};
            if (outstanding[0] == 0) {
                accepted.complete(count[0]);
                return;
            }
            for (Contact contact : lookup.closest()) {
                request(contact.address(), contact.id(), rpcId -> new Message.Store(rpcId, self, record), response -> {
                    if (response instanceof Message.Stored stored && stored.accepted()) {
                        count[0]++;
                    }
                    if (--outstanding[0] == 0) {
                        accepted.complete(count[0]);
                    }
                }, () -> {
                    if (--outstanding[0] == 0) {
                        accepted.complete(count[0]);
                    }
                });
            }
        }));
        return accepted;
    }

    @Override
    public void close() {
        closed = true;
        endpoint.close();
        scheduler.execute(() -> {
            if (refresh != null) {
                refresh.cancel();
            }
            published.clear();
        });
    }

    // ------------------------------------------------------------------ receiving

    private void receive(Address from, ByteBuffer payload) {
        Message message;
        try {
            message = WireFormat.decode(payload);
        }
        catch (MalformedMessageException e) {
            counters.malformed++;
            telemetry.dropped("malformed");
            return; // dropped and counted; never an exception out of the event loop
        }
        if (!message.sender().address().equals(from)) {
            counters.unexpected++;
            telemetry.dropped("spoofed_sender");
            return; // a sender claiming another host's address is not trusted with a routing table slot
        }
        // The sender as kept in routing tables: with the transport's Address object, equal to the one the message
        // claims (checked above) but shared by every node that hears from this peer, rather than a copy per datagram
        // decoded. Routing tables are read for every message, and a node's many contacts are read far more quickly
        // when they point to a few thousand addresses than to millions of copies spread over the heap.
        Contact sender = new Contact(message.sender().id(), from);
        heardFrom(sender);
        for (Protocol protocol : protocols) {
            protocol.heard(sender);
        }
        if (message instanceof Message.Ping ping) {
            send(from, new Message.Pong(ping.rpcId(), self));
        }
        else if (message instanceof Message.FindNode find) {
            send(from, new Message.Nodes(find.rpcId(), self, closestExcept(find.target(), find.sender().id())));
        }
        else if (message instanceof Message.FindValue find) {
            List<SignedRecord> stored = stored(find.key(), find.kind());
            if (stored.size() > 1) {
                // More provider records than one answer holds (about 6 fit a datagram): a random choice each time,
                // so that a lookup across several holders sees them all, not only the newest (which may be of
                // providers that have left).
                stored = new ArrayList<>(stored);
                java.util.Collections.shuffle(stored, new java.util.Random(random.nextLong()));
            }
            send(from, !stored.isEmpty() ? new Message.Value(find.rpcId(), self,
                    stored.subList(0, Math.min(stored.size(), Message.MAX_RECORDS)))
                    : new Message.Nodes(find.rpcId(), self, closestExcept(find.key(), find.sender().id())));
        }
        else if (message instanceof Message.Store store) {
            send(from, new Message.Stored(store.rpcId(), self, keep(store.record())));
        }
        else if (Message.isResponse(message)) {
            respond(message); // the answer to a request of ours
        }
        else if (!offerToProtocols(message)) {
            counters.unexpected++; // a gossip or search message on a node that does not speak it
            telemetry.dropped("unsupported");
        }
    }

    private boolean offerToProtocols(Message message) {
        for (Protocol protocol : protocols) {
            if (protocol.receive(message)) {
                return true;
            }
        }
        return false;
    }

    private void respond(Message response) {
        Pending waiting = pending.remove(response.rpcId());
        if (waiting == null) {
            counters.unexpected++; // late (after its timeout) or never asked
            telemetry.dropped("unexpected_response");
            return;
        }
        waiting.timeout.cancel();
        waiting.onResponse.accept(response);
    }

    /** Kademlia's routing table update: a full bucket pings its oldest contact before it takes a new one. */
    /**
     * Kademlia's rule, with BEP 5's refinement: a contact heard from goes to the tail of its bucket; when the bucket
     * is full, the newcomer waits as a replacement and the least recently seen contact is pinged, but only if it
     * has been silent for {@link #GOOD_FOR_NANOS}. Without that, every message from a node a full bucket does not hold
     * costs a ping, whose receiver, if it does not hold the sender either, pings in turn: chains of pings through
     * the network (30 times the datagrams of the lookups themselves in a 10,000-node simulation).
     */
    private void heardFrom(Contact contact) {
        long now = scheduler.nanoTime();
        RoutingTable.Update update = routing.update(contact);
        if (update instanceof RoutingTable.Update.Kept) {
            lastHeard.put(contact.id(), now);
        }
        else if (update instanceof RoutingTable.Update.BucketFull full
                && now - lastHeard.getOrDefault(full.oldest().id(), Long.MIN_VALUE / 2) >= GOOD_FOR_NANOS) {
            request(full.oldest().address(), full.oldest().id(), rpcId -> new Message.Ping(rpcId, self),
                    response -> {
                        routing.seen(full.oldest());
                        lastHeard.put(full.oldest().id(), scheduler.nanoTime());
                    },
                    () -> evict(full.oldest().id()));
        }
    }

    /** Drops a contact that did not answer; a newcomer waiting for its bucket takes its place. */
    private void evict(NodeId id) {
        routing.evict(id);
        lastHeard.remove(id);
    }

    private List<Contact> closestExcept(NodeId target, NodeId asker) {
        List<Contact> closest = routing.closest(target, settings.k() + 1);
        closest.removeIf(contact -> contact.id().equals(asker));
        return closest.size() > settings.k() ? closest.subList(0, settings.k()) : closest;
    }

    // ------------------------------------------------------------------ records

    /**
     * Keeps a record if its signature verifies and no newer version from its publisher is held; whether it was
     * kept. An announcement belongs to the key that first announced the package: another key's is refused. A
     * content has up to {@value #MAX_PROVIDERS_PER_KEY} providers, one record each.
     */
    private boolean keep(SignedRecord record) {
        if (!verifier.test(record)) {
            counters.refusedRecords++;
            telemetry.dropped("invalid_record");
            return false;
        }
        String publisher = HexFormat.of().formatHex(record.publicKey());
        Map<String, Stored> held = records.computeIfAbsent(record.key(), key -> new EnumMap<>(SignedRecord.Kind.class))
                .computeIfAbsent(record.kind(), kind -> new HashMap<>(2));
        expire(held);
        if (record.kind() == SignedRecord.Kind.ANNOUNCEMENT && !held.isEmpty() && !held.containsKey(publisher)) {
            counters.refusedRecords++; // someone else's package
            return false;
        }
        Stored previous = held.get(publisher);
        if (previous != null && previous.record.version() > record.version()) {
            return false;
        }
        if (previous == null && held.size() >= MAX_PROVIDERS_PER_KEY) {
            held.values().stream().min(Comparator.comparingLong(Stored::expiresAtNanos))
                    .ifPresent(soonest -> held.values().remove(soonest));
        }
        held.put(publisher, new Stored(record, scheduler.nanoTime() + record.ttlSeconds() * 1_000_000_000L));
        return true;
    }

    /** The unexpired records of {@code kind} under {@code key}, newest expiry first. */
    private List<SignedRecord> stored(NodeId key, SignedRecord.Kind kind) {
        Map<SignedRecord.Kind, Map<String, Stored>> kinds = records.get(key);
        Map<String, Stored> held = kinds == null ? null : kinds.get(kind);
        if (held == null) {
            return List.of();
        }
        expire(held); // what the publisher did not republish in time
        return held.values().stream().sorted(Comparator.comparingLong(Stored::expiresAtNanos).reversed())
                .map(Stored::record).toList();
    }

    private void expire(Map<String, Stored> held) {
        long now = scheduler.nanoTime();
        held.values().removeIf(stored -> stored.expiresAtNanos - now <= 0);
    }

    private record Stored(SignedRecord record, long expiresAtNanos) {
    }

    // ------------------------------------------------------------------ requests

    /**
     * Sends a request and calls back with its response, or with a failure once the retries timed out too. Every
     * outcome is recorded in the peer's {@link Reputation} ({@code peer} null: not yet known, as a seed).
     */
    void request(Address to, @Nullable NodeId peer, java.util.function.LongFunction<Message> request,
            Consumer<Message> onResponse, Runnable onFailure) {
        long sent = scheduler.nanoTime();
        attempt(to, request, response -> {
            reputation.succeeded(response.sender().id(), scheduler.nanoTime() - sent, scheduler.nanoTime());
            onResponse.accept(response);
        }, () -> {
            if (peer != null) {
                reputation.failed(peer);
                lastHeard.remove(peer); // no longer good: the next newcomer to its bucket has it pinged
            }
            onFailure.run();
        }, settings.retries());
    }

    private void attempt(Address to, java.util.function.LongFunction<Message> request, Consumer<Message> onResponse,
            Runnable onFailure, int retriesLeft) {
        if (closed) {
            onFailure.run();
            return;
        }
        long rpcId = ++nextRpcId ^ (random.nextLong() << 32);
        Transport.Cancellable timeout = scheduler.schedule(settings.rpcTimeout().toNanos(), () -> {
            if (pending.remove(rpcId) != null) {
                counters.timeouts++;
                if (retriesLeft > 0) {
                    attempt(to, request, onResponse, onFailure, retriesLeft - 1);
                }
                else {
                    onFailure.run();
                }
            }
        });
        pending.put(rpcId, new Pending(onResponse, timeout));
        send(to, request.apply(rpcId));
    }

    void send(Address to, Message message) {
        if (!closed) {
            // A response that would not fit one datagram is cut to its first (nearest, best) entries.
            endpoint.send(to, WireFormat.encodeToBuffer(WireFormat.fitToDatagram(message)));
        }
    }

    private record Pending(Consumer<Message> onResponse, Transport.Cancellable timeout) {
    }

    /** Refreshes each bucket farther than the nearest non-empty one with a lookup of a random id in it. */
    private CompletableFuture<Void> refreshBuckets() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        scheduler.execute(() -> {
            List<Integer> nonEmpty = routing.nonEmptyBuckets();
            if (nonEmpty.isEmpty()) {
                done.complete(null);
                return;
            }
            List<CompletableFuture<Lookup>> lookups = new ArrayList<>();
            for (int bucket = nonEmpty.get(0) + 1; bucket < NodeId.BITS; bucket++) {
                if (!nonEmpty.contains(bucket)) {
                    lookups.add(findNode(randomIdInBucket(bucket)));
                }
            }
            CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new))
                    .whenComplete((ignored, failure) -> done.complete(null));
        });
        return done;
    }

    /** A random id whose highest bit differing from this node's is {@code bucket}. */
    private NodeId randomIdInBucket(int bucket) {
        byte[] id = self.id().bytes();
        byte[] noise = new byte[NodeId.BYTES];
        random.nextBytes(noise);
        int bit = NodeId.BITS - 1 - bucket; // from the most significant
        for (int i = bit + 1; i < NodeId.BITS; i++) {
            int mask = 0x80 >>> (i % 8);
            id[i / 8] = (byte) ((id[i / 8] & ~mask) | (noise[i / 8] & mask));
        }
        id[bit / 8] ^= (byte) (0x80 >>> (bit % 8));
        return NodeId.of(id);
    }

    // ------------------------------------------------------------------ the iterative lookup

    /**
     * Kademlia's node lookup: ask the α nearest not yet asked, merge what they answer, and go on while an answer
     * brings a node nearer than the nearest known; then ask every one of the k nearest not yet asked. Done when the
     * k nearest known have all answered or failed. A FIND_VALUE lookup ends at the first verified record.
     */
    private final class IterativeLookup {
        private final NodeId target;
        private final SignedRecord.@Nullable Kind kind;
        private final CompletableFuture<Lookup> result;
        /** Every contact heard of, nearest to the target first, each with what the lookup knows of it. */
        private final Shortlist shortlist;
        /** Provider records gathered so far, by publisher. */
        private final Map<String, SignedRecord> collected = new java.util.LinkedHashMap<>();
        private @Nullable Candidate firstHolder;
        private int asked;
        private int inFlight;
        private boolean done;

        IterativeLookup(NodeId target, SignedRecord.@Nullable Kind kind, CompletableFuture<Lookup> result) {
            this.target = target;
            this.kind = kind;
            this.result = result;
            this.shortlist = new Shortlist(target);
        }

        void start() {
            for (Contact contact : routing.closest(target, settings.k())) {
                learn(contact, 0);
            }
            next();
        }

        void collect(SignedRecord record) {
            collected.putIfAbsent(HexFormat.of().formatHex(record.publicKey()), record);
        }

        private void learn(Contact contact, int hop) {
            if (!contact.id().equals(self.id())) {
                shortlist.add(contact, hop);
            }
        }

        private void next() {
            if (done) {
                return;
            }
            List<Candidate> nearest = nearestCandidates();
            for (Candidate candidate : nearest) {
                if (inFlight >= ALPHA) {
                    break;
                }
                if (!candidate.asked) {
                    candidate.asked = true;
                    asked++;
                    inFlight++;
                    ask(candidate);
                }
            }
            if (inFlight == 0) {
                finish(List.copyOf(collected.values()), collected.isEmpty() ? null : firstHolder);
            }
        }

        /** The k nearest known that have not failed. */
        private List<Candidate> nearestCandidates() {
            List<Candidate> nearest = new ArrayList<>(settings.k());
            for (int i = 0; i < shortlist.size(); i++) {
                Candidate candidate = shortlist.get(i);
                if (!candidate.failed) {
                    nearest.add(candidate);
                    if (nearest.size() == settings.k()) {
                        break;
                    }
                }
            }
            return nearest;
        }

        private void ask(Candidate candidate) {
            Contact contact = candidate.contact;
            request(contact.address(), contact.id(), rpcId -> kind == null ? new Message.FindNode(rpcId, self, target)
                    : new Message.FindValue(rpcId, self, target, kind), response -> {
                        inFlight--;
                        candidate.answered = true;
                        if (response instanceof Message.Value value) {
                            List<SignedRecord> verified = new ArrayList<>();
                            for (SignedRecord record : value.records()) {
                                if (record.key().equals(target) && record.kind() == kind && verifier.test(record)) {
                                    verified.add(record);
                                }
                                else {
                                    counters.refusedRecords++; // a tampered or misfiled record
                                }
                            }
                            if (!verified.isEmpty()) {
                                reputation.provided(contact.id(), scheduler.nanoTime());
                                if (kind != SignedRecord.Kind.PROVIDER) {
                                    finish(verified, candidate);
                                    return;
                                }
                                verified.forEach(this::collect);
                                if (firstHolder == null) {
                                    firstHolder = candidate;
                                }
                                if (collected.size() >= MAX_PROVIDERS_PER_KEY) {
                                    finish(List.copyOf(collected.values()), firstHolder);
                                    return;
                                }
                                next();
                                return;
                            }
                            reputation.failed(contact.id()); // nothing genuine: ask others
                        }
                        else if (response instanceof Message.Nodes nodes) {
                            for (Contact learned : nodes.contacts()) {
                                learn(learned, candidate.hop + 1);
                            }
                        }
                        next();
                    }, () -> {
                        inFlight--;
                        candidate.failed = true;
                        next();
                    });
        }

        /** @param holder the candidate that answered with {@code records}, {@code null} when none was found */
        private void finish(List<SignedRecord> records, @Nullable Candidate holder) {
            if (done) {
                return;
            }
            done = true;
            List<Contact> closest = new ArrayList<>();
            Candidate nearest = null;
            for (int i = 0; i < shortlist.size(); i++) { // nearest first already
                Candidate candidate = shortlist.get(i);
                if (candidate.answered) {
                    if (nearest == null) {
                        nearest = candidate;
                    }
                    closest.add(candidate.contact);
                    if (closest.size() == settings.k()) {
                        break;
                    }
                }
            }
            // Referrals followed to the result: the nearest node that answered (or the record's holder) was
            // learned at some hop; asking it is one more.
            Candidate reached = holder != null ? holder : nearest;
            int hops = reached == null ? 0 : reached.hop + 1;
            result.complete(new Lookup(closest, records, hops, asked));
        }
    }

    /**
     * A lookup's shortlist: every contact heard of, nearest to the target first. Kept sorted in arrays, a binary
     * search and a short shift per contact learned, rather than in a sorted map with sets by id beside it: a lookup
     * learns a few hundred contacts at most, mostly ones it knows already, and walks the nearest at every step. The
     * search compares distances kept as {@linkplain NodeId#word words} in an array of numbers beside the candidates,
     * so it reads no candidate, contact or id: most contacts learned are known already, and confirming that took
     * reading a candidate, its contact and its id, each long gone from the cache.
     */
    private static final class Shortlist {
        private static final int WORDS = NodeId.WORDS;

        private final long[] target = new long[WORDS];
        /** The distance of {@code candidates[i]} to the target, as words, at {@code distances[WORDS * i]} on. */
        private long[] distances = new long[WORDS * 32];
        private Candidate[] candidates = new Candidate[32];
        private int size;

        Shortlist(NodeId target) {
            for (int word = 0; word < WORDS; word++) {
                this.target[word] = target.word(word);
            }
        }

        int size() {
            return size;
        }

        /** The {@code index}-th nearest candidate. */
        Candidate get(int index) {
            return candidates[index];
        }

        /** Adds {@code contact}, learned at {@code hop}, unless it is known: then the first address learned stays. */
        void add(Contact contact, int hop) {
            long[] distance = new long[WORDS];
            for (int word = 0; word < WORDS; word++) {
                distance[word] = contact.id().word(word) ^ target[word];
            }
            int low = 0;
            int high = size;
            while (low < high) {
                int middle = (low + high) >>> 1;
                int order = compareDistanceAt(middle, distance);
                if (order == 0) {
                    return; // the same distance is the same id
                }
                if (order < 0) {
                    low = middle + 1;
                }
                else {
                    high = middle;
                }
            }
            if (size == candidates.length) {
                distances = Arrays.copyOf(distances, 2 * distances.length);
                candidates = Arrays.copyOf(candidates, 2 * size);
            }
            System.arraycopy(distances, WORDS * low, distances, WORDS * (low + 1), WORDS * (size - low));
            System.arraycopy(candidates, low, candidates, low + 1, size - low);
            System.arraycopy(distance, 0, distances, WORDS * low, WORDS);
            candidates[low] = new Candidate(contact, hop);
            size++;
        }

        /** The candidate at {@code index} compared with {@code distance}: negative when it is nearer. */
        private int compareDistanceAt(int index, long[] distance) {
            for (int word = 0; word < WORDS; word++) {
                long known = distances[WORDS * index + word];
                if (known != distance[word]) {
                    return Long.compareUnsigned(known, distance[word]);
                }
            }
            return 0;
        }
    }

    /** A contact on a lookup's shortlist: the hop at which the lookup learned it, and whether it was asked. */
    private static final class Candidate {
        final Contact contact;
        final int hop;
        boolean asked;
        boolean answered;
        boolean failed;

        Candidate(Contact contact, int hop) {
            this.contact = contact;
            this.hop = hop;
        }
    }
}
