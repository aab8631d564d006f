package dev.perfgate.marketplace.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

/**
 * The network's figures at the sizes issue 7 asks for, each a {@link NetworkExperiment} as {@code marketplace
 * network} runs it: 10, 100 and 1,000 nodes over UDP on loopback, 10,000 on the simulated WAN (RTT 20 to 200 ms per
 * link, virtual time), and 1,000 on the simulated WAN with 5 % loss and 20 % of the nodes killed. Every lookup must
 * find its record, the announcement reach every live node, every retrieval be verified (with churn: at least 80 %;
 * a content whose three providers all died cannot be); mean hops must grow no faster than log N. Writes
 * {@code target/p2p-figures.md}.
 */
class NetworkFiguresTests {

    private final List<NetworkExperiment.Report> reports = new ArrayList<>();

    @Test
    void figures() throws Exception {
        for (int peers : new int[] {10, 100, 1_000}) {
            run(NetworkExperiment.Options.defaults(peers, LocalNetwork.Kind.UDP));
        }
        run(NetworkExperiment.Options.defaults(10_000, LocalNetwork.Kind.SIM));
        NetworkExperiment.Options sim = NetworkExperiment.Options.defaults(1_000, LocalNetwork.Kind.SIM);
        run(new NetworkExperiment.Options(sim.peers(), sim.transport(), sim.rttMinNanos(), sim.rttMaxNanos(), 0.05,
                0.2, sim.lookups(), sim.retrievals(), sim.records(), sim.contentBytes(), sim.seed()));
        write();

        for (NetworkExperiment.Report report : reports) {
            String run = report.peers() + " " + report.transport() + " nodes, " + report.killed() + " killed";
            assertThat(report.lookupsFound()).as("lookups that found their record, %s", run)
                    .isEqualTo(report.lookups());
            assertThat(report.gossipReached()).as("nodes the announcement reached, %s", run)
                    .isEqualTo(report.gossipTargets());
            assertThat(report.retrievalsVerified()).as("retrievals verified, %s", run)
                    .isGreaterThanOrEqualTo(report.killed() == 0 ? report.retrievals() : report.retrievals() * 4 / 5);
        }
        for (int i = 1; i < 4; i++) { // 10 → 100 → 1,000 → 10,000: at most about one hop more per tenfold
            assertThat(reports.get(i).hopsMean() - reports.get(i - 1).hopsMean()).as("hops added from %,d to %,d nodes",
                    reports.get(i - 1).peers(), reports.get(i).peers()).isLessThan(1.5);
        }
    }

    private void run(NetworkExperiment.Options options) {
        NetworkExperiment.Report report = NetworkExperiment.run(options, line -> System.out.println("[figures] "
                + line));
        System.out.println("[figures] " + report);
        reports.add(report);
    }

    private void write() throws Exception {
        StringBuilder table = new StringBuilder("| transport | nodes | RTT | loss | killed | join p50 | join p95 | join max"
                + " | lookups found | lookup p50 | p95 | p99 | hops mean | max | gossip 50 % | 90 % | 99 % | 100 %"
                + " | retrievals verified | retrieval p50 | p95 | retained heap per node | wall |\n"
                + "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
                + "---:|---:|---:|\n");
        for (NetworkExperiment.Report r : reports) {
            table.append(String.format(Locale.ROOT, "| %s | %,d | %s | %.0f %% | %d | %s | %s | %s | %d of %d | %s | %s"
                            + " | %s | %.2f | %d | %s | %s | %s | %s | %d of %d | %s | %s | %.1f KiB | %.0f s |%n",
                    r.transport(), r.peers(), r.rttMaxMillis() == 0 ? "none" : String.format(Locale.ROOT,
                            "%.0f-%.0f ms", r.rttMinMillis(), r.rttMaxMillis()), r.loss() * 100, r.killed(),
                    ms(r.joinP50Millis()), ms(r.joinP95Millis()), ms(r.joinMaxMillis()), r.lookupsFound(),
                    r.lookups(), ms(r.lookupP50Millis()), ms(r.lookupP95Millis()), ms(r.lookupP99Millis()),
                    r.hopsMean(), r.hopsMax(), ms(r.gossipReachMillis().get(0)), ms(r.gossipReachMillis().get(1)),
                    ms(r.gossipReachMillis().get(2)), ms(r.gossipReachMillis().get(3)), r.retrievalsVerified(),
                    r.retrievals(), ms(r.retrievalP50Millis()), ms(r.retrievalP95Millis()),
                    r.retainedBytesPerPeer() / 1024.0, r.wallSeconds()));
        }
        Path out = Path.of("target", "p2p-figures.md");
        Path partial = Files.createTempFile(out.getParent(), "p2p-figures", ".md");
        Files.writeString(partial, table);
        Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.println(table);
    }

    private static String ms(double millis) {
        return Double.isNaN(millis) ? "never" : String.format(Locale.ROOT, "%.2f ms", millis);
    }
}
