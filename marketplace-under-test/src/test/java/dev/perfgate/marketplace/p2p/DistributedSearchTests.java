package dev.perfgate.marketplace.p2p;

import static dev.perfgate.marketplace.p2p.SimulatedNodes.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** Distributed search over 50 simulated peers: merged, de-duplicated, ranked, and bounded by its deadline. */
class DistributedSearchTests {

    private final SplittableRandom random = new SplittableRandom(21);

    @Test
    void mergesTheLocalAndThePeersHitsWithoutDuplicatesBestFirst() {
        try (SimulatedNetwork network = SimulatedNetwork.builder().seed(2).build()) {
            List<KademliaNode> nodes = SimulatedNodes.join(network, 50, random);
            List<DistributedSearch> searches = new ArrayList<>();
            for (int i = 0; i < nodes.size(); i++) {
                int peer = i;
                // every peer knows "common/json" (score 1); peer i also knows "peer-i/json" with score i
                searches.add(DistributedSearch.attach(nodes.get(i), (query, limit) -> query.equals("json")
                        ? List.of(new Message.SearchHit("peer-" + peer + "/json", "1.0.0", peer),
                        new Message.SearchHit("common/json", "2.0.0", 1))
                        : List.of(), 8));
            }

            DistributedSearch.Result result = await(network, searches.get(0).search("json", 20,
                    Duration.ofSeconds(2)));

            assertThat(result.peersAsked()).isEqualTo(8);
            assertThat(result.peersAnswered()).isEqualTo(8);
            List<String> ids = result.hits().stream().map(Message.SearchHit::packageId).toList();
            assertThat(ids).doesNotHaveDuplicates().contains("peer-0/json", "common/json").hasSize(10);
            assertThat(result.hits()).isSortedAccordingTo((a, b) -> Float.compare(b.score(), a.score()));
            assertThat(searches.stream().mapToLong(DistributedSearch::served).sum()).isEqualTo(8);
            assertThat(result.nanos()).as("at most the deadline").isLessThanOrEqualTo(Duration.ofSeconds(2).toNanos());
        }
    }

    @Test
    void aPeerThatDoesNotAnswerCostsNoMoreThanTheDeadline() {
        try (SimulatedNetwork network = SimulatedNetwork.builder().seed(4).build()) {
            List<KademliaNode> nodes = SimulatedNodes.join(network, 20, random);
            DistributedSearch asker = DistributedSearch.attach(nodes.get(0),
                    (query, limit) -> List.of(new Message.SearchHit("local/one", "1.0.0", 3)), 19);
            for (KademliaNode node : nodes.subList(1, 10)) { // 10 of 19 peers speak search; the rest do not answer
                DistributedSearch.attach(node, (query, limit) -> List.of(new Message.SearchHit("remote/"
                        + node.contact().id().shortHex(), "1.0.0", 2)), 8);
            }

            long start = network.now();
            DistributedSearch.Result result = await(network, asker.search("anything", 20, Duration.ofMillis(300)));

            assertThat(network.now() - start).as("virtual ns until the result").isEqualTo(300_000_000L);
            assertThat(result.hits().get(0).packageId()).isEqualTo("local/one");
            assertThat(result.peersAnswered()).isBetween(1, 9);
            assertThat(result.hits()).hasSize(1 + result.peersAnswered());
        }
    }

    @Test
    void refusesABadQueryOrLimitNamingIt() {
        try (SimulatedNetwork network = SimulatedNetwork.create()) {
            DistributedSearch search = DistributedSearch.attach(SimulatedNodes.join(network, 1, random).get(0),
                    (query, limit) -> List.of(), 8);

            assertThatIllegalArgumentException().isThrownBy(() -> search.search("", 10, Duration.ofSeconds(1)))
                    .withMessage("query [] must be 1 to 200 bytes of UTF-8, e.g. \"json parser\"");
            assertThatIllegalArgumentException().isThrownBy(() -> search.search("json", 21, Duration.ofSeconds(1)))
                    .withMessage("limit [21], 1 to 20 expected");
        }
    }
}
