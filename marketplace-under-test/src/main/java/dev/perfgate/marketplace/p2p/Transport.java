package dev.perfgate.marketplace.p2p;

import java.nio.ByteBuffer;

/**
 * What a node runs on: datagrams between addresses, and a clock with timers. Two implementations run the same node
 * code: real UDP on loopback ({@code UdpTransport}: a few shared event loops, not a thread per node) and a simulated
 * network with a latency model on a virtual clock ({@code SimulatedNetwork}).
 *
 * <p>Everything a transport calls on a node (its {@link Receiver} and its timers) runs on that node's own executor,
 * one task at a time, so node code needs no locks.
 */
public interface Transport extends AutoCloseable {

    /** Largest datagram payload a transport carries, in bytes; larger sends are dropped and counted. */
    int MAX_DATAGRAM_BYTES = 1_400;

    /** Opens an endpoint for a new node, which receives its datagrams through {@code receiver}. */
    Endpoint open(Receiver receiver);

    /** Stops every endpoint and releases threads and sockets. */
    @Override
    void close();

    /** Receives one datagram, on the node's executor. */
    @FunctionalInterface
    interface Receiver {
        /** {@code payload} is valid only during the call; copy what is kept. */
        void receive(Address from, ByteBuffer payload);
    }

    /** One node's access to the network. */
    interface Endpoint extends AutoCloseable {

        /** Where this endpoint receives. */
        Address address();

        /**
         * Sends one datagram of at most {@link #MAX_DATAGRAM_BYTES}, best effort: it may be lost, delayed or
         * reordered, and nothing says so.
         */
        void send(Address to, ByteBuffer payload);

        /** The node's clock and timers. */
        Scheduler scheduler();

        /** Stops receiving; later sends are dropped. */
        @Override
        void close();
    }

    /** A node's clock, timers and executor; real time on UDP, virtual time on the simulated network. */
    interface Scheduler {

        /** Monotonic time in nanoseconds. */
        long nanoTime();

        /** Runs {@code task} on the node's executor after {@code delayNanos}; the returned handle cancels it. */
        Cancellable schedule(long delayNanos, Runnable task);

        /** Runs {@code task} on the node's executor as soon as possible. */
        void execute(Runnable task);
    }

    /** A scheduled task that may be cancelled before it runs. */
    @FunctionalInterface
    interface Cancellable {
        void cancel();
    }
}
