package dev.perfgate.perftests.seed.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.perfgate.Bench;
import dev.perfgate.MemoryBudget;
import dev.perfgate.marketplace.p2p.LocalNetwork;
import dev.perfgate.perftests.seed.SeedRow;

/**
 * The seed's "Memory per peer < 200 MB": the heap 1,000 joined nodes keep alive (routing tables, the verdict caches,
 * the simulated network's share), per node. The simulated network, so that five repetitions cost no sockets or threads.
 */
class MemoryPerPeerPerfTests {

    @Test
    @SeedRow(tier = 2, value = "Memory per peer < 200 MB (1,000 nodes)")
    @MemoryBudget(retainedPerUnit = "200MB")
    void retainedHeapPerNodeOfAThousand(Bench bench) {
        long[] seed = {1};
        double perPeer = bench.retained(1_000, () -> LocalNetwork.simulated(1_000, seed[0]++));
        assertThat(perPeer).as("bytes per node").isPositive();
    }
}
