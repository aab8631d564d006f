package dev.perfgate.marketplace.p2p;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Search across the network: the local index first, then the best peers by reputation, asked in parallel, with a
 * deadline; whatever answered by then is merged with the local hits, de-duplicated by package and ranked. Also
 * answers other nodes' searches from the local index.
 *
 * <p>Ranking: by the best score any index gave the package, then by how many indexes returned it, then by id.
 * Scores from different indexes are only roughly comparable (BM25 depends on each index's statistics); a package
 * several peers return ranks above one only a single peer knows at the same score.
 *
 * <pre>{@code
 * DistributedSearch search = DistributedSearch.attach(node, (query, limit) -> localHits(query, limit), 8);
 * DistributedSearch.Result result = search.search("json parser", 10, Duration.ofMillis(300)).join();
 * }</pre>
 */
public final class DistributedSearch {

    /** A node's own index: the hits for {@code query}, best first, at most {@code limit}. Called on its executor. */
    @FunctionalInterface
    public interface LocalIndex {
        List<Message.SearchHit> search(String query, int limit);
    }

    /**
     * A merged result.
     *
     * @param hits          de-duplicated and ranked, at most the limit asked
     * @param peersAsked    peers sent the query
     * @param peersAnswered peers whose hits arrived before the deadline
     * @param nanos         from the call to the result, on the node's clock
     */
    public record Result(List<Message.SearchHit> hits, int peersAsked, int peersAnswered, long nanos) {
        public Result {
            hits = List.copyOf(hits);
        }
    }

    private final KademliaNode node;
    private final LocalIndex index;
    private final int fanout;
    private long served;

    private DistributedSearch(KademliaNode node, LocalIndex index, int fanout) {
        this.node = node;
        this.index = index;
        this.fanout = fanout;
    }

    /**
     * Makes {@code node} answer searches from {@code index} and search the network.
     *
     * @param fanout how many peers a search asks (the best by reputation), e.g. 8
     */
    public static DistributedSearch attach(KademliaNode node, LocalIndex index, int fanout) {
        requireNonNull(node, "node");
        requireNonNull(index, "index");
        if (fanout < 1) {
            throw new IllegalArgumentException("fanout [" + fanout + "] peers, at least 1 expected, e.g. 8");
        }
        DistributedSearch search = new DistributedSearch(node, index, fanout);
        node.register(search::receive);
        return search;
    }

    /** Searches answered for other nodes (call on the node's executor, or when the network is idle). */
    public long served() {
        return served;
    }

    /**
     * Searches here and at the best {@code fanout} peers; completes on the node's executor at the deadline, or
     * sooner when every peer asked answered or failed.
     *
     * @param limit    most hits, 1 to {@value Message#MAX_HITS}
     * @param deadline how long to wait for peers
     */
    public CompletableFuture<Result> search(String query, int limit, Duration deadline) {
        Message.Search probe = new Message.Search(0, node.contact(), query, limit); // checks query and limit now
        requireNonNull(deadline, "deadline");
        CompletableFuture<Result> result = new CompletableFuture<>();
        node.scheduler().execute(() -> new Round(probe, deadline, result).start());
        return result;
    }

    private boolean receive(Message message) {
        if (!(message instanceof Message.Search search)) {
            return false;
        }
        served++;
        List<Message.SearchHit> hits = index.search(search.query(), search.limit());
        node.send(search.sender().address(), new Message.SearchHits(search.rpcId(), node.contact(),
                hits.size() > search.limit() ? hits.subList(0, search.limit()) : hits));
        return true;
    }

    /** One search: local hits, outstanding peers, the deadline. */
    private final class Round {
        private final Message.Search probe;
        private final Duration deadline;
        private final CompletableFuture<Result> result;
        private final long started;
        private final Map<String, Merged> merged = new HashMap<>();
        private int asked;
        private int answered;
        private int outstanding;
        private Transport.Cancellable timer = () -> { };

        Round(Message.Search probe, Duration deadline, CompletableFuture<Result> result) {
            this.probe = probe;
            this.deadline = deadline;
            this.result = result;
            this.started = node.scheduler().nanoTime();
        }

        void start() {
            merge(index.search(probe.query(), probe.limit()));
            long now = node.scheduler().nanoTime();
            List<Contact> peers = node.reputation().rank(node.routingContacts(), now);
            List<Contact> chosen = peers.subList(0, Math.min(fanout, peers.size()));
            asked = chosen.size();
            outstanding = asked;
            if (outstanding == 0) {
                finish();
                return;
            }
            timer = node.scheduler().schedule(deadline.toNanos(), this::finish);
            for (Contact peer : chosen) {
                node.request(peer.address(), peer.id(),
                        rpcId -> new Message.Search(rpcId, node.contact(), probe.query(), probe.limit()), response -> {
                            if (response instanceof Message.SearchHits hits && !result.isDone()) {
                                answered++;
                                merge(hits.hits());
                            }
                            done();
                        }, this::done);
            }
        }

        private void done() {
            if (--outstanding == 0) {
                timer.cancel();
                finish();
            }
        }

        private void merge(List<Message.SearchHit> hits) {
            for (Message.SearchHit hit : hits) {
                Merged entry = merged.computeIfAbsent(hit.packageId(), id -> new Merged());
                entry.sources++;
                if (entry.best == null || hit.score() > entry.best.score()) {
                    entry.best = hit;
                }
            }
        }

        private void finish() {
            if (result.isDone()) {
                return;
            }
            List<Merged> ranked = new ArrayList<>(merged.values());
            ranked.sort(Comparator.comparingDouble((Merged m) -> m.best.score()).reversed()
                    .thenComparing(Comparator.comparingInt((Merged m) -> m.sources).reversed())
                    .thenComparing(m -> m.best.packageId()));
            List<Message.SearchHit> hits = ranked.stream().limit(probe.limit()).map(m -> m.best).toList();
            result.complete(new Result(hits, asked, answered, node.scheduler().nanoTime() - started));
        }
    }

    private static final class Merged {
        Message.SearchHit best;
        int sources;
    }
}
