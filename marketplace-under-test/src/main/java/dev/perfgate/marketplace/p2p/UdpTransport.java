package dev.perfgate.marketplace.p2p;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.UnresolvedAddressException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

/**
 * Real UDP datagrams on loopback: every endpoint is a non-blocking {@link DatagramChannel} bound to an ephemeral port
 * of 127.0.0.1, and a small fixed number of event-loop threads each run one {@link Selector} over many channels, so
 * a thousand nodes share a few threads. An endpoint belongs to one loop for its life: its datagrams, timers and
 * {@code execute} tasks all run on that loop's thread, one at a time. {@code send} may be called from any thread; it
 * writes straight to the channel.
 *
 * <p>Each endpoint holds one file descriptor (each loop a few more for its selector), so the number of endpoints is
 * bounded by the process's open-file limit ({@code ulimit -n}).
 *
 * <p>Example:
 *
 * <pre>{@code
 * try (UdpTransport udp = UdpTransport.start(2)) {
 *     Transport.Endpoint a = udp.open((from, payload) -> ...);
 *     Transport.Endpoint b = udp.open((from, payload) -> ...);
 *     a.send(b.address(), ByteBuffer.wrap(new byte[] {1}));
 * }
 * }</pre>
 *
 * <p>An exception thrown by node code is caught on the loop, counted and kept as {@link #lastFailure()}; it never
 * stops the loop.
 */
public final class UdpTransport implements Transport {

    /** Default number of event-loop threads. */
    public static final int DEFAULT_EVENT_LOOPS = 2;

    // Larger than any datagram so an oversized one arriving from outside is seen whole, measured and dropped.
    private static final int RECEIVE_BUFFER_BYTES = 65_536;
    // Datagrams read from one channel per selection, so one busy node cannot starve the others on its loop.
    private static final int MAX_READS_PER_SELECTION = 64;
    private static final int MAX_TASKS_PER_ITERATION = 4_096;
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final String threadNamePrefix;
    private final EventLoop[] loops;
    private final AtomicInteger nextLoop = new AtomicInteger();
    private final Set<UdpEndpoint> endpoints = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final InetAddress loopback = InetAddress.getLoopbackAddress();

    private final LongAdder sent = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final LongAdder droppedOversized = new LongAdder();
    private final LongAdder droppedClosed = new LongAdder();
    private final LongAdder sendFailures = new LongAdder();
    private final LongAdder taskFailures = new LongAdder();
    private final AtomicReference<@Nullable Throwable> lastFailure = new AtomicReference<>();

    private UdpTransport(int eventLoops) {
        this.threadNamePrefix = "p2p-udp-" + INSTANCES.incrementAndGet() + "-loop-";
        this.loops = new EventLoop[eventLoops];
        try {
            for (int i = 0; i < eventLoops; i++) {
                loops[i] = new EventLoop(threadNamePrefix + i);
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot open a selector for event loop of " + threadNamePrefix, e);
        }
        for (EventLoop loop : loops) {
            loop.thread.start();
        }
    }

    /** Starts a transport with {@link #DEFAULT_EVENT_LOOPS} event loops. */
    public static UdpTransport start() {
        return start(DEFAULT_EVENT_LOOPS);
    }

    /** Starts a transport with {@code eventLoops} event-loop threads. */
    public static UdpTransport start(int eventLoops) {
        if (eventLoops < 1 || eventLoops > 1_024) {
            throw new IllegalArgumentException("eventLoops [" + eventLoops + "] must be from 1 to 1024, e.g. 2");
        }
        return new UdpTransport(eventLoops);
    }

    /** Every event-loop thread of this transport has a name starting with this prefix. */
    public String threadNamePrefix() {
        return threadNamePrefix;
    }

    public int eventLoops() {
        return loops.length;
    }

    /** Endpoints open now. */
    public int openEndpoints() {
        return endpoints.size();
    }

    @Override
    public Endpoint open(Receiver receiver) {
        requireNonNull(receiver, "receiver");
        if (closed.get()) {
            throw new IllegalStateException("UDP transport " + threadNamePrefix + "* is closed; open endpoints "
                    + "before closing it");
        }
        DatagramChannel channel;
        Address address;
        try {
            channel = DatagramChannel.open(StandardProtocolFamily.INET);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a UDP channel with " + endpoints.size() + " endpoints open"
                    + " (each holds a file descriptor; raise the open-file limit, ulimit -n, if it is reached)", e);
        }
        try {
            channel.configureBlocking(false);
            channel.bind(new InetSocketAddress(loopback, 0));
            address = Address.of((InetSocketAddress) channel.getLocalAddress());
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot bind a UDP channel to " + loopback.getHostAddress() + ":0", e);
        }
        EventLoop loop = loops[Math.floorMod(nextLoop.getAndIncrement(), loops.length)];
        UdpEndpoint endpoint = new UdpEndpoint(loop, channel, address, receiver);
        endpoints.add(endpoint);
        // registering blocks while the selector is selecting, so the loop registers its own channels
        loop.submit(endpoint::register);
        return endpoint;
    }

    /** A snapshot of the counters, summed over every endpoint. */
    public Stats stats() {
        return new Stats(sent.sum(), received.sum(), droppedOversized.sum(), droppedClosed.sum(), sendFailures.sum(),
                taskFailures.sum());
    }

    /** The last exception thrown by node code on an event loop, if any. */
    public Optional<Throwable> lastFailure() {
        return Optional.ofNullable(lastFailure.get());
    }

    /** Stops the event loops, waiting up to a few seconds for them, and closes every channel. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (EventLoop loop : loops) {
            if (loop != null) {
                loop.running = false;
                loop.selector.wakeup();
            }
        }
        for (EventLoop loop : loops) {
            if (loop != null && loop.thread != Thread.currentThread() && loop.thread.isAlive()) {
                try {
                    loop.thread.join(TimeUnit.SECONDS.toMillis(5));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        for (UdpEndpoint endpoint : endpoints) {
            endpoint.close();
        }
        for (EventLoop loop : loops) {
            if (loop != null) {
                try {
                    loop.selector.close();
                } catch (IOException ignored) {
                    // nothing left to release
                }
            }
        }
    }

    @Override
    public String toString() {
        return "UdpTransport[" + loops.length + " event loops, " + endpoints.size() + " endpoints" + (closed.get()
                ? ", closed]" : "]");
    }

    private void recordFailure(Throwable failure) {
        if (failure instanceof VirtualMachineError error) {
            throw error;
        }
        taskFailures.increment();
        lastFailure.set(failure);
    }

    private static void closeQuietly(DatagramChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing is all that was wanted
        }
    }

    /** The counters of a UDP transport. */
    public record Stats(long sent, long received, long droppedOversized, long droppedClosed, long sendFailures,
                        long taskFailures) {

        /** Datagrams dropped by this transport, whichever the reason. */
        public long dropped() {
            return droppedOversized + droppedClosed + sendFailures;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "sent %,d, received %,d, dropped %,d (oversized %,d, closed %,d, "
                            + "send failed %,d), task failures %,d", sent, received, dropped(), droppedOversized,
                    droppedClosed, sendFailures, taskFailures);
        }
    }

    private final class UdpEndpoint implements Endpoint, Scheduler {
        final EventLoop loop;
        final DatagramChannel channel;
        final Address address;
        final Receiver receiver;
        volatile boolean closed;

        UdpEndpoint(EventLoop loop, DatagramChannel channel, Address address, Receiver receiver) {
            this.loop = loop;
            this.channel = channel;
            this.address = address;
            this.receiver = receiver;
        }

        @Override
        public Address address() {
            return address;
        }

        @Override
        public void send(Address to, ByteBuffer payload) {
            requireNonNull(to, "to");
            requireNonNull(payload, "payload");
            if (closed) {
                droppedClosed.increment();
                return;
            }
            if (payload.remaining() > MAX_DATAGRAM_BYTES) {
                droppedOversized.increment();
                return;
            }
            try {
                // DatagramChannel.send is thread-safe; a full socket buffer sends nothing (best effort)
                if (channel.send(payload.duplicate(), to.toSocketAddress()) == 0) {
                    sendFailures.increment();
                } else {
                    sent.increment();
                }
            } catch (ClosedChannelException e) {
                droppedClosed.increment();
            } catch (IOException | UnresolvedAddressException | SecurityException e) {
                sendFailures.increment();
            }
        }

        @Override
        public Scheduler scheduler() {
            return this;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            endpoints.remove(this);
            closeQuietly(channel);
        }

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public Cancellable schedule(long delayNanos, Runnable task) {
            requireNonNull(task, "task");
            if (delayNanos < 0) {
                throw new IllegalArgumentException("delayNanos [" + delayNanos + "] must be >= 0");
            }
            Timer timer = new Timer(System.nanoTime() + delayNanos, this, task);
            if (Thread.currentThread() == loop.thread) {
                loop.addTimer(timer);
            } else {
                loop.submit(() -> loop.addTimer(timer));
            }
            return timer;
        }

        @Override
        public void execute(Runnable task) {
            requireNonNull(task, "task");
            loop.submit(() -> {
                if (!closed) {
                    task.run();
                }
            });
        }

        void register() {
            if (closed) {
                return;
            }
            try {
                channel.register(loop.selector, SelectionKey.OP_READ, this);
            } catch (ClosedChannelException e) {
                // closed before the loop got to it: nothing to receive
            }
        }

        void readAvailable(ByteBuffer buffer) {
            for (int i = 0; i < MAX_READS_PER_SELECTION && !closed; i++) {
                buffer.clear();
                SocketAddress source;
                try {
                    source = channel.receive(buffer);
                } catch (ClosedChannelException e) {
                    return;
                } catch (IOException e) {
                    recordFailure(e);
                    return;
                }
                if (source == null) {
                    return;
                }
                buffer.flip();
                if (buffer.remaining() > MAX_DATAGRAM_BYTES) {
                    droppedOversized.increment();
                    continue;
                }
                received.increment();
                try {
                    receiver.receive(Address.of((InetSocketAddress) source), buffer.asReadOnlyBuffer());
                } catch (Throwable t) {
                    recordFailure(t);
                }
            }
        }

        @Override
        public String toString() {
            return "UdpEndpoint[" + address + (closed ? ", closed]" : "]");
        }
    }

    private static final class Timer implements Cancellable, Comparable<Timer> {
        final long deadline;
        long sequence; // set by the loop when it queues the timer: equal deadlines run in scheduling order
        final UdpEndpoint owner;
        final Runnable task;
        volatile boolean cancelled;

        Timer(long deadline, UdpEndpoint owner, Runnable task) {
            this.deadline = deadline;
            this.owner = owner;
            this.task = task;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public int compareTo(Timer other) {
            // nanoTime values are compared by difference, as System.nanoTime requires
            long difference = deadline - other.deadline;
            return difference != 0 ? Long.signum(difference) : Long.compare(sequence, other.sequence);
        }
    }

    private final class EventLoop implements Runnable {
        final Selector selector;
        final Thread thread;
        final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
        final AtomicBoolean wakeupPending = new AtomicBoolean();
        final PriorityQueue<Timer> timers = new PriorityQueue<>();
        final ByteBuffer buffer = ByteBuffer.allocateDirect(RECEIVE_BUFFER_BYTES);
        final List<Timer> due = new ArrayList<>();
        volatile boolean running = true;
        long nextTimerSequence;

        EventLoop(String name) throws IOException {
            this.selector = Selector.open();
            this.thread = new Thread(this, name);
            this.thread.setDaemon(true);
        }

        void submit(Runnable task) {
            tasks.add(task);
            if (Thread.currentThread() != thread && wakeupPending.compareAndSet(false, true)) {
                selector.wakeup();
            }
        }

        void addTimer(Timer timer) {
            timer.sequence = nextTimerSequence++;
            timers.add(timer);
        }

        @Override
        public void run() {
            while (running) {
                try {
                    select();
                } catch (IOException | RuntimeException e) {
                    if (!running) {
                        break;
                    }
                    recordFailure(e);
                }
                wakeupPending.set(false);
                processSelectedKeys();
                runTasks();
                runDueTimers();
            }
        }

        private void select() throws IOException {
            if (!tasks.isEmpty()) {
                selector.selectNow();
                return;
            }
            Timer next = timers.peek();
            if (next == null) {
                selector.select();
                return;
            }
            long waitNanos = next.deadline - System.nanoTime();
            if (waitNanos <= 0) {
                selector.selectNow();
            } else {
                // select takes milliseconds; round up so the loop does not spin until the deadline
                selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos + 999_999)));
            }
        }

        private void processSelectedKeys() {
            Set<SelectionKey> selected = selector.selectedKeys();
            Iterator<SelectionKey> keys = selected.iterator();
            while (keys.hasNext()) {
                SelectionKey key = keys.next();
                keys.remove();
                if (key.isValid() && key.attachment() instanceof UdpEndpoint endpoint) {
                    endpoint.readAvailable(buffer);
                }
            }
        }

        private void runTasks() {
            // a bounded batch: a task that submits another must not keep the loop from its sockets and timers
            for (int remaining = MAX_TASKS_PER_ITERATION; remaining > 0; remaining--) {
                Runnable task = tasks.poll();
                if (task == null) {
                    return;
                }
                try {
                    task.run();
                } catch (Throwable t) {
                    recordFailure(t);
                }
            }
        }

        private void runDueTimers() {
            long now = System.nanoTime();
            Timer next;
            while ((next = timers.peek()) != null && next.deadline - now <= 0) {
                due.add(timers.poll());
            }
            for (Timer timer : due) {
                if (timer.cancelled || timer.owner.closed) {
                    continue;
                }
                try {
                    timer.task.run();
                } catch (Throwable t) {
                    recordFailure(t);
                }
            }
            due.clear();
        }
    }
}
