package dev.perfgate.marketplace.p2p;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a node has seen of its peers, and the score it ranks them by, as the seed plan defined it:
 *
 * <pre>
 * score = 0.50 × success rate
 *       + 0.25 × min(1, 1000 / (average response ms + 1))       average: exponential moving average, 0.7 old / 0.3 new
 *       + 0.15 × min(1, packages provided / 10)
 *       + 0.10 × min(1, 1 / (hours since last seen + 1))
 * capped at 1
 * </pre>
 *
 * <p>Every figure is recorded from what really happened: a request answered or not, its response time, a record
 * or content it provided, when it was last heard from. A peer never heard of scores 0. Like the node it belongs to,
 * this class is used from one thread.
 */
public final class Reputation {

    /** Weight of the previous average response time in the moving average. */
    static final double RESPONSE_AVERAGE_KEEP = 0.7;

    private final Map<NodeId, Peer> peers = new HashMap<>();

    /** A request to {@code peer} was answered after {@code responseNanos}, at {@code nowNanos}. */
    public void succeeded(NodeId peer, long responseNanos, long nowNanos) {
        Peer record = peer(peer);
        record.successes++;
        double millis = responseNanos / 1e6;
        record.averageResponseMillis = record.successes == 1 ? millis
                : RESPONSE_AVERAGE_KEEP * record.averageResponseMillis + (1 - RESPONSE_AVERAGE_KEEP) * millis;
        record.lastSeenNanos = nowNanos;
    }

    /** A request to {@code peer} timed out, or its answer was wrong (a record or content that did not verify). */
    public void failed(NodeId peer) {
        peer(peer).failures++;
    }

    /** {@code peer} provided a package (a verified record or content) at {@code nowNanos}. */
    public void provided(NodeId peer, long nowNanos) {
        Peer record = peer(peer);
        record.packagesProvided++;
        record.lastSeenNanos = nowNanos;
    }

    /** The score of {@code peer} at {@code nowNanos}, from 0 to 1; 0 for a peer never heard of. */
    public double score(NodeId peer, long nowNanos) {
        Peer record = peers.get(requireNonNull(peer, "peer"));
        if (record == null) {
            return 0;
        }
        long requests = record.successes + record.failures;
        double successRate = requests == 0 ? 0 : (double) record.successes / requests;
        double responseScore = record.successes == 0 ? 0 : Math.min(1, 1000 / (record.averageResponseMillis + 1));
        double availability = Math.min(1, record.packagesProvided / 10.0);
        double recency = record.lastSeenNanos == Long.MIN_VALUE ? 0
                : Math.min(1, 1 / (Math.max(0, nowNanos - record.lastSeenNanos) / 3.6e12 + 1));
        return Math.min(1, 0.5 * successRate + 0.25 * responseScore + 0.15 * availability + 0.10 * recency);
    }

    /** {@code candidates} ranked best first (ties keep their order): peer selection prefers high scores. */
    public List<Contact> rank(List<Contact> candidates, long nowNanos) {
        List<Contact> ranked = new ArrayList<>(candidates);
        Map<NodeId, Double> scores = new HashMap<>();
        for (Contact contact : candidates) {
            scores.put(contact.id(), score(contact.id(), nowNanos));
        }
        ranked.sort(Comparator.comparing((Contact contact) -> scores.get(contact.id())).reversed());
        return ranked;
    }

    /** Peers with a record. */
    public int size() {
        return peers.size();
    }

    private Peer peer(NodeId id) {
        return peers.computeIfAbsent(requireNonNull(id, "peer"), key -> new Peer());
    }

    private static final class Peer {
        long successes;
        long failures;
        double averageResponseMillis;
        long packagesProvided;
        long lastSeenNanos = Long.MIN_VALUE;
    }
}
