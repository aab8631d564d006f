package dev.perfgate.marketplace.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;

class SimulatedNetworkTests extends TransportContractTests {

    private static final long MS = 1_000_000L;

    @Override
    Transport newTransport() {
        return SimulatedNetwork.builder().seed(7).build();
    }

    private SimulatedNetwork net() {
        return (SimulatedNetwork) transport;
    }

    @Override
    boolean await(BooleanSupplier condition) {
        return net().runUntil(condition, net().now() + 60_000 * MS);
    }

    @Override
    void settle() {
        net().runUntilIdle();
    }

    @Override
    long droppedOversized() {
        return net().stats().droppedOversized();
    }

    @Test
    void aRoundTripTakesExactlyTheLinksRttOfVirtualTime() {
        SimulatedNetwork net = net();
        long[] pongAt = new long[1];
        Transport.Endpoint[] b = new Transport.Endpoint[1];
        Transport.Endpoint a = net.open((from, payload) -> pongAt[0] = net.now());
        b[0] = net.open((from, payload) -> b[0].send(from, payload));
        net.runUntil(5 * MS);

        a.send(b[0].address(), text("ping"));
        net.runUntilIdle();

        long rtt = net.linkRttNanos(a.address(), b[0].address());
        assertThat(rtt).isBetween(20 * MS, 200 * MS);
        assertThat(net.linkRttNanos(b[0].address(), a.address())).isEqualTo(rtt);
        assertThat(pongAt[0]).isEqualTo(5 * MS + rtt);
    }

    @Test
    void linkRttsSpreadOverTheConfiguredRangeAndAreFixedBySeed() {
        SimulatedNetwork one = SimulatedNetwork.builder().seed(3).rtt(20 * MS, 200 * MS).build();
        SimulatedNetwork same = SimulatedNetwork.builder().seed(3).rtt(20 * MS, 200 * MS).build();
        List<Address> addresses = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            addresses.add(one.open(new Inbox()).address());
            same.open(new Inbox());
        }
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 1; i < addresses.size(); i++) {
            long rtt = one.linkRttNanos(addresses.get(0), addresses.get(i));
            assertThat(same.linkRttNanos(addresses.get(0), addresses.get(i))).isEqualTo(rtt);
            min = Math.min(min, rtt);
            max = Math.max(max, rtt);
        }
        assertThat(min).isBetween(20 * MS, 40 * MS);
        assertThat(max).isBetween(180 * MS, 200 * MS);
    }

    @Test
    void jitterDelaysEachDatagramByAtMostTheConfiguredAmount() {
        SimulatedNetwork net = SimulatedNetwork.builder().seed(5).rtt(100 * MS, 100 * MS).jitter(10 * MS).build();
        List<Long> arrivals = new ArrayList<>();
        Transport.Endpoint a = net.open(new Inbox());
        Transport.Endpoint b = net.open((from, payload) -> arrivals.add(net.now()));

        for (int i = 0; i < 1_000; i++) {
            a.send(b.address(), text("x"));
        }
        net.runUntilIdle();

        assertThat(arrivals).hasSize(1_000).allSatisfy(t -> assertThat(t).isBetween(50 * MS, 60 * MS));
        assertThat(arrivals.stream().distinct().count()).isGreaterThan(100);
    }

    @Test
    void aLossOfFivePercentLosesAboutFivePercent() {
        SimulatedNetwork net = SimulatedNetwork.builder().seed(11).loss(0.05).build();
        Inbox inbox = new Inbox();
        Transport.Endpoint a = net.open(new Inbox());
        Transport.Endpoint b = net.open(inbox);

        for (int i = 0; i < 10_000; i++) {
            a.send(b.address(), text("x"));
        }
        net.runUntilIdle();

        SimulatedNetwork.Stats stats = net.stats();
        // 500 expected, standard deviation 22: the margin is about seven of them
        assertThat(stats.lost()).isBetween(350L, 650L);
        assertThat(stats.delivered()).isEqualTo(10_000 - stats.lost());
        assertThat(inbox.received).hasSize((int) stats.delivered());
    }

    @Test
    void aPartitionDropsDatagramsBetweenGroupsUntilHealed() {
        SimulatedNetwork net = net();
        Inbox atA = new Inbox();
        Inbox atB = new Inbox();
        Inbox atC = new Inbox();
        Transport.Endpoint a = net.open(atA);
        Transport.Endpoint b = net.open(atB);
        Transport.Endpoint c = net.open(atC);
        Transport.Endpoint d = net.open(new Inbox());

        net.partition(List.of(Set.of(a.address(), b.address()), Set.of(c.address())));
        a.send(b.address(), text("same group"));
        a.send(c.address(), text("across"));
        d.send(a.address(), text("from the rest"));
        net.runUntilIdle();

        assertThat(atB.received).containsExactly(a.address() + ": same group");
        assertThat(atC.received).isEmpty();
        assertThat(atA.received).isEmpty();
        assertThat(net.stats().droppedPartitioned()).isEqualTo(2);

        net.heal();
        a.send(c.address(), text("healed"));
        d.send(a.address(), text("healed"));
        net.runUntilIdle();

        assertThat(atC.received).containsExactly(a.address() + ": healed");
        assertThat(atA.received).containsExactly(d.address() + ": healed");
    }

    @Test
    void theSameSeedGivesTheSameEventTraceAndAnotherSeedAnother() {
        List<String> first = gossipTrace(17);
        List<String> again = gossipTrace(17);
        List<String> other = gossipTrace(18);

        assertThat(first).hasSizeGreaterThan(500);
        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    /** 200 nodes forward a rumour to 3 random peers after a random think time, over a lossy, jittery network. */
    private static List<String> gossipTrace(long seed) {
        SimulatedNetwork net = SimulatedNetwork.builder().seed(seed).jitter(5 * MS).loss(0.05).build();
        SplittableRandom choices = new SplittableRandom(seed);
        List<String> trace = new ArrayList<>();
        List<Transport.Endpoint> nodes = new ArrayList<>();
        boolean[] informed = new boolean[200];
        for (int i = 0; i < 200; i++) {
            int self = i;
            nodes.add(net.open((from, payload) -> {
                trace.add(net.now() + " " + from + " -> " + nodes.get(self).address() + " " + text(payload));
                if (!informed[self]) {
                    informed[self] = true;
                    nodes.get(self).scheduler().schedule(choices.nextLong(10 * MS), () -> {
                        trace.add(net.now() + " timer " + nodes.get(self).address());
                        for (int k = 0; k < 3; k++) {
                            nodes.get(self).send(nodes.get(choices.nextInt(200)).address(), text("rumour"));
                        }
                    });
                }
            }));
        }
        nodes.get(1).send(nodes.get(0).address(), text("rumour"));
        net.runUntilIdle();
        trace.add(net.stats().toString());
        return trace;
    }

    @Test
    void countersAddUp() {
        SimulatedNetwork net = SimulatedNetwork.builder().seed(2).loss(0.1).build();
        List<Transport.Endpoint> nodes = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            nodes.add(net.open(new Inbox()));
        }
        net.partition(List.of(Set.of(nodes.get(0).address())));
        nodes.get(49).close();
        for (Transport.Endpoint from : nodes) {
            for (Transport.Endpoint to : nodes) {
                from.send(to.address(), ByteBuffer.allocate(from == to ? 2_000 : 10));
            }
        }
        net.runFor(50 * MS);

        SimulatedNetwork.Stats stats = net.stats();
        assertThat(stats.inFlight()).isPositive();
        assertThat(stats.sent()).isEqualTo(2_500);
        assertThat(stats.delivered() + stats.lost() + stats.dropped() + stats.inFlight()).isEqualTo(stats.sent());
        net.runUntilIdle();
        stats = net.stats();
        assertThat(stats.inFlight()).isZero();
        // every node sent itself one oversized datagram; the closed node's counts as dropped at a closed endpoint
        assertThat(stats.droppedOversized()).isEqualTo(49);
        assertThat(stats.droppedPartitioned()).isEqualTo(2 * 48);
        assertThat(stats.delivered() + stats.lost() + stats.dropped()).isEqualTo(stats.sent());
    }

    @Test
    void tenThousandNodesEachSendingSixteenPingsAndAnsweringRunInSeconds() {
        int nodes = 10_000;
        int fanOut = 16;
        SimulatedNetwork net = SimulatedNetwork.builder().seed(99).jitter(5 * MS).build();
        List<Transport.Endpoint> endpoints = new ArrayList<>(nodes);
        long[] pongs = new long[1];
        long startNanos = System.nanoTime();
        for (int i = 0; i < nodes; i++) {
            int self = i;
            endpoints.add(net.open((from, payload) -> {
                if (payload.get(0) == 1) {
                    endpoints.get(self).send(from, ByteBuffer.wrap(new byte[] {2}));
                } else {
                    pongs[0]++;
                }
            }));
        }
        SplittableRandom random = new SplittableRandom(99);
        for (Transport.Endpoint endpoint : endpoints) {
            for (int k = 0; k < fanOut; k++) {
                endpoint.send(endpoints.get(random.nextInt(nodes)).address(), ByteBuffer.wrap(new byte[] {1}));
            }
        }
        long events = net.runUntilIdle();
        long elapsedNanos = System.nanoTime() - startNanos;

        System.out.printf(Locale.ROOT, "simulated network: %,d nodes, %,d datagrams in %.1f ms of wall time "
                        + "(%,.0f datagrams/s), %.1f ms of virtual time%n", nodes, events, elapsedNanos / 1e6,
                events / (elapsedNanos / 1e9), net.now() / 1e6);
        assertThat(pongs[0]).isEqualTo((long) nodes * fanOut);
        assertThat(events).isEqualTo(2L * nodes * fanOut);
        assertThat(net.now()).isLessThanOrEqualTo(210 * MS);
        assertThat(elapsedNanos).as("wall time, ns").isLessThan(20_000 * MS);
    }

    @Test
    void addressesWorkBeyondSixtyFiveThousandNodes() {
        SimulatedNetwork net = net();
        Transport.Endpoint first = net.open(new Inbox());
        Transport.Endpoint last = null;
        for (int i = 0; i < 70_000; i++) {
            last = net.open(new Inbox());
        }
        assertThat(last.address()).hasToString("sim-70000:1");
        Inbox inbox = new Inbox();
        Transport.Endpoint receiver = net.open(inbox);
        first.send(receiver.address(), text("far"));
        net.runUntilIdle();
        assertThat(inbox.received).containsExactly("sim-0:1: far");
    }

    @Test
    void badSettingsAreRefusedNamingTheValue() {
        assertThatIllegalArgumentException().isThrownBy(() -> SimulatedNetwork.builder().loss(1.5))
                .withMessage("loss [1.5] must be a probability from 0 to 1, e.g. 0.05 for 5 %");
        assertThatIllegalArgumentException().isThrownBy(() -> SimulatedNetwork.builder().rtt(200, 20))
                .withMessage("rtt [200 ns..20 ns] must satisfy 0 <= min <= max, e.g. rtt(20_000_000, 200_000_000)"
                        + " for 20..200 ms");
        assertThatIllegalArgumentException().isThrownBy(() -> SimulatedNetwork.builder().jitter(-1))
                .withMessage("jitter [-1 ns] must be >= 0, e.g. 5_000_000 for 5 ms");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> net().partition(List.of(Set.of(new Address("sim-9", 0)))))
                .withMessage("partition member [sim-9:0] is not an endpoint of this network (expected an address it"
                        + " opened, e.g. sim-0:1)");
        Transport.Endpoint node = net().open(new Inbox());
        assertThatIllegalArgumentException().isThrownBy(() -> node.scheduler().schedule(-5, () -> { }))
                .withMessage("delayNanos [-5] must be >= 0");
        net().runUntil(10);
        assertThatIllegalArgumentException().isThrownBy(() -> net().runUntil(3))
                .withMessage("cannot run until [3 ns]: virtual time is already 10 ns and does not go back");
    }
}
