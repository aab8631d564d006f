package dev.perfgate.marketplace.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class SimulatedContentTransportTests extends ContentTransportContractTests {

    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;

    private final SimulatedNetwork net = SimulatedNetwork.builder().seed(7).build();

    @Override
    ContentTransport newContent() {
        return net.content();
    }

    @Override
    Transport.Endpoint node() {
        return net.open(new TransportContractTests.Inbox());
    }

    @Override
    byte[] await(CompletableFuture<byte[]> fetch) throws Exception {
        net.runUntil(fetch::isDone, net.now() + 3_600 * S);
        assertThat(fetch).as("fetch ended within an hour of virtual time").isDone();
        try {
            return fetch.get();
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    /** When, on the virtual clock, a fetch completed and how. */
    private static final class Outcome {
        long at = -1;
        byte @Nullable [] content;
        @Nullable Throwable failure;
    }

    private static Outcome watch(SimulatedNetwork network, CompletableFuture<byte[]> fetch) {
        Outcome outcome = new Outcome();
        fetch.whenComplete((content, failure) -> {
            outcome.at = network.now();
            outcome.content = content;
            outcome.failure = failure;
        });
        return outcome;
    }

    @Test
    void aFetchTakesTwoRoundTripsPlusTheTransferAt100MbitByDefault() {
        Transport.Endpoint a = node();
        Transport.Endpoint b = node();
        byte[] archive = randomBytes(1_250_000, 21); // 100 ms at 12,500,000 bytes/s
        long[] askedAt = {-1};
        ContentTransport.ContentServer server = content.serve(b, sha256 -> {
            askedAt[0] = net.now();
            return archive;
        });
        net.runUntil(5 * MS);

        CompletableFuture<byte[]> fetch = content.fetch(a, server.address(), sha256(archive), Duration.ofSeconds(30));
        Outcome outcome = watch(net, fetch);
        assertThat(fetch).as("nothing runs until the driver runs the network").isNotDone();
        net.runUntilIdle();

        long rtt = net.linkRttNanos(a.address(), b.address());
        assertThat(rtt).isBetween(20 * MS, 200 * MS);
        assertThat(outcome.failure).isNull();
        assertThat(outcome.content).isEqualTo(archive);
        assertThat(outcome.at).isEqualTo(5 * MS + 2 * rtt + 100 * MS);
        // a is node 0 and b node 1: the way there takes the floor half of the RTT
        assertThat(askedAt[0]).as("the source is asked when the request arrives").isEqualTo(5 * MS + rtt + rtt / 2);
        assertThat(server.address()).isEqualTo(b.address());
        assertThat(server.served()).isEqualTo(1);
    }

    @Test
    void theTransferTakesSizeOverBandwidthRoundedUpToAWholeNanosecond() {
        ContentTransport slow = net.content(3);
        Transport.Endpoint a = node();
        Transport.Endpoint b = node();
        ContentTransport.ContentServer server = slow.serve(b, sha256 -> new byte[] {1});

        Outcome outcome = watch(net, slow.fetch(a, server.address(), sha256(new byte[] {1}), Duration.ofSeconds(9)));
        net.runUntilIdle();

        assertThat(outcome.at).isEqualTo(2 * net.linkRttNanos(a.address(), b.address()) + 333_333_334L);
    }

    @Test
    void notHeldIsContentUnavailableAfterTwoRoundTrips() {
        Transport.Endpoint a = node();
        Transport.Endpoint b = node();
        ContentTransport.ContentServer server = content.serve(b, sha256 -> null);
        String hash = sha256(new byte[] {1});

        Outcome outcome = watch(net, content.fetch(a, server.address(), hash, Duration.ofSeconds(30)));
        net.runUntilIdle();

        assertThat(outcome.failure).isInstanceOf(ContentUnavailableException.class)
                .hasMessage("content server " + b.address() + " does not hold it (content " + hash + ")");
        assertThat(outcome.at).isEqualTo(2 * net.linkRttNanos(a.address(), b.address()));
    }

    @Test
    void aPartitionedServerGivesNoAnswerAndTheFetchTimesOutAtTheTimeout() {
        Transport.Endpoint a = node();
        Transport.Endpoint b = node();
        List<String> asked = new ArrayList<>();
        ContentTransport.ContentServer server = content.serve(b, sha256 -> {
            asked.add(sha256);
            return new byte[1];
        });
        net.partition(List.of(Set.of(b.address())));
        net.runUntil(3 * MS);
        String hash = sha256(new byte[1]);

        Outcome outcome = watch(net, content.fetch(a, server.address(), hash, Duration.ofSeconds(5)));
        net.runUntilIdle();

        assertThat(outcome.failure).isInstanceOf(TimeoutException.class)
                .hasMessage("no complete answer from " + b.address() + " for content " + hash + " within 5,000.000 ms"
                        + " of virtual time");
        assertThat(outcome.at).isEqualTo(3 * MS + 5 * S);
        assertThat(asked).isEmpty();
    }

    @Test
    void aKilledServerGivesNoAnswerAndTheFetchTimesOutAtTheTimeout() {
        Transport.Endpoint a = node();
        Transport.Endpoint b = node();
        ContentTransport.ContentServer server = content.serve(b, sha256 -> new byte[1]);
        b.close();

        Outcome outcome = watch(net, content.fetch(a, server.address(), sha256(new byte[1]), Duration.ofSeconds(4)));
        net.runUntilIdle();

        assertThat(outcome.failure).isInstanceOf(TimeoutException.class);
        assertThat(outcome.at).isEqualTo(4 * S);
        assertThat(server.served()).isZero();
    }

    @Test
    void aServerKilledDuringTheTransferGivesNoAnswer() {
        Transport.Endpoint a = node();
        Transport.Endpoint b = node();
        byte[] archive = randomBytes(12_500_000, 3); // a second of transfer
        ContentTransport.ContentServer server = content.serve(b, sha256 -> archive);

        Outcome outcome = watch(net, content.fetch(a, server.address(), sha256(archive), Duration.ofSeconds(10)));
        net.runUntil(2 * net.linkRttNanos(a.address(), b.address()) + 500 * MS);
        assertThat(server.served()).as("the answer is on its way").isEqualTo(1);
        b.close();
        net.runUntilIdle();

        assertThat(outcome.failure).isInstanceOf(TimeoutException.class);
        assertThat(outcome.at).isEqualTo(10 * S);
    }

    @Test
    void anOpenNodeThatServesNothingRefusesTheConnectionAfterOneRoundTrip() {
        Transport.Endpoint a = node();
        Transport.Endpoint b = node();
        Transport.Endpoint c = node();
        ContentTransport.ContentServer closed = content.serve(b, sha256 -> new byte[1]);
        closed.close();
        String hash = sha256(new byte[1]);

        Outcome fromClosed = watch(net, content.fetch(a, b.address(), hash, Duration.ofSeconds(30)));
        Outcome fromNever = watch(net, content.fetch(a, c.address(), hash, Duration.ofSeconds(30)));
        net.runUntilIdle();

        assertThat(fromClosed.failure).isInstanceOf(ConnectException.class)
                .hasMessage("content server " + b.address() + " refused the connection: no content server there "
                        + "(content " + hash + ")");
        assertThat(fromClosed.at).isEqualTo(net.linkRttNanos(a.address(), b.address()));
        assertThat(fromNever.failure).isInstanceOf(ConnectException.class);
        assertThat(fromNever.at).isEqualTo(net.linkRttNanos(a.address(), c.address()));
    }

    @Test
    void aServerClosedBetweenConnectionAndRequestResetsTheConnection() {
        Transport.Endpoint a = node();
        Transport.Endpoint b = node();
        ContentTransport.ContentServer server = content.serve(b, sha256 -> new byte[1]);
        String hash = sha256(new byte[1]);
        long rtt = net.linkRttNanos(a.address(), b.address());

        Outcome outcome = watch(net, content.fetch(a, server.address(), hash, Duration.ofSeconds(30)));
        net.runUntil(rtt); // connected; the request is on its way
        server.close();
        net.runUntilIdle();

        assertThat(outcome.failure).isInstanceOf(SocketException.class)
                .hasMessage("content server " + b.address() + " reset the connection: its content server closed "
                        + "(content " + hash + ")");
        assertThat(outcome.at).isEqualTo(2 * rtt);
        assertThat(server.served()).isZero();
    }

    @Test
    void withEveryRoundTripLostTheFetchTimesOutAndTheNetworkGoesIdle() {
        SimulatedNetwork lossy = SimulatedNetwork.builder().seed(3).loss(1.0).build();
        ContentTransport lossyContent = lossy.content();
        Transport.Endpoint a = lossy.open(new TransportContractTests.Inbox());
        Transport.Endpoint b = lossy.open(new TransportContractTests.Inbox());
        List<String> asked = new ArrayList<>();
        ContentTransport.ContentServer server = lossyContent.serve(b, sha256 -> {
            asked.add(sha256);
            return new byte[1];
        });

        Outcome outcome = watch(lossy, lossyContent.fetch(a, server.address(), sha256(new byte[1]),
                Duration.ofSeconds(10)));
        // the SYN is sent at 0 s and again at 1 s, 3 s and 7 s; the next, at 15 s, would be after the timeout
        long events = lossy.runUntilIdle();

        assertThat(outcome.failure).isInstanceOf(TimeoutException.class);
        assertThat(outcome.at).isEqualTo(10 * S);
        assertThat(asked).isEmpty();
        assertThat(events).isEqualTo(4); // three retransmissions and the timeout
    }

    @Test
    void aPartitionThatHealsBeforeTheTimeoutIsBridgedByRetransmissionsThatBackOff() {
        Transport.Endpoint a = node();
        Transport.Endpoint b = node();
        ContentTransport.ContentServer server = content.serve(b, sha256 -> new byte[12_500]); // 1 ms
        String hash = sha256(new byte[12_500]);
        long rtt = net.linkRttNanos(a.address(), b.address());

        net.partition(List.of(Set.of(b.address())));
        Outcome healedAtHalfASecond = watch(net, content.fetch(a, server.address(), hash, Duration.ofSeconds(30)));
        net.runUntil(500 * MS);
        net.heal();
        net.runUntilIdle();
        // one retransmission, at 1 s
        assertThat(healedAtHalfASecond.at).isEqualTo(1 * S + 2 * rtt + 1 * MS);

        long start = net.now();
        net.partition(List.of(Set.of(b.address())));
        Outcome healedAtOneAndAHalf = watch(net, content.fetch(a, server.address(), hash, Duration.ofSeconds(30)));
        net.runUntil(start + 1_500 * MS);
        net.heal();
        net.runUntilIdle();
        // retransmitted at 1 s, still cut off, then 2 s later
        assertThat(healedAtOneAndAHalf.at).isEqualTo(start + 3 * S + 2 * rtt + 1 * MS);
        assertThat(healedAtOneAndAHalf.content).hasSize(12_500);
    }

    @Test
    void lossAddsWholeBackedOffRetransmissionTimeoutsAndIsFixedBySeed() {
        List<Long> first = lossyFetchTimes(5);
        List<Long> again = lossyFetchTimes(5);
        List<Long> other = lossyFetchTimes(6);

        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
        // what one round trip can cost in retransmission timeouts: 0, 1, 1 + 2, 1 + 2 + 4, ... seconds
        List<Long> oneRoundTrip = List.of(0L, 1L, 3L, 7L, 15L, 31L, 63L);
        long delayed = 0;
        for (long excessNanos : first) {
            assertThat(excessNanos % S).as("excess %d ns", excessNanos).isZero();
            long seconds = excessNanos / S;
            assertThat(oneRoundTrip.stream().anyMatch(c -> oneRoundTrip.contains(seconds - c)))
                    .as("%d s is the cost of the connection's round trip plus the request's", seconds).isTrue();
            delayed += seconds > 0 ? 1 : 0;
        }
        // two round trips at 30 % loss: 51 % of fetches lose at least one; 102 of 200 expected, deviation 7
        assertThat(delayed).isBetween(70L, 135L);
    }

    /** 200 fetches over links of exactly 50 ms with 30 % loss; what each took beyond 2 RTT and the transfer. */
    private static List<Long> lossyFetchTimes(long seed) {
        SimulatedNetwork lossy = SimulatedNetwork.builder().seed(seed).rtt(50 * MS, 50 * MS).loss(0.3).build();
        ContentTransport lossyContent = lossy.content();
        Transport.Endpoint requester = lossy.open(new TransportContractTests.Inbox());
        List<Address> servers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Transport.Endpoint owner = lossy.open(new TransportContractTests.Inbox());
            servers.add(lossyContent.serve(owner, sha256 -> new byte[12_500]).address()); // 1 ms
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            outcomes.add(watch(lossy, lossyContent.fetch(requester, servers.get(i % 20), sha256(new byte[12_500]),
                    Duration.ofSeconds(600))));
        }
        lossy.runUntilIdle();
        List<Long> excess = new ArrayList<>();
        for (Outcome outcome : outcomes) {
            assertThat(outcome.failure).isNull();
            excess.add(outcome.at - 100 * MS - 1 * MS);
        }
        return excess;
    }

    @Test
    void jitterDelaysEachOfTheFourLegsByAtMostTheConfiguredAmount() {
        SimulatedNetwork jittery = SimulatedNetwork.builder().seed(9).rtt(100 * MS, 100 * MS).jitter(10 * MS).build();
        ContentTransport jitteryContent = jittery.content();
        Transport.Endpoint a = jittery.open(new TransportContractTests.Inbox());
        Address server = jitteryContent.serve(jittery.open(new TransportContractTests.Inbox()),
                sha256 -> new byte[12_500]).address(); // 1 ms
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            outcomes.add(watch(jittery, jitteryContent.fetch(a, server, sha256(new byte[12_500]),
                    Duration.ofSeconds(30))));
        }
        jittery.runUntilIdle();

        assertThat(outcomes).allSatisfy(o -> assertThat(o.at).isBetween(201 * MS, 241 * MS));
        assertThat(outcomes.stream().mapToLong(o -> o.at).distinct().count()).isGreaterThan(100);
    }

    @Test
    void closingTheTransportFailsAFetchInProgressAtThatVirtualTime() {
        Transport.Endpoint a = node();
        Transport.Endpoint b = node();
        ContentTransport.ContentServer server = content.serve(b, sha256 -> new byte[1]);
        String hash = sha256(new byte[1]);
        Outcome outcome = watch(net, content.fetch(a, server.address(), hash, Duration.ofSeconds(30)));
        net.runUntil(10 * MS);

        content.close();
        net.runUntilIdle();

        assertThat(outcome.failure).isInstanceOf(IOException.class)
                .hasMessage("simulated content transport closed; no answer from " + b.address() + " for content "
                        + hash);
        assertThat(outcome.at).isEqualTo(10 * MS);
        assertThat(server.served()).isZero();
    }

    @Test
    void aKilledRequestersFetchNeverCompletesAsItsTimersNeverRun() {
        Transport.Endpoint a = node();
        Transport.Endpoint b = node();
        ContentTransport.ContentServer server = content.serve(b, sha256 -> new byte[1]);
        CompletableFuture<byte[]> fetch = content.fetch(a, server.address(), sha256(new byte[1]),
                Duration.ofSeconds(5));
        net.runUntil(net.linkRttNanos(a.address(), b.address()));

        a.close();
        net.runUntilIdle();

        assertThat(fetch).isNotDone();
    }

    @Test
    void mistakesAreRefusedNamingTheValueWithAValidOne() {
        Transport.Endpoint b = node();
        content.serve(b, sha256 -> null);
        SimulatedNetwork elsewhere = SimulatedNetwork.create();
        Transport.Endpoint stranger = elsewhere.open(new TransportContractTests.Inbox());
        Transport.Endpoint dead = node();
        dead.close();

        assertThatIllegalStateException().isThrownBy(() -> content.serve(b, sha256 -> null))
                .withMessage("node [" + b.address() + "] already serves content on this transport; close its server "
                        + "before serving again");
        assertThatIllegalArgumentException().isThrownBy(() -> content.serve(stranger, sha256 -> null))
                .withMessage("owner [SimEndpoint[sim-0:1]] is not an endpoint of this simulated network (expected "
                        + "one it opened, e.g. sim-0:1)");
        assertThatIllegalStateException().isThrownBy(() -> content.serve(dead, sha256 -> null))
                .withMessage("owner [" + dead.address() + "] is closed; a killed node serves nothing");
        assertThatIllegalArgumentException().isThrownBy(() -> net.content(0))
                .withMessage("bytesPerSecond [0] must be at least 1, e.g. 12500000 for 100 Mbit/s");
    }
}
