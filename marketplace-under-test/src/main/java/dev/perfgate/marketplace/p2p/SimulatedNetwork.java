package dev.perfgate.marketplace.p2p;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;

/**
 * An in-memory network on a virtual clock: a discrete-event simulation of datagrams and timers, deterministic for a
 * seed. Nothing runs until the driver calls {@link #step()}, {@link #runFor}, {@link #runUntil(long)}, {@link
 * #runUntil(BooleanSupplier, long)} or {@link #runUntilIdle()}; then every node's receiver and timers run on the
 * caller's thread, in order of virtual time (ties in the order they were scheduled), so each node trivially runs one
 * task at a time. The network is not thread-safe: open, send, partition and run from one thread.
 *
 * <p>The WAN model: each pair of nodes gets a round-trip time drawn uniformly from {@code [rttMin, rttMax]} by a hash
 * of the seed and the pair, so it is stable for the pair and costs no memory; a datagram takes half of it one way
 * (the other half back, so a round trip takes exactly the RTT), plus a jitter drawn uniformly from {@code [0,
 * jitter]} per datagram, and is lost with probability {@code loss}. {@link #partition} cuts the network into groups
 * until {@link #heal()}. A node is killed by closing its endpoint: datagrams still in flight to it vanish, its
 * timers never run.
 *
 * <p>Content (package archives) moves over a model of TCP on the same links and clock: {@link #content(long)}.
 *
 * <p>Example:
 *
 * <pre>{@code
 * SimulatedNetwork net = SimulatedNetwork.builder().seed(42).rtt(20_000_000, 200_000_000).loss(0.05).build();
 * Transport.Endpoint a = net.open((from, payload) -> ...);
 * Transport.Endpoint b = net.open((from, payload) -> ...);
 * a.send(b.address(), ByteBuffer.wrap(new byte[] {1}));
 * net.runUntil(1_000_000_000L); // one virtual second
 * }</pre>
 *
 * <p>Exceptions thrown by node code propagate out of the run method unchanged (a simulation should fail loudly); the
 * failing event is consumed and the network stays usable.
 */
public final class SimulatedNetwork implements Transport {

    /** Default lower bound of the per-link round-trip time: 20 ms. */
    public static final long DEFAULT_RTT_MIN_NANOS = 20_000_000L;
    /** Default upper bound of the per-link round-trip time: 200 ms. */
    public static final long DEFAULT_RTT_MAX_NANOS = 200_000_000L;
    /** Default per-datagram jitter: none, so a datagram takes exactly half its link's RTT. */
    public static final long DEFAULT_JITTER_NANOS = 0L;
    /** Default datagram loss probability: none. */
    public static final double DEFAULT_LOSS = 0.0;
    /** Default seed. */
    public static final long DEFAULT_SEED = 1L;

    /** The port of every simulated address: 1, as the wire format refuses port 0 (no UDP node listens there). */
    public static final int PORT = 1;
    /** Host prefix of simulated addresses: node {@code n} is {@code sim-<n>:1}, so there is no 65,535 limit. */
    public static final String HOST_PREFIX = "sim-";
    /** Default bandwidth of a simulated content transfer: 12,500,000 bytes/s, that is 100 Mbit/s. */
    public static final long DEFAULT_CONTENT_BYTES_PER_SECOND = 12_500_000L;
    /** TCP's initial retransmission timeout, 1 s (RFC 6298, section 2.1): what a lost round trip costs first. */
    public static final long TCP_INITIAL_RTO_NANOS = 1_000_000_000L;
    /** Bound of TCP's doubling retransmission timeout: 60 s, the least RFC 6298 (section 2.5) allows as a bound. */
    public static final long TCP_MAX_RTO_NANOS = 60_000_000_000L;

    private final long seed;
    private final long rttMinNanos;
    private final long rttMaxNanos;
    private final long jitterNanos;
    private final double loss;
    private final SplittableRandom random;

    private final EventQueue<Event> events = new EventQueue<>();
    private final List<SimEndpoint> endpoints = new ArrayList<>();
    private final Map<Address, SimEndpoint> byAddress = new HashMap<>();
    private long now;
    private boolean closed;

    private long sent;
    private long delivered;
    private long lost;
    private long droppedOversized;
    private long droppedPartitioned;
    private long droppedClosed;
    private long timersRun;
    private long inFlight;

    private SimulatedNetwork(Builder builder) {
        this.seed = builder.seed;
        this.rttMinNanos = builder.rttMinNanos;
        this.rttMaxNanos = builder.rttMaxNanos;
        this.jitterNanos = builder.jitterNanos;
        this.loss = builder.loss;
        this.random = new SplittableRandom(builder.seed);
    }

    /** A network with the defaults: RTT 20-200 ms per link, no jitter, no loss, seed 1. */
    public static SimulatedNetwork create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Endpoint open(Receiver receiver) {
        requireNonNull(receiver, "receiver");
        if (closed) {
            throw new IllegalStateException("simulated network is closed; open endpoints before closing it");
        }
        int index = endpoints.size();
        SimEndpoint endpoint = new SimEndpoint(index, new Address(HOST_PREFIX + index, PORT), receiver);
        endpoints.add(endpoint);
        byAddress.put(endpoint.address, endpoint);
        return endpoint;
    }

    /** Current virtual time in nanoseconds; starts at 0. */
    public long now() {
        return now;
    }

    /** Number of endpoints ever opened, open or closed. */
    public int size() {
        return endpoints.size();
    }

    /**
     * Events (datagram deliveries, timers and steps of content fetches) not yet run. A cancelled timer is not one: it
     * leaves the queue when it is cancelled.
     */
    public int pendingEvents() {
        return events.size();
    }

    /**
     * The round-trip time of the link between two opened addresses, in nanoseconds: what a datagram there and a
     * reply back take without jitter.
     */
    public long linkRttNanos(Address a, Address b) {
        return rttNanos(resolveOpened(a, "a").index, resolveOpened(b, "b").index);
    }

    /**
     * Cuts the network: datagrams sent between different groups are dropped (counted as partitioned) until {@link
     * #heal()}. Endpoints named in no group form one more group together. Replaces any earlier partition.
     */
    public void partition(List<? extends Collection<Address>> groups) {
        requireNonNull(groups, "groups");
        for (SimEndpoint endpoint : endpoints) {
            endpoint.group = 0;
        }
        int group = 0;
        for (Collection<Address> members : groups) {
            group++;
            for (Address address : members) {
                SimEndpoint endpoint = resolveOpened(address, "partition member");
                if (endpoint.group != 0) {
                    heal();
                    throw new IllegalArgumentException("address [" + address + "] is in partition groups "
                            + endpoint.group + " and " + group + "; put each address in at most one group");
                }
                endpoint.group = group;
            }
        }
    }

    /** Ends any partition: every endpoint can reach every other again. */
    public void heal() {
        for (SimEndpoint endpoint : endpoints) {
            endpoint.group = 0;
        }
    }

    /** Runs the next event, advancing virtual time to it; false if there was none. */
    public boolean step() {
        Event event = events.poll();
        if (event == null) {
            return false;
        }
        now = event.time();
        event.run(this);
        return true;
    }

    /** Runs every event due up to {@code virtualNanos} inclusive, then sets the clock there. */
    public void runUntil(long virtualNanos) {
        if (virtualNanos < now) {
            throw new IllegalArgumentException("cannot run until [" + virtualNanos + " ns]: virtual time is already "
                    + now + " ns and does not go back");
        }
        Event next;
        while ((next = events.peek()) != null && next.time() <= virtualNanos) {
            step();
        }
        now = virtualNanos;
    }

    /** Runs for {@code durationNanos} of virtual time. */
    public void runFor(long durationNanos) {
        if (durationNanos < 0) {
            throw new IllegalArgumentException("durationNanos [" + durationNanos + "] must be >= 0");
        }
        runUntil(now + durationNanos);
    }

    /**
     * Runs events until {@code condition} holds (checked before the first event and after each) or the virtual
     * clock would pass {@code deadlineVirtualNanos}; returns whether the condition held.
     */
    public boolean runUntil(BooleanSupplier condition, long deadlineVirtualNanos) {
        requireNonNull(condition, "condition");
        if (deadlineVirtualNanos < now) {
            throw new IllegalArgumentException("deadline [" + deadlineVirtualNanos + " ns] is before the current "
                    + "virtual time " + now + " ns");
        }
        while (!condition.getAsBoolean()) {
            Event next = events.peek();
            if (next == null || next.time() > deadlineVirtualNanos) {
                now = deadlineVirtualNanos;
                return condition.getAsBoolean();
            }
            step();
        }
        return true;
    }

    /**
     * Runs until no event is left and returns how many ran. A node with a periodic timer never lets the network go
     * idle: drive such networks with {@link #runUntil(long)} instead.
     */
    public long runUntilIdle() {
        long count = 0;
        while (step()) {
            count++;
        }
        return count;
    }

    /** {@link #content(long)} at {@link #DEFAULT_CONTENT_BYTES_PER_SECOND} (100 Mbit/s). */
    public ContentTransport content() {
        return content(DEFAULT_CONTENT_BYTES_PER_SECOND);
    }

    /**
     * A content transport on this network's links and virtual clock: a model of one TCP connection per fetch. A fetch
     * from requester A to server B, started at virtual time {@code t}, takes
     *
     * <pre>
     *   RTT(A, B)                     connection set-up: SYN there, SYN-ACK back
     * + RTT(A, B)                     the request there, the first byte of the answer back
     * + size / bytesPerSecond         the rest of the answer (rounded up to a whole nanosecond)
     * </pre>
     *
     * <p>with the network's jitter added to each of the four one-way legs. The source is called when the request
     * arrives, at {@code t + RTT + RTT(A→B)/2}; the future completes on A's executor, inside the run method, at the
     * virtual time the answer has arrived whole.
     *
     * <p>Loss: each of the two round trips is lost with the network's loss probability and is then sent again after
     * TCP's retransmission timeout, 1 s the first time, doubling on every further loss of the same round trip
     * ({@link #TCP_INITIAL_RTO_NANOS}, at most {@link #TCP_MAX_RTO_NANOS}), so one loss costs 1 s and a round trip
     * lost twice 3 s. The transfer itself is not lost and runs at full bandwidth: no congestion control, and
     * concurrent fetches do not share bandwidth.
     *
     * <p>No answer: a round trip to a server whose endpoint is closed (or was never opened) or in another partition is
     * treated as lost, and retransmitted, so a server that comes back or a partition that heals before the timeout
     * still answers. An answer in flight when its server's endpoint closes or is cut off never arrives. Either way
     * the fetch completes with a {@link TimeoutException} at exactly {@code t + timeout}. A server whose endpoint is
     * open but that serves no content on this transport refuses the connection: {@link ConnectException} after one
     * RTT, as a host with no listener answers a SYN with a reset; one whose server closes between the connection and
     * the request resets it: {@link java.net.SocketException} when the reset arrives.
     *
     * <p>If A's endpoint closes, the fetch never completes, as the dead node's timers never run. A fetch from an
     * endpoint already closed, or on a closed content transport, fails at once with an {@link IOException}. Like the
     * network, the transport is not thread-safe: serve, fetch and close from the thread that runs the network.
     *
     * @param bytesPerSecond bandwidth of every transfer, e.g. 12_500_000 for 100 Mbit/s
     */
    public ContentTransport content(long bytesPerSecond) {
        if (bytesPerSecond < 1) {
            throw new IllegalArgumentException("bytesPerSecond [" + bytesPerSecond + "] must be at least 1, e.g. "
                    + DEFAULT_CONTENT_BYTES_PER_SECOND + " for 100 Mbit/s");
        }
        return new SimContent(bytesPerSecond);
    }

    /** A snapshot of the counters. */
    public Stats stats() {
        return new Stats(sent, delivered, lost, droppedOversized, droppedPartitioned, droppedClosed, inFlight,
                timersRun);
    }

    /** Closes every endpoint and discards pending events. */
    @Override
    public void close() {
        closed = true;
        for (SimEndpoint endpoint : endpoints) {
            endpoint.closed = true;
        }
        events.clear();
        inFlight = 0;
    }

    @Override
    public String toString() {
        return "SimulatedNetwork[" + endpoints.size() + " endpoints, rtt " + rttMinNanos / 1e6 + ".."
                + rttMaxNanos / 1e6 + " ms, jitter " + jitterNanos / 1e6 + " ms, loss " + loss * 100 + " %, seed "
                + seed + ", virtual time " + now / 1e6 + " ms]";
    }

    private SimEndpoint resolveOpened(Address address, String what) {
        requireNonNull(address, what);
        SimEndpoint endpoint = byAddress.get(address);
        if (endpoint == null) {
            throw new IllegalArgumentException(what + " [" + address + "] is not an endpoint of this network (expected "
                    + "an address it opened, e.g. " + HOST_PREFIX + "0:" + PORT + ")");
        }
        return endpoint;
    }

    // SplitMix64's finaliser over the seed and the unordered pair: a stable, well-mixed RTT per link, no table.
    private long rttNanos(int a, int b) {
        long lo = Math.min(a, b);
        long hi = Math.max(a, b);
        long z = seed + (lo << 32 | hi) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return rttMinNanos + Long.remainderUnsigned(z, rttMaxNanos - rttMinNanos + 1);
    }

    /** Half the link's RTT, without jitter. */
    private long oneWayNanos(SimEndpoint from, SimEndpoint to) {
        long rtt = rttNanos(from.index, to.index);
        // the lower-numbered node's direction takes the floor half, the other the rest: a round trip is the RTT exactly
        return from.index <= to.index ? rtt / 2 : rtt - rtt / 2;
    }

    /** One leg's jitter: uniform in {@code [0, jitter]}, none (and no random draw) without jitter. */
    private long drawJitterNanos() {
        return jitterNanos > 0 ? random.nextLong(jitterNanos + 1) : 0;
    }

    /** Adds an event that belongs to no node: it runs even if both ends are closed, and decides what that means. */
    private void at(long time, Runnable action) {
        events.add(new Step(time, action));
    }

    private void send(SimEndpoint from, Address to, ByteBuffer payload) {
        requireNonNull(to, "to");
        requireNonNull(payload, "payload");
        sent++;
        if (from.closed) {
            droppedClosed++;
            return;
        }
        int length = payload.remaining();
        if (length > MAX_DATAGRAM_BYTES) {
            droppedOversized++;
            return;
        }
        SimEndpoint target = byAddress.get(to);
        if (target == null || target.closed) {
            droppedClosed++;
            return;
        }
        if (target.group != from.group) {
            droppedPartitioned++;
            return;
        }
        if (loss > 0 && random.nextDouble() < loss) {
            lost++;
            return;
        }
        long oneWay = oneWayNanos(from, target) + drawJitterNanos();
        byte[] copy = new byte[length];
        payload.duplicate().get(copy);
        inFlight++;
        events.add(new Delivery(now + oneWay, from, target, copy));
    }

    /** The counters of a simulated network. {@code sent} counts every send call. */
    public record Stats(long sent, long delivered, long lost, long droppedOversized, long droppedPartitioned,
                        long droppedClosed, long inFlight, long timersRun) {

        /** Datagrams dropped for any reason other than random loss. */
        public long dropped() {
            return droppedOversized + droppedPartitioned + droppedClosed;
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "sent %,d, delivered %,d, lost %,d, dropped %,d (oversized %,d,"
                            + " partitioned %,d, closed %,d), in flight %,d, timers run %,d", sent, delivered, lost,
                    dropped(), droppedOversized, droppedPartitioned, droppedClosed, inFlight, timersRun);
        }
    }

    /** Settings of a simulated network; times in nanoseconds. */
    public static final class Builder {
        private long seed = DEFAULT_SEED;
        private long rttMinNanos = DEFAULT_RTT_MIN_NANOS;
        private long rttMaxNanos = DEFAULT_RTT_MAX_NANOS;
        private long jitterNanos = DEFAULT_JITTER_NANOS;
        private double loss = DEFAULT_LOSS;

        private Builder() {
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Each link's round-trip time is drawn uniformly from {@code [minNanos, maxNanos]}. */
        public Builder rtt(long minNanos, long maxNanos) {
            if (minNanos < 0 || maxNanos < minNanos) {
                throw new IllegalArgumentException("rtt [" + minNanos + " ns.." + maxNanos + " ns] must satisfy "
                        + "0 <= min <= max, e.g. rtt(20_000_000, 200_000_000) for 20..200 ms");
            }
            this.rttMinNanos = minNanos;
            this.rttMaxNanos = maxNanos;
            return this;
        }

        /** Each datagram's one-way delay gets an extra delay drawn uniformly from {@code [0, maxNanos]}. */
        public Builder jitter(long maxNanos) {
            if (maxNanos < 0) {
                throw new IllegalArgumentException("jitter [" + maxNanos + " ns] must be >= 0, e.g. 5_000_000 for 5 ms");
            }
            this.jitterNanos = maxNanos;
            return this;
        }

        /** Probability that a datagram is lost, from 0 to 1. */
        public Builder loss(double probability) {
            if (!(probability >= 0 && probability <= 1)) {
                throw new IllegalArgumentException("loss [" + probability + "] must be a probability from 0 to 1, "
                        + "e.g. 0.05 for 5 %");
            }
            this.loss = probability;
            return this;
        }

        public SimulatedNetwork build() {
            return new SimulatedNetwork(this);
        }
    }

    private final class SimEndpoint implements Endpoint, Scheduler {
        final int index;
        final Address address;
        final Receiver receiver;
        boolean closed;
        int group;

        SimEndpoint(int index, Address address, Receiver receiver) {
            this.index = index;
            this.address = address;
            this.receiver = receiver;
        }

        @Override
        public Address address() {
            return address;
        }

        @Override
        public void send(Address to, ByteBuffer payload) {
            SimulatedNetwork.this.send(this, to, payload);
        }

        @Override
        public Scheduler scheduler() {
            return this;
        }

        @Override
        public void close() {
            closed = true;
        }

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public Cancellable schedule(long delayNanos, Runnable task) {
            requireNonNull(task, "task");
            if (delayNanos < 0) {
                throw new IllegalArgumentException("delayNanos [" + delayNanos + "] must be >= 0");
            }
            Timer timer = new Timer(now + delayNanos, this, task);
            events.add(timer);
            return timer;
        }

        @Override
        public void execute(Runnable task) {
            schedule(0, task);
        }

        @Override
        public String toString() {
            return "SimEndpoint[" + address + (closed ? ", closed]" : "]");
        }
    }

    /** Something that happens at a virtual time; events of the same time run in the order they were scheduled. */
    private abstract static class Event extends EventQueue.Entry {

        Event(long time) {
            super(time);
        }

        abstract void run(SimulatedNetwork network);
    }

    private static final class Delivery extends Event {
        final SimEndpoint from;
        final SimEndpoint to;
        final byte[] payload;

        Delivery(long time, SimEndpoint from, SimEndpoint to, byte[] payload) {
            super(time);
            this.from = from;
            this.to = to;
            this.payload = payload;
        }

        @Override
        void run(SimulatedNetwork network) {
            network.inFlight--;
            if (to.closed) {
                network.droppedClosed++;
                return;
            }
            network.delivered++;
            to.receiver.receive(from.address, ByteBuffer.wrap(payload).asReadOnlyBuffer());
        }
    }

    private static final class Step extends Event {
        final Runnable action;

        Step(long time, Runnable action) {
            super(time);
            this.action = action;
        }

        @Override
        void run(SimulatedNetwork network) {
            action.run();
        }
    }

    /** A node's timer. Cancelled, it leaves the queue at once: most are, as most requests are answered in time. */
    private final class Timer extends Event implements Cancellable {
        final SimEndpoint owner;
        final Runnable task;

        Timer(long time, SimEndpoint owner, Runnable task) {
            super(time);
            this.owner = owner;
            this.task = task;
        }

        @Override
        public void cancel() {
            events.remove(this); // no effect once it has run, or after the network closed
        }

        @Override
        void run(SimulatedNetwork network) {
            if (owner.closed) {
                return;
            }
            network.timersRun++;
            task.run();
        }
    }

    /** The content transport of {@link #content(long)}; one network may have several, each with its own servers. */
    private final class SimContent implements ContentTransport {
        final long bytesPerSecond;
        final Map<Address, SimContentServer> servers = new HashMap<>();
        // insertion-ordered, so close() fails fetches in a deterministic order
        final Set<SimFetch> fetches = new LinkedHashSet<>();
        boolean closed;

        SimContent(long bytesPerSecond) {
            this.bytesPerSecond = bytesPerSecond;
        }

        @Override
        public ContentServer serve(Endpoint owner, ContentSource source) {
            SimEndpoint endpoint = resolveOwn(owner, "owner");
            requireNonNull(source, "source");
            if (closed) {
                throw new IllegalStateException("simulated content transport is closed; start serving before "
                        + "closing it");
            }
            if (endpoint.closed) {
                throw new IllegalStateException("owner [" + endpoint.address + "] is closed; a killed node serves "
                        + "nothing");
            }
            if (servers.containsKey(endpoint.address)) {
                throw new IllegalStateException("node [" + endpoint.address + "] already serves content on this "
                        + "transport; close its server before serving again");
            }
            SimContentServer server = new SimContentServer(this, endpoint, source);
            servers.put(endpoint.address, server);
            return server;
        }

        @Override
        public CompletableFuture<byte[]> fetch(Endpoint requester, Address server, String sha256, Duration timeout) {
            SimEndpoint from = resolveOwn(requester, "requester");
            requireNonNull(server, "server");
            ContentHash.requireValid(sha256);
            requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout [" + timeout + "] must be positive, e.g. PT10S for 10 s");
            }
            if (closed) {
                return CompletableFuture.failedFuture(new IOException("simulated content transport is closed; no "
                        + "fetch from " + server + " for content " + sha256));
            }
            if (from.closed) {
                return CompletableFuture.failedFuture(new IOException("requester [" + from.address + "] is closed; "
                        + "a killed node fetches nothing (content " + sha256 + " from " + server + ")"));
            }
            SimFetch fetch = new SimFetch(this, from, server, sha256, saturatedNanos(timeout));
            fetches.add(fetch);
            fetch.start();
            return fetch.future;
        }

        /** Stops every server; fetches in progress fail with an IOException now, on their requesters' executors. */
        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            for (SimContentServer server : List.copyOf(servers.values())) {
                server.close();
            }
            for (SimFetch fetch : List.copyOf(fetches)) {
                fetch.from.schedule(0, () -> fetch.fail(new IOException("simulated content transport closed; no "
                        + "answer from " + fetch.server + " for content " + fetch.sha256)));
            }
        }

        private SimEndpoint resolveOwn(Endpoint endpoint, String what) {
            requireNonNull(endpoint, what);
            SimEndpoint own = byAddress.get(endpoint.address());
            if (own != endpoint) {
                throw new IllegalArgumentException(what + " [" + endpoint + "] is not an endpoint of this simulated "
                        + "network (expected one it opened, e.g. " + HOST_PREFIX + "0:" + PORT + ")");
            }
            return own;
        }

        private long transferNanos(long bytes) {
            // bytes <= MAX_CONTENT_BYTES (2^26), so bytes * 10^9 < 2^56 does not overflow; rounded up
            return (bytes * 1_000_000_000L + bytesPerSecond - 1) / bytesPerSecond;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "SimulatedContentTransport[%,d bytes/s, %d servers, %d fetches in "
                    + "progress%s]", bytesPerSecond, servers.size(), fetches.size(), closed ? ", closed" : "");
        }
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    private final class SimContentServer implements ContentTransport.ContentServer {
        final SimContent transport;
        final SimEndpoint owner;
        final ContentTransport.ContentSource source;
        long served;
        boolean closed;

        SimContentServer(SimContent transport, SimEndpoint owner, ContentTransport.ContentSource source) {
            this.transport = transport;
            this.owner = owner;
            this.source = source;
        }

        @Override
        public Address address() {
            return owner.address;
        }

        @Override
        public long served() {
            return served;
        }

        @Override
        public void close() {
            closed = true;
            transport.servers.remove(owner.address, this);
        }

        @Override
        public String toString() {
            return "SimContentServer[" + owner.address + (closed ? ", closed]" : "]");
        }
    }

    /**
     * One fetch, as a chain of events: the connection's round trip, the request's round trip, the answer's arrival.
     * Each round trip is sent at some time, decided lost or not there, and either retransmitted one RTO later or
     * answered by the server when it arrives.
     */
    private final class SimFetch {
        final SimContent transport;
        final SimEndpoint from;
        final Address server;
        final String sha256;
        final long timeoutNanos;
        final long deadline;
        final CompletableFuture<byte[]> future = new CompletableFuture<>();
        @Nullable Cancellable timeoutTimer;

        SimFetch(SimContent transport, SimEndpoint from, Address server, String sha256, long timeoutNanos) {
            this.transport = transport;
            this.from = from;
            this.server = server;
            this.sha256 = sha256;
            this.timeoutNanos = Math.min(timeoutNanos, Long.MAX_VALUE - now);
            this.deadline = now + this.timeoutNanos;
        }

        void start() {
            timeoutTimer = from.schedule(timeoutNanos, () -> fail(new TimeoutException(String.format(Locale.ROOT,
                    "no complete answer from %s for content %s within %,.3f ms of virtual time", server, sha256,
                    timeoutNanos / 1e6))));
            roundTrip(true, 0);
        }

        /**
         * Sends the connection's ({@code connect}) or the request's round trip now, for the {@code retries}-th time.
         * Like a datagram, it is judged when sent: a closed or unknown server, another partition or the loss draw
         * lose it; a server closed when it arrives loses it too.
         */
        private void roundTrip(boolean connect, int retries) {
            if (future.isDone()) {
                return;
            }
            long sentAt = now;
            SimEndpoint to = byAddress.get(server);
            if (to == null || to.closed || to.group != from.group || loss > 0 && random.nextDouble() < loss) {
                retransmit(connect, retries, sentAt);
                return;
            }
            at(now + oneWayNanos(from, to) + drawJitterNanos(), () -> arrive(connect, retries, sentAt, to));
        }

        private void retransmit(boolean connect, int retries, long sentAt) {
            long rto = TCP_MAX_RTO_NANOS;
            if (retries < 6) { // 1 s << 6 is 64 s, over the bound
                rto = Math.min(TCP_INITIAL_RTO_NANOS << retries, TCP_MAX_RTO_NANOS);
            }
            long again = Math.max(now, sentAt + rto);
            if (again < deadline) {
                at(again, () -> roundTrip(connect, retries + 1));
            }
            // else the timeout comes first: nothing more to send
        }

        private void arrive(boolean connect, int retries, long sentAt, SimEndpoint to) {
            if (future.isDone() || transport.closed) {
                return;
            }
            if (to.closed) {
                retransmit(connect, retries, sentAt);
                return;
            }
            long back = oneWayNanos(to, from) + drawJitterNanos();
            SimContentServer contentServer = transport.servers.get(server);
            if (contentServer == null) {
                IOException refused = connect
                        ? new ConnectException("content server " + server + " refused the connection: no content "
                                + "server there (content " + sha256 + ")")
                        : new SocketException("content server " + server + " reset the connection: its content "
                                + "server closed (content " + sha256 + ")");
                answer(now + back, to, () -> fail(refused));
                return;
            }
            if (connect) {
                at(now + back, () -> roundTrip(false, 0));
                return;
            }
            byte[] content = contentServer.source.content(sha256);
            if (content == null || content.length > ContentTransport.MAX_CONTENT_BYTES) {
                // over the limit is answered as not held, as over TCP
                answer(now + back, to, () -> fail(new ContentUnavailableException("content server " + server
                        + " does not hold it (content " + sha256 + ")")));
                return;
            }
            byte[] copy = content.clone(); // what left the server, whatever the source does to its array later
            contentServer.served++;
            answer(now + back + transport.transferNanos(copy.length), to, () -> succeed(copy));
        }

        /** The answer reaches the requester at {@code time}, on its executor, if the server is still there. */
        private void answer(long time, SimEndpoint to, Runnable complete) {
            from.schedule(time - now, () -> {
                if (future.isDone() || transport.closed || to.closed || to.group != from.group) {
                    return; // the server died or was cut off on the way: the timeout ends the fetch
                }
                complete.run();
            });
        }

        private void succeed(byte[] content) {
            finish();
            future.complete(content);
        }

        void fail(Throwable failure) {
            finish();
            future.completeExceptionally(failure);
        }

        private void finish() {
            Cancellable timer = timeoutTimer;
            if (timer != null) {
                timer.cancel();
            }
            transport.fetches.remove(this);
        }
    }
}
