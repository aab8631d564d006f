package dev.perfgate.marketplace.p2p;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A transport whose datagrams are delayed and lost as on a WAN: each link (pair of addresses) gets a fixed RTT
 * drawn from a range, each datagram half of it, and each datagram is lost with a probability. Wraps a real
 * transport (UDP on loopback) so the node code, the sockets and the event loops are real while the latency is a
 * deployment's; the simulated network models the same on a virtual clock.
 *
 * <p>The delay is a timer on the sending node's scheduler, so it costs a timer per datagram, not a thread.
 */
public final class ImpairedTransport implements Transport {

    private final Transport inner;
    private final long rttMinNanos;
    private final long rttMaxNanos;
    private final double loss;
    private final long seed;
    private final AtomicLong lost = new AtomicLong();
    private final ThreadLocal<SplittableRandom> random;

    /**
     * @param rttMinNanos the shortest link RTT, in ns (0 and 0: no delay)
     * @param rttMaxNanos the longest
     * @param loss        probability that a datagram is lost, 0 to less than 1
     */
    public ImpairedTransport(Transport inner, long rttMinNanos, long rttMaxNanos, double loss, long seed) {
        this.inner = requireNonNull(inner, "inner");
        if (rttMinNanos < 0 || rttMaxNanos < rttMinNanos || !(loss >= 0 && loss < 1)) {
            throw new IllegalArgumentException("RTT [" + rttMinNanos / 1e6 + " ms.." + rttMaxNanos / 1e6
                    + " ms] and loss [" + loss + "], expected e.g. 20 ms..200 ms and 0.05");
        }
        this.rttMinNanos = rttMinNanos;
        this.rttMaxNanos = rttMaxNanos;
        this.loss = loss;
        this.seed = seed;
        this.random = ThreadLocal.withInitial(() -> new SplittableRandom(seed ^ Thread.currentThread().getId()));
    }

    /** Datagrams dropped by the loss model. */
    public long lost() {
        return lost.get();
    }

    /** The RTT of the link between two addresses, in ns: fixed per link, whichever way it is crossed. */
    public long linkRttNanos(Address a, Address b) {
        if (rttMaxNanos == rttMinNanos) {
            return rttMinNanos;
        }
        long h = seed ^ (a.hashCode() * 31L + b.hashCode()) ^ (b.hashCode() * 31L + a.hashCode());
        double fraction = new SplittableRandom(h).nextDouble();
        return rttMinNanos + (long) (fraction * (rttMaxNanos - rttMinNanos));
    }

    @Override
    public Endpoint open(Receiver receiver) {
        Endpoint endpoint = inner.open(receiver);
        return new Endpoint() {
            @Override
            public Address address() {
                return endpoint.address();
            }

            @Override
            public void send(Address to, ByteBuffer payload) {
                if (loss > 0 && random.get().nextDouble() < loss) {
                    lost.incrementAndGet();
                    return;
                }
                long delay = linkRttNanos(endpoint.address(), to) / 2;
                if (delay == 0) {
                    endpoint.send(to, payload);
                    return;
                }
                ByteBuffer copy = ByteBuffer.allocate(payload.remaining()).put(payload.duplicate()).flip();
                endpoint.scheduler().schedule(delay, () -> endpoint.send(to, copy));
            }

            @Override
            public Scheduler scheduler() {
                return endpoint.scheduler();
            }

            @Override
            public void close() {
                endpoint.close();
            }
        };
    }

    @Override
    public void close() {
        inner.close();
    }
}
