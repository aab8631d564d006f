package dev.perfgate.marketplace.p2p;

import static dev.perfgate.marketplace.p2p.SimulatedNodes.SECOND;
import static dev.perfgate.marketplace.p2p.SimulatedNodes.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * What happens to records over time and between publishers: expiry and republishing, several providers of one
 * content, and an announcement that belongs to the key that first made it.
 */
class RecordLifecycleTests {

    private final SplittableRandom random = new SplittableRandom(31);

    @Test
    void aRecordOutlivesItsTtlWhilePublishedAndExpiresOnceItsPublisherLeaves() {
        try (SimulatedNetwork network = SimulatedNetwork.builder().seed(8).build()) {
            List<KademliaNode> nodes = SimulatedNodes.join(network, 100, random);
            RecordSigner publisher = RecordSigner.generate();
            SignedRecord kept = publisher.sign(key("acme/kept"), SignedRecord.Kind.ANNOUNCEMENT, 1, 60, bytes("kept"));
            SignedRecord orphan = publisher.sign(key("acme/orphan"), SignedRecord.Kind.ANNOUNCEMENT, 1, 60,
                    bytes("orphan"));
            assertThat(await(network, nodes.get(1).store(kept))).isGreaterThan(10);
            assertThat(await(network, nodes.get(2).store(orphan))).isGreaterThan(10);
            nodes.get(2).close(); // the orphan's publisher leaves: nobody republishes it

            network.runFor(300 * SECOND); // five TTLs

            assertThat(await(network, nodes.get(50).findValue(kept.key(), kept.kind())).record()).contains(kept);
            assertThat(await(network, nodes.get(50).findValue(orphan.key(), orphan.kind())).record()).isEmpty();
        }
    }

    @Test
    void aContentHasOneProviderRecordPerProviderAndALookupReturnsThemAll() {
        try (SimulatedNetwork network = SimulatedNetwork.builder().seed(10).build()) {
            List<KademliaNode> nodes = SimulatedNodes.join(network, 100, random);
            NodeId content = NodeId.sha256(bytes("the archive"));
            for (int i = 0; i < 3; i++) {
                RecordSigner provider = RecordSigner.generate();
                await(network, nodes.get(i).store(provider.sign(content, SignedRecord.Kind.PROVIDER, 1, 3_600,
                        bytes("provider " + i))));
            }

            KademliaNode.Lookup lookup = await(network, nodes.get(70).findValue(content, SignedRecord.Kind.PROVIDER));

            assertThat(lookup.records()).hasSize(3).extracting(record -> new String(record.payload(),
                    StandardCharsets.UTF_8)).containsExactlyInAnyOrder("provider 0", "provider 1", "provider 2");
        }
    }

    @Test
    void aProviderLookupGathersProvidersFromEveryNodeItAsksNotOnlyTheFirst() {
        try (SimulatedNetwork network = SimulatedNetwork.builder().seed(16).build()) {
            List<KademliaNode> nodes = SimulatedNodes.join(network, 60, random);
            NodeId content = NodeId.sha256(bytes("an archive"));
            SignedRecord first = RecordSigner.generate().sign(content, SignedRecord.Kind.PROVIDER, 1, 3_600,
                    bytes("the first provider"));
            assertThat(await(network, nodes.get(1).store(first))).isGreaterThan(10);
            // 60 more nodes join; some land nearer the key than the nodes that hold the first record
            for (int i = 0; i < 60; i++) {
                KademliaNode late = KademliaNode.start(network, NodeId.random(random),
                        KademliaNode.Settings.defaults(), RecordSigner::verify, random.split());
                await(network, late.bootstrap(List.of(nodes.get(random.nextInt(nodes.size())).contact().address())));
                nodes.add(late);
            }
            SignedRecord second = RecordSigner.generate().sign(content, SignedRecord.Kind.PROVIDER, 1, 3_600,
                    bytes("a later provider"));
            assertThat(await(network, nodes.get(100).store(second))).isGreaterThan(10);

            for (KademliaNode asker : nodes.subList(70, 90)) {
                assertThat(await(network, asker.findValue(content, SignedRecord.Kind.PROVIDER)).records())
                        .as("providers found from %s", asker.contact()).contains(first, second);
            }
        }
    }

    @Test
    void anAnnouncementBelongsToTheKeyThatFirstMadeIt() {
        try (SimulatedNetwork network = SimulatedNetwork.builder().seed(12).build()) {
            List<KademliaNode> nodes = SimulatedNodes.join(network, 100, random);
            RecordSigner owner = RecordSigner.generate();
            RecordSigner squatter = RecordSigner.generate();
            SignedRecord genuine = owner.sign(key("acme/web"), SignedRecord.Kind.ANNOUNCEMENT, 1, 3_600,
                    bytes("genuine"));
            SignedRecord hijack = squatter.sign(key("acme/web"), SignedRecord.Kind.ANNOUNCEMENT, 99, 3_600,
                    bytes("hijack"));
            SignedRecord update = owner.sign(key("acme/web"), SignedRecord.Kind.ANNOUNCEMENT, 2, 3_600,
                    bytes("update"));

            assertThat(await(network, nodes.get(1).store(genuine))).isGreaterThan(10);
            assertThat(await(network, nodes.get(2).store(hijack))).as("nodes that took the hijack (its own)").isLessThanOrEqualTo(1);
            assertThat(await(network, nodes.get(3).store(update))).isGreaterThan(10);

            for (KademliaNode asker : nodes.subList(10, 20)) {
                assertThat(await(network, asker.findValue(genuine.key(), genuine.kind())).record()).contains(update);
            }
        }
    }

    @Test
    void aNodeWhoseSeedDidNotAnswerTriesAgainAndJoinsOnceItDoes() {
        try (SimulatedNetwork network = SimulatedNetwork.builder().seed(14).build()) {
            KademliaNode joiner = KademliaNode.start(network, NodeId.random(random), KademliaNode.Settings.defaults(),
                    RecordSigner::verify, random.split());
            Address seedAddress = new Address(SimulatedNetwork.HOST_PREFIX + 1, SimulatedNetwork.PORT);
            var joined = joiner.bootstrap(List.of(seedAddress)); // nobody there yet

            network.runFor(SECOND + SECOND / 2); // the first attempt timed out
            KademliaNode seed = KademliaNode.start(network, NodeId.random(random), KademliaNode.Settings.defaults(),
                    RecordSigner::verify, random.split());
            assertThat(seed.contact().address()).isEqualTo(seedAddress);

            assertThat(await(network, joined)).as("routing table after joining").isEqualTo(1);
            assertThat(seed.routingTableSize()).isEqualTo(1);
        }
    }

    @Test
    void aNodeWhoseSeedNeverAnswersGivesUpAfterThreeAttemptsWithAnEmptyTable() {
        try (SimulatedNetwork network = SimulatedNetwork.builder().seed(15).build()) {
            KademliaNode loner = KademliaNode.start(network, NodeId.random(random), KademliaNode.Settings.defaults(),
                    RecordSigner::verify, random.split());
            long start = network.now();

            assertThat(await(network, loner.bootstrap(List.of(new Address("sim-99", 1))))).isZero();
            // three attempts of a ping and its retry, 500 ms each, a second apart
            assertThat(network.now() - start).as("virtual ns until it gave up").isEqualTo(5 * SECOND);
        }
    }

    private static NodeId key(String packageId) {
        return NodeId.sha256(bytes(packageId));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
