package dev.perfgate.marketplace.p2p;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

/**
 * How nodes move package content (archives of up to tens of MB) between each other: one request, one answer, over a
 * stream connection, next to the datagrams of {@link Transport} that carry only the DHT's small messages. Two
 * implementations run the same node code: real TCP on loopback ({@code TcpContentTransport}: a few shared I/O
 * threads, not a thread per node) and a model of TCP on a {@link SimulatedNetwork}'s virtual clock ({@link
 * SimulatedNetwork#content(long)}).
 *
 * <p>Content is named by its SHA-256. The transport does not check that what a server sends matches the name: a
 * lying peer is the caller's to catch, by hashing what {@link #fetch} returns, so that verification and reputation
 * live in one place.
 *
 * <p>Example:
 *
 * <pre>{@code
 * try (ContentTransport content = TcpContentTransport.start()) {
 *     ContentTransport.ContentServer server = content.serve(ownerEndpoint, sha256 -> store.get(sha256));
 *     content.fetch(requesterEndpoint, server.address(), sha256, Duration.ofSeconds(10))
 *             .whenCompleteAsync((bytes, failure) -> ..., requesterEndpoint.scheduler()::execute);
 * }
 * }</pre>
 */
public interface ContentTransport extends AutoCloseable {

    /** Largest content served or accepted, in bytes (64 MiB): a bound on what one answer can make a node allocate. */
    long MAX_CONTENT_BYTES = 64L * 1024 * 1024;

    /**
     * Starts serving content for the node at {@code owner}. On the simulated network content is served from the
     * owner's address and dies with it; over TCP a new loopback server socket is opened, with an address of its own.
     */
    ContentServer serve(Transport.Endpoint owner, ContentSource source);

    /**
     * Fetches the content with this SHA-256 (64 lower-case hex digits) from {@code server}, as {@code requester}.
     *
     * <p>Completes with the bytes exactly as served, <em>not</em> verified (the caller hashes them), or
     * exceptionally with {@link ContentUnavailableException} (the server does not hold it, or answered nonsense),
     * {@link java.util.concurrent.TimeoutException} (no complete answer within {@code timeout}, which covers the
     * whole fetch), or an {@link java.io.IOException} (connection refused or reset, transport closed). The future
     * may complete on any thread: do not block in its dependent stages.
     *
     * @throws IllegalArgumentException if {@code sha256} is not 64 lower-case hex digits or {@code timeout} is not
     *                                  positive: mistakes of the caller, not of the network
     */
    CompletableFuture<byte[]> fetch(Transport.Endpoint requester, Address server, String sha256, Duration timeout);

    /** Stops every server and fails every fetch still running; releases threads and sockets. */
    @Override
    void close();

    /** One node's content server. */
    interface ContentServer extends AutoCloseable {

        /** Where requesters {@link #fetch} from. */
        Address address();

        /** Answers that carried content, counted when written. */
        long served();

        /** Stops accepting requests; requests not yet answered get no answer. */
        @Override
        void close();
    }

    /** What a server holds. */
    @FunctionalInterface
    interface ContentSource {

        /**
         * The content with this SHA-256 (64 lower-case hex digits), or {@code null} if it is not held. May be called
         * on any thread, concurrently; it should return quickly (an in-memory or local-disk lookup), as it runs on a
         * thread that also moves other nodes' bytes. Content larger than {@link #MAX_CONTENT_BYTES} is answered as
         * not held.
         */
        byte @Nullable [] content(String sha256);
    }
}
