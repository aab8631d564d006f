package dev.perfgate.marketplace.p2p;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Gossip on one topic, {@value #TOPIC}, in the manner of gossipsub: every node keeps a mesh of about
 * {@code d} peers (between {@code dLow} and {@code dHigh}) and forwards each new message to its mesh; message ids
 * and a seen-cache keep anything from looping; and at every heartbeat each node tells {@code dLazy} peers outside
 * its mesh the ids it saw lately ({@code IHAVE}), so that a peer the mesh missed asks for them ({@code IWANT}) and
 * still gets every message.
 *
 * <p>A message is an announcement record. It is validated (its signature, its kind, and the caller's check that it
 * is well formed) before it is forwarded, delivered or remembered: an invalid message goes no further than the first
 * honest node, whose sender loses reputation.
 *
 * <p>Peers are the contacts of the node's routing table (every node of the marketplace subscribes to the topic).
 * A mesh peer not heard from (by any message) for {@value #SILENT_HEARTBEATS} heartbeats is pinged, and leaves the
 * mesh (and the routing table) if it does not answer. Runs on the node's executor, like the node.
 *
 * <pre>{@code
 * Gossip gossip = Gossip.attach(node, Gossip.Settings.defaults(), Announcement::isWellFormed,
 *         (record, from) -> index(Announcement.parse(record)));
 * gossip.publish(announcement);
 * }</pre>
 */
public final class Gossip implements AutoCloseable {

    /** The marketplace's one topic. */
    public static final String TOPIC = "/marketplace/packages/v1";
    /** Heartbeats a mesh peer may stay silent (no message of any protocol) before it is pinged. */
    static final int SILENT_HEARTBEATS = 10;
    /** Most ids the seen-cache holds, whatever their age. */
    static final int MAX_SEEN = 100_000;

    /**
     * How gossip behaves (gossipsub's defaults).
     *
     * @param d             mesh degree aimed at
     * @param dLow          fewer mesh peers than this: graft up to {@code d}
     * @param dHigh         more than this: prune down to {@code d}
     * @param dLazy         peers outside the mesh sent IHAVE at each heartbeat
     * @param heartbeat     interval of mesh maintenance and IHAVE
     * @param history       heartbeats a message is kept to answer IWANT
     * @param gossipWindow  heartbeats of history announced in IHAVE
     * @param seenTtl       how long an id stays in the seen-cache
     */
    public record Settings(int d, int dLow, int dHigh, int dLazy, Duration heartbeat, int history, int gossipWindow,
            Duration seenTtl) {

        public Settings {
            if (dLow < 1 || d < dLow || dHigh < d || dLazy < 0 || heartbeat.isNegative() || heartbeat.isZero()
                    || history < 1 || gossipWindow < 1 || gossipWindow > history || seenTtl.compareTo(heartbeat) < 0) {
                throw new IllegalArgumentException("invalid gossip settings: D " + d + " (bounds " + dLow + ".."
                        + dHigh + "), D_lazy " + dLazy + ", heartbeat " + heartbeat + ", history " + history
                        + ", window " + gossipWindow + ", seen TTL " + seenTtl
                        + " (expected e.g. D 6 (bounds 4..12), D_lazy 6, heartbeat PT1S, history 5, window 3,"
                        + " seen TTL PT2M)");
            }
        }

        /** D 6 (bounds 4..12), D_lazy 6, heartbeat 1 s, history 5 heartbeats, IHAVE window 3, seen-cache 2 min. */
        public static Settings defaults() {
            return new Settings(6, 4, 12, 6, Duration.ofSeconds(1), 5, 3, Duration.ofMinutes(2));
        }

        /** These settings with another heartbeat interval. */
        public Settings withHeartbeat(Duration interval) {
            return new Settings(d, dLow, dHigh, dLazy, interval, history, gossipWindow,
                    seenTtl.compareTo(interval) < 0 ? interval : seenTtl);
        }
    }

    /** A message delivered here: new, valid, from {@code from}. Called on the node's executor. */
    @FunctionalInterface
    public interface Listener {
        void delivered(SignedRecord record, Contact from);
    }

    /** What this node's gossip counted. */
    public static final class Counters {
        long published;
        long delivered;
        long duplicates;
        long invalid;
        long unknownTopic;
        long forwarded;
        long ihaveSent;
        long iwantSent;
        long servedByIwant;

        /** Messages published here. */
        public long published() {
            return published;
        }

        /** New valid messages received and delivered. */
        public long delivered() {
            return delivered;
        }

        /** Messages received again (dropped by the seen-cache). */
        public long duplicates() {
            return duplicates;
        }

        /** Messages refused: bad signature, wrong kind, not well formed. Never forwarded. */
        public long invalid() {
            return invalid;
        }

        public long unknownTopic() {
            return unknownTopic;
        }

        /** Copies sent to mesh peers. */
        public long forwarded() {
            return forwarded;
        }

        public long ihaveSent() {
            return ihaveSent;
        }

        public long iwantSent() {
            return iwantSent;
        }

        /** Messages sent in answer to an IWANT. */
        public long servedByIwant() {
            return servedByIwant;
        }
    }

    private final KademliaNode node;
    private final Settings settings;
    private final Predicate<SignedRecord> wellFormed;
    private final Listener listener;
    private final Counters counters = new Counters();
    /** Mesh peers, and the heartbeat at which each was last heard from. */
    private final Map<NodeId, Contact> mesh = new LinkedHashMap<>();
    private final Map<NodeId, Long> lastHeard = new HashMap<>();
    private final Set<NodeId> probing = new HashSet<>();
    /** Ids seen, oldest first, with when they were first seen (nanoseconds of the node's clock). */
    private final LinkedHashMap<GossipId, Long> seen = new LinkedHashMap<>();
    /** Recent messages, for IWANT: one list of ids per heartbeat, newest first. */
    private final ArrayDeque<List<GossipId>> history = new ArrayDeque<>();
    private final Map<GossipId, SignedRecord> recent = new HashMap<>();
    /** Ids asked for with IWANT, and when: asked again of another peer only after the node's request timeout. */
    private final Map<GossipId, Long> wanted = new HashMap<>();
    private long heartbeats;
    private Transport.Cancellable nextHeartbeat;
    private KademliaNode.Protocol protocol;
    private boolean closed;

    private Gossip(KademliaNode node, Settings settings, Predicate<SignedRecord> wellFormed, Listener listener) {
        this.node = node;
        this.settings = settings;
        this.wellFormed = wellFormed;
        this.listener = listener;
        history.addFirst(new ArrayList<>());
        long firstDelay = (long) (node.random().nextDouble() * settings.heartbeat().toNanos());
        nextHeartbeat = node.scheduler().schedule(firstDelay, this::heartbeat);
    }

    /**
     * Starts gossip on {@code node}: the first heartbeat (which builds the mesh from the routing table) comes at a
     * random moment within one interval, so that a network's heartbeats do not all fall together.
     *
     * @param wellFormed accepts an announcement's payload; checked after the signature and kind
     * @param listener   gets every new valid message
     */
    public static Gossip attach(KademliaNode node, Settings settings, Predicate<SignedRecord> wellFormed,
            Listener listener) {
        requireNonNull(node, "node");
        requireNonNull(settings, "settings");
        requireNonNull(wellFormed, "wellFormed");
        requireNonNull(listener, "listener");
        Gossip gossip = new Gossip(node, settings, wellFormed, listener);
        gossip.protocol = new KademliaNode.Protocol() {
            @Override
            public boolean receive(Message message) {
                return gossip.receive(message);
            }

            @Override
            public void heard(Contact sender) {
                gossip.heard(sender);
            }
        };
        node.register(gossip.protocol);
        return gossip;
    }

    public Counters counters() {
        return counters;
    }

    /** Peers in the mesh now (call on the node's executor, or when the network is idle). */
    public int meshSize() {
        return mesh.size();
    }

    /**
     * Publishes an announcement: validated like any received message, remembered as seen, sent to every mesh peer
     * (or, before the first heartbeat built a mesh, to {@code d} random peers). Completes on the node's executor
     * with the number of peers it was sent to.
     */
    public java.util.concurrent.CompletableFuture<Integer> publish(SignedRecord record) {
        requireNonNull(record, "record");
        java.util.concurrent.CompletableFuture<Integer> sent = new java.util.concurrent.CompletableFuture<>();
        node.scheduler().execute(() -> {
            if (!valid(record)) {
                sent.completeExceptionally(new IllegalArgumentException("refusing to publish " + record
                        + ": its signature, kind or payload is not valid (an ANNOUNCEMENT signed by its publisher)"));
                return;
            }
            GossipId id = GossipId.of(record);
            remember(id, record);
            counters.published++;
            P2pTelemetry.Operation span = node.telemetry().operation(P2pTelemetry.GOSSIP_PUBLISH,
                    io.opentelemetry.api.common.Attributes.of(P2pTelemetry.MESSAGE_ID, id.toString()));
            List<Contact> targets = new ArrayList<>(mesh.values());
            if (targets.isEmpty()) {
                targets = randomPeers(settings.d(), Set.of());
            }
            Message.Publish message = new Message.Publish(0, node.contact(), TOPIC, record);
            for (Contact peer : targets) {
                node.send(peer.address(), message);
            }
            counters.forwarded += targets.size();
            span.set(P2pTelemetry.PEERS, targets.size()).end(null);
            sent.complete(targets.size());
        });
        return sent;
    }

    /** Stops gossip on this node: no more heartbeats; gossip messages are no longer handled here. */
    @Override
    public void close() {
        node.unregister(protocol);
        node.scheduler().execute(() -> {
            closed = true;
            nextHeartbeat.cancel();
        });
    }

    // ------------------------------------------------------------------ receiving

    /** Handles the gossip messages the node passes on; whether it was one. */
    private boolean receive(Message message) {
        if (closed) {
            return false; // a message that was on its way when gossip stopped
        }
        Contact sender = message.sender();
        if (message instanceof Message.Publish publish) {
            if (onTopic(publish.topic())) {
                received(publish.record(), sender);
            }
        }
        else if (message instanceof Message.Graft graft) {
            if (onTopic(graft.topic())) {
                if (mesh.size() < settings.dHigh() || mesh.containsKey(sender.id())) {
                    addToMesh(sender);
                }
                else {
                    node.send(sender.address(), new Message.Prune(0, node.contact(), TOPIC));
                }
            }
        }
        else if (message instanceof Message.Prune prune) {
            if (onTopic(prune.topic())) {
                removeFromMesh(sender.id());
            }
        }
        else if (message instanceof Message.IHave ihave) {
            if (onTopic(ihave.topic())) {
                askFor(ihave.ids(), sender);
            }
        }
        else if (message instanceof Message.IWant iwant) {
            for (GossipId id : iwant.ids()) {
                SignedRecord record = recent.get(id);
                if (record != null) {
                    node.send(sender.address(), new Message.Publish(0, node.contact(), TOPIC, record));
                    counters.servedByIwant++;
                }
            }
        }
        else {
            return false;
        }
        return true;
    }

    private void heard(Contact sender) {
        if (mesh.containsKey(sender.id())) {
            lastHeard.put(sender.id(), heartbeats);
        }
    }

    private boolean onTopic(String topic) {
        if (!TOPIC.equals(topic)) {
            counters.unknownTopic++;
            node.telemetry().dropped("unknown_topic");
            return false;
        }
        return true;
    }

    private void received(SignedRecord record, Contact from) {
        GossipId id = GossipId.of(record);
        if (seen.containsKey(id)) {
            counters.duplicates++;
            node.telemetry().dropped("duplicate");
            return;
        }
        if (!valid(record)) {
            counters.invalid++;
            node.telemetry().dropped("invalid_gossip");
            node.reputation().failed(from.id());
            return; // not remembered as seen either: a valid copy may still come
        }
        remember(id, record);
        wanted.remove(id);
        counters.delivered++;
        int forwarded = 0;
        Message.Publish forward = new Message.Publish(0, node.contact(), TOPIC, record);
        for (Contact peer : mesh.values()) {
            if (!peer.id().equals(from.id())) {
                node.send(peer.address(), forward);
                forwarded++;
            }
        }
        counters.forwarded += forwarded;
        P2pTelemetry.Operation span = node.telemetry().operation(P2pTelemetry.GOSSIP_DELIVER,
                io.opentelemetry.api.common.Attributes.of(P2pTelemetry.MESSAGE_ID, id.toString()));
        try {
            listener.delivered(record, from);
            span.set(P2pTelemetry.PEERS, forwarded).end(null);
        } catch (RuntimeException e) {
            span.end(e); // the listener's failure is its own; gossip goes on
        }
    }

    private boolean valid(SignedRecord record) {
        return record.kind() == SignedRecord.Kind.ANNOUNCEMENT && node.verify(record) && wellFormed.test(record);
    }

    private void remember(GossipId id, SignedRecord record) {
        seen.put(id, node.scheduler().nanoTime());
        if (seen.size() > MAX_SEEN) {
            Iterator<GossipId> oldest = seen.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        history.peekFirst().add(id);
        recent.put(id, record);
    }

    private void askFor(List<GossipId> ids, Contact peer) {
        long now = node.scheduler().nanoTime();
        long again = node.settings().rpcTimeout().toNanos();
        List<GossipId> wants = new ArrayList<>();
        for (GossipId id : ids) {
            Long asked = wanted.get(id);
            if (!seen.containsKey(id) && (asked == null || now - asked >= again)) {
                wanted.put(id, now);
                wants.add(id);
            }
        }
        if (!wants.isEmpty()) {
            node.send(peer.address(), new Message.IWant(0, node.contact(), wants));
            counters.iwantSent++;
        }
    }

    // ------------------------------------------------------------------ heartbeat

    private void heartbeat() {
        if (closed) {
            return;
        }
        heartbeats++;
        maintainMesh();
        emitGossip();
        shiftHistory();
        expireSeen();
        nextHeartbeat = node.scheduler().schedule(settings.heartbeat().toNanos(), this::heartbeat);
    }

    private void maintainMesh() {
        for (Contact peer : List.copyOf(mesh.values())) {
            long silent = heartbeats - lastHeard.getOrDefault(peer.id(), heartbeats);
            if (silent >= SILENT_HEARTBEATS && probing.add(peer.id())) {
                node.ping(peer).whenComplete((answered, failure) -> node.scheduler().execute(() -> {
                    probing.remove(peer.id());
                    if (Boolean.TRUE.equals(answered)) {
                        lastHeard.put(peer.id(), heartbeats);
                    }
                    else {
                        removeFromMesh(peer.id());
                    }
                }));
            }
        }
        if (mesh.size() < settings.dLow()) {
            for (Contact peer : randomPeers(settings.d() - mesh.size(), mesh.keySet())) {
                addToMesh(peer);
                node.send(peer.address(), new Message.Graft(0, node.contact(), TOPIC));
            }
        }
        else if (mesh.size() > settings.dHigh()) {
            List<Contact> members = new ArrayList<>(mesh.values());
            Collections.shuffle(members, new java.util.Random(node.random().nextLong()));
            for (Contact peer : members.subList(settings.d(), members.size())) {
                removeFromMesh(peer.id());
                node.send(peer.address(), new Message.Prune(0, node.contact(), TOPIC));
            }
        }
    }

    private void emitGossip() {
        List<GossipId> ids = new ArrayList<>();
        int window = 0;
        for (List<GossipId> beat : history) {
            if (window++ == settings.gossipWindow()) {
                break;
            }
            for (GossipId id : beat) {
                if (ids.size() < Message.MAX_MESSAGE_IDS) {
                    ids.add(id);
                }
            }
        }
        if (ids.isEmpty()) {
            return;
        }
        Message.IHave ihave = new Message.IHave(0, node.contact(), TOPIC, ids);
        for (Contact peer : randomPeers(settings.dLazy(), mesh.keySet())) {
            node.send(peer.address(), ihave);
            counters.ihaveSent++;
        }
    }

    private void shiftHistory() {
        history.addFirst(new ArrayList<>());
        while (history.size() > settings.history()) {
            for (GossipId id : history.removeLast()) {
                recent.remove(id);
            }
        }
    }

    private void expireSeen() {
        long oldest = node.scheduler().nanoTime() - settings.seenTtl().toNanos();
        Iterator<Map.Entry<GossipId, Long>> entries = seen.entrySet().iterator();
        while (entries.hasNext()) {
            if (entries.next().getValue() - oldest >= 0) {
                break;
            }
            entries.remove();
        }
        wanted.values().removeIf(asked -> asked - oldest < 0);
    }

    private void addToMesh(Contact peer) {
        mesh.put(peer.id(), peer);
        lastHeard.put(peer.id(), heartbeats);
    }

    private void removeFromMesh(NodeId peer) {
        mesh.remove(peer);
        lastHeard.remove(peer);
    }

    /** Up to {@code count} contacts of the routing table, chosen at random, none of them in {@code excluded}. */
    private List<Contact> randomPeers(int count, Set<NodeId> excluded) {
        List<Contact> candidates = node.routingContacts();
        candidates.removeIf(contact -> excluded.contains(contact.id()));
        Collections.shuffle(candidates, new java.util.Random(node.random().nextLong()));
        return candidates.size() <= count ? candidates : candidates.subList(0, count);
    }
}
