package dev.perfgate.marketplace.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

/**
 * The DHT on the simulated WAN (RTT 20 to 200 ms per link, virtual clock): lookups find every stored record, also
 * after 20 % of the nodes died, under 5 % datagram loss, and across a partition once it healed; tampered records are
 * refused by every honest node.
 */
class KademliaSimulationTests {

    private static final long SECOND = 1_000_000_000L;

    private final SplittableRandom random = new SplittableRandom(42);
    private final RecordSigner publisher = RecordSigner.generate();

    @Test
    void lookupsFindEveryStoredRecordAndHopsGrowSlowly() {
        for (int size : new int[] {10, 100, 1_000}) {
            try (SimulatedNetwork network = SimulatedNetwork.builder().seed(size).build()) {
                List<KademliaNode> nodes = network(network, size);
                List<SignedRecord> records = storeRecords(network, nodes, 20);

                Outcome outcome = lookUp(network, nodes, records);

                System.out.printf(Locale.ROOT, "[kademlia sim] %,d nodes: %d of %d found, hops mean %.2f max %d,"
                        + " lookup p50 %.0f ms (virtual)%n", size, outcome.found, records.size(), outcome.meanHops(),
                        outcome.maxHops, outcome.medianMillis());
                assertThat(outcome.found).as("records found at %d nodes", size).isEqualTo(records.size());
                assertThat(outcome.meanHops()).as("mean hops at %d nodes", size).isLessThanOrEqualTo(
                        1 + Math.log(size) / Math.log(2) / 2); // log N with a wide margin; k = 20 makes it smaller
            }
        }
    }

    @Test
    void recordsSurviveTheDeathOfAFifthOfTheNodes() {
        try (SimulatedNetwork network = SimulatedNetwork.builder().seed(7).build()) {
            List<KademliaNode> nodes = network(network, 300);
            List<SignedRecord> records = storeRecords(network, nodes, 20);
            List<KademliaNode> alive = new ArrayList<>(nodes);
            for (int killed = 0; killed < nodes.size() / 5; killed++) {
                alive.remove(random.nextInt(alive.size())).close();
            }

            assertThat(lookUp(network, alive, records).found).isEqualTo(records.size());
        }
    }

    @Test
    void lookupsSucceedUnderFivePercentLoss() {
        try (SimulatedNetwork network = SimulatedNetwork.builder().seed(11).loss(0.05).build()) {
            List<KademliaNode> nodes = network(network, 300);
            List<SignedRecord> records = storeRecords(network, nodes, 20);

            assertThat(lookUp(network, nodes, records).found).isEqualTo(records.size());
            assertThat(network.stats().lost()).isPositive();
        }
    }

    @Test
    void afterAPartitionHealsLookupsAcrossItSucceedAgain() {
        try (SimulatedNetwork network = SimulatedNetwork.builder().seed(13).build()) {
            List<KademliaNode> nodes = network(network, 200);
            List<Address> half = nodes.subList(0, 100).stream().map(node -> node.contact().address()).toList();
            List<Address> other = nodes.subList(100, 200).stream().map(node -> node.contact().address()).toList();
            network.partition(List.of(half, other));
            SignedRecord record = publisher.sign(NodeId.sha256("acme/web".getBytes(StandardCharsets.UTF_8)),
                    SignedRecord.Kind.ANNOUNCEMENT, 1, 3_600, "acme/web 1.0.0".getBytes(StandardCharsets.UTF_8));
            await(network, nodes.get(0).store(record));
            CompletableFuture<KademliaNode.Lookup> during = nodes.get(150).findValue(record.key(), record.kind());
            await(network, during);

            network.heal();
            CompletableFuture<KademliaNode.Lookup> after = nodes.get(150).findValue(record.key(), record.kind());
            await(network, after);

            assertThat(during.join().record()).as("not across the partition").isEmpty();
            assertThat(after.join().record()).as("across it once healed").contains(record);
        }
    }

    @Test
    void aTamperedRecordIsRefusedByEveryHonestNode() {
        try (SimulatedNetwork network = SimulatedNetwork.builder().seed(17).build()) {
            List<KademliaNode> nodes = network(network, 100);
            SignedRecord genuine = publisher.sign(NodeId.sha256("acme/web".getBytes(StandardCharsets.UTF_8)),
                    SignedRecord.Kind.ANNOUNCEMENT, 1, 3_600, "sha256:1111".getBytes(StandardCharsets.UTF_8));
            SignedRecord tampered = new SignedRecord(genuine.key(), genuine.kind(), genuine.version(),
                    genuine.ttlSeconds(), "sha256:6666".getBytes(StandardCharsets.UTF_8), genuine.publicKey(),
                    genuine.signature());
            SignedRecord forged = RecordSigner.generate().sign(genuine.key(), genuine.kind(), 2, 3_600,
                    "sha256:6666".getBytes(StandardCharsets.UTF_8));
            SignedRecord forgedWithGenuineKey = new SignedRecord(forged.key(), forged.kind(), forged.version(),
                    forged.ttlSeconds(), forged.payload(), genuine.publicKey(), forged.signature());

            assertThat(await(network, nodes.get(3).store(tampered))).as("nodes that kept a tampered record").isZero();
            assertThat(await(network, nodes.get(4).store(forgedWithGenuineKey))).isZero();
            assertThat(nodes.stream().mapToInt(KademliaNode::recordCount).sum()).isZero();
            assertThat(nodes.stream().mapToLong(node -> node.counters().refusedRecords()).sum()).isPositive();
            assertThat(await(network, nodes.get(5).findValue(genuine.key(), genuine.kind())).record()).isEmpty();
        }
    }

    @Test
    void reputationIsRecordedFromRealRequests() {
        try (SimulatedNetwork network = SimulatedNetwork.builder().seed(19).build()) {
            List<KademliaNode> nodes = network(network, 50);
            KademliaNode asker = nodes.get(10);
            KademliaNode silent = nodes.get(20);
            silent.close(); // answers nothing from now on

            KademliaNode.Lookup lookup = await(network, asker.findNode(silent.contact().id()));

            Reputation reputation = asker.reputation();
            long now = network.now();
            Contact answered = lookup.closest().get(0);
            assertThat(lookup.closest()).as("the silent node never answered").doesNotContain(silent.contact());
            assertThat(asker.counters().timeouts()).as("it was asked, and timed out").isPositive();
            // Asked (it is nearest to its own id) and timed out: it ranks below a node that answered.
            assertThat(reputation.score(answered.id(), now)).isGreaterThan(0.5);
            assertThat(reputation.score(silent.contact().id(), now)).isLessThan(reputation.score(answered.id(), now));
            assertThat(reputation.rank(List.of(silent.contact(), answered), now)).containsExactly(answered,
                    silent.contact());
        }
    }

    // ------------------------------------------------------------------ helpers

    /** {@code size} nodes, each joining through a random node that joined before it. */
    private List<KademliaNode> network(SimulatedNetwork network, int size) {
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

    private List<SignedRecord> storeRecords(SimulatedNetwork network, List<KademliaNode> nodes, int count) {
        List<SignedRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            SignedRecord record = publisher.sign(NodeId.sha256(("package-" + i).getBytes(StandardCharsets.UTF_8)),
                    SignedRecord.Kind.ANNOUNCEMENT, 1, 3_600, ("package-" + i + " 1.0.0").getBytes(StandardCharsets.UTF_8));
            assertThat(await(network, nodes.get(random.nextInt(nodes.size())).store(record))).isPositive();
            records.add(record);
        }
        return records;
    }

    /** Each record looked up from a random node. */
    private Outcome lookUp(SimulatedNetwork network, List<KademliaNode> nodes, List<SignedRecord> records) {
        Outcome outcome = new Outcome();
        for (SignedRecord record : records) {
            long start = network.now();
            KademliaNode.Lookup lookup = await(network, nodes.get(random.nextInt(nodes.size()))
                    .findValue(record.key(), record.kind()));
            outcome.millis.add((network.now() - start) / 1e6);
            if (lookup.record().filter(record::equals).isPresent()) {
                outcome.found++;
                outcome.hops.add(lookup.hops());
                outcome.maxHops = Math.max(outcome.maxHops, lookup.hops());
            }
        }
        return outcome;
    }

    private static <T> T await(SimulatedNetwork network, CompletableFuture<T> future) {
        assertThat(network.runUntil(future::isDone, network.now() + 120 * SECOND))
                .as("done within 120 s of virtual time").isTrue();
        return future.join();
    }

    private static final class Outcome {
        int found;
        int maxHops;
        final List<Integer> hops = new ArrayList<>();
        final List<Double> millis = new ArrayList<>();

        double meanHops() {
            return hops.stream().mapToInt(Integer::intValue).average().orElse(Double.NaN);
        }

        double medianMillis() {
            return millis.stream().mapToDouble(Double::doubleValue).sorted().skip(millis.size() / 2).findFirst()
                    .orElse(Double.NaN);
        }
    }
}
