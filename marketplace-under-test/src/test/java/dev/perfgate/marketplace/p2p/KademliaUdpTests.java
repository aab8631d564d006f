package dev.perfgate.marketplace.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The DHT over real UDP datagrams on loopback, many nodes in this JVM on two shared event loops: lookups find every
 * stored record, and a node that was sent 100,000 random and mutated datagrams still answers correctly.
 */
class KademliaUdpTests {

    private final SplittableRandom random = new SplittableRandom(3);
    private final RecordSigner publisher = RecordSigner.generate();

    @Test
    void lookupsOverUdpFindEveryStoredRecord() {
        try (UdpTransport udp = UdpTransport.start()) {
            long joinStart = System.nanoTime();
            List<KademliaNode> nodes = network(udp, 200);
            double joinMillis = (System.nanoTime() - joinStart) / 1e6 / nodes.size();
            List<SignedRecord> records = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                SignedRecord record = publisher.sign(NodeId.sha256(("package-" + i).getBytes(StandardCharsets.UTF_8)),
                        SignedRecord.Kind.ANNOUNCEMENT, 1, 3_600, ("package-" + i).getBytes(StandardCharsets.UTF_8));
                assertThat(join(nodes.get(random.nextInt(nodes.size())).store(record))).isPositive();
                records.add(record);
            }

            int found = 0;
            List<Double> millis = new ArrayList<>();
            for (SignedRecord record : records) {
                long start = System.nanoTime();
                KademliaNode.Lookup lookup = join(nodes.get(random.nextInt(nodes.size()))
                        .findValue(record.key(), record.kind()));
                millis.add((System.nanoTime() - start) / 1e6);
                if (lookup.record().filter(record::equals).isPresent()) {
                    found++;
                }
            }

            millis.sort(null);
            System.out.printf(Locale.ROOT, "[kademlia udp] %d nodes: join %.1f ms per node, %d of %d found,"
                    + " lookup p50 %.2f ms, max %.2f ms%n", nodes.size(), joinMillis, found, records.size(),
                    millis.get(millis.size() / 2), millis.get(millis.size() - 1));
            assertThat(found).isEqualTo(records.size());
            assertThat(udp.eventLoops()).isEqualTo(UdpTransport.DEFAULT_EVENT_LOOPS);
        }
    }

    @Test
    void aNodeFedHundredThousandBadDatagramsStillAnswersCorrectly() throws Exception {
        try (UdpTransport udp = UdpTransport.start(); DatagramChannel attacker = DatagramChannel.open()) {
            List<KademliaNode> nodes = network(udp, 20);
            KademliaNode target = nodes.get(0);
            attacker.bind(new InetSocketAddress("127.0.0.1", 0));
            InetSocketAddress to = target.contact().address().toSocketAddress();
            byte[] valid = WireFormat.encode(new Message.FindNode(7, new Contact(NodeId.random(random),
                    Address.of((InetSocketAddress) attacker.getLocalAddress())), NodeId.random(random)));
            for (int i = 0; i < 100_000; i++) {
                byte[] datagram;
                if (i % 2 == 0) {
                    datagram = new byte[random.nextInt(1_500)];
                    random.nextBytes(datagram);
                }
                else {
                    datagram = valid.clone();
                    for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                        datagram[random.nextInt(datagram.length)] ^= (byte) (1 << random.nextInt(8));
                    }
                }
                attacker.send(ByteBuffer.wrap(datagram), to);
                if (i % 25 == 24) {
                    Thread.sleep(1); // a flood the node's socket buffer can mostly take (loopback UDP drops the rest)
                }
            }
            SignedRecord record = publisher.sign(NodeId.sha256("after".getBytes(StandardCharsets.UTF_8)),
                    SignedRecord.Kind.ANNOUNCEMENT, 1, 3_600, "after the flood".getBytes(StandardCharsets.UTF_8));

            assertThat(join(nodes.get(5).store(record))).isPositive();
            assertThat(join(target.findValue(record.key(), record.kind())).record()).contains(record);
            assertThat(join(nodes.get(9).findNode(target.contact().id())).closest()).contains(target.contact());
            System.out.printf(Locale.ROOT, "[kademlia udp] fuzz: 100,000 datagrams sent, %,d received by the UDP"
                    + " transport in all, %,d dropped as malformed, %,d unexpected%n", udp.stats().received(),
                    target.counters().malformed(), target.counters().unexpected());
            // Half the datagrams are random bytes, which nearly never decode; loopback UDP drops what overflows the
            // socket's buffer, so not all of them arrive.
            assertThat(target.counters().malformed()).isGreaterThan(10_000);
            assertThat(udp.lastFailure()).as("no exception escaped into an event loop").isEmpty();
        }
    }

    private List<KademliaNode> network(UdpTransport udp, int size) {
        List<KademliaNode> nodes = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            KademliaNode node = KademliaNode.start(udp, NodeId.random(random), KademliaNode.Settings.defaults(),
                    RecordSigner::verify, random.split());
            if (!nodes.isEmpty()) {
                join(node.bootstrap(List.of(nodes.get(random.nextInt(nodes.size())).contact().address())));
            }
            nodes.add(node);
        }
        return nodes;
    }

    private static <T> T join(CompletableFuture<T> future) {
        return future.orTimeout(60, TimeUnit.SECONDS).join();
    }
}
