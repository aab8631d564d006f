package dev.perfgate.marketplace.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;

class UdpTransportTests extends TransportContractTests {

    @Override
    Transport newTransport() {
        return UdpTransport.start(2);
    }

    private UdpTransport udp() {
        return (UdpTransport) transport;
    }

    @Override
    boolean await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            sleep(1);
        }
        return true;
    }

    @Override
    void settle() {
        sleep(200);
    }

    @Override
    long droppedOversized() {
        return udp().stats().droppedOversized();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static long threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(prefix)).count();
    }

    private static String openFileLimit() {
        try {
            return Files.readAllLines(Path.of("/proc/self/limits")).stream()
                    .filter(line -> line.startsWith("Max open files")).findFirst().orElse("unknown").trim();
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    @Test
    void aThousandEndpointsOnTwoLoopsEachHearFromTheirNeighbour() throws InterruptedException {
        int nodes = 1_000;
        UdpTransport udp = udp();
        CountDownLatch allHeard = new CountDownLatch(nodes);
        List<Transport.Endpoint> endpoints = new ArrayList<>(nodes);
        Set<String> wrongSenders = ConcurrentHashMap.newKeySet();
        long startNanos = System.nanoTime();
        for (int i = 0; i < nodes; i++) {
            int self = i;
            endpoints.add(udp.open((from, payload) -> {
                Address expected = endpoints.get(Math.floorMod(self - 1, nodes)).address();
                if (!from.equals(expected)) {
                    wrongSenders.add(from + " at node " + self);
                }
                allHeard.countDown();
            }));
        }
        long openedNanos = System.nanoTime();
        for (int i = 0; i < nodes; i++) {
            endpoints.get(i).send(endpoints.get((i + 1) % nodes).address(), ByteBuffer.wrap(new byte[] {(byte) i}));
        }
        boolean heard = allHeard.await(30, TimeUnit.SECONDS);
        long doneNanos = System.nanoTime();

        System.out.printf(Locale.ROOT, "UDP transport: %,d endpoints on %d event loops opened in %.1f ms, a datagram "
                        + "each sent and received in %.1f ms; %s; %s%n", nodes, udp.eventLoops(),
                (openedNanos - startNanos) / 1e6, (doneNanos - openedNanos) / 1e6, udp.stats(), openFileLimit());
        assertThat(heard).as("every endpoint heard from its neighbour; still waiting for %d", allHeard.getCount())
                .isTrue();
        assertThat(wrongSenders).isEmpty();
        assertThat(udp.openEndpoints()).isEqualTo(nodes);
        assertThat(threadsNamed(udp.threadNamePrefix())).isEqualTo(2);
    }

    @Test
    void eachNodesTasksRunOnItsOwnLoopThread() {
        UdpTransport udp = udp();
        Queue<String> threads = new ConcurrentLinkedQueue<>();
        AtomicInteger done = new AtomicInteger();
        Transport.Endpoint[] b = new Transport.Endpoint[1];
        Transport.Endpoint a = udp.open(new Inbox());
        b[0] = udp.open((from, payload) -> {
            threads.add(Thread.currentThread().getName());
            done.incrementAndGet();
        });
        b[0].scheduler().schedule(1_000_000L, () -> {
            threads.add(Thread.currentThread().getName());
            done.incrementAndGet();
        });
        b[0].scheduler().execute(() -> {
            threads.add(Thread.currentThread().getName());
            done.incrementAndGet();
        });
        a.send(b[0].address(), text("x"));

        assertThat(await(() -> done.get() == 3)).isTrue();
        assertThat(threads).hasSize(3).allSatisfy(name -> assertThat(name).startsWith(udp.threadNamePrefix()));
        assertThat(Set.copyOf(threads)).hasSize(1);
    }

    @Test
    void aFailingNodeIsCountedAndTheLoopGoesOn() {
        UdpTransport udp = udp();
        Inbox inbox = new Inbox();
        Transport.Endpoint failing = udp.open((from, payload) -> {
            throw new IllegalStateException("node bug");
        });
        Transport.Endpoint healthy = udp.open(inbox);
        Transport.Endpoint sender = udp.open(new Inbox());

        sender.send(failing.address(), text("boom"));
        failing.scheduler().execute(() -> {
            throw new IllegalStateException("timer bug");
        });
        assertThat(await(() -> udp.stats().taskFailures() == 2)).isTrue();
        sender.send(healthy.address(), text("still there"));

        assertThat(await(() -> !inbox.received.isEmpty())).isTrue();
        assertThat(udp.lastFailure()).isPresent();
    }

    @Test
    void closingStopsTheLoopsAndReleasesTheSockets() {
        UdpTransport udp = UdpTransport.start(3);
        Transport.Endpoint endpoint = udp.open(new Inbox());
        assertThat(await(() -> threadsNamed(udp.threadNamePrefix()) == 3)).isTrue();

        udp.close();

        assertThat(threadsNamed(udp.threadNamePrefix())).isZero();
        assertThat(udp.openEndpoints()).isZero();
        endpoint.send(endpoint.address(), text("after close"));
        assertThat(udp.stats().droppedClosed()).isEqualTo(1);
    }

    @Test
    void badSettingsAreRefusedNamingTheValue() {
        assertThatIllegalArgumentException().isThrownBy(() -> UdpTransport.start(0))
                .withMessage("eventLoops [0] must be from 1 to 1024, e.g. 2");
        Transport.Endpoint node = udp().open(new Inbox());
        assertThatIllegalArgumentException().isThrownBy(() -> node.scheduler().schedule(-5, () -> { }))
                .withMessage("delayNanos [-5] must be >= 0");
    }
}
