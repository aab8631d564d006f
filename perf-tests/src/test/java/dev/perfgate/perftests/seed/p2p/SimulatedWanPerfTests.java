package dev.perfgate.perftests.seed.p2p;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.perfgate.Bench;
import dev.perfgate.Complexity;
import dev.perfgate.Measure;
import dev.perfgate.ScalingTest;
import dev.perfgate.Severity;
import dev.perfgate.Sla;
import dev.perfgate.marketplace.p2p.LocalNetwork;
import dev.perfgate.perftests.seed.SeedRow;

/**
 * The seed's DHT rows on the simulated WAN: every link an RTT drawn from 20 to 200 ms, on a virtual clock, so that a
 * lookup's latency is the time a deployment would wait (measured with {@code bench.measure(clock, ...)} on the
 * network's clock), not the CPU time it takes to simulate. The networks start in a steady state
 * ({@link LocalNetwork#simulatedSteadyState}: routing tables filled as a grown network's are, without 10,000 joins
 * of 500 datagrams each); the records are stored, and every lookup runs, by the real protocol. Joins are measured
 * for real elsewhere: {@code BootstrapPerfTests} (a node joining 10 peers across the WAN) and
 * {@code UdpDhtPerfTests} (join time at 10, 100 and 1,000 nodes).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SimulatedWanPerfTests {

    private final Map<Integer, LocalNetwork> networks = new HashMap<>();

    @AfterAll
    void close() {
        networks.values().forEach(LocalNetwork::close);
    }

    private LocalNetwork network(int peers) {
        return networks.computeIfAbsent(peers, size -> {
            LocalNetwork network = LocalNetwork.simulatedSteadyState(size, 2026);
            network.storeRecords(50);
            return network;
        });
    }

    @Test
    @SeedRow(tier = 1, value = "DHT lookup @ 1000 peers < 500 ms (p95), at 10,000 simulated peers across a WAN")
    @Measure(warmup = "2s", iterations = 100) // 2 s of virtual time: blocks sized from lookups, not a default
    @Sla(p95 = "500ms")
    void lookupAmongTenThousandPeersAcrossAWan(Bench bench) {
        LocalNetwork network = network(10_000);
        bench.measure(network::nanoTime, network::lookupRandomRecord);
    }

    @ScalingTest(sizes = {10, 100, 1_000, 10_000}, expect = Complexity.LOG_N, severity = Severity.WARN)
    @SeedRow(tier = 3, value = "DHT scaling O(log N)")
    @Measure(warmup = "2s", iterations = 60)
    void nodeLookupLatencyByNetworkSize(int peers, Bench bench) {
        LocalNetwork network = network(peers);
        bench.measure(network::nanoTime, network::lookupRandomNode);
    }
}
