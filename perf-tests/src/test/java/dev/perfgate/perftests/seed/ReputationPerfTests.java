package dev.perfgate.perftests.seed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.perfgate.Bench;
import dev.perfgate.Measure;
import dev.perfgate.Severity;
import dev.perfgate.Sla;
import dev.perfgate.marketplace.p2p.Address;
import dev.perfgate.marketplace.p2p.Contact;
import dev.perfgate.marketplace.p2p.NodeId;
import dev.perfgate.marketplace.p2p.Reputation;

/**
 * The seed's "Peer reputation calculation < 10 ms": the score of each of 1,000 peers and their ranking, from a record
 * of 20,000 requests (successes with response times, failures, packages provided) over three hours of node time.
 */
class ReputationPerfTests {

    @Test
    @SeedRow(tier = 3, value = "Peer reputation calculation < 10 ms")
    @Measure(warmup = "500ms", duration = "1s")
    @Sla(p99 = "10ms", severity = Severity.WARN)
    void scoreAndRankAThousandPeers(Bench bench) {
        SplittableRandom random = new SplittableRandom(7);
        Reputation reputation = new Reputation();
        List<Contact> peers = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            peers.add(new Contact(NodeId.random(random), new Address("10.0." + i / 256 + "." + i % 256, 4001)));
        }
        long hour = 3_600_000_000_000L;
        for (int i = 0; i < 20_000; i++) {
            Contact peer = peers.get(random.nextInt(peers.size()));
            long at = random.nextLong(3 * hour);
            if (random.nextDouble() < 0.9) {
                reputation.succeeded(peer.id(), random.nextLong(1_000_000, 300_000_000), at);
            }
            else {
                reputation.failed(peer.id());
            }
            if (random.nextDouble() < 0.05) {
                reputation.provided(peer.id(), at);
            }
        }
        long now = 3 * hour;

        bench.measure(() -> assertThat(reputation.rank(peers, now)).hasSize(1_000));
    }
}
