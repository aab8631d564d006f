package dev.perfgate.marketplace.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The seed's reputation formula on recorded events, with an injected clock (nanoseconds). */
class ReputationTests {

    private static final long MS = 1_000_000L;
    private static final long HOUR = 3_600_000_000_000L;

    private final SplittableRandom random = new SplittableRandom(5);
    private final Reputation reputation = new Reputation();
    private final NodeId peer = NodeId.random(random);

    @Test
    void aPeerNeverHeardOfScoresZero() {
        assertThat(reputation.score(peer, 0)).isZero();
    }

    @Test
    void thePartsAddUpAsTheSeedDefinedThem() {
        // 3 of 4 requests answered, each in 99 ms; 5 packages provided; last seen 1 hour ago.
        for (int i = 0; i < 3; i++) {
            reputation.succeeded(peer, 99 * MS, 0);
        }
        reputation.failed(peer);
        for (int i = 0; i < 5; i++) {
            reputation.provided(peer, 0);
        }

        double expected = 0.5 * 0.75 + 0.25 * Math.min(1, 1000.0 / 100) + 0.15 * 0.5 + 0.10 * (1.0 / 2);
        assertThat(reputation.score(peer, HOUR)).isCloseTo(expected, within(1e-12));
    }

    @Test
    void theResponseTimeIsAnExponentialMovingAverage() {
        reputation.succeeded(peer, 1_000 * MS, 0);  // average 1,000 ms
        reputation.succeeded(peer, 4_000 * MS, 0);  // 0.7 × 1,000 + 0.3 × 4,000 = 1,900 ms

        double expected = 0.5 * 1 + 0.25 * (1000.0 / 1901) + 0 + 0.10 * 1;
        assertThat(reputation.score(peer, 0)).isCloseTo(expected, within(1e-12));
    }

    @Test
    void theScoreIsCappedAtOneAndRecencyFadesWithHours() {
        for (int i = 0; i < 20; i++) {
            reputation.succeeded(peer, 1 * MS, 0);
            reputation.provided(peer, 0);
        }
        assertThat(reputation.score(peer, 0)).isEqualTo(1.0);
        assertThat(reputation.score(peer, 9 * HOUR)).isCloseTo(0.9 + 0.10 * 0.1, within(1e-12));
    }

    @Test
    void peerSelectionPrefersHighScores() {
        NodeId good = NodeId.random(random);
        NodeId slow = NodeId.random(random);
        NodeId failing = NodeId.random(random);
        reputation.succeeded(good, 5 * MS, 0);
        reputation.succeeded(slow, 5_000 * MS, 0);
        reputation.failed(failing);
        Contact unknown = contact(NodeId.random(random), 4);

        List<Contact> ranked = reputation.rank(List.of(unknown, contact(failing, 3), contact(slow, 2),
                contact(good, 1)), 0);

        assertThat(ranked).extracting(Contact::id).containsExactly(good, slow, unknown.id(), failing);
    }

    @Test
    void aScoreTakesFarLessThanTheSeedsTenMilliseconds() {
        for (int i = 0; i < 10_000; i++) {
            reputation.succeeded(NodeId.random(random), random.nextLong(1, 500) * MS, 0);
        }
        long start = System.nanoTime();
        double sum = 0;
        for (int i = 0; i < 10_000; i++) {
            sum += reputation.score(peer, HOUR);
        }
        long perScore = (System.nanoTime() - start) / 10_000;
        // The seed's ceiling is 10 ms; one score is a map lookup and a few multiplications (wide margin: 1 ms).
        assertThat(perScore).isLessThan(1_000_000L);
        assertThat(sum).isZero(); // the peer asked about was never heard of
    }

    private static Contact contact(NodeId id, int port) {
        return new Contact(id, new Address("127.0.0.1", port));
    }
}
