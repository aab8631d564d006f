package dev.perfgate.marketplace.p2p;

import static dev.perfgate.marketplace.p2p.SimulatedNodes.SECOND;
import static dev.perfgate.marketplace.p2p.SimulatedNodes.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

/**
 * Retrieval on the simulated WAN: the providers the DHT names are tried best first; one serving tampered content
 * and one that does not answer are passed over, lose reputation, and the honest one serves the content, whose
 * SHA-256 is checked.
 */
class RetrieverTests {

    private final SplittableRandom random = new SplittableRandom(51);

    @Test
    void aTamperedAndASilentProviderArePassedOverAndLoseReputation() throws Exception {
        try (SimulatedNetwork network = SimulatedNetwork.builder().seed(6).build()) {
            List<KademliaNode> nodes = SimulatedNodes.join(network, 60, random);
            ContentTransport content = network.content();
            byte[] archive = new byte[100_000];
            random.nextBytes(archive);
            String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(archive));
            byte[] tampered = archive.clone();
            tampered[50_000] ^= 1;
            KademliaNode liar = nodes.get(1);
            KademliaNode silent = nodes.get(2);
            KademliaNode honest = nodes.get(3);
            provide(network, liar, content.serve(liar.endpoint(), hash -> tampered), sha256);
            provide(network, silent, content.serve(silent.endpoint(), hash -> archive), sha256);
            provide(network, honest, content.serve(honest.endpoint(), hash -> hash.equals(sha256) ? archive : null),
                    sha256);
            silent.close(); // its provider record stays in the DHT; it answers nothing
            KademliaNode asker = nodes.get(40);
            // the asker thinks best of the liar, then of the silent node: they are tried first
            for (int i = 0; i < 5; i++) {
                asker.reputation().succeeded(liar.contact().id(), 1_000_000, network.now());
                asker.reputation().provided(liar.contact().id(), network.now());
            }
            asker.reputation().succeeded(silent.contact().id(), 1_000_000, network.now());
            double liarBefore = asker.reputation().score(liar.contact().id(), network.now());
            double silentBefore = asker.reputation().score(silent.contact().id(), network.now());
            Retriever retriever = new Retriever(asker, content, Duration.ofSeconds(2));

            Retriever.Retrieval retrieval = await(network, retriever.retrieve(sha256));

            assertThat(retrieval.content()).isEqualTo(archive);
            assertThat(retrieval.provider()).isEqualTo(honest.contact());
            assertThat(retrieval.attempts()).isEqualTo(3);
            assertThat(retrieval.refused()).hasSize(2);
            assertThat(retrieval.refused().get(0)).contains("served 100000 bytes with sha256 ");
            assertThat(retrieval.refused().get(1)).contains("timed out after 2000 ms");
            assertThat(retriever.mismatches()).isEqualTo(1);
            assertThat(retriever.unavailable()).isEqualTo(1);
            assertThat(retrieval.nanos()).as("virtual ns: lookup, a fetch, a 2 s timeout, a fetch")
                    .isBetween(2 * SECOND, 4 * SECOND);
            long now = network.now();
            assertThat(asker.reputation().score(liar.contact().id(), now)).isLessThan(liarBefore);
            assertThat(asker.reputation().score(silent.contact().id(), now)).isLessThan(silentBefore);
            assertThat(asker.reputation().rank(List.of(liar.contact(), honest.contact()), now).get(0))
                    .as("the honest provider now ranks first").isEqualTo(honest.contact());
        }
    }

    @Test
    void whenNoProviderServesTheContentTheFailureListsEveryAttempt() {
        try (SimulatedNetwork network = SimulatedNetwork.builder().seed(7).build()) {
            List<KademliaNode> nodes = SimulatedNodes.join(network, 30, random);
            ContentTransport content = network.content();
            String sha256 = "ab".repeat(32);
            provide(network, nodes.get(1), content.serve(nodes.get(1).endpoint(), hash -> null), sha256);

            CompletableFuture<Retriever.Retrieval> retrieval = new Retriever(nodes.get(20), content,
                    Duration.ofSeconds(1)).retrieve(sha256);
            network.runUntil(retrieval::isDone, network.now() + 60 * SECOND);

            assertThat(retrieval).isCompletedExceptionally();
            assertThat(retrieval.handle((r, e) -> e.getMessage()).join())
                    .contains("no provider served content " + sha256 + " (1 providers found: ")
                    .contains(nodes.get(1).contact().toString());
        }
    }

    private static void provide(SimulatedNetwork network, KademliaNode node, ContentTransport.ContentServer server,
            String sha256) {
        RecordSigner signer = RecordSigner.generate();
        await(network, node.store(signer.sign(Announcement.contentKey(sha256), SignedRecord.Kind.PROVIDER, 1, 3_600,
                new ProviderRecord(node.contact(), server.address()).toPayload())));
    }

}
