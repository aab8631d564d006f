package dev.perfgate.marketplace.p2p;

import static java.util.Objects.requireNonNull;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;

/**
 * A whole P2P network in this process, put through what issue 7 measures: nodes join, records are stored, a share of
 * the nodes is killed (churn), then lookups, one gossip announcement and retrievals run, and the figures are
 * reported. Runs on real UDP on loopback (TCP for content, optionally with a WAN's RTT and loss injected) or on the
 * simulated network (virtual time: the latency a real deployment would see, at 10,000 nodes in seconds).
 *
 * <p>Where each figure is measured: join time around each node's {@code bootstrap}; lookup latency and hops around
 * each {@code findValue} from a random live node for a random stored record (success: the record found is the one
 * stored); gossip from the publish call to each live node's delivery; retrieval around each {@code retrieve} (a
 * lookup of the providers, fetch, SHA-256 check); retained heap as used heap after GC with the network up, less before
 * it, divided by the nodes. Times are on the network's clock: {@link System#nanoTime} on UDP, virtual on the simulation.
 *
 * <pre>{@code
 * NetworkExperiment.Report report = NetworkExperiment.run(NetworkExperiment.Options.defaults(1_000,
 *         NetworkExperiment.TransportKind.UDP), System.err::println);
 * }</pre>
 */
public final class NetworkExperiment {

    /** Which transport the nodes run on. */
    public enum TransportKind {
        /** Real UDP datagrams on loopback, TCP for content. */
        UDP,
        /** The simulated network on a virtual clock. */
        SIM
    }

    /**
     * What to run.
     *
     * @param peers        nodes, at least 2
     * @param transport    UDP or SIM
     * @param rttMinNanos  shortest link RTT, ns (UDP: injected; 0 and 0 for none)
     * @param rttMaxNanos  longest link RTT, ns
     * @param loss         probability a datagram is lost, 0 to below 1
     * @param churn        share of the nodes killed after the records are stored, 0 to below 1
     * @param lookups      lookups to run
     * @param retrievals   content retrievals to run
     * @param records      records stored (lookups pick among them)
     * @param contentBytes size of each content retrieved, bytes
     * @param seed         of every random choice
     */
    public record Options(int peers, TransportKind transport, long rttMinNanos, long rttMaxNanos, double loss,
            double churn, int lookups, int retrievals, int records, int contentBytes, long seed) {

        public Options {
            requireNonNull(transport, "transport");
            if (peers < 2) {
                throw new IllegalArgumentException("peers [" + peers + "], at least 2 expected, e.g. 1000");
            }
            if (!(churn >= 0 && churn < 1) || (int) Math.round(peers * (1 - churn)) < 2) {
                throw new IllegalArgumentException("churn [" + churn + "] must leave at least 2 of " + peers
                        + " peers alive, e.g. 0.2");
            }
            if (lookups < 0 || retrievals < 0 || records < 1 || contentBytes < 1
                    || contentBytes > ContentTransport.MAX_CONTENT_BYTES) {
                throw new IllegalArgumentException("lookups [" + lookups + "], retrievals [" + retrievals
                        + "], records [" + records + "], content [" + contentBytes + "] bytes; expected e.g. 200,"
                        + " 50, 50 and 262144 bytes");
            }
            if (rttMinNanos < 0 || rttMaxNanos < rttMinNanos || !(loss >= 0 && loss < 1)) {
                throw new IllegalArgumentException("RTT [" + rttMinNanos / 1e6 + " ms.." + rttMaxNanos / 1e6
                        + " ms] and loss [" + loss + "], expected e.g. 20 ms..200 ms and 0.05");
            }
        }

        /**
         * Defaults: on SIM an RTT of 20 to 200 ms per link; on UDP none injected; no loss, no churn, 200 lookups,
         * 50 retrievals of 256 KiB, 50 records, seed 2026.
         */
        public static Options defaults(int peers, TransportKind transport) {
            boolean sim = transport == TransportKind.SIM;
            return new Options(peers, transport, sim ? SimulatedNetwork.DEFAULT_RTT_MIN_NANOS : 0,
                    sim ? SimulatedNetwork.DEFAULT_RTT_MAX_NANOS : 0, 0, 0, 200, 50, 50, 256 * 1024, 2026);
        }
    }

    /**
     * What was measured; times in milliseconds on the network's clock.
     *
     * @param joinP50Millis      time for one node to join (ping its seed, self-lookup, bucket refresh), median
     * @param networkJoinMillis  from the first join to the last, each through a random node that joined before it
     *                           (UDP: one at a time; SIM: up to 100 at once)
     * @param gossipReachMillis  time from publish until 50, 90, 99 and 100 % of the live nodes had the announcement
     *                           (four values); NaN for a share never reached
     * @param gossipReached      live nodes (publisher excluded) that had it when the wait ended
     * @param retainedBytesPerPeer used heap after GC with the network up, less before it, per node
     */
    public record Report(String transport, int peers, int killed, double loss, double rttMinMillis,
            double rttMaxMillis, double joinP50Millis, double joinP95Millis, double joinMaxMillis,
            double networkJoinMillis, int lookups, int lookupsFound, double lookupP50Millis, double lookupP95Millis,
            double lookupP99Millis, double hopsMean, int hopsMax, List<Double> gossipReachMillis, int gossipReached,
            int gossipTargets, int retrievals, int retrievalsVerified, double retrievalP50Millis,
            double retrievalP95Millis, long retainedBytesPerPeer, double wallSeconds) {

        public Report {
            gossipReachMillis = List.copyOf(gossipReachMillis);
        }

        /** Lookups that found their record, 0 to 1. */
        public double lookupSuccessRate() {
            return lookups == 0 ? Double.NaN : (double) lookupsFound / lookups;
        }
    }

    private static final long SECOND = 1_000_000_000L;

    private final Options options;
    private final Consumer<String> progress;
    private final SplittableRandom random;
    private final Driver driver;
    private final Transport transport;
    private final ContentTransport content;
    private final List<KademliaNode> nodes = new ArrayList<>();
    private final Map<Integer, Gossip> gossips = new HashMap<>();

    private NetworkExperiment(Options options, Consumer<String> progress) {
        this.options = options;
        long started = System.nanoTime();
        this.progress = line -> progress.accept(String.format(java.util.Locale.ROOT, "[%5.1f s] %s",
                (System.nanoTime() - started) / 1e9, line));
        this.random = new SplittableRandom(options.seed());
        if (options.transport() == TransportKind.SIM) {
            SimulatedNetwork network = SimulatedNetwork.builder().seed(options.seed())
                    .rtt(options.rttMinNanos(), options.rttMaxNanos()).loss(options.loss()).build();
            this.transport = network;
            this.content = network.content();
            this.driver = new SimDriver(network);
        }
        else {
            UdpTransport udp = UdpTransport.start();
            this.transport = options.rttMaxNanos() == 0 && options.loss() == 0 ? udp
                    : new ImpairedTransport(udp, options.rttMinNanos(), options.rttMaxNanos(), options.loss(),
                    options.seed());
            this.content = TcpContentTransport.start();
            this.driver = new RealDriver();
        }
    }

    /**
     * Runs the experiment and closes the network.
     *
     * @param progress gets a line at each phase (e.g. {@code System.err::println}), for a person watching
     * @throws IllegalStateException when an operation does not complete within its generous timeout (60 s)
     */
    public static Report run(Options options, Consumer<String> progress) {
        NetworkExperiment experiment = new NetworkExperiment(requireNonNull(options, "options"),
                requireNonNull(progress, "progress"));
        try {
            return experiment.run();
        } finally {
            experiment.close();
        }
    }

    private Report run() {
        long wallStart = System.nanoTime();
        long heapBefore = usedHeapAfterGc();

        // ---- join: measured around each bootstrap
        progress.accept("joining " + options.peers() + " nodes over " + options.transport());
        List<Double> joinMillis = new ArrayList<>();
        long networkStart = driver.now();
        for (int i = 0; i < options.peers(); i++) {
            nodes.add(KademliaNode.start(transport, NodeId.random(random), KademliaNode.Settings.defaults(),
                    RecordSigner::verify, random.split()));
        }
        // On UDP one node joins at a time, so a join's time is its own and not that of a crowd sharing two cores. On
        // the simulation CPU costs no virtual time: up to 100 join at once (after the first ten), which keeps an
        // hour of virtual time (when every node would refresh its buckets) from passing while 10,000 join.
        int wave = options.transport() == TransportKind.SIM ? 100 : 1;
        for (int first = 1; first < options.peers(); ) {
            int joining = first < 10 ? 1 : Math.min(wave, options.peers() - first);
            List<CompletableFuture<Double>> joins = new ArrayList<>();
            for (int i = first; i < first + joining; i++) {
                KademliaNode seed = nodes.get(random.nextInt(first));
                long start = driver.now();
                joins.add(nodes.get(i).bootstrap(List.of(seed.contact().address()))
                        .thenApply(size -> (driver.now() - start) / 1e6));
            }
            for (CompletableFuture<Double> join : joins) {
                joinMillis.add(driver.await(join, "a node joining"));
            }
            first += joining;
        }
        double networkJoinMillis = (driver.now() - networkStart) / 1e6;

        // ---- retained heap: the nodes with gossip running and its meshes built
        List<Gossip> meshes = new ArrayList<>();
        for (KademliaNode node : nodes) {
            meshes.add(Gossip.attach(node, Gossip.Settings.defaults(), record -> true, (record, from) -> { }));
        }
        driver.pass(Duration.ofSeconds(2));
        long retainedPerPeer = Math.max(0, usedHeapAfterGc() - heapBefore) / options.peers();
        meshes.forEach(Gossip::close); // its heartbeats would cost the simulation time until gossip is measured

        // ---- records and contents, stored before the churn
        progress.accept("storing " + options.records() + " records and " + Math.min(options.retrievals(), 10)
                + " contents");
        RecordSigner publisher = RecordSigner.generate();
        List<SignedRecord> records = new ArrayList<>();
        for (int i = 0; i < options.records(); i++) {
            SignedRecord record = publisher.sign(NodeId.sha256(("package-" + i).getBytes(StandardCharsets.UTF_8)),
                    SignedRecord.Kind.ANNOUNCEMENT, 1, 86_400, ("package-" + i + " 1.0.0")
                            .getBytes(StandardCharsets.UTF_8));
            driver.await(nodes.get(random.nextInt(nodes.size())).store(record), "a store");
            records.add(record);
        }
        List<String> contents = options.retrievals() == 0 ? List.of() : storeContents(Math.min(options.retrievals(),
                10));

        // ---- churn: kill a share of the nodes at random (the first node, a seed, among them possibly)
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < options.peers(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, new java.util.Random(random.nextLong()));
        int killed = (int) Math.round(options.peers() * options.churn());
        for (int i = 0; i < killed; i++) {
            nodes.get(order.get(i)).close();
        }
        List<Integer> alive = order.subList(killed, order.size());
        if (killed > 0) {
            progress.accept("killed " + killed + " nodes");
        }

        // ---- lookups
        progress.accept("running " + options.lookups() + " lookups");
        List<Double> lookupMillis = new ArrayList<>();
        List<Integer> hops = new ArrayList<>();
        int found = 0;
        for (int i = 0; i < options.lookups(); i++) {
            SignedRecord record = records.get(random.nextInt(records.size()));
            KademliaNode asker = nodes.get(alive.get(random.nextInt(alive.size())));
            long start = driver.now();
            KademliaNode.Lookup lookup = driver.await(asker.findValue(record.key(), record.kind()), "a lookup");
            lookupMillis.add((driver.now() - start) / 1e6);
            if (lookup.record().filter(record::equals).isPresent()) {
                found++;
                hops.add(lookup.hops());
            }
        }

        // ---- gossip on every live node (the dead are still in routing tables: meshes must route around them),
        // meshes built over three heartbeats, then one announcement; delivery times recorded per node
        progress.accept("gossiping one announcement to " + (alive.size() - 1) + " nodes");
        AtomicLongArray deliveredAt = new AtomicLongArray(options.peers());
        java.util.concurrent.atomic.AtomicInteger delivered = new java.util.concurrent.atomic.AtomicInteger();
        for (int index : alive) {
            deliveredAt.set(index, Long.MIN_VALUE);
            gossips.put(index, Gossip.attach(nodes.get(index), Gossip.Settings.defaults(), record -> true,
                    (record, from) -> {
                        if (deliveredAt.compareAndSet(index, Long.MIN_VALUE, driver.now())) {
                            delivered.incrementAndGet();
                        }
                    }));
        }
        driver.pass(Duration.ofSeconds(3));
        int publisherIndex = alive.get(0);
        SignedRecord announcement = publisher.sign(NodeId.sha256("gossiped".getBytes(StandardCharsets.UTF_8)),
                SignedRecord.Kind.ANNOUNCEMENT, 1, 3_600, "gossiped 1.0.0".getBytes(StandardCharsets.UTF_8));
        long published = driver.now();
        driver.await(gossips.get(publisherIndex).publish(announcement), "a gossip publish");
        int targets = alive.size() - 1;
        driver.until(() -> delivered.get() >= targets, Duration.ofSeconds(30)); // only live nodes deliver
        List<Double> reach = new ArrayList<>();
        for (int index : alive) {
            if (index != publisherIndex && deliveredAt.get(index) != Long.MIN_VALUE) {
                reach.add((deliveredAt.get(index) - published) / 1e6);
            }
        }
        Collections.sort(reach);
        List<Double> reachMillis = new ArrayList<>();
        for (double share : new double[] {0.5, 0.9, 0.99, 1.0}) {
            int needed = (int) Math.ceil(share * targets);
            reachMillis.add(needed == 0 ? 0 : needed <= reach.size() ? reach.get(needed - 1) : Double.NaN);
        }

        gossips.values().forEach(Gossip::close);
        gossips.clear();

        // ---- retrievals
        progress.accept("running " + options.retrievals() + " retrievals of " + options.contentBytes() + " bytes");
        List<Double> retrievalMillis = new ArrayList<>();
        int verified = 0;
        Map<Integer, Retriever> retrievers = new HashMap<>();
        for (int i = 0; i < options.retrievals(); i++) {
            int asker = alive.get(random.nextInt(alive.size()));
            Retriever retriever = retrievers.computeIfAbsent(asker, index -> new Retriever(nodes.get(index), content,
                    Duration.ofSeconds(2)));
            String sha256 = contents.get(i % contents.size());
            long start = driver.now();
            try {
                Retriever.Retrieval retrieval = driver.await(retriever.retrieve(sha256), "a retrieval");
                retrievalMillis.add((driver.now() - start) / 1e6);
                verified++;
                assert retrieval.content().length == options.contentBytes();
            } catch (Retriever.RetrievalException e) {
                retrievalMillis.add((driver.now() - start) / 1e6);
                progress.accept("a retrieval failed: " + e.getMessage());
            }
        }

        return new Report(options.transport().name().toLowerCase(java.util.Locale.ROOT), options.peers(), killed,
                options.loss(), options.rttMinNanos() / 1e6, options.rttMaxNanos() / 1e6, percentile(joinMillis, 50),
                percentile(joinMillis, 95), percentile(joinMillis, 100), networkJoinMillis, options.lookups(), found,
                percentile(lookupMillis, 50), percentile(lookupMillis, 95), percentile(lookupMillis, 99),
                hops.stream().mapToInt(Integer::intValue).average().orElse(Double.NaN),
                hops.stream().mapToInt(Integer::intValue).max().orElse(0), reachMillis, reach.size(), targets,
                options.retrievals(), verified, percentile(retrievalMillis, 50), percentile(retrievalMillis, 95),
                retainedPerPeer, (System.nanoTime() - wallStart) / 1e9);
    }

    /** {@code count} random contents, each served by three distinct random nodes, each storing its provider record. */
    private List<String> storeContents(int count) {
        List<String> hashes = new ArrayList<>();
        Map<Integer, Map<String, byte[]>> held = new HashMap<>();
        for (int i = 0; i < count; i++) {
            byte[] bytes = new byte[options.contentBytes()];
            random.nextBytes(bytes);
            String sha256 = java.util.HexFormat.of().formatHex(sha256(bytes));
            hashes.add(sha256);
            for (int provider : random.ints(0, nodes.size()).distinct().limit(Math.min(3, nodes.size())).toArray()) {
                held.computeIfAbsent(provider, index -> new HashMap<>()).put(sha256, bytes);
            }
        }
        for (Map.Entry<Integer, Map<String, byte[]>> provider : held.entrySet()) {
            KademliaNode node = nodes.get(provider.getKey());
            Map<String, byte[]> served = provider.getValue();
            ContentTransport.ContentServer server = content.serve(node.endpoint(), served::get);
            RecordSigner signer = RecordSigner.generate();
            byte[] payload = new ProviderRecord(node.contact(), server.address()).toPayload();
            for (String sha256 : served.keySet()) {
                driver.await(node.store(signer.sign(Announcement.contentKey(sha256), SignedRecord.Kind.PROVIDER, 1,
                        86_400, payload)), "a provider record store");
            }
        }
        return hashes;
    }

    private void close() {
        gossips.values().forEach(Gossip::close);
        nodes.forEach(KademliaNode::close);
        content.close();
        transport.close();
    }

    static double percentile(List<Double> values, double percentile) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100 * sorted.length) - 1))];
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** Used heap after collections have settled (two readings within 64 KiB), in bytes. */
    private static long usedHeapAfterGc() {
        long previous = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            if (Math.abs(used - previous) < 64 * 1024) {
                return used;
            }
            previous = used;
        }
        return previous;
    }

    // ------------------------------------------------------------------ how time passes

    /** Waiting on the network: real time on UDP, stepping the simulation on SIM. */
    private interface Driver {
        long now();

        /** The future's value; a failure's cause is rethrown unchecked. */
        <T> T await(CompletableFuture<T> future, String what);

        void pass(Duration duration);

        void until(java.util.function.BooleanSupplier condition, Duration timeout);
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
        public void until(java.util.function.BooleanSupplier condition, Duration timeout) {
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
        public void until(java.util.function.BooleanSupplier condition, Duration timeout) {
            network.runUntil(condition, network.now() + timeout.toNanos());
        }
    }
}
