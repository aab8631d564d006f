package dev.perfgate.marketplace.p2p;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousChannelGroup;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.Channel;
import java.nio.channels.CompletionHandler;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

/**
 * Content over real TCP on loopback: every server is an {@link AsynchronousServerSocketChannel} bound to an ephemeral
 * port of 127.0.0.1, every fetch one {@link AsynchronousSocketChannel}, and all of them share one {@link
 * AsynchronousChannelGroup} with a small fixed pool of I/O threads plus one thread for deadlines, so a thousand nodes
 * in one JVM cost {@code threads + 1} threads, not a thousand. Each server and each connection holds one file
 * descriptor, so the process's open-file limit ({@code ulimit -n}) bounds how many are open at once.
 *
 * <p>The protocol, version 1: one request and one answer per connection, big-endian, then the server closes.
 *
 * <pre>
 * request  (34 bytes)  'C' (0x43) magic | version 1 | SHA-256 of the content, 32 raw bytes
 * answer, found        status 0 | length, 8 bytes, 0..MAX_CONTENT_BYTES | the content, length bytes
 * answer, not held     status 1
 * </pre>
 *
 * <p>Hard limits, so a peer cannot hold a node's resources: the server closes a connection without answering if the
 * magic or version is wrong, if the request ends short, or if the whole request has not arrived within {@link
 * #REQUEST_READ_TIMEOUT} (10 s); it drops a client that has not taken the whole answer within {@link
 * #ANSWER_WRITE_TIMEOUT} (60 s). The client refuses a status other than 0 or 1 and a length outside {@code
 * 0..}{@link ContentTransport#MAX_CONTENT_BYTES} with a {@link ContentUnavailableException}, before allocating
 * anything, and the fetch's timeout covers connecting, writing and reading the whole answer. A version 2 client
 * talking to a version 1 server sees its connection closed without an answer.
 *
 * <p>Example:
 *
 * <pre>{@code
 * try (TcpContentTransport tcp = TcpContentTransport.start(2)) {
 *     ContentTransport.ContentServer server = tcp.serve(owner, sha256 -> archives.get(sha256));
 *     byte[] archive = tcp.fetch(requester, server.address(), sha256, Duration.ofSeconds(10)).get();
 * }
 * }</pre>
 *
 * <p>Futures complete on the I/O threads (or, for a timeout, on the deadline thread): a dependent stage that blocks
 * stalls every node's transfers, so hop to the node's executor with {@code whenCompleteAsync(..., scheduler::execute)}.
 * The {@link ContentSource} is called on an I/O thread too. An exception that reaches no future (a source that throws,
 * a failed write to a client) is caught, counted in {@link Stats#failures()} and kept as {@link #lastFailure()}; it
 * never stops an I/O thread.
 */
public final class TcpContentTransport implements ContentTransport {

    /** Default number of I/O threads, shared by every server and fetch of the transport. */
    public static final int DEFAULT_THREADS = 2;
    /** First byte of every request. */
    public static final byte MAGIC = 'C';
    /** The protocol version this transport speaks and accepts. */
    public static final byte VERSION = 1;
    /** Answer status: the content follows. */
    public static final byte STATUS_FOUND = 0;
    /** Answer status: the server does not hold the content; nothing follows. */
    public static final byte STATUS_NOT_HELD = 1;
    /** Bytes of a request: magic, version and the 32 bytes of the hash. */
    public static final int REQUEST_BYTES = 2 + ContentHash.BYTES;
    /** How long a server waits for a whole request before it closes the connection: 10 s. */
    public static final Duration REQUEST_READ_TIMEOUT = Duration.ofSeconds(10);
    /** How long a server gives a client to take a whole answer before it closes the connection: 60 s. */
    public static final Duration ANSWER_WRITE_TIMEOUT = Duration.ofSeconds(60);

    // status and the 8-byte length of a found answer
    private static final int ANSWER_HEADER_BYTES = 1 + Long.BYTES;
    // connections waiting to be accepted per server: many requesters may pick the same popular provider at once
    private static final int BACKLOG = 1_024;
    // after an accept fails for a reason other than closing (e.g. out of file descriptors), try again this much later
    private static final long ACCEPT_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long CLOSE_WAIT_SECONDS = 5;
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final String threadNamePrefix;
    private final int threads;
    private final long requestReadTimeoutNanos;
    private final long answerWriteTimeoutNanos;
    private final InetAddress loopback = InetAddress.getLoopbackAddress();
    private final Set<Thread> ownThreads = ConcurrentHashMap.newKeySet();
    private final AsynchronousChannelGroup group;
    private final ScheduledThreadPoolExecutor deadlines;
    private final AtomicBoolean closed = new AtomicBoolean();

    private final Set<TcpServer> servers = ConcurrentHashMap.newKeySet();
    private final Set<Fetch> fetches = ConcurrentHashMap.newKeySet();
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();

    private final LongAdder served = new LongAdder();
    private final LongAdder notHeld = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder fetched = new LongAdder();
    private final LongAdder fetchesFailed = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final AtomicReference<@Nullable Throwable> lastFailure = new AtomicReference<>();

    private TcpContentTransport(int threads, Duration requestReadTimeout, Duration answerWriteTimeout) {
        this.threadNamePrefix = "p2p-content-" + INSTANCES.incrementAndGet() + "-";
        this.threads = threads;
        this.requestReadTimeoutNanos = requestReadTimeout.toNanos();
        this.answerWriteTimeoutNanos = answerWriteTimeout.toNanos();
        this.deadlines = new ScheduledThreadPoolExecutor(1, named("deadlines"));
        // a fetch that completes cancels its deadline; without this the cancelled ones would pile up in the queue
        this.deadlines.setRemoveOnCancelPolicy(true);
        try {
            this.group = AsynchronousChannelGroup.withFixedThreadPool(threads, named("io-"));
        } catch (IOException e) {
            deadlines.shutdownNow();
            throw new UncheckedIOException("cannot start " + threads + " I/O threads for " + threadNamePrefix + "*", e);
        }
    }

    /** Starts a transport with {@link #DEFAULT_THREADS} I/O threads. */
    public static TcpContentTransport start() {
        return start(DEFAULT_THREADS);
    }

    /** Starts a transport with {@code threads} I/O threads (and one deadline thread). */
    public static TcpContentTransport start(int threads) {
        return start(threads, REQUEST_READ_TIMEOUT, ANSWER_WRITE_TIMEOUT);
    }

    /** As {@link #start(int)}, with the servers' deadlines shortened so that tests need not wait 10 s. */
    static TcpContentTransport start(int threads, Duration requestReadTimeout, Duration answerWriteTimeout) {
        if (threads < 1 || threads > 1_024) {
            throw new IllegalArgumentException("threads [" + threads + "] must be from 1 to 1024, e.g. 2");
        }
        requirePositive(requestReadTimeout, "requestReadTimeout");
        requirePositive(answerWriteTimeout, "answerWriteTimeout");
        return new TcpContentTransport(threads, requestReadTimeout, answerWriteTimeout);
    }

    /** Every thread of this transport has a name starting with this prefix. */
    public String threadNamePrefix() {
        return threadNamePrefix;
    }

    /** Number of I/O threads. */
    public int threads() {
        return threads;
    }

    /**
     * Channels open now: one per running server, one per fetch in progress and one per connection a server is
     * answering. When nothing is in flight it equals the number of servers.
     */
    public int openChannels() {
        return servers.size() + fetches.size() + connections.size();
    }

    @Override
    public ContentServer serve(Transport.Endpoint owner, ContentSource source) {
        requireNonNull(owner, "owner");
        requireNonNull(source, "source");
        if (closed.get()) {
            throw new IllegalStateException("content transport " + threadNamePrefix + "* is closed; start serving "
                    + "before closing it");
        }
        AsynchronousServerSocketChannel channel;
        try {
            channel = AsynchronousServerSocketChannel.open(group);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a TCP server channel with " + openChannels() + " channels "
                    + "open (each holds a file descriptor; raise the open-file limit, ulimit -n, if it is reached)", e);
        }
        Address address;
        try {
            channel.bind(new InetSocketAddress(loopback, 0), BACKLOG);
            address = Address.of((InetSocketAddress) channel.getLocalAddress());
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot bind a TCP server channel to " + loopback.getHostAddress() + ":0",
                    e);
        }
        TcpServer server = new TcpServer(channel, address, owner.address(), source);
        servers.add(server);
        server.accept();
        return server;
    }

    @Override
    public CompletableFuture<byte[]> fetch(Transport.Endpoint requester, Address server, String sha256,
                                           Duration timeout) {
        requireNonNull(requester, "requester");
        requireNonNull(server, "server");
        byte[] hash = ContentHash.toBytes(sha256);
        long timeoutNanos = requirePositive(timeout, "timeout");
        if (closed.get()) {
            fetchesFailed.increment();
            return CompletableFuture.failedFuture(new ClosedTransportException(threadNamePrefix, server, sha256));
        }
        Fetch fetch = new Fetch(server, sha256, hash, timeoutNanos);
        fetch.start();
        return fetch.future;
    }

    /** A snapshot of the counters, summed over every server and fetch. */
    public Stats stats() {
        return new Stats(served.sum(), notHeld.sum(), refused.sum(), fetched.sum(), fetchesFailed.sum(),
                failures.sum());
    }

    /** The last exception caught on this transport's threads that reached no future, if any. */
    public Optional<Throwable> lastFailure() {
        return Optional.ofNullable(lastFailure.get());
    }

    /**
     * Closes every server and connection, fails every fetch in progress with an {@link IOException}, and stops the
     * threads, waiting up to 5 s for them unless called on one of them.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (TcpServer server : servers) {
            server.close();
        }
        for (Connection connection : connections) {
            connection.close();
        }
        for (Fetch fetch : fetches) {
            fetch.fail(new ClosedTransportException(threadNamePrefix, fetch.server, fetch.sha256));
        }
        deadlines.shutdownNow();
        try {
            group.shutdownNow();
        } catch (IOException e) {
            recordFailure(e);
        }
        if (ownThreads.contains(Thread.currentThread())) {
            return; // waiting here would wait for this very thread
        }
        try {
            group.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
            deadlines.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "TcpContentTransport[" + threads + " I/O threads, " + servers.size() + " servers, " + fetches.size()
                + " fetches in progress" + (closed.get() ? ", closed]" : "]");
    }

    /** The counters of a TCP content transport. */
    public record Stats(long served, long notHeld, long refused, long fetched, long fetchesFailed, long failures) {

        /**
         * @param served        answers with content written in full
         * @param notHeld       answers "not held", including content the source returned over the limit
         * @param refused       connections a server closed without answering: wrong magic or version, a request cut
         *                      short, or none within {@link #REQUEST_READ_TIMEOUT}
         * @param fetched       fetches completed with content
         * @param fetchesFailed fetches completed exceptionally, whatever the reason
         * @param failures      exceptions caught on the transport's threads that reached no future: a source that
         *                      threw or returned more than the limit, a client gone before it took its answer, a
         *                      failed accept
         */
        public Stats {
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "served %,d, not held %,d, refused %,d, fetched %,d, fetches failed "
                    + "%,d, failures %,d", served, notHeld, refused, fetched, fetchesFailed, failures);
        }
    }

    private ThreadFactory named(String role) {
        AtomicInteger next = new AtomicInteger();
        return runnable -> {
            String suffix = role.endsWith("-") ? role + next.getAndIncrement() : role;
            Thread thread = new Thread(runnable, threadNamePrefix + suffix);
            thread.setDaemon(true);
            ownThreads.add(thread);
            return thread;
        };
    }

    private void recordFailure(Throwable failure) {
        failures.increment();
        lastFailure.set(failure);
    }

    private @Nullable ScheduledFuture<?> scheduleDeadline(long delayNanos, Runnable action) {
        try {
            return deadlines.schedule(action, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            return null; // closing: close() ends whatever the deadline would have ended
        }
    }

    private static long requirePositive(Duration duration, String name) {
        requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " [" + duration + "] must be positive, e.g. PT10S for 10 s");
        }
        try {
            return duration.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE; // about 292 years: as good as never
        }
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%,d ms", TimeUnit.NANOSECONDS.toMillis(nanos));
    }

    private static String bytes(long count) {
        return String.format(Locale.ROOT, "%,d bytes", count);
    }

    private static void closeQuietly(Channel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing is all that was wanted
        }
    }

    /** A step that throws is failed like an I/O error: nothing escapes into the group's threads. */
    @FunctionalInterface
    private interface Step<V> {
        void run(V result) throws Exception;
    }

    @FunctionalInterface
    private interface Failure {
        void fail(Throwable failure);
    }

    private static <V> CompletionHandler<V, @Nullable Void> handler(Step<V> next, Failure failure) {
        return new CompletionHandler<>() {
            @Override
            public void completed(V result, @Nullable Void attachment) {
                try {
                    next.run(result);
                } catch (Throwable t) {
                    failure.fail(t);
                }
            }

            @Override
            public void failed(Throwable exc, @Nullable Void attachment) {
                failure.fail(exc);
            }
        };
    }

    /** The IOException of a fetch cut off by {@link #close()}. */
    private static final class ClosedTransportException extends IOException {
        private static final long serialVersionUID = 1L;

        ClosedTransportException(String transport, Address server, String sha256) {
            super("content transport " + transport + "* is closed; no answer from " + server + " for content "
                    + sha256);
        }
    }

    /** One fetch: connect, write the request, read the header, read the content. Steps run one after another. */
    private final class Fetch {
        final Address server;
        final String sha256;
        final long timeoutNanos;
        final CompletableFuture<byte[]> future = new CompletableFuture<>();
        final AtomicBoolean settled = new AtomicBoolean();
        final ByteBuffer request = ByteBuffer.allocate(REQUEST_BYTES);
        final ByteBuffer header = ByteBuffer.allocate(ANSWER_HEADER_BYTES);
        @Nullable AsynchronousSocketChannel channel;
        @Nullable ByteBuffer content;
        volatile @Nullable ScheduledFuture<?> deadline;

        Fetch(Address server, String sha256, byte[] hash, long timeoutNanos) {
            this.server = server;
            this.sha256 = sha256;
            this.timeoutNanos = timeoutNanos;
            request.put(MAGIC).put(VERSION).put(hash).flip();
        }

        void start() {
            fetches.add(this);
            if (closed.get()) {
                // close() set the flag before it swept the fetches: either it saw this one or this one sees the flag
                fail(new ClosedTransportException(threadNamePrefix, server, sha256));
                return;
            }
            deadline = scheduleDeadline(timeoutNanos, () -> fail(new TimeoutException("no complete answer from "
                    + server + " for content " + sha256 + " within " + millis(timeoutNanos) + " (the timeout covers "
                    + "connecting, the request and the whole answer)")));
            try {
                AsynchronousSocketChannel opened = AsynchronousSocketChannel.open(group);
                synchronized (this) {
                    channel = opened;
                }
                if (settled.get()) {
                    finish(); // failed by close() or the deadline while opening
                    return;
                }
                opened.connect(server.toSocketAddress(), null, handler(ignored -> writeRequest(), this::fail));
            } catch (UnresolvedAddressException e) {
                fail(new UnknownHostException("cannot resolve content server " + server));
            } catch (IOException | RuntimeException e) {
                fail(closed.get() ? new ClosedTransportException(threadNamePrefix, server, sha256) : e);
            }
        }

        private AsynchronousSocketChannel channel() {
            return requireNonNull(channel, "channel");
        }

        private void writeRequest() {
            if (!request.hasRemaining()) {
                readHeader();
                return;
            }
            channel().write(request, null, handler(written -> writeRequest(), this::fail));
        }

        private void readHeader() {
            channel().read(header, null, handler(this::onHeader, this::fail));
        }

        private void onHeader(int read) throws ContentUnavailableException {
            if (header.position() == 0) {
                if (read < 0) {
                    throw unavailable("closed the connection without an answer");
                }
                readHeader();
                return;
            }
            byte status = header.get(0);
            if (status == STATUS_NOT_HELD) {
                throw unavailable("does not hold it");
            }
            if (status != STATUS_FOUND) {
                throw unavailable("answered status [" + status + "]; expected " + STATUS_FOUND + " (found) or "
                        + STATUS_NOT_HELD + " (not held)");
            }
            if (header.hasRemaining()) {
                if (read < 0) {
                    throw unavailable("ended its answer after " + header.position() + " of the "
                            + ANSWER_HEADER_BYTES + " bytes of status and length");
                }
                readHeader();
                return;
            }
            long length = header.getLong(1);
            if (length < 0 || length > MAX_CONTENT_BYTES) {
                throw unavailable("announced content of " + bytes(length) + "; it must be from 0 to "
                        + bytes(MAX_CONTENT_BYTES) + " (ContentTransport.MAX_CONTENT_BYTES)");
            }
            content = ByteBuffer.allocate((int) length);
            readContent();
        }

        private void readContent() {
            ByteBuffer into = requireNonNull(content, "content");
            if (!into.hasRemaining()) {
                succeed(into.array());
                return;
            }
            channel().read(into, null, handler(read -> {
                if (read < 0) {
                    throw unavailable("ended its answer after " + bytes(into.position()) + " of the announced "
                            + bytes(into.capacity()));
                }
                readContent();
            }, this::fail));
        }

        private ContentUnavailableException unavailable(String reason) {
            return new ContentUnavailableException("content server " + server + " " + reason + " (content "
                    + sha256 + ")");
        }

        // Settled first (start() relies on it to close a channel it opens late), then released and counted, then
        // completed, so whoever waits on the future sees the channel closed and the counters updated.
        private void succeed(byte[] bytes) {
            if (settled.compareAndSet(false, true)) {
                finish();
                fetched.increment();
                future.complete(bytes);
            }
        }

        void fail(Throwable failure) {
            if (settled.compareAndSet(false, true)) {
                finish();
                fetchesFailed.increment();
                if (!(failure instanceof IOException || failure instanceof ContentUnavailableException
                        || failure instanceof TimeoutException)) {
                    // a bug or an error such as OutOfMemoryError: the caller sees it, and so do the stats
                    recordFailure(failure);
                }
                future.completeExceptionally(failure);
            }
            // else: already settled; this is the close of the channel after a timeout reaching a pending read, and
            // finish() has run
        }

        private void finish() {
            ScheduledFuture<?> pending = deadline;
            if (pending != null) {
                pending.cancel(false);
            }
            fetches.remove(this);
            AsynchronousSocketChannel open;
            synchronized (this) {
                open = channel;
            }
            if (open != null) {
                closeQuietly(open);
            }
        }
    }

    private final class TcpServer implements ContentServer {
        final AsynchronousServerSocketChannel channel;
        final Address address;
        final Address owner;
        final ContentSource source;
        final LongAdder served = new LongAdder();
        volatile boolean closed;

        TcpServer(AsynchronousServerSocketChannel channel, Address address, Address owner, ContentSource source) {
            this.channel = channel;
            this.address = address;
            this.owner = owner;
            this.source = source;
        }

        @Override
        public Address address() {
            return address;
        }

        @Override
        public long served() {
            return served.sum();
        }

        void accept() {
            if (closed) {
                return;
            }
            try {
                channel.accept(null, new CompletionHandler<AsynchronousSocketChannel, @Nullable Void>() {
                    @Override
                    public void completed(AsynchronousSocketChannel client, @Nullable Void attachment) {
                        if (closed) {
                            closeQuietly(client);
                            return;
                        }
                        accept();
                        try {
                            new Connection(TcpServer.this, client).start();
                        } catch (Throwable t) {
                            closeQuietly(client);
                            recordFailure(t);
                        }
                    }

                    @Override
                    public void failed(Throwable failure, @Nullable Void attachment) {
                        onAcceptFailed(failure);
                    }
                });
            } catch (RuntimeException e) {
                onAcceptFailed(e);
            }
        }

        private void onAcceptFailed(Throwable failure) {
            if (closed || TcpContentTransport.this.closed.get()) {
                return;
            }
            recordFailure(failure);
            scheduleDeadline(ACCEPT_RETRY_NANOS, this::accept);
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            servers.remove(this);
            closeQuietly(channel);
        }

        @Override
        public String toString() {
            return "TcpContentServer[" + address + " for node " + owner + (closed ? ", closed]" : "]");
        }
    }

    /** One accepted connection: read the request, ask the source, write the answer, close. */
    private final class Connection {
        final TcpServer server;
        final AsynchronousSocketChannel channel;
        final ByteBuffer request = ByteBuffer.allocate(REQUEST_BYTES);
        final String client;
        volatile @Nullable ScheduledFuture<?> deadline;
        final AtomicBoolean closed = new AtomicBoolean();

        Connection(TcpServer server, AsynchronousSocketChannel channel) {
            this.server = server;
            this.channel = channel;
            String remote;
            try {
                remote = String.valueOf(channel.getRemoteAddress());
            } catch (IOException e) {
                remote = "an unknown client";
            }
            this.client = remote;
        }

        void start() {
            connections.add(this);
            deadline = scheduleDeadline(requestReadTimeoutNanos, () -> {
                if (!closed.get()) {
                    refused.increment();
                    close();
                }
            });
            readRequest();
        }

        private void readRequest() {
            channel.read(request, null, handler(this::onRequestRead, this::fail));
        }

        private void onRequestRead(int read) {
            // refuse as early as the bytes allow: a stranger speaking another protocol is dropped at its first byte
            if (request.position() >= 1 && request.get(0) != MAGIC
                    || request.position() >= 2 && request.get(1) != VERSION
                    || read < 0 && request.hasRemaining()) {
                refused.increment();
                close();
                return;
            }
            if (request.hasRemaining()) {
                readRequest();
                return;
            }
            cancelDeadline();
            byte[] hash = new byte[ContentHash.BYTES];
            request.position(2);
            request.get(hash);
            String sha256 = ContentHash.toHex(hash);
            byte[] content;
            try {
                content = server.source.content(sha256);
            } catch (Throwable t) {
                recordFailure(t);
                close();
                return;
            }
            if (content != null && content.length > MAX_CONTENT_BYTES) {
                recordFailure(new IllegalStateException("the source of content server " + server.address
                        + " returned " + bytes(content.length) + " for content " + sha256 + ", over the limit of "
                        + bytes(MAX_CONTENT_BYTES) + " (ContentTransport.MAX_CONTENT_BYTES); answered not held"));
                content = null;
            }
            if (content == null) {
                notHeld.increment();
                write(ByteBuffer.wrap(new byte[] {STATUS_NOT_HELD}), null, false);
                return;
            }
            ByteBuffer answerHeader = ByteBuffer.allocate(ANSWER_HEADER_BYTES);
            answerHeader.put(STATUS_FOUND).putLong(content.length).flip();
            long size = content.length;
            deadline = scheduleDeadline(answerWriteTimeoutNanos, () -> {
                if (!closed.get()) {
                    recordFailure(new TimeoutException("client " + client + " of content server " + server.address
                            + " took no whole answer of " + bytes(size) + " within " + millis(answerWriteTimeoutNanos)
                            + "; connection closed"));
                    close();
                }
            });
            write(answerHeader, ByteBuffer.wrap(content), true);
        }

        /** Writes {@code buffer}, then {@code then}, then closes; {@code found} counts the answer as served. */
        private void write(ByteBuffer buffer, @Nullable ByteBuffer then, boolean found) {
            if (!buffer.hasRemaining()) {
                if (then != null) {
                    write(then, null, found);
                    return;
                }
                if (found) {
                    served.increment();
                    server.served.increment();
                }
                close();
                return;
            }
            channel.write(buffer, null, handler(written -> write(buffer, then, found), this::fail));
        }

        private void fail(Throwable failure) {
            if (closed.get() || failure instanceof AsynchronousCloseException) {
                close(); // closed by a deadline, the server or the transport: already accounted for
                return;
            }
            recordFailure(failure);
            close();
        }

        private void cancelDeadline() {
            ScheduledFuture<?> pending = deadline;
            if (pending != null) {
                pending.cancel(false);
            }
        }

        void close() {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            cancelDeadline();
            connections.remove(this);
            closeQuietly(channel);
        }
    }
}
