package dev.perfgate.marketplace.p2p;

import static dev.perfgate.marketplace.p2p.SimulatedNodes.SECOND;
import static dev.perfgate.marketplace.p2p.SimulatedNodes.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * Gossip on the simulated WAN (RTT 20 to 200 ms per link, virtual clock): an announcement reaches every node once;
 * meshes keep to their bounds; lazy repair reaches nodes the mesh does not; a tampered announcement goes no further
 * than the first honest node.
 */
class GossipSimulationTests {

    private final SplittableRandom random = new SplittableRandom(11);
    private final RecordSigner publisher = RecordSigner.generate();

    @Test
    void anAnnouncementReachesEveryOneOfAThousandNodesExactlyOnce() {
        try (SimulatedNetwork network = SimulatedNetwork.builder().seed(3).build()) {
            List<KademliaNode> nodes = SimulatedNodes.join(network, 1_000, random);
            Map<KademliaNode, List<Long>> deliveries = new HashMap<>();
            List<Gossip> gossips = attach(nodes, Gossip.Settings.defaults(), deliveries, network);
            network.runFor(3 * SECOND); // three heartbeats build the meshes

            for (Gossip gossip : gossips) {
                assertThat(gossip.meshSize()).as("mesh degree").isBetween(4, 12);
            }
            long published = network.now();
            assertThat(await(network, gossips.get(0).publish(announcement("acme/web")))).isBetween(4, 12);
            network.runFor(10 * SECOND);

            List<Long> millis = new ArrayList<>();
            for (KademliaNode node : nodes.subList(1, nodes.size())) {
                assertThat(deliveries.get(node)).as("deliveries at %s", node.contact()).hasSize(1);
                millis.add((deliveries.get(node).get(0) - published) / 1_000_000);
            }
            millis.sort(null);
            System.out.printf(Locale.ROOT, "[gossip sim] 1,000 nodes: 50 %% after %d ms, 90 %% %d ms, 99 %% %d ms,"
                    + " 100 %% %d ms (virtual)%n", millis.get(499), millis.get(899), millis.get(988),
                    millis.get(998));
            assertThat(millis.get(millis.size() - 1)).as("time to reach every node, ms").isLessThan(3_000);
            long duplicates = gossips.stream().mapToLong(g -> g.counters().duplicates()).sum();
            assertThat(duplicates).as("duplicates dropped by the seen-cache").isPositive();
            assertThat(gossips.stream().mapToLong(g -> g.counters().invalid()).sum()).isZero();
        }
    }

    @Test
    void lazyRepairDeliversToNodesTheMeshDoesNotReach() {
        try (SimulatedNetwork network = SimulatedNetwork.builder().seed(5).build()) {
            List<KademliaNode> nodes = SimulatedNodes.join(network, 200, random);
            Map<KademliaNode, List<Long>> deliveries = new HashMap<>();
            // A mesh of degree 1: eager forwarding reaches one or two nodes; only IHAVE/IWANT can reach the rest.
            Gossip.Settings sparse = new Gossip.Settings(1, 1, 1, 6, Duration.ofSeconds(1), 5, 3,
                    Duration.ofMinutes(2));
            List<Gossip> gossips = attach(nodes, sparse, deliveries, network);
            network.runFor(3 * SECOND);

            await(network, gossips.get(0).publish(announcement("acme/lazy")));
            network.runFor(60 * SECOND);

            for (KademliaNode node : nodes.subList(1, nodes.size())) {
                assertThat(deliveries.get(node)).as("deliveries at %s", node.contact()).hasSize(1);
            }
            assertThat(gossips.stream().mapToLong(g -> g.counters().servedByIwant()).sum())
                    .as("messages sent in answer to IWANT").isGreaterThan(100);
        }
    }

    @Test
    void aTamperedAnnouncementIsDroppedByTheFirstHonestNodeAndNeverDelivered() {
        try (SimulatedNetwork network = SimulatedNetwork.builder().seed(9).build()) {
            List<KademliaNode> nodes = SimulatedNodes.join(network, 100, random);
            Map<KademliaNode, List<Long>> deliveries = new HashMap<>();
            List<Gossip> gossips = attach(nodes, Gossip.Settings.defaults(), deliveries, network);
            network.runFor(3 * SECOND);
            SignedRecord genuine = announcement("acme/genuine");
            byte[] payload = genuine.payload();
            payload[0] ^= 1;
            SignedRecord tampered = new SignedRecord(genuine.key(), genuine.kind(), genuine.version(),
                    genuine.ttlSeconds(), payload, genuine.publicKey(), genuine.signature());
            KademliaNode liar = nodes.get(0);
            List<Contact> victims = liar.routingContacts().subList(0, 10);
            KademliaNode victim = nodes.stream().filter(n -> n.contact().equals(victims.get(0))).findFirst()
                    .orElseThrow();
            assertThat(await(network, victim.ping(liar.contact()))).isTrue(); // one good answer on record
            double before = victim.reputation().score(liar.contact().id(), network.now());

            for (Contact target : victims) {
                liar.send(target.address(), new Message.Publish(0, liar.contact(), Gossip.TOPIC, tampered));
            }
            network.runFor(10 * SECOND);

            assertThat(deliveries.values()).allSatisfy(delivered -> assertThat(delivered).isEmpty());
            assertThat(gossips.stream().mapToLong(g -> g.counters().invalid()).sum())
                    .as("refused, by the ten nodes it was sent to and no other").isEqualTo(10);
            assertThat(gossips.stream().mapToLong(g -> g.counters().forwarded()).sum()).isZero();
            assertThat(victim.reputation().score(liar.contact().id(), network.now()))
                    .as("the liar's score at a victim").isLessThan(before);
            assertThat(await(network, gossips.get(0).publish(genuine))).isPositive(); // and the genuine one goes
            network.runFor(10 * SECOND);
            assertThat(deliveries.values().stream().filter(d -> d.size() == 1).count()).isEqualTo(99);
        }
    }

    private List<Gossip> attach(List<KademliaNode> nodes, Gossip.Settings settings,
            Map<KademliaNode, List<Long>> deliveries, SimulatedNetwork network) {
        List<Gossip> gossips = new ArrayList<>();
        for (KademliaNode node : nodes) {
            List<Long> times = new ArrayList<>();
            deliveries.put(node, times);
            gossips.add(Gossip.attach(node, settings, record -> true, (record, from) -> times.add(network.now())));
        }
        return gossips;
    }

    private SignedRecord announcement(String packageId) {
        return publisher.sign(NodeId.sha256(packageId.getBytes(StandardCharsets.UTF_8)),
                SignedRecord.Kind.ANNOUNCEMENT, 1, 3_600, (packageId + " 1.0.0").getBytes(StandardCharsets.UTF_8));
    }
}
