package dev.perfgate.marketplace.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TcpContentTransportTests extends ContentTransportContractTests {

    private final AtomicInteger nextNode = new AtomicInteger(1);

    @Override
    ContentTransport newContent() {
        return TcpContentTransport.start(2);
    }

    private TcpContentTransport tcp() {
        return (TcpContentTransport) content;
    }

    /** The TCP transport takes only an address from a node; it sends no datagrams and needs no scheduler. */
    @Override
    Transport.Endpoint node() {
        return new Node(new Address("127.0.0.1", nextNode.getAndIncrement()));
    }

    @Override
    byte[] await(CompletableFuture<byte[]> fetch) throws Exception {
        try {
            return fetch.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    private static long threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(prefix)).count();
    }

    private static byte[] found(long length, byte[] content) {
        return ByteBuffer.allocate(9 + content.length).put((byte) 0).putLong(length).put(content).array();
    }

    @Test
    void aMebibyteOfRandomContentCrossesLoopbackUnchanged() throws Exception {
        byte[] archive = randomBytes(1024 * 1024, 11);
        String hash = sha256(archive);
        ContentTransport.ContentServer server = content.serve(node(), sha256 -> sha256.equals(hash) ? archive : null);

        byte[] fetched = await(content.fetch(node(), server.address(), hash, TIMEOUT));

        assertThat(fetched).isEqualTo(archive);
        assertThat(server.address().host()).isEqualTo("127.0.0.1");
        assertThat(eventually(() -> tcp().openChannels() == 1)).as("only the server's channel is left open, %s",
                tcp()).isTrue();
        TcpContentTransport.Stats stats = tcp().stats();
        assertThat(stats.served()).isEqualTo(1);
        assertThat(stats.fetched()).isEqualTo(1);
        assertThat(stats.fetchesFailed()).isZero();
        assertThat(stats.failures()).as("%s", tcp().lastFailure()).isZero();
    }

    @Test
    void theRequestOnTheWireIsMagicVersionAndTheRawHash() throws Exception {
        String hash = sha256(new byte[] {7});
        try (FakeServer fake = new FakeServer(new byte[] {1}, true)) {
            assertThatThrownBy(() -> await(content.fetch(node(), fake.address(), hash, TIMEOUT)))
                    .isInstanceOf(ContentUnavailableException.class)
                    .hasMessage("content server " + fake.address() + " does not hold it (content " + hash + ")");

            byte[] expected = ByteBuffer.allocate(34).put((byte) 'C').put((byte) 1).put(HexFormat.of().parseHex(hash))
                    .array();
            assertThat(fake.request.get(10, TimeUnit.SECONDS)).isEqualTo(expected);
        }
    }

    @Test
    void aSourceThatBlocksPastTheTimeoutEndsInATimeoutException() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ContentTransport.ContentServer server = content.serve(node(), sha256 -> {
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new byte[1];
        });
        String hash = sha256(new byte[1]);
        try {
            long start = System.nanoTime();
            CompletableFuture<byte[]> fetch = content.fetch(node(), server.address(), hash, Duration.ofMillis(200));

            assertThatThrownBy(() -> await(fetch)).isInstanceOf(TimeoutException.class)
                    .hasMessage("no complete answer from " + server.address() + " for content " + hash + " within 200 "
                            + "ms (the timeout covers connecting, the request and the whole answer)");
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            // wide margin: the point is that the fetch ends near its timeout, not when the source lets go (20 s)
            assertThat(elapsedMillis).isBetween(190L, 5_000L);
            assertThat(eventually(() -> tcp().stats().fetchesFailed() == 1)).isTrue();
        } finally {
            release.countDown();
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {ContentTransport.MAX_CONTENT_BYTES + 1, -1, Long.MAX_VALUE})
    void anAnnouncedLengthOutsideTheLimitIsRefusedBeforeReadingOn(long length) throws Exception {
        String hash = sha256(new byte[] {3});
        // the fake server keeps the connection open: the client must decide from the length alone
        try (FakeServer fake = new FakeServer(found(length, new byte[0]), false)) {
            assertThatThrownBy(() -> await(content.fetch(node(), fake.address(), hash, TIMEOUT)))
                    .isInstanceOf(ContentUnavailableException.class)
                    .hasMessage("content server " + fake.address() + " announced content of "
                            + String.format(Locale.ROOT, "%,d", length) + " bytes; it must be from 0 to 67,108,864 "
                            + "bytes (ContentTransport.MAX_CONTENT_BYTES) (content " + hash + ")");
        }
        assertThat(eventually(() -> tcp().openChannels() == 0)).isTrue();
    }

    static Stream<Arguments> nonsenseAnswers() {
        return Stream.of(
                Arguments.of("an unknown status", new byte[] {7}, false,
                        "answered status [7]; expected 0 (found) or 1 (not held)"),
                Arguments.of("no answer at all", new byte[0], true,
                        "closed the connection without an answer"),
                Arguments.of("a length cut short", new byte[] {0, 0, 0, 0}, true,
                        "ended its answer after 4 of the 9 bytes of status and length"),
                Arguments.of("content cut short", found(10, new byte[] {1, 2, 3}), true,
                        "ended its answer after 3 bytes of the announced 10 bytes"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nonsenseAnswers")
    void aNonsenseAnswerIsContentUnavailable(String what, byte[] answer, boolean closeAfter, String reason)
            throws Exception {
        String hash = sha256(new byte[] {4});
        try (FakeServer fake = new FakeServer(answer, closeAfter)) {
            assertThatThrownBy(() -> await(content.fetch(node(), fake.address(), hash, TIMEOUT)))
                    .isInstanceOf(ContentUnavailableException.class)
                    .hasMessage("content server " + fake.address() + " " + reason + " (content " + hash + ")");
        }
    }

    static Stream<Arguments> garbageRequests() {
        byte[] wrongMagic = new byte[34];
        wrongMagic[0] = 'X';
        wrongMagic[1] = 1;
        byte[] wrongVersion = new byte[34];
        wrongVersion[0] = 'C';
        wrongVersion[1] = 2;
        return Stream.of(Arguments.of("wrong magic", wrongMagic), Arguments.of("wrong version", wrongVersion),
                Arguments.of("cut short", new byte[] {'C', 1, 0, 0, 0}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("garbageRequests")
    void aGarbageRequestClosesItsConnectionAndTheServerGoesOnServing(String what, byte[] request) throws Exception {
        byte[] archive = randomBytes(10_000, 5);
        ContentTransport.ContentServer server = content.serve(node(), sha256 -> archive);

        try (Socket stranger = new Socket(InetAddress.getLoopbackAddress(), server.address().port())) {
            stranger.setSoTimeout(10_000);
            stranger.getOutputStream().write(request);
            stranger.shutdownOutput();
            assertThat(stranger.getInputStream().read()).as("the server closed the connection without an answer")
                    .isEqualTo(-1);
        }

        assertThat(await(content.fetch(node(), server.address(), sha256(archive), TIMEOUT))).isEqualTo(archive);
        assertThat(tcp().stats().refused()).isEqualTo(1);
        assertThat(eventually(() -> server.served() == 1)).isTrue();
    }

    @Test
    void aSilentClientIsDroppedAtTheRequestReadDeadline() throws Exception {
        try (TcpContentTransport quick = TcpContentTransport.start(1, Duration.ofMillis(200), Duration.ofSeconds(5))) {
            ContentTransport.ContentServer server = quick.serve(node(), sha256 -> new byte[1]);
            try (Socket silent = new Socket(InetAddress.getLoopbackAddress(), server.address().port())) {
                silent.setSoTimeout(10_000);
                long start = System.nanoTime();

                assertThat(silent.getInputStream().read()).isEqualTo(-1);

                long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertThat(elapsedMillis).isBetween(150L, 5_000L);
            }
            assertThat(quick.stats().refused()).isEqualTo(1);
            assertThat(eventually(() -> quick.openChannels() == 1)).isTrue();
        }
    }

    @Test
    void twoHundredConcurrentFetchesFromFiftyServersAllSucceedOnTwoThreads() throws Exception {
        int servers = 50;
        int fetches = 200;
        List<ContentTransport.ContentServer> running = new ArrayList<>();
        Map<Integer, byte[]> archives = new HashMap<>();
        for (int i = 0; i < servers; i++) {
            byte[] archive = randomBytes(64 * 1024 + i, 100 + i);
            archives.put(i, archive);
            String hash = sha256(archive);
            running.add(content.serve(node(), sha256 -> sha256.equals(hash) ? archive : null));
        }
        Transport.Endpoint requester = node();
        long start = System.nanoTime();
        List<CompletableFuture<byte[]>> futures = new ArrayList<>();
        for (int i = 0; i < fetches; i++) {
            byte[] archive = archives.get(i % servers);
            futures.add(content.fetch(requester, running.get(i % servers).address(), sha256(archive), TIMEOUT));
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        long elapsedNanos = System.nanoTime() - start;

        for (int i = 0; i < fetches; i++) {
            assertThat(futures.get(i).get()).as("fetch %d", i).isEqualTo(archives.get(i % servers));
        }
        System.out.printf(Locale.ROOT, "TCP content: %,d fetches of about 64 KiB from %,d servers on %d I/O threads "
                + "in %.1f ms; %s%n", fetches, servers, tcp().threads(), elapsedNanos / 1e6, tcp().stats());
        assertThat(tcp().threads()).isEqualTo(2);
        assertThat(threadsNamed(tcp().threadNamePrefix())).as("two I/O threads and one deadline thread")
                .isEqualTo(3);
        assertThat(eventually(() -> tcp().openChannels() == servers)).as("%s", tcp()).isTrue();
        assertThat(running).allSatisfy(server -> assertThat(server.served()).isEqualTo(fetches / servers));
        assertThat(tcp().stats().failures()).as("%s", tcp().lastFailure()).isZero();
    }

    @Test
    void aPortWithNoServerRefusesTheConnection() throws Exception {
        Address nobody;
        try (ServerSocket closedAgain = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nobody = new Address("127.0.0.1", closedAgain.getLocalPort());
        }

        assertThatThrownBy(() -> await(content.fetch(node(), nobody, sha256(new byte[0]), TIMEOUT)))
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void aSourceThatThrowsIsCountedAndItsRequesterGetsNoAnswer() throws Exception {
        IllegalStateException bug = new IllegalStateException("store unavailable");
        ContentTransport.ContentServer server = content.serve(node(), sha256 -> {
            throw bug;
        });
        String hash = sha256(new byte[] {9});

        assertThatThrownBy(() -> await(content.fetch(node(), server.address(), hash, TIMEOUT)))
                .isInstanceOf(ContentUnavailableException.class)
                .hasMessage("content server " + server.address() + " closed the connection without an answer "
                        + "(content " + hash + ")");
        assertThat(eventually(() -> tcp().stats().failures() == 1)).isTrue();
        assertThat(tcp().lastFailure()).containsSame(bug);
    }

    @Test
    void contentOverTheLimitFromTheSourceIsAnsweredNotHeldAndCounted() {
        byte[] tooLarge = new byte[(int) ContentTransport.MAX_CONTENT_BYTES + 1];
        ContentTransport.ContentServer server = content.serve(node(), sha256 -> tooLarge);
        String hash = sha256(new byte[] {8});

        assertThatThrownBy(() -> await(content.fetch(node(), server.address(), hash, TIMEOUT)))
                .isInstanceOf(ContentUnavailableException.class).hasMessageContaining("does not hold it");
        assertThat(tcp().stats().failures()).isEqualTo(1);
        assertThat(tcp().lastFailure()).get().extracting(Throwable::getMessage)
                .isEqualTo("the source of content server " + server.address() + " returned 67,108,865 bytes for "
                        + "content " + hash + ", over the limit of 67,108,864 bytes (ContentTransport"
                        + ".MAX_CONTENT_BYTES); answered not held");
    }

    @Test
    void closeFailsAFetchInProgressAndLeavesNoThreadOfTheTransport() throws Exception {
        String prefix = tcp().threadNamePrefix();
        String hash = sha256(new byte[] {5});
        try (FakeServer mute = new FakeServer(new byte[0], false)) {
            CompletableFuture<byte[]> fetch = content.fetch(node(), mute.address(), hash, TIMEOUT);
            mute.request.get(10, TimeUnit.SECONDS); // the request is out; the answer never comes
            assertThat(threadsNamed(prefix)).isEqualTo(3);

            content.close();

            assertThatThrownBy(() -> await(fetch)).isInstanceOf(IOException.class)
                    .hasMessage("content transport " + prefix + "* is closed; no answer from " + mute.address()
                            + " for content " + hash);
        }
        assertThat(eventually(() -> threadsNamed(prefix) == 0)).as("threads named %s* left", prefix).isTrue();
        assertThat(tcp().openChannels()).isZero();
    }

    @Test
    void aThreadCountOutOfRangeIsRefusedWithAValidExample() {
        assertThatIllegalArgumentException().isThrownBy(() -> TcpContentTransport.start(0))
                .withMessage("threads [0] must be from 1 to 1024, e.g. 2");
    }

    /** A node seen from the TCP transport: an address and nothing else. */
    private record Node(Address address) implements Transport.Endpoint {

        @Override
        public void send(Address to, ByteBuffer payload) {
            throw new UnsupportedOperationException("content tests send no datagrams");
        }

        @Override
        public Transport.Scheduler scheduler() {
            throw new UnsupportedOperationException("the TCP content transport needs no node scheduler");
        }

        @Override
        public void close() {
        }
    }

    /**
     * A blocking loopback server, written without the transport: it takes one connection, reads a whole request,
     * writes {@code answer} and then closes, or holds the connection until the client or the test closes it.
     */
    private static final class FakeServer implements AutoCloseable {
        final ServerSocket socket;
        final Thread thread;
        final CompletableFuture<byte[]> request = new CompletableFuture<>();
        volatile @Nullable Socket accepted;

        FakeServer(byte[] answer, boolean closeAfterAnswer) throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            thread = new Thread(() -> {
                try (Socket client = socket.accept()) {
                    accepted = client;
                    InputStream in = client.getInputStream();
                    request.complete(in.readNBytes(34));
                    OutputStream out = client.getOutputStream();
                    out.write(answer);
                    out.flush();
                    if (!closeAfterAnswer) {
                        in.read(); // until the client closes
                    }
                } catch (IOException e) {
                    request.completeExceptionally(e);
                }
            }, "fake-content-server");
            thread.setDaemon(true);
            thread.start();
        }

        Address address() {
            return new Address("127.0.0.1", socket.getLocalPort());
        }

        @Override
        public void close() throws IOException {
            socket.close();
            Socket client = accepted;
            if (client != null) {
                client.close();
            }
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
