package dev.perfgate.marketplace.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

/** {@link LocalNetwork}'s networks on the simulated WAN: grown by joins, and started in a steady state. */
class LocalNetworkTests {

    /**
     * A steady-state network's routing tables hold what Kademlia's rules allow and nothing else: at most k contacts
     * per bucket, each in the bucket its distance puts it in, never the node itself; and a bucket is filled whenever
     * the network has at least k nodes in its range, so lookups find every record stored by the real protocol.
     */
    @Test
    void aSteadyStateNetworkHasFullValidRoutingTablesAndFindsItsRecords() {
        try (LocalNetwork network = LocalNetwork.simulatedSteadyState(2_000, 7)) {
            List<KademliaNode> nodes = network.nodes();
            assertThat(nodes).hasSize(2_000);
            int k = KademliaNode.Settings.defaults().k();
            for (KademliaNode node : nodes.subList(0, 50)) {
                NodeId self = node.contact().id();
                int[] inBucket = new int[NodeId.BITS];
                int[] inRange = new int[NodeId.BITS];
                for (KademliaNode other : nodes) {
                    if (other != node) {
                        inRange[self.bucketIndex(other.contact().id())]++;
                    }
                }
                RoutingTable routing = node.routingTable();
                for (Contact contact : routing.contacts()) {
                    assertThat(contact.id()).isNotEqualTo(self);
                    inBucket[self.bucketIndex(contact.id())]++;
                }
                for (int bucket = 0; bucket < NodeId.BITS; bucket++) {
                    assertThat(inBucket[bucket]).as("bucket %s of %s", bucket, self.shortHex())
                            .isEqualTo(Math.min(k, inRange[bucket]));
                }
            }
            network.storeRecords(20);
            for (int i = 0; i < 100; i++) {
                network.lookupRandomRecord(); // throws when a record is not found
            }
        }
    }

    @Test
    void aSteadyStateNetworkIsTheSameForTheSameSeed() {
        try (LocalNetwork first = LocalNetwork.simulatedSteadyState(300, 11);
             LocalNetwork second = LocalNetwork.simulatedSteadyState(300, 11)) {
            for (int i = 0; i < 300; i++) {
                assertThat(second.nodes().get(i).routingTable().contacts())
                        .containsExactlyElementsOf(first.nodes().get(i).routingTable().contacts());
            }
        }
    }

    @Test
    void aNetworkOfNoNodesIsRefusedWithAnExample() {
        assertThatThrownBy(() -> LocalNetwork.simulatedSteadyState(0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("peers must be at least 1, was 0 (e.g. 10000)");
    }
}
