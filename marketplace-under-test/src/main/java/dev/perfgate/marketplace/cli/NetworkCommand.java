package dev.perfgate.marketplace.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.perfgate.marketplace.p2p.LocalNetwork;
import dev.perfgate.marketplace.p2p.NetworkExperiment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code marketplace network}: starts a P2P network in this process and prints what it measured (see
 * {@link NetworkExperiment}). Progress goes to stderr; the figures (or, with {@code --json}, one JSON object) to
 * stdout.
 */
@Command(name = "network", mixinStandardHelpOptions = true,
        description = {"Start a P2P network of N nodes in this process: join, store records, kill a share of the"
                + " nodes (--churn), then run lookups, one gossip announcement and content retrievals.",
                "Prints join time, lookup latency p50/p95/p99, hops, lookup success rate, gossip time to reach"
                        + " 50/90/99/100 % of the nodes, retrieval p50/p95 and retained heap per node."})
final class NetworkCommand implements Callable<Integer> {

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(us|ms|s)");

    @Spec
    CommandLine.Model.CommandSpec spec;

    int peers;

    @Option(names = "--peers", paramLabel = "N", required = true, description = "Nodes, 2 to 100,000.")
    void peers(int value) {
        peers = MarketplaceCommand.inRange(spec, "--peers", value, 2, 100_000, "1000");
    }

    @Option(names = "--transport", paramLabel = "udp|sim", defaultValue = "udp",
            description = "udp: real datagrams on loopback (TCP for content); sim: the simulated network on a"
                    + " virtual clock (default: ${DEFAULT-VALUE}).")
    LocalNetwork.Kind transport;

    @Option(names = "--rtt", paramLabel = "MIN..MAX",
            description = "Round-trip time per link, e.g. 20ms..200ms or 50ms (default: 20ms..200ms on sim, none"
                    + " injected on udp).")
    String rtt;

    @Option(names = "--loss", paramLabel = "P", defaultValue = "0",
            description = "Probability that a datagram is lost, 0 to below 1, e.g. 0.05 (default: ${DEFAULT-VALUE}).")
    double loss;

    @Option(names = "--churn", paramLabel = "SHARE", defaultValue = "0",
            description = "Share of the nodes killed after the records are stored, e.g. 0.2 (default: ${DEFAULT-VALUE}).")
    double churn;

    @Option(names = "--lookups", paramLabel = "N", defaultValue = "200", description = "Lookups (default: ${DEFAULT-VALUE}).")
    int lookups;

    @Option(names = "--retrievals", paramLabel = "N", defaultValue = "50",
            description = "Content retrievals (default: ${DEFAULT-VALUE}).")
    int retrievals;

    @Option(names = "--content-bytes", paramLabel = "BYTES", defaultValue = "262144",
            description = "Size of each content retrieved, bytes (default: ${DEFAULT-VALUE}).")
    int contentBytes;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "2026", description = "The seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print one JSON object instead of the table.")
    boolean json;

    @Override
    public Integer call() {
        NetworkExperiment.Options defaults = NetworkExperiment.Options.defaults(peers, transport);
        long[] range = rtt == null ? new long[] {defaults.rttMinNanos(), defaults.rttMaxNanos()} : parseRtt(rtt);
        NetworkExperiment.Options options;
        try {
            options = new NetworkExperiment.Options(peers, transport, range[0], range[1], loss, churn, lookups,
                    retrievals, defaults.records(), contentBytes, seed);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter err = spec.commandLine().getErr();
        NetworkExperiment.Report report = NetworkExperiment.run(options, line -> err.println("network: " + line));
        PrintWriter out = spec.commandLine().getOut();
        out.println(json ? MarketplaceCommand.json(toJson(report)) : table(report));
        out.flush();
        return 0;
    }

    private long[] parseRtt(String text) {
        String[] parts = text.split("\\.\\.", -1);
        if (parts.length > 2) {
            throw bad(text);
        }
        long min = nanos(parts[0], text);
        long max = parts.length == 2 ? nanos(parts[1], text) : min;
        if (max < min) {
            throw bad(text);
        }
        return new long[] {min, max};
    }

    private long nanos(String part, String whole) {
        Matcher m = DURATION.matcher(part.strip());
        if (!m.matches()) {
            throw bad(whole);
        }
        double value = Double.parseDouble(m.group(1));
        return (long) (value * switch (m.group(2)) {
            case "us" -> 1e3;
            case "ms" -> 1e6;
            default -> 1e9;
        });
    }

    private CommandLine.ParameterException bad(String text) {
        return new CommandLine.ParameterException(spec.commandLine(), "Invalid value for option '--rtt': [" + text
                + "], expected MIN..MAX or one value with a unit (us, ms, s), e.g. 20ms..200ms");
    }

    static String table(NetworkExperiment.Report r) {
        List<Double> reach = r.gossipReachMillis();
        return String.format(Locale.ROOT, """
                network        %,d peers over %s, RTT %s, loss %.1f %%, churn %d killed
                join           p50 %s, p95 %s, max %s per node; whole network %s
                lookups        %d of %d found (%.1f %%); p50 %s, p95 %s, p99 %s; hops mean %.2f, max %d
                gossip         reached %,d of %,d nodes; 50 %% after %s, 90 %% %s, 99 %% %s, 100 %% %s
                retrievals     %d of %d verified (SHA-256); p50 %s, p95 %s
                retained heap  %s per node
                wall time      %.1f s""",
                r.peers(), r.transport(), r.rttMaxMillis() == 0 ? "none injected"
                        : r.rttMinMillis() == r.rttMaxMillis() ? millis(r.rttMinMillis())
                        : millis(r.rttMinMillis()) + " to " + millis(r.rttMaxMillis()),
                r.loss() * 100, r.killed(), millis(r.joinP50Millis()), millis(r.joinP95Millis()),
                millis(r.joinMaxMillis()), millis(r.networkJoinMillis()), r.lookupsFound(), r.lookups(),
                r.lookupSuccessRate() * 100, millis(r.lookupP50Millis()), millis(r.lookupP95Millis()),
                millis(r.lookupP99Millis()), r.hopsMean(), r.hopsMax(), r.gossipReached(), r.gossipTargets(),
                millis(reach.get(0)), millis(reach.get(1)), millis(reach.get(2)), millis(reach.get(3)),
                r.retrievalsVerified(), r.retrievals(), millis(r.retrievalP50Millis()),
                millis(r.retrievalP95Millis()), MarketplaceCommand.size(r.retainedBytesPerPeer()), r.wallSeconds());
    }

    private static String millis(double millis) {
        if (Double.isNaN(millis)) {
            return "never";
        }
        if (millis >= 3_600_000) {
            return String.format(Locale.ROOT, "%.1f h", millis / 3_600_000);
        }
        if (millis >= 60_000) {
            return String.format(Locale.ROOT, "%.1f min", millis / 60_000);
        }
        return millis >= 1_000 ? String.format(Locale.ROOT, "%.2f s", millis / 1_000)
                : String.format(Locale.ROOT, "%.2f ms", millis);
    }

    static ObjectNode toJson(NetworkExperiment.Report r) {
        ObjectNode root = new ObjectMapper().createObjectNode();
        root.put("peers", r.peers()).put("transport", r.transport()).put("rttMinMs", r.rttMinMillis())
                .put("rttMaxMs", r.rttMaxMillis()).put("loss", r.loss()).put("killed", r.killed());
        root.putObject("join").put("p50Ms", r.joinP50Millis()).put("p95Ms", r.joinP95Millis())
                .put("maxMs", r.joinMaxMillis()).put("wholeNetworkMs", r.networkJoinMillis());
        root.putObject("lookups").put("count", r.lookups()).put("found", r.lookupsFound())
                .put("successRate", r.lookupSuccessRate()).put("p50Ms", r.lookupP50Millis())
                .put("p95Ms", r.lookupP95Millis()).put("p99Ms", r.lookupP99Millis()).put("hopsMean", r.hopsMean())
                .put("hopsMax", r.hopsMax());
        ObjectNode gossip = root.putObject("gossip").put("reached", r.gossipReached())
                .put("targets", r.gossipTargets());
        String[] shares = {"p50Ms", "p90Ms", "p99Ms", "p100Ms"};
        for (int i = 0; i < shares.length; i++) {
            double value = r.gossipReachMillis().get(i);
            if (Double.isNaN(value)) {
                gossip.putNull(shares[i]);
            }
            else {
                gossip.put(shares[i], value);
            }
        }
        root.putObject("retrievals").put("count", r.retrievals()).put("verified", r.retrievalsVerified())
                .put("p50Ms", r.retrievalP50Millis()).put("p95Ms", r.retrievalP95Millis());
        root.put("retainedBytesPerPeer", r.retainedBytesPerPeer()).put("wallSeconds", r.wallSeconds());
        return root;
    }
}
