package dev.perfgate.marketplace.p2p;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
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

    private final Transport.Endpoint endpoint;
    private final Transport.Scheduler scheduler;
    private final Contact self;
    private final RoutingTable routing;
    private final Settings settings;
    private final Predicate<SignedRecord> verifier;
    private final RandomGenerator random;
    private final Map<Long, Pending> pending = new HashMap<>();
    private final Map<NodeId, Map<SignedRecord.Kind, Stored>> records = new HashMap<>();
    private final Counters counters = new Counters();
    private final Reputation reputation = new Reputation();
    private long nextRpcId;
    private boolean closed;

    /**
     * How a node behaves.
     *
     * @param k              bucket size and replication
     * @param rpcTimeout     how long a request waits for its response
     * @param retries        how often a request is sent again after a timeout before the contact counts as failed
     */
    public record Settings(int k, Duration rpcTimeout, int retries) {

        public Settings {
            if (k < 1 || rpcTimeout.isNegative() || rpcTimeout.isZero() || retries < 0) {
                throw new IllegalArgumentException("invalid settings: k " + k + ", timeout " + rpcTimeout
                        + ", retries " + retries + " (expected e.g. k 20, timeout 500 ms, retries 1)");
            }
        }

        /** k 20, 500 ms timeout, 1 retry. */
        public static Settings defaults() {
            return new Settings(RoutingTable.K, Duration.ofMillis(500), 1);
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
     * @param record          for FIND_VALUE, the verified record found
     * @param hops            referrals followed to the result: 1 when a node the lookup started with answered
     * @param contacted       distinct nodes asked
     */
    public record Lookup(List<Contact> closest, Optional<SignedRecord> record, int hops, int contacted) {
    }

    private KademliaNode(Transport transport, NodeId id, Settings settings, Predicate<SignedRecord> verifier,
            RandomGenerator random) {
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
        return new KademliaNode(requireNonNull(transport, "transport"), requireNonNull(id, "id"),
                requireNonNull(settings, "settings"), requireNonNull(verifier, "verifier"), random);
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

    /** Records held (call on the node's executor, or when the network is idle). */
    public int recordCount() {
        return records.values().stream().mapToInt(Map::size).sum();
    }

    // ------------------------------------------------------------------ operations

    /**
     * Joins the network through {@code seeds}: pings them, then looks up its own id (which fills the nearest
     * buckets), then one random id in each bucket farther than its nearest neighbour (bucket refresh).
     */
    public CompletableFuture<Integer> bootstrap(List<Address> seeds) {
        CompletableFuture<Integer> joined = new CompletableFuture<>();
        scheduler.execute(() -> {
            List<CompletableFuture<Boolean>> pings = new ArrayList<>();
            for (Address seed : seeds) {
                CompletableFuture<Boolean> answered = new CompletableFuture<>();
                request(seed, null, rpcId -> new Message.Ping(rpcId, self), response -> answered.complete(true),
                        () -> answered.complete(false));
                pings.add(answered);
            }
            CompletableFuture.allOf(pings.toArray(CompletableFuture[]::new))
                    .thenCompose(ignored -> findNode(self.id()))
                    .thenCompose(ignored -> refreshBuckets())
                    .whenComplete((ignored, failure) -> {
                        if (failure != null) {
                            joined.completeExceptionally(failure);
                        }
                        else {
                            scheduler.execute(() -> joined.complete(routing.size()));
                        }
                    });
        });
        return joined;
    }

    /** Looks up the k nodes nearest to {@code target}. */
    public CompletableFuture<Lookup> findNode(NodeId target) {
        CompletableFuture<Lookup> result = new CompletableFuture<>();
        scheduler.execute(() -> new IterativeLookup(target, null, result).start());
        return result;
    }

    /** Looks up the record of {@code kind} stored under {@code key}; verified before it is returned. */
    public CompletableFuture<Lookup> findValue(NodeId key, SignedRecord.Kind kind) {
        CompletableFuture<Lookup> result = new CompletableFuture<>();
        scheduler.execute(() -> {
            Stored local = stored(key, kind);
            if (local != null) {
                result.complete(new Lookup(List.of(self), Optional.of(local.record), 0, 0));
                return;
            }
            new IterativeLookup(key, kind, result).start();
        });
        return result;
    }

    /** Stores {@code record} on the k nodes nearest to its key (and here); the number of nodes that accepted it. */
    public CompletableFuture<Integer> store(SignedRecord record) {
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
    }

    // ------------------------------------------------------------------ receiving

    private void receive(Address from, ByteBuffer payload) {
        Message message;
        try {
            message = WireFormat.decode(payload);
        }
        catch (MalformedMessageException e) {
            counters.malformed++;
            return; // dropped and counted; never an exception out of the event loop
        }
        if (!message.sender().address().equals(from)) {
            counters.unexpected++;
            return; // a sender claiming another host's address is not trusted with a routing table slot
        }
        heardFrom(message.sender());
        if (message instanceof Message.Ping ping) {
            send(from, new Message.Pong(ping.rpcId(), self));
        }
        else if (message instanceof Message.FindNode find) {
            send(from, new Message.Nodes(find.rpcId(), self, closestExcept(find.target(), find.sender().id())));
        }
        else if (message instanceof Message.FindValue find) {
            Stored stored = stored(find.key(), find.kind());
            send(from, stored != null ? new Message.Value(find.rpcId(), self, List.of(stored.record))
                    : new Message.Nodes(find.rpcId(), self, closestExcept(find.key(), find.sender().id())));
        }
        else if (message instanceof Message.Store store) {
            send(from, new Message.Stored(store.rpcId(), self, keep(store.record())));
        }
        else {
            respond(message); // Pong, Nodes, Value, Stored: the answer to a request of ours
        }
    }

    private void respond(Message response) {
        Pending waiting = pending.remove(response.rpcId());
        if (waiting == null) {
            counters.unexpected++; // late (after its timeout) or never asked
            return;
        }
        waiting.timeout.cancel();
        waiting.onResponse.accept(response);
    }

    /** Kademlia's routing table update: a full bucket pings its oldest contact before it takes a new one. */
    private void heardFrom(Contact contact) {
        if (routing.update(contact) instanceof RoutingTable.Update.BucketFull full) {
            request(full.oldest().address(), full.oldest().id(), rpcId -> new Message.Ping(rpcId, self),
                    response -> routing.seen(full.oldest()), () -> routing.evict(full.oldest().id()));
        }
    }

    private List<Contact> closestExcept(NodeId target, NodeId asker) {
        List<Contact> closest = routing.closest(target, settings.k() + 1);
        closest.removeIf(contact -> contact.id().equals(asker));
        return closest.size() > settings.k() ? closest.subList(0, settings.k()) : closest;
    }

    // ------------------------------------------------------------------ records

    /** Keeps a record if its signature verifies and no newer version is held; whether it was kept. */
    private boolean keep(SignedRecord record) {
        if (!verifier.test(record)) {
            counters.refusedRecords++;
            return false;
        }
        Stored held = stored(record.key(), record.kind());
        if (held != null && held.record.version() > record.version()) {
            return false;
        }
        records.computeIfAbsent(record.key(), key -> new EnumMap<>(SignedRecord.Kind.class))
                .put(record.kind(), new Stored(record, scheduler.nanoTime() + record.ttlSeconds() * 1_000_000_000L));
        return true;
    }

    private @Nullable Stored stored(NodeId key, SignedRecord.Kind kind) {
        Map<SignedRecord.Kind, Stored> kinds = records.get(key);
        Stored stored = kinds == null ? null : kinds.get(kind);
        if (stored != null && stored.expiresAtNanos - scheduler.nanoTime() <= 0) {
            kinds.remove(kind); // expired: the publisher did not republish in time
            return null;
        }
        return stored;
    }

    private record Stored(SignedRecord record, long expiresAtNanos) {
    }

    // ------------------------------------------------------------------ requests

    /**
     * Sends a request and calls back with its response, or with a failure once the retries timed out too. Every
     * outcome is recorded in the peer's {@link Reputation} ({@code peer} null: not yet known, as a seed).
     */
    private void request(Address to, @Nullable NodeId peer, java.util.function.LongFunction<Message> request,
            Consumer<Message> onResponse, Runnable onFailure) {
        long sent = scheduler.nanoTime();
        attempt(to, request, response -> {
            reputation.succeeded(response.sender().id(), scheduler.nanoTime() - sent, scheduler.nanoTime());
            onResponse.accept(response);
        }, () -> {
            if (peer != null) {
                reputation.failed(peer);
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

    private void send(Address to, Message message) {
        if (!closed) {
            // A Nodes response that would not fit one datagram is cut to its nearest contacts.
            endpoint.send(to, WireFormat.encodeToBuffer(message instanceof Message.Nodes nodes
                    ? WireFormat.fitToDatagram(nodes) : message));
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
        /** Every contact heard of, by distance; and the hop at which it was learned. */
        private final TreeMap<NodeId, Contact> shortlist = new TreeMap<>();
        private final Map<NodeId, Integer> hopOf = new HashMap<>();
        private final Set<NodeId> asked = new HashSet<>();
        private final Set<NodeId> answered = new HashSet<>();
        private final Set<NodeId> failed = new HashSet<>();
        private int inFlight;
        private boolean done;

        IterativeLookup(NodeId target, SignedRecord.@Nullable Kind kind, CompletableFuture<Lookup> result) {
            this.target = target;
            this.kind = kind;
            this.result = result;
        }

        void start() {
            for (Contact contact : routing.closest(target, settings.k())) {
                learn(contact, 0);
            }
            next();
        }

        private void learn(Contact contact, int hop) {
            if (contact.id().equals(self.id())) {
                return;
            }
            NodeId distance = contact.id().distance(target);
            if (shortlist.putIfAbsent(distance, contact) == null) {
                hopOf.put(contact.id(), hop);
            }
        }

        private void next() {
            if (done) {
                return;
            }
            List<Contact> nearest = nearestCandidates();
            for (Contact contact : nearest) {
                if (inFlight >= ALPHA) {
                    break;
                }
                if (asked.add(contact.id())) {
                    inFlight++;
                    ask(contact);
                }
            }
            if (inFlight == 0) {
                finish(null, null);
            }
        }

        /** The k nearest known that have not failed. */
        private List<Contact> nearestCandidates() {
            List<Contact> nearest = new ArrayList<>(settings.k());
            for (Contact contact : shortlist.values()) {
                if (!failed.contains(contact.id())) {
                    nearest.add(contact);
                    if (nearest.size() == settings.k()) {
                        break;
                    }
                }
            }
            return nearest;
        }

        private void ask(Contact contact) {
            int hop = hopOf.getOrDefault(contact.id(), 0);
            request(contact.address(), contact.id(), rpcId -> kind == null ? new Message.FindNode(rpcId, self, target)
                    : new Message.FindValue(rpcId, self, target, kind), response -> {
                        inFlight--;
                        answered.add(contact.id());
                        if (response instanceof Message.Value value) {
                            SignedRecord record = value.records().get(0);
                            if (record.key().equals(target) && record.kind() == kind && verifier.test(record)) {
                                reputation.provided(contact.id(), scheduler.nanoTime());
                                finish(record, contact);
                                return;
                            }
                            counters.refusedRecords++; // a tampered or misfiled record: ask others
                            reputation.failed(contact.id());
                        }
                        else if (response instanceof Message.Nodes nodes) {
                            for (Contact learned : nodes.contacts()) {
                                learn(learned, hop + 1);
                            }
                        }
                        next();
                    }, () -> {
                        inFlight--;
                        failed.add(contact.id());
                        next();
                    });
        }

        /** @param holder the contact that answered with {@code record}, {@code null} for a node lookup */
        private void finish(@Nullable SignedRecord record, @Nullable Contact holder) {
            if (done) {
                return;
            }
            done = true;
            List<Contact> closest = new ArrayList<>();
            for (Contact contact : shortlist.values()) {
                if (answered.contains(contact.id())) {
                    closest.add(contact);
                    if (closest.size() == settings.k()) {
                        break;
                    }
                }
            }
            closest.sort(Comparator.comparing(contact -> contact.id().distance(target)));
            // Referrals followed to the result: the nearest node that answered (or the record's holder) was
            // learned at some hop; asking it is one more.
            Contact reached = holder != null ? holder : closest.isEmpty() ? null : closest.get(0);
            int hops = reached == null ? 0 : hopOf.getOrDefault(reached.id(), 0) + 1;
            result.complete(new Lookup(List.copyOf(closest), Optional.ofNullable(record), hops, asked.size()));
        }
    }
}
