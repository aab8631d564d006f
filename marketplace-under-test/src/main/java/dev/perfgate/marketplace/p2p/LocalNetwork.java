package dev.perfgate.marketplace.p2p;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.BooleanSupplier;

import dev.perfgate.marketplace.registry.BlobStore;

/**
 * A network of DHT nodes in this process, on real UDP on loopback (TCP for content) or on the simulated WAN, and
 * the operations the performance suite and {@link NetworkExperiment} measure on it: joins, lookups of stored records,
 * gossip of an announcement to every live node, retrievals of contents from their providers.
 *
 * <p>Time is the network's: {@link #nanoTime()} is {@link System#nanoTime()} on UDP and the virtual clock on the
 * simulation, where {@link #await} runs the simulation until the future completes. Not thread-safe: one thread
 * drives it.
 *
 * <pre>{@code
 * try (LocalNetwork network = LocalNetwork.simulated(10_000, 42)) {
 *     network.storeRecords(50);
 *     bench.measure(network::nanoTime, network::lookupRandomRecord);   // virtual WAN latency
 * }
 * }</pre>
 */
public final class LocalNetwork implements AutoCloseable {

    /** Which transport the nodes run on. */
    public enum Kind {
        /** Real UDP datagrams on loopback, TCP for content. */
        UDP,
        /** The simulated network on a virtual clock. */
        SIM
    }

    private static final long SECOND = 1_000_000_000L;

    private final Kind kind;
    private final P2pTelemetry telemetry;
    private final SplittableRandom random;
    private final Driver driver;
    private final Transport transport;
    private final ContentTransport content;
    private final List<KademliaNode> nodes = new ArrayList<>();
    private final List<Integer> alive = new ArrayList<>();
    private final RecordSigner publisher = RecordSigner.generate();
    private final List<SignedRecord> records = new ArrayList<>();
    private final List<String> contents = new ArrayList<>();
    private final Map<Integer, Retriever> retrievers = new HashMap<>();
    private final Map<Integer, Gossip> gossips = new HashMap<>();
    private AtomicLongArray deliveredAt;
    private final AtomicInteger delivered = new AtomicInteger();
    private long announcements;

    private LocalNetwork(Kind kind, long rttMinNanos, long rttMaxNanos, double loss, long seed,
            P2pTelemetry telemetry) {
        this.kind = requireNonNull(kind, "kind");
        this.telemetry = requireNonNull(telemetry, "telemetry");
        this.random = new SplittableRandom(seed);
        if (kind == Kind.SIM) {
            SimulatedNetwork network = SimulatedNetwork.builder().seed(seed).rtt(rttMinNanos, rttMaxNanos).loss(loss)
                    .build();
            this.transport = network;
            this.content = network.content();
            this.driver = new SimDriver(network);
        }
        else {
            UdpTransport udp = UdpTransport.start();
            this.transport = rttMaxNanos == 0 && loss == 0 ? udp
                    : new ImpairedTransport(udp, rttMinNanos, rttMaxNanos, loss, seed);
            this.content = TcpContentTransport.start();
            this.driver = new RealDriver();
        }
    }

    /**
     * An empty network; {@link #grow} adds nodes.
     *
     * @param rttMinNanos shortest link RTT in ns (UDP: injected, 0 and 0 for none)
     * @param loss        probability a datagram is lost, 0 to below 1
     */
    public static LocalNetwork open(Kind kind, long rttMinNanos, long rttMaxNanos, double loss, long seed) {
        return open(kind, rttMinNanos, rttMaxNanos, loss, seed, P2pTelemetry.NOOP);
    }

    /** {@link #open(Kind, long, long, double, long)} with nodes that report spans and metrics to {@code telemetry}. */
    public static LocalNetwork open(Kind kind, long rttMinNanos, long rttMaxNanos, double loss, long seed,
            P2pTelemetry telemetry) {
        return new LocalNetwork(kind, rttMinNanos, rttMaxNanos, loss, seed, telemetry);
    }

    /** {@code peers} nodes on UDP on loopback, joined. */
    public static LocalNetwork udp(int peers, long seed) {
        LocalNetwork network = open(Kind.UDP, 0, 0, 0, seed);
        network.grow(peers);
        return network;
    }

    /** {@code peers} nodes on the simulated WAN (RTT 20 to 200 ms per link, no loss), joined. */
    public static LocalNetwork simulated(int peers, long seed) {
        LocalNetwork network = open(Kind.SIM, SimulatedNetwork.DEFAULT_RTT_MIN_NANOS,
                SimulatedNetwork.DEFAULT_RTT_MAX_NANOS, 0, seed);
        network.grow(peers);
        return network;
    }

    /**
     * {@code peers} nodes on the simulated WAN (RTT 20 to 200 ms per link, no loss) as a network that has run a while
     * holds them: every node started, and its routing table filled directly, without messages, with up to k nodes
     * picked at random from each of its buckets' ranges (who a bucket holds in a grown network: the first it heard
     * of that stayed, not the nearest). For measuring what a grown network does (lookups, stores, gossip), not how it
     * grows: 10,000 real joins take about 500 datagrams each and 100 s of CPU, this takes a second or two; joins are
     * measured by {@link #simulated} and {@link #grow}. Nodes added later with {@link #grow} join for real.
     */
    public static LocalNetwork simulatedSteadyState(int peers, long seed) {
        if (peers < 1) {
            throw new IllegalArgumentException("peers must be at least 1, was " + peers + " (e.g. 10000)");
        }
        LocalNetwork network = open(Kind.SIM, SimulatedNetwork.DEFAULT_RTT_MIN_NANOS,
                SimulatedNetwork.DEFAULT_RTT_MAX_NANOS, 0, seed);
        network.start(peers);
        network.fillRoutingTables();
        return network;
    }

    public Kind kind() {
        return kind;
    }

    /** Nodes ever started, live or killed. */
    public int size() {
        return nodes.size();
    }

    /** Nodes not killed. */
    public int alive() {
        return alive.size();
    }

    /** The network's clock, in nanoseconds: real on UDP, virtual on the simulation. */
    public long nanoTime() {
        return driver.now();
    }

    List<KademliaNode> nodes() {
        return nodes;
    }

    ContentTransport content() {
        return content;
    }

    SplittableRandom random() {
        return random;
    }

    /**
     * Starts {@code count} more nodes, each joining through a random node that joined before it: on UDP one at a
     * time (so a join's time is its own, not a crowd's on two cores); on the simulation, where CPU costs no virtual
     * time, up to 100 at once after the first ten (so that an hour of virtual time, when every node would refresh
     * its buckets, does not pass while 10,000 join). Returns each join's time in ms on the network's clock.
     */
    public List<Double> grow(int count) {
        int first = nodes.size();
        start(count);
        List<Double> joinMillis = new ArrayList<>();
        int wave = kind == Kind.SIM ? 100 : 1;
        for (int next = Math.max(first, 1); next < nodes.size(); ) {
            int joining = next < 10 ? 1 : Math.min(wave, nodes.size() - next);
            List<CompletableFuture<Double>> joins = new ArrayList<>();
            for (int i = next; i < next + joining; i++) {
                KademliaNode seed = nodes.get(random.nextInt(next));
                long start = driver.now();
                joins.add(nodes.get(i).bootstrap(List.of(seed.contact().address()))
                        .thenApply(size -> (driver.now() - start) / 1e6));
            }
            for (CompletableFuture<Double> join : joins) {
                joinMillis.add(await(join, "a node joining"));
            }
            next += joining;
        }
        return joinMillis;
    }

    /** Starts {@code count} more nodes, not joined. */
    private void start(int count) {
        for (int i = 0; i < count; i++) {
            alive.add(nodes.size());
            nodes.add(KademliaNode.start(transport, NodeId.random(random), KademliaNode.Settings.defaults(),
                    RecordSigner::verify, random.split(), telemetry));
        }
    }

    /**
     * Fills every node's routing table with up to k random nodes of each bucket's range. Bucket {@code b} of a node
     * holds the ids whose first bit differing from the node's is bit {@code b} (counted from the least significant):
     * with the ids sorted, that is one contiguous run, found by two binary searches.
     */
    private void fillRoutingTables() {
        int k = KademliaNode.Settings.defaults().k();
        List<KademliaNode> sorted = new ArrayList<>(nodes);
        sorted.sort(Comparator.comparing(node -> node.contact().id()));
        BigInteger[] ids = sorted.stream().map(node -> new BigInteger(1, node.contact().id()
                .bytes())).toArray(BigInteger[]::new);
        for (int i = 0; i < sorted.size(); i++) {
            BigInteger id = ids[i];
            List<Contact> known = new ArrayList<>();
            for (int bit = NodeId.BITS - 1; bit >= 0; bit--) {
                BigInteger below = BigInteger.ONE.shiftLeft(bit).subtract(BigInteger.ONE);
                // the node's own subtree at this bit (its ids agree above it): when it holds only the node, every
                // lower bucket is empty
                BigInteger subtreeBits = below.shiftLeft(1).or(BigInteger.ONE);
                BigInteger subtree = id.andNot(subtreeBits);
                if (indexAfter(ids, subtree.or(subtreeBits)) - indexOf(ids, subtree) <= 1) {
                    break;
                }
                BigInteger low = id.flipBit(bit).andNot(below);
                int from = indexOf(ids, low);
                int to = indexAfter(ids, low.or(below));
                for (int pick : pick(from, to, k)) {
                    known.add(sorted.get(pick).contact());
                }
            }
            sorted.get(i).know(known);
        }
    }

    /** Index of the first id at or above {@code value}. */
    private static int indexOf(BigInteger[] ids, BigInteger value) {
        int found = Arrays.binarySearch(ids, value);
        return found >= 0 ? found : -found - 1;
    }

    /** Index after the last id at or below {@code value}. */
    private static int indexAfter(BigInteger[] ids, BigInteger value) {
        int found = Arrays.binarySearch(ids, value);
        return found >= 0 ? found + 1 : -found - 1;
    }

    /** Up to {@code count} distinct random indexes in {@code [from, to)}. */
    private List<Integer> pick(int from, int to, int count) {
        List<Integer> all = new ArrayList<>();
        if (to - from <= count) {
            for (int i = from; i < to; i++) {
                all.add(i);
            }
            return all;
        }
        Set<Integer> chosen = new LinkedHashSet<>();
        while (chosen.size() < count) {
            chosen.add(from + random.nextInt(to - from));
        }
        all.addAll(chosen);
        return all;
    }

    /** Stores {@code count} more signed announcement records, each from a random live node; returns them all. */
    public List<SignedRecord> storeRecords(int count) {
        for (int i = 0; i < count; i++) {
            int n = records.size();
            SignedRecord record = publisher.sign(NodeId.sha256(("package-" + n).getBytes(StandardCharsets.UTF_8)),
                    SignedRecord.Kind.ANNOUNCEMENT, 1, 86_400, ("package-" + n + " 1.0.0")
                            .getBytes(StandardCharsets.UTF_8));
            await(randomLiveNode().store(record), "a store");
            records.add(record);
        }
        return List.copyOf(records);
    }

    /**
     * Stores {@code count} contents of {@code bytes} random bytes, each served by three distinct random live nodes,
     * each of which stores its provider record; returns the SHA-256 of every content stored so far.
     */
    public List<String> storeContents(int count, int bytes) {
        Map<Integer, Map<String, byte[]>> held = new HashMap<>();
        for (int i = 0; i < count; i++) {
            byte[] data = new byte[bytes];
            random.nextBytes(data);
            String sha256 = BlobStore.sha256(data);
            contents.add(sha256);
            for (int provider : random.ints(0, alive.size()).distinct().limit(Math.min(3, alive.size())).toArray()) {
                held.computeIfAbsent(alive.get(provider), index -> new HashMap<>()).put(sha256, data);
            }
        }
        for (Map.Entry<Integer, Map<String, byte[]>> provider : held.entrySet()) {
            KademliaNode node = nodes.get(provider.getKey());
            Map<String, byte[]> served = provider.getValue();
            ContentTransport.ContentServer server = content.serve(node.endpoint(), served::get);
            RecordSigner signer = RecordSigner.generate();
            byte[] payload = new ProviderRecord(node.contact(), server.address()).toPayload();
            for (String sha256 : served.keySet()) {
                await(node.store(signer.sign(Announcement.contentKey(sha256), SignedRecord.Kind.PROVIDER, 1, 86_400,
                        payload)), "a provider record store");
            }
        }
        return List.copyOf(contents);
    }

    /** Kills {@code share} of the live nodes, chosen at random (their records stay wherever they were stored). */
    public int kill(double share) {
        if (!(share >= 0 && share < 1)) {
            throw new IllegalArgumentException("share [" + share + "], 0 to below 1 expected, e.g. 0.2");
        }
        Collections.shuffle(alive, new java.util.Random(random.nextLong()));
        int killed = (int) Math.round(alive.size() * share);
        for (int i = 0; i < killed; i++) {
            int index = alive.remove(alive.size() - 1);
            Gossip gossip = gossips.remove(index);
            if (gossip != null) {
                gossip.close();
            }
            nodes.get(index).close();
        }
        return killed;
    }

    /** Looks up {@code record} from a random live node. */
    public KademliaNode.Lookup lookup(SignedRecord record) {
        return await(randomLiveNode().findValue(record.key(), record.kind()), "a lookup");
    }

    /**
     * Looks up a random stored record from a random live node; the hops it took.
     *
     * @throws IllegalStateException when the lookup did not find that record
     */
    public int lookupRandomRecord() {
        if (records.isEmpty()) {
            throw new IllegalStateException("no records stored: call storeRecords(n) first");
        }
        SignedRecord record = records.get(random.nextInt(records.size()));
        KademliaNode.Lookup lookup = lookup(record);
        if (lookup.record().filter(record::equals).isEmpty()) {
            throw new IllegalStateException("a lookup of " + record + " found " + lookup.records() + " after "
                    + lookup.contacted() + " nodes asked");
        }
        return lookup.hops();
    }

    /**
     * Looks up the k nodes nearest to a random id from a random live node (a node lookup: it always crosses the
     * network, where a record lookup in a network of at most k nodes is answered locally); the hops it took.
     */
    public int lookupRandomNode() {
        return await(randomLiveNode().findNode(NodeId.random(random)), "a node lookup").hops();
    }

    /**
     * Retrieves a random stored content from a random live node: its providers looked up, fetched, SHA-256 checked.
     *
     * @throws Retriever.RetrievalException when no provider served it
     */
    public Retriever.Retrieval retrieveRandomContent() {
        if (contents.isEmpty()) {
            throw new IllegalStateException("no contents stored: call storeContents(n, bytes) first");
        }
        int asker = alive.get(random.nextInt(alive.size()));
        Retriever retriever = retrievers.computeIfAbsent(asker, index -> new Retriever(nodes.get(index), content,
                Duration.ofSeconds(2)));
        return await(retriever.retrieve(contents.get(random.nextInt(contents.size()))), "a retrieval");
    }

    /**
     * Starts gossip on every live node that has none yet and lets three heartbeats pass, so that meshes are built.
     */
    public void startGossip() {
        if (deliveredAt == null) {
            deliveredAt = new AtomicLongArray(nodes.size());
        }
        for (int index : alive) {
            if (!gossips.containsKey(index)) {
                deliveredAt.set(index, Long.MIN_VALUE);
                gossips.put(index, Gossip.attach(nodes.get(index), Gossip.Settings.defaults(), record -> true,
                        (record, from) -> {
                            if (deliveredAt.compareAndSet(index, Long.MIN_VALUE, driver.now())) {
                                delivered.incrementAndGet();
                            }
                        }));
            }
        }
        pass(Duration.ofSeconds(3));
    }

    /** Stops gossip on every node. */
    public void stopGossip() {
        gossips.values().forEach(Gossip::close);
        gossips.clear();
        deliveredAt = null;
    }

    /**
     * Publishes a new announcement from a random live node and waits (up to 30 s) until every other live node has
     * it; the time each took, in ms on the network's clock, sorted (fewer than the live nodes less one when some
     * were never reached).
     */
    public List<Double> gossipOnce() {
        if (gossips.isEmpty()) {
            startGossip();
        }
        for (int index : alive) {
            deliveredAt.set(index, Long.MIN_VALUE);
        }
        delivered.set(0);
        int publisher = alive.get(random.nextInt(alive.size()));
        SignedRecord announcement = this.publisher.sign(NodeId.sha256(("gossiped-" + announcements)
                .getBytes(StandardCharsets.UTF_8)), SignedRecord.Kind.ANNOUNCEMENT, 1, 3_600,
                ("gossiped-" + announcements++ + " 1.0.0").getBytes(StandardCharsets.UTF_8));
        long published = driver.now();
        await(gossips.get(publisher).publish(announcement), "a gossip publish");
        int targets = alive.size() - 1;
        until(() -> delivered.get() >= targets, Duration.ofSeconds(30));
        List<Double> reach = new ArrayList<>();
        for (int index : alive) {
            long at = deliveredAt.get(index);
            if (index != publisher && at != Long.MIN_VALUE) {
                reach.add((at - published) / 1e6);
            }
        }
        Collections.sort(reach);
        return reach;
    }

    /** The future's value once the network completed it (60 s timeout, on the network's clock). */
    public <T> T await(CompletableFuture<T> future, String what) {
        return driver.await(future, what);
    }

    /** Lets {@code duration} of the network's time pass. */
    public void pass(Duration duration) {
        driver.pass(duration);
    }

    /** Waits until {@code condition} holds or {@code timeout} of the network's time passed. */
    public void until(BooleanSupplier condition, Duration timeout) {
        driver.until(condition, timeout);
    }

    @Override
    public void close() {
        stopGossip();
        nodes.forEach(KademliaNode::close);
        content.close();
        transport.close();
    }

    private KademliaNode randomLiveNode() {
        return nodes.get(alive.get(random.nextInt(alive.size())));
    }

    // ------------------------------------------------------------------ how time passes

    /** Waiting on the network: real time on UDP, stepping the simulation on SIM. */
    private interface Driver {
        long now();

        <T> T await(CompletableFuture<T> future, String what);

        void pass(Duration duration);

        void until(BooleanSupplier condition, Duration timeout);
    }

    private static RuntimeException unwrap(ExecutionException e) {
        Throwable cause = e.getCause();
        return cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
    }

    private static final class RealDriver implements Driver {
        @Override
        public long now() {
            return System.nanoTime();
        }

        @Override
        public <T> T await(CompletableFuture<T> future, String what) {
            try {
                return future.get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw unwrap(e);
            } catch (TimeoutException e) {
                throw new IllegalStateException(what + " did not complete within 60 s", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + what, e);
            }
        }

        @Override
        public void pass(Duration duration) {
            try {
                Thread.sleep(duration.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void until(BooleanSupplier condition, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!condition.getAsBoolean() && System.nanoTime() - deadline < 0) {
                pass(Duration.ofMillis(1));
            }
        }
    }

    private static final class SimDriver implements Driver {
        private final SimulatedNetwork network;

        SimDriver(SimulatedNetwork network) {
            this.network = network;
        }

        @Override
        public long now() {
            return network.now();
        }

        @Override
        public <T> T await(CompletableFuture<T> future, String what) {
            if (!network.runUntil(future::isDone, network.now() + 60 * SECOND)) {
                throw new IllegalStateException(what + " did not complete within 60 s of virtual time");
            }
            try {
                return future.get();
            } catch (ExecutionException e) {
                throw unwrap(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void pass(Duration duration) {
            network.runFor(duration.toNanos());
        }

        @Override
        public void until(BooleanSupplier condition, Duration timeout) {
            network.runUntil(condition, network.now() + timeout.toNanos());
        }
    }
}
