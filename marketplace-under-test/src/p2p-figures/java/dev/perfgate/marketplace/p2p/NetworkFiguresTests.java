package dev.perfgate.marketplace.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

/**
 * The DHT's figures at the sizes issue 7 asks for: 10, 100 and 1,000 nodes over UDP on loopback, 10,000 nodes on the
 * simulated WAN (RTT 20 to 200 ms per link, virtual time). For each: time to join, lookup latency p50/p95/p99, hops
 * mean and max, lookup success rate, retained heap per node. Every lookup must find its record. Writes
 * {@code target/p2p-figures.md}.
 */
class NetworkFiguresTests {

    private static final int RECORDS = 50;
    private static final int LOOKUPS = 200;

    private final SplittableRandom random = new SplittableRandom(2026);
    private final RecordSigner publisher = RecordSigner.generate();
    private final StringBuilder report = new StringBuilder("| transport | nodes | join mean | join p95 | lookups found"
            + " | lookup p50 | p95 | p99 | hops mean | hops max | retained heap per node |\n"
            + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");

    @Test
    void figures() throws Exception {
        for (int size : new int[] {10, 100, 1_000}) {
            try (UdpTransport udp = UdpTransport.start()) {
                measure("UDP loopback, 2 loops", udp, size, future -> future.orTimeout(60, TimeUnit.SECONDS).join(),
                        System::nanoTime);
            }
        }
        try (SimulatedNetwork network = SimulatedNetwork.builder().seed(2026).build()) {
            measure("simulated WAN, RTT 20-200 ms (virtual time)", network, 10_000, future -> {
                assertThat(network.runUntil(future::isDone, network.now() + 600_000_000_000L)).isTrue();
                return future.join();
            }, network::now);
        }
        Path out = Path.of("target", "p2p-figures.md");
        Files.writeString(out, report.toString());
        System.out.println(report);
    }

    private void measure(String transportName, Transport transport, int size,
            Function<CompletableFuture<?>, Object> await, java.util.function.LongSupplier clock) {
        long heapBefore = usedHeapAfterGc();
        List<KademliaNode> nodes = new ArrayList<>();
        List<Double> joins = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            KademliaNode node = KademliaNode.start(transport, NodeId.random(random), KademliaNode.Settings.defaults(),
                    RecordSigner::verify, random.split());
            if (!nodes.isEmpty()) {
                long start = clock.getAsLong();
                await.apply(node.bootstrap(List.of(nodes.get(random.nextInt(nodes.size())).contact().address())));
                joins.add((clock.getAsLong() - start) / 1e6);
            }
            nodes.add(node);
        }
        long heapPerNode = (usedHeapAfterGc() - heapBefore) / size;
        List<SignedRecord> records = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            SignedRecord record = publisher.sign(NodeId.sha256(("package-" + i).getBytes(StandardCharsets.UTF_8)),
                    SignedRecord.Kind.ANNOUNCEMENT, 1, 3_600, ("package-" + i).getBytes(StandardCharsets.UTF_8));
            await.apply(nodes.get(random.nextInt(nodes.size())).store(record));
            records.add(record);
        }
        List<Double> latencies = new ArrayList<>();
        List<Integer> hops = new ArrayList<>();
        int found = 0;
        for (int i = 0; i < LOOKUPS; i++) {
            SignedRecord record = records.get(i % RECORDS);
            long start = clock.getAsLong();
            KademliaNode.Lookup lookup = (KademliaNode.Lookup) await.apply(
                    nodes.get(random.nextInt(nodes.size())).findValue(record.key(), record.kind()));
            latencies.add((clock.getAsLong() - start) / 1e6);
            if (lookup.record().filter(record::equals).isPresent()) {
                found++;
                hops.add(lookup.hops());
            }
        }
        nodes.forEach(KademliaNode::close);
        report.append(String.format(Locale.ROOT, "| %s | %,d | %.2f ms | %.2f ms | %d of %d | %.2f ms | %.2f ms |"
                + " %.2f ms | %.2f | %d | %,d B |%n", transportName, size, mean(joins), percentile(joins, 95), found,
                LOOKUPS, percentile(latencies, 50), percentile(latencies, 95), percentile(latencies, 99),
                hops.stream().mapToInt(Integer::intValue).average().orElse(Double.NaN),
                hops.stream().mapToInt(Integer::intValue).max().orElse(0), heapPerNode));
        assertThat(found).as("lookups that found their record at %d nodes (%s)", size, transportName)
                .isEqualTo(LOOKUPS);
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    private static double percentile(List<Double> values, double percentile) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100 * sorted.length) - 1)];
    }

    /** Used heap after collections have settled (two readings within 64 KiB), in bytes. */
    private static long usedHeapAfterGc() {
        long previous = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            if (Math.abs(used - previous) < 64 * 1024) {
                return used;
            }
            previous = used;
        }
        return previous;
    }
}
