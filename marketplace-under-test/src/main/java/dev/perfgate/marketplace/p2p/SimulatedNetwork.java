package dev.perfgate.marketplace.p2p;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

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

    /** Host prefix of simulated addresses: node {@code n} is {@code sim-<n>:1}, so there is no 65,535 limit. */
    /** The port of every simulated address: 1, as the wire format refuses port 0 (no UDP node listens there). */
    public static final int PORT = 1;
    public static final String HOST_PREFIX = "sim-";

    private final long seed;
    private final long rttMinNanos;
    private final long rttMaxNanos;
    private final long jitterNanos;
    private final double loss;
    private final SplittableRandom random;

    private final PriorityQueue<Event> events = new PriorityQueue<>();
    private final List<SimEndpoint> endpoints = new ArrayList<>();
    private final Map<Address, SimEndpoint> byAddress = new HashMap<>();
    private long now;
    private long nextSequence;
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

    /** Events (datagram deliveries and timers, cancelled ones included) not yet run. */
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
        now = event.time;
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
        while ((next = events.peek()) != null && next.time <= virtualNanos) {
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
            if (next == null || next.time > deadlineVirtualNanos) {
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
        long rtt = rttNanos(from.index, target.index);
        // the lower-numbered node's direction takes the floor half, the other the rest: a round trip is the RTT exactly
        long oneWay = from.index <= target.index ? rtt / 2 : rtt - rtt / 2;
        if (jitterNanos > 0) {
            oneWay += random.nextLong(jitterNanos + 1);
        }
        byte[] copy = new byte[length];
        payload.duplicate().get(copy);
        inFlight++;
        events.add(new Delivery(now + oneWay, nextSequence++, from, target, copy));
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
            Timer timer = new Timer(now + delayNanos, nextSequence++, this, task);
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

    private abstract static class Event implements Comparable<Event> {
        final long time;
        final long sequence;

        Event(long time, long sequence) {
            this.time = time;
            this.sequence = sequence;
        }

        abstract void run(SimulatedNetwork network);

        @Override
        public int compareTo(Event other) {
            int byTime = Long.compare(time, other.time);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }

    private static final class Delivery extends Event {
        final SimEndpoint from;
        final SimEndpoint to;
        final byte[] payload;

        Delivery(long time, long sequence, SimEndpoint from, SimEndpoint to, byte[] payload) {
            super(time, sequence);
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

    private static final class Timer extends Event implements Cancellable {
        final SimEndpoint owner;
        final Runnable task;
        boolean cancelled;

        Timer(long time, long sequence, SimEndpoint owner, Runnable task) {
            super(time, sequence);
            this.owner = owner;
            this.task = task;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        void run(SimulatedNetwork network) {
            if (cancelled || owner.closed) {
                return;
            }
            network.timersRun++;
            task.run();
        }
    }
}
