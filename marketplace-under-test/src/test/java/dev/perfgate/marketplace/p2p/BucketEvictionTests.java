package dev.perfgate.marketplace.p2p;

import static dev.perfgate.marketplace.p2p.SimulatedNodes.SECOND;
import static dev.perfgate.marketplace.p2p.SimulatedNodes.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * Who a full k-bucket keeps, on the simulated network's clock: Kademlia's preference for old contacts, with BEP 5's
 * rule that a contact heard from in the last 15 minutes is good and is not pinged for a newcomer.
 */
class BucketEvictionTests {

    /** k = 1, so that one contact fills a bucket. */
    private static final KademliaNode.Settings ONE_PER_BUCKET = new KademliaNode.Settings(1, Duration.ofMillis(500),
            1);

    @Test
    void aGoodContactIsNotPingedForANewcomerAndOneSilentFor15MinutesIsAndLeavesWhenDead() {
        try (SimulatedNetwork network = SimulatedNetwork.builder().seed(3).build()) {
            SplittableRandom random = new SplittableRandom(3);
            KademliaNode a = KademliaNode.start(network, NodeId.random(random), ONE_PER_BUCKET, RecordSigner::verify,
                    random.split());
            KademliaNode b = inFarthestBucketOf(network, a, random);
            KademliaNode c = inFarthestBucketOf(network, a, random);

            assertThat(await(network, b.ping(a.contact()))).isTrue();
            assertThat(a.routingTable().contacts()).containsExactly(b.contact());

            long sentBefore = network.stats().sent();
            assertThat(await(network, c.ping(a.contact()))).isTrue();
            network.runFor(5 * SECOND);
            assertThat(network.stats().sent() - sentBefore).as("datagrams: c's ping and a's answer, no ping of b")
                    .isEqualTo(2);
            assertThat(a.routingTable().contacts()).containsExactly(b.contact());

            b.close();
            network.runFor(16 * 60 * SECOND); // b is silent for longer than it stays good
            assertThat(await(network, c.ping(a.contact()))).isTrue();
            network.runFor(5 * SECOND); // a pings b, which does not answer (twice: one retry), and evicts it

            assertThat(a.routingTable().contacts()).containsExactly(c.contact());
        }
    }

    /** A new node whose id falls into the farthest bucket of {@code of}. */
    private static KademliaNode inFarthestBucketOf(SimulatedNetwork network, KademliaNode of,
            SplittableRandom random) {
        NodeId self = of.contact().id();
        while (true) {
            NodeId id = NodeId.random(random);
            if (self.bucketIndex(id) == NodeId.BITS - 1) {
                return KademliaNode.start(network, id, ONE_PER_BUCKET, RecordSigner::verify, random.split());
            }
        }
    }
}
