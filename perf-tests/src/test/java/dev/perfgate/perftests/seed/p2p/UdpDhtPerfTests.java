package dev.perfgate.perftests.seed.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import dev.perfgate.Bench;
import dev.perfgate.Complexity;
import dev.perfgate.Measure;
import dev.perfgate.ScalingTest;
import dev.perfgate.Severity;
import dev.perfgate.Sla;
import dev.perfgate.marketplace.p2p.LocalNetwork;
import dev.perfgate.perftests.seed.SeedRow;

/**
 * The seed's DHT and gossip rows over real UDP on loopback: 1,000 nodes in this JVM on two shared event loops, every
 * node joined through a random node that joined before it, 50 signed records stored from random nodes. Times are
 * wall-clock. The join test runs last: it adds nodes to the networks (20 per size, and more when a baseline is saved
 * or compared, which needs 10 blocks of 16 joins), and new nodes do not receive the records stored before they came
 * (they would at the records' republication, every half TTL), so lookups measured after it would measure that.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UdpDhtPerfTests {

    private final Map<Integer, LocalNetwork> networks = new HashMap<>();

    @BeforeAll
    void join() {
        network(1_000);
    }

    @AfterAll
    void close() {
        networks.values().forEach(LocalNetwork::close);
    }

    private LocalNetwork network(int peers) {
        return networks.computeIfAbsent(peers, size -> {
            LocalNetwork network = LocalNetwork.udp(size, 2026);
            network.storeRecords(50);
            return network;
        });
    }

    @Order(1)
    @Test
    @SeedRow(tier = 1, value = "DHT lookup @ 1000 peers < 500 ms (p95)")
    @Measure(warmup = "1s", duration = "2s")
    @Sla(p95 = "500ms")
    void lookupAmongAThousandUdpPeers(Bench bench) {
        LocalNetwork network = network(1_000);
        bench.measure(network::lookupRandomRecord); // throws, and so counts as an error, when a record is not found
    }

    @Order(2)
    @Test
    @SeedRow(tier = 2, value = "Gossipsub propagation 1-3 s network-wide")
    @Measure(warmup = "0s", iterations = 10)
    @Sla(p50 = "3s", severity = Severity.WARN) // a median: each announcement takes 1-2 s, so p95's 135 are too many
    void anAnnouncementReachesAllOfAThousandNodes(Bench bench) {
        LocalNetwork network = network(1_000);
        network.startGossip();
        try {
            bench.measure(() -> assertThat(network.gossipOnce()).as("nodes reached").hasSize(999));
        } finally {
            network.stopGossip();
        }
    }

    @Order(3)
    @ScalingTest(sizes = {10, 100, 1_000}, expect = Complexity.LOG_N, severity = Severity.WARN)
    @SeedRow(tier = 2, value = "Network scalability 1000 peers (lookup at 10, 100, 1,000)")
    @Measure(warmup = "500ms", duration = "1s")
    void lookupLatencyByNetworkSize(int peers, Bench bench) {
        LocalNetwork network = network(peers);
        bench.measure(network::lookupRandomRecord);
    }

    @Order(4)
    @ScalingTest(sizes = {10, 100, 1_000}, expect = Complexity.LOG_N, severity = Severity.WARN)
    @SeedRow(tier = 2, value = "Network scalability 1000 peers (join at 10, 100, 1,000)")
    @Measure(warmup = "0s", iterations = 20)
    void joinTimeByNetworkSize(int peers, Bench bench) {
        LocalNetwork network = network(peers);
        long[] joining = {0}; // a clock that runs only while a node joins: the rest of the invocation is not measured
        bench.measure(() -> joining[0], () -> {
            List<Double> joins = network.grow(1);
            joining[0] += (long) (joins.get(0) * 1e6);
        });
    }
}
