package dev.perfgate.marketplace.p2p;

import static java.util.Objects.requireNonNull;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
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
 *         NetworkExperiment.LocalNetwork.Kind.UDP), System.err::println);
 * }</pre>
 */
public final class NetworkExperiment {

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
    public record Options(int peers, LocalNetwork.Kind transport, long rttMinNanos, long rttMaxNanos, double loss,
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
        public static Options defaults(int peers, LocalNetwork.Kind transport) {
            boolean sim = transport == LocalNetwork.Kind.SIM;
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

    private final Options options;
    private final Consumer<String> progress;

    private NetworkExperiment(Options options, Consumer<String> progress) {
        this.options = options;
        long started = System.nanoTime();
        this.progress = line -> progress.accept(String.format(java.util.Locale.ROOT, "[%5.1f s] %s",
                (System.nanoTime() - started) / 1e9, line));
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
        long heapBefore = usedHeapAfterGc();
        try (LocalNetwork network = LocalNetwork.open(options.transport(), options.rttMinNanos(),
                options.rttMaxNanos(), options.loss(), options.seed())) {
            return experiment.run(network, heapBefore);
        }
    }

    private Report run(LocalNetwork network, long heapBefore) {
        long wallStart = System.nanoTime();

        // ---- join: measured around each bootstrap
        progress.accept("joining " + options.peers() + " nodes over " + options.transport());
        long networkStart = network.nanoTime();
        List<Double> joinMillis = network.grow(options.peers());
        double networkJoinMillis = (network.nanoTime() - networkStart) / 1e6;

        // ---- retained heap: the nodes with gossip running and its meshes built
        network.startGossip();
        long retainedPerPeer = Math.max(0, usedHeapAfterGc() - heapBefore) / options.peers();
        network.stopGossip(); // its heartbeats would cost the simulation time until gossip is measured

        // ---- records and contents, stored before the churn
        int contentCount = Math.min(options.retrievals(), 10);
        progress.accept("storing " + options.records() + " records and " + contentCount + " contents");
        network.storeRecords(options.records());
        if (contentCount > 0) {
            network.storeContents(contentCount, options.contentBytes());
        }

        // ---- churn: kill a share of the nodes at random (the first node, a seed, among them possibly)
        int killed = network.kill(options.churn());
        if (killed > 0) {
            progress.accept("killed " + killed + " nodes");
        }

        // ---- lookups
        progress.accept("running " + options.lookups() + " lookups");
        List<Double> lookupMillis = new ArrayList<>();
        List<Integer> hops = new ArrayList<>();
        int found = 0;
        for (int i = 0; i < options.lookups(); i++) {
            long start = network.nanoTime();
            try {
                hops.add(network.lookupRandomRecord());
                found++;
            } catch (IllegalStateException notFound) {
                progress.accept(notFound.getMessage());
            }
            lookupMillis.add((network.nanoTime() - start) / 1e6);
        }

        // ---- gossip on every live node (the dead are still in routing tables: meshes must route around them),
        // meshes built over three heartbeats, then one announcement; delivery times recorded per node
        int targets = network.alive() - 1;
        progress.accept("gossiping one announcement to " + targets + " nodes");
        network.startGossip();
        List<Double> reach = network.gossipOnce();
        network.stopGossip();
        List<Double> reachMillis = new ArrayList<>();
        for (double share : new double[] {0.5, 0.9, 0.99, 1.0}) {
            int needed = (int) Math.ceil(share * targets);
            reachMillis.add(needed == 0 ? 0 : needed <= reach.size() ? reach.get(needed - 1) : Double.NaN);
        }

        // ---- retrievals
        progress.accept("running " + options.retrievals() + " retrievals of " + options.contentBytes() + " bytes");
        List<Double> retrievalMillis = new ArrayList<>();
        int verified = 0;
        for (int i = 0; i < options.retrievals(); i++) {
            long start = network.nanoTime();
            try {
                network.retrieveRandomContent();
                verified++;
            } catch (Retriever.RetrievalException e) {
                progress.accept("a retrieval failed: " + e.getMessage());
            }
            retrievalMillis.add((network.nanoTime() - start) / 1e6);
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

    static double percentile(List<Double> values, double percentile) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100 * sorted.length) - 1))];
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
}
