package dev.perfgate.marketplace.p2p;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

import io.opentelemetry.api.common.Attributes;

import dev.perfgate.marketplace.registry.BlobStore;

/**
 * Fetches content by its SHA-256 from the providers the DHT names, and checks it: the provider records under the
 * content's key are looked up, the providers ranked by this node's {@link Reputation}, and each asked in turn until
 * one serves content whose SHA-256 is the one asked for. A provider that times out, fails or serves anything else
 * loses reputation, and the next is tried; one that serves the right content gains it.
 *
 * <pre>{@code
 * Retriever retriever = new Retriever(node, content, Duration.ofSeconds(2));
 * byte[] archive = retriever.retrieve(metadata.sha256()).join().content();
 * }</pre>
 */
public final class Retriever {

    private final KademliaNode node;
    private final ContentTransport content;
    private final Duration perProvider;
    private long mismatches;
    private long unavailable;

    /**
     * @param perProvider how long one provider has to serve the whole content before the next is tried
     */
    public Retriever(KademliaNode node, ContentTransport content, Duration perProvider) {
        this.node = requireNonNull(node, "node");
        this.content = requireNonNull(content, "content");
        this.perProvider = requireNonNull(perProvider, "perProvider");
        if (perProvider.isNegative() || perProvider.isZero()) {
            throw new IllegalArgumentException("per-provider timeout [" + perProvider + "], expected e.g. PT2S");
        }
    }

    /**
     * A content retrieved and verified.
     *
     * @param content  the bytes, whose SHA-256 is the one asked for
     * @param provider who served them
     * @param attempts providers asked, this one included
     * @param nanos    from the call to the verified content, on the node's clock (lookup included)
     * @param refused  each provider that failed before, and why
     */
    public record Retrieval(byte[] content, Contact provider, int attempts, long nanos, List<String> refused) {
        public Retrieval {
            refused = List.copyOf(refused);
        }
    }

    /** Thrown (as the cause of the future's failure) when no provider served the content. */
    public static final class RetrievalException extends RuntimeException {
        RetrievalException(String message) {
            super(message);
        }
    }

    /** Contents refused because their hash did not match (call on the node's executor, or when idle). */
    public long mismatches() {
        return mismatches;
    }

    /** Provider attempts that timed out or failed. */
    public long unavailable() {
        return unavailable;
    }

    /**
     * Retrieves the content with this SHA-256 (64 lower-case hex digits); completes on the node's executor, or
     * exceptionally with a {@link RetrievalException} listing every provider tried and why it failed.
     */
    public CompletableFuture<Retrieval> retrieve(String sha256) {
        NodeId key = Announcement.contentKey(requireNonNull(sha256, "sha256"));
        long started = node.scheduler().nanoTime();
        P2pTelemetry.Operation span = node.telemetry().operation(P2pTelemetry.RETRIEVE, Attributes.empty());
        CompletableFuture<Retrieval> result = new CompletableFuture<>();
        node.findValue(key, SignedRecord.Kind.PROVIDER).whenComplete((lookup, failure) ->
                node.scheduler().execute(() -> {
                    if (failure != null) {
                        result.completeExceptionally(failure);
                        return;
                    }
                    List<ProviderRecord> providers = new ArrayList<>();
                    List<String> refused = new ArrayList<>();
                    for (SignedRecord record : lookup.records()) {
                        try {
                            providers.add(ProviderRecord.parse(record.payload()));
                        } catch (IllegalArgumentException e) {
                            refused.add("a provider record that does not parse: " + e.getMessage());
                        }
                    }
                    List<Contact> ranked = node.reputation().rank(providers.stream().map(ProviderRecord::node)
                            .toList(), node.scheduler().nanoTime());
                    List<ProviderRecord> order = new ArrayList<>();
                    for (Contact contact : ranked) {
                        providers.stream().filter(p -> p.node().equals(contact)).findFirst().ifPresent(order::add);
                    }
                    attempt(sha256, order, 0, refused, started, result);
                }));
        result.whenComplete((retrieval, failure) -> {
            if (retrieval != null) {
                span.set(P2pTelemetry.ATTEMPTS, retrieval.attempts()).set(P2pTelemetry.BYTES,
                        retrieval.content().length);
            }
            span.end(failure);
        });
        return result;
    }

    private void attempt(String sha256, List<ProviderRecord> providers, int index, List<String> refused, long started,
            CompletableFuture<Retrieval> result) {
        if (index == providers.size()) {
            result.completeExceptionally(new RetrievalException("no provider served content " + sha256 + " ("
                    + providers.size() + " providers found" + (refused.isEmpty() ? "" : ": " + String.join("; ",
                    refused)) + ")"));
            return;
        }
        ProviderRecord provider = providers.get(index);
        NodeId peer = provider.node().id();
        long asked = node.scheduler().nanoTime();
        content.fetch(node.endpoint(), provider.content(), sha256, perProvider)
                .thenApply(bytes -> new Object[] {bytes, BlobStore.sha256(bytes)}) // hashed on the completing thread
                .whenComplete((fetched, failure) -> node.scheduler().execute(() -> {
                    long now = node.scheduler().nanoTime();
                    if (failure != null) {
                        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                                ? failure.getCause() : failure;
                        unavailable++;
                        node.reputation().failed(peer);
                        refused.add(provider.node() + " " + (cause instanceof TimeoutException ? "timed out after "
                                + perProvider.toMillis() + " ms" : "failed: " + cause));
                        attempt(sha256, providers, index + 1, refused, started, result);
                        return;
                    }
                    byte[] bytes = (byte[]) fetched[0];
                    String actual = (String) fetched[1];
                    if (!actual.equals(sha256)) {
                        mismatches++;
                        node.reputation().failed(peer);
                        refused.add(provider.node() + " served " + bytes.length + " bytes with sha256 " + actual);
                        attempt(sha256, providers, index + 1, refused, started, result);
                        return;
                    }
                    node.reputation().succeeded(peer, now - asked, now);
                    node.reputation().provided(peer, now);
                    result.complete(new Retrieval(bytes, provider.node(), index + 1, now - started, refused));
                }));
    }
}
