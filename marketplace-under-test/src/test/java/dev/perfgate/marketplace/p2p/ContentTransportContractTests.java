package dev.perfgate.marketplace.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every content transport must do, whichever network it runs on; each implementation supplies how to wait. */
abstract class ContentTransportContractTests {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    protected ContentTransport content;

    /** A new transport for one test. */
    abstract ContentTransport newContent();

    /** A node that can serve and fetch on it. */
    abstract Transport.Endpoint node();

    /** Lets the fetch run to its end; returns the content or throws what the fetch failed with. */
    abstract byte[] await(CompletableFuture<byte[]> fetch) throws Exception;

    @BeforeEach
    void openContent() {
        content = newContent();
    }

    @AfterEach
    void closeContent() {
        content.close();
    }

    /**
     * Polls {@code condition} for up to 10 s of real time. Over TCP a server counts an answer when its last write
     * completes, which may be just after the requester has read it; on the simulated network it is already true.
     */
    static boolean eventually(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
        return true;
    }

    static byte[] randomBytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }

    @Test
    void servedContentArrivesExactlyAsServed() throws Exception {
        byte[] archive = randomBytes(256 * 1024, 1);
        String hash = sha256(archive);
        List<String> asked = new CopyOnWriteArrayList<>();
        ContentTransport.ContentServer server = content.serve(node(), sha256 -> {
            asked.add(sha256);
            return sha256.equals(hash) ? archive : null;
        });

        byte[] fetched = await(content.fetch(node(), server.address(), hash, TIMEOUT));

        assertThat(fetched).isEqualTo(archive);
        assertThat(asked).containsExactly(hash);
        assertThat(eventually(() -> server.served() == 1)).as("served %d", server.served()).isTrue();
    }

    @Test
    void emptyContentIsContent() throws Exception {
        String hash = sha256(new byte[0]);
        ContentTransport.ContentServer server = content.serve(node(), sha256 -> new byte[0]);

        assertThat(await(content.fetch(node(), server.address(), hash, TIMEOUT))).isEmpty();
        assertThat(eventually(() -> server.served() == 1)).as("served %d", server.served()).isTrue();
    }

    @Test
    void aServerThatDoesNotHoldItAnswersContentUnavailable() {
        String hash = sha256(new byte[] {42});
        ContentTransport.ContentServer server = content.serve(node(), sha256 -> null);

        assertThatThrownBy(() -> await(content.fetch(node(), server.address(), hash, TIMEOUT)))
                .isInstanceOf(ContentUnavailableException.class)
                .hasMessage("content server " + server.address() + " does not hold it (content " + hash + ")");
        assertThat(server.served()).isZero();
    }

    @Test
    void contentIsDeliveredUnverifiedForTheCallerToCheck() throws Exception {
        byte[] lie = "not what was asked for".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String asked = sha256(new byte[] {1, 2, 3});
        ContentTransport.ContentServer server = content.serve(node(), sha256 -> lie);

        byte[] fetched = await(content.fetch(node(), server.address(), asked, TIMEOUT));

        assertThat(fetched).isEqualTo(lie);
        assertThat(sha256(fetched)).isNotEqualTo(asked);
    }

    @Test
    void eachServerAnswersFromItsOwnSource() throws Exception {
        byte[] first = randomBytes(1_000, 2);
        byte[] second = randomBytes(2_000, 3);
        Map<String, byte[]> atFirst = Map.of(sha256(first), first);
        Map<String, byte[]> atSecond = Map.of(sha256(second), second);
        ContentTransport.ContentServer one = content.serve(node(), atFirst::get);
        ContentTransport.ContentServer two = content.serve(node(), atSecond::get);
        Transport.Endpoint requester = node();

        assertThat(await(content.fetch(requester, one.address(), sha256(first), TIMEOUT))).isEqualTo(first);
        assertThat(await(content.fetch(requester, two.address(), sha256(second), TIMEOUT))).isEqualTo(second);
        assertThatThrownBy(() -> await(content.fetch(requester, one.address(), sha256(second), TIMEOUT)))
                .isInstanceOf(ContentUnavailableException.class);
    }

    @Test
    void aHashThatIsNotLowerCaseHexIsRefusedWithAValidExample() {
        Transport.Endpoint requester = node();
        Address server = content.serve(node(), sha256 -> null).address();
        String upperCase = sha256(new byte[0]).toUpperCase(java.util.Locale.ROOT);

        assertThatIllegalArgumentException().isThrownBy(() -> content.fetch(requester, server, upperCase, TIMEOUT))
                .withMessage("sha256 [" + upperCase + "] must be 64 lower-case hex digits, e.g. "
                        + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThatIllegalArgumentException().isThrownBy(() -> content.fetch(requester, server, "abc", TIMEOUT))
                .withMessageStartingWith("sha256 [abc] must be 64 lower-case hex digits");
    }

    @Test
    void aTimeoutThatIsNotPositiveIsRefused() {
        Transport.Endpoint requester = node();
        Address server = content.serve(node(), sha256 -> null).address();
        String hash = sha256(new byte[0]);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> content.fetch(requester, server, hash, Duration.ZERO))
                .withMessage("timeout [PT0S] must be positive, e.g. PT10S for 10 s");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> content.fetch(requester, server, hash, Duration.ofMillis(-5)))
                .withMessage("timeout [PT-0.005S] must be positive, e.g. PT10S for 10 s");
    }

    @Test
    void afterCloseAFetchFailsWithAnIOExceptionAndServingIsRefused() {
        Transport.Endpoint requester = node();
        Transport.Endpoint owner = node();
        Address server = content.serve(owner, sha256 -> new byte[1]).address();
        String hash = sha256(new byte[1]);

        content.close();

        assertThatThrownBy(() -> await(content.fetch(requester, server, hash, TIMEOUT)))
                .isInstanceOf(IOException.class).hasMessageContaining("closed");
        assertThatIllegalStateException().isThrownBy(() -> content.serve(node(), sha256 -> null))
                .withMessageContaining("is closed; start serving before closing it");
    }
}
