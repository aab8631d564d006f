package dev.perfgate.marketplace.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

/** Networks of nodes on a simulated network, for the tests of what runs on the DHT. */
final class SimulatedNodes {

    static final long SECOND = 1_000_000_000L;

    private SimulatedNodes() {
    }

    /** {@code size} nodes, each joining through a random node that joined before it. */
    static List<KademliaNode> join(SimulatedNetwork network, int size, SplittableRandom random) {
        List<KademliaNode> nodes = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            KademliaNode node = KademliaNode.start(network, NodeId.random(random), KademliaNode.Settings.defaults(),
                    RecordSigner::verify, random.split());
            if (!nodes.isEmpty()) {
                await(network, node.bootstrap(List.of(nodes.get(random.nextInt(nodes.size())).contact().address())));
            }
            nodes.add(node);
        }
        return nodes;
    }

    static <T> T await(SimulatedNetwork network, CompletableFuture<T> future) {
        assertThat(network.runUntil(future::isDone, network.now() + 120 * SECOND))
                .as("done within 120 s of virtual time").isTrue();
        return future.join();
    }
}
