package dev.perfgate.perftests.seed.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.perfgate.Bench;
import dev.perfgate.Measure;
import dev.perfgate.Sla;
import dev.perfgate.marketplace.p2p.LocalNetwork;
import dev.perfgate.perftests.seed.SeedRow;

/**
 * The seed's "Bootstrap @ 10 peers < 2 s (p99)": a node joins a network of 10 across the simulated WAN (RTT 20 to
 * 200 ms per link): it pings its seed, looks up its own id and refreshes its buckets, a dozen round trips. Each
 * join is into a new network of 10, so that every one joins the same kind of network; the clock given to perfgate is
 * the WAN time of the joins alone (the virtual time each took, added up), so building each network is not measured.
 * On loopback a join takes about a millisecond (see {@code UdpDhtPerfTests}).
 */
class BootstrapPerfTests {

    @Test
    @SeedRow(tier = 1, value = "Bootstrap @ 10 peers < 2 s (p99), across a 20-200 ms WAN")
    // a warmup of 5 s of join time (about 7 joins): the measurement's blocks are sized from it, and without one they
    // were 62 ms of a clock on which a join takes 750 ms, 13,000 blocks for the baseline comparison to resample
    @Measure(warmup = "5s", iterations = 100)
    @Sla(p99 = "2s")
    void aNodeJoinsANetworkOfTen(Bench bench) {
        long[] joining = {0};
        long[] seed = {1};
        bench.measure(() -> joining[0], () -> {
            try (LocalNetwork network = LocalNetwork.simulated(10, seed[0]++)) {
                joining[0] += (long) (network.grow(1).get(0) * 1e6);
                assertThat(network.size()).isEqualTo(11);
            }
        });
    }
}
