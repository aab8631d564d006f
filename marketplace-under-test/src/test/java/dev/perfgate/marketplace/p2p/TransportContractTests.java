package dev.perfgate.marketplace.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every transport must do; each implementation supplies how to wait for the network. */
abstract class TransportContractTests {

    protected Transport transport;

    /** A new transport for one test. */
    abstract Transport newTransport();

    /** Lets the network run until {@code condition} holds; false if it never does within a generous bound. */
    abstract boolean await(BooleanSupplier condition);

    /** Lets the network run long enough that anything still on its way would have arrived. */
    abstract void settle();

    abstract long droppedOversized();

    @BeforeEach
    void openTransport() {
        transport = newTransport();
    }

    @AfterEach
    void closeTransport() {
        transport.close();
    }

    static ByteBuffer text(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    static String text(ByteBuffer payload) {
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** A receiver that keeps "from: text" of every datagram. */
    static final class Inbox implements Transport.Receiver {
        final Queue<String> received = new ConcurrentLinkedQueue<>();

        @Override
        public void receive(Address from, ByteBuffer payload) {
            received.add(from + ": " + text(payload));
        }
    }

    @Test
    void pingIsAnsweredWithPong() {
        Queue<String> atA = new ConcurrentLinkedQueue<>();
        Transport.Endpoint[] b = new Transport.Endpoint[1];
        Transport.Endpoint a = transport.open((from, payload) -> atA.add(from + ": " + text(payload)));
        b[0] = transport.open((from, payload) -> {
            if (text(payload).equals("ping")) {
                b[0].send(from, text("pong"));
            }
        });

        a.send(b[0].address(), text("ping"));

        assertThat(await(() -> !atA.isEmpty())).as("pong arrived").isTrue();
        assertThat(atA).containsExactly(b[0].address() + ": pong");
    }

    @Test
    void sendLeavesTheCallersBufferAlone() {
        Inbox inbox = new Inbox();
        Transport.Endpoint a = transport.open(new Inbox());
        Transport.Endpoint b = transport.open(inbox);
        ByteBuffer payload = text("hello");

        a.send(b.address(), payload);

        assertThat(payload.remaining()).isEqualTo(5);
        assertThat(await(() -> !inbox.received.isEmpty())).isTrue();
        assertThat(inbox.received).containsExactly(a.address() + ": hello");
    }

    @Test
    void timersFireInDeadlineOrderAndCancelledOnesNever() {
        Queue<String> fired = new ConcurrentLinkedQueue<>();
        Transport.Endpoint node = transport.open(new Inbox());
        Transport.Scheduler scheduler = node.scheduler();
        long start = scheduler.nanoTime();
        long[] firedAt = new long[1];

        scheduler.schedule(90_000_000L, () -> {
            firedAt[0] = scheduler.nanoTime(); // before the add, which publishes it to the test thread
            fired.add("c");
        });
        scheduler.schedule(30_000_000L, () -> fired.add("a"));
        Transport.Cancellable cancelled = scheduler.schedule(45_000_000L, () -> fired.add("cancelled"));
        scheduler.schedule(60_000_000L, () -> fired.add("b"));
        scheduler.execute(() -> fired.add("now"));
        cancelled.cancel();

        assertThat(await(() -> fired.contains("c"))).as("last timer fired").isTrue();
        settle();
        assertThat(fired).containsExactly("now", "a", "b", "c");
        assertThat(firedAt[0] - start).isGreaterThanOrEqualTo(90_000_000L);
    }

    @Test
    void datagramsOverTheLimitAreDroppedAndCounted() {
        Inbox inbox = new Inbox();
        Transport.Endpoint a = transport.open(new Inbox());
        Transport.Endpoint b = transport.open(inbox);
        long droppedBefore = droppedOversized();

        a.send(b.address(), ByteBuffer.allocate(Transport.MAX_DATAGRAM_BYTES + 1));
        a.send(b.address(), ByteBuffer.allocate(Transport.MAX_DATAGRAM_BYTES));

        assertThat(await(() -> !inbox.received.isEmpty())).as("the largest allowed datagram arrived").isTrue();
        settle();
        assertThat(inbox.received).hasSize(1);
        assertThat(droppedOversized() - droppedBefore).isEqualTo(1);
    }

    @Test
    void closedEndpointsReceiveNothingAndSendNothing() {
        Inbox closedInbox = new Inbox();
        Inbox openInbox = new Inbox();
        Transport.Endpoint sender = transport.open(new Inbox());
        Transport.Endpoint closed = transport.open(closedInbox);
        Transport.Endpoint open = transport.open(openInbox);

        closed.close();
        sender.send(closed.address(), text("to the closed one"));
        closed.send(open.address(), text("from the closed one"));
        sender.send(open.address(), text("marker"));

        assertThat(await(() -> !openInbox.received.isEmpty())).as("marker arrived").isTrue();
        settle();
        assertThat(closedInbox.received).isEmpty();
        assertThat(List.copyOf(openInbox.received)).containsExactly(sender.address() + ": marker");
    }

    @Test
    void timersOfAClosedEndpointNeverRun() {
        Queue<String> fired = new ConcurrentLinkedQueue<>();
        Transport.Endpoint node = transport.open(new Inbox());
        Transport.Endpoint witness = transport.open(new Inbox());
        node.scheduler().schedule(20_000_000L, () -> fired.add("closed node's timer"));
        witness.scheduler().schedule(40_000_000L, () -> fired.add("witness"));

        node.close();

        assertThat(await(() -> fired.contains("witness"))).isTrue();
        settle();
        assertThat(fired).containsExactly("witness");
    }
}
