package dev.perfgate.marketplace.p2p;

import static dev.perfgate.marketplace.p2p.SimulatedNodes.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

import org.junit.jupiter.api.Test;

/** Spans and metrics of the network, on a real SDK with in-memory exporters. */
class P2pTelemetryTests {

    @Test
    void bootstrapLookupAndGossipAreTracedAndLookupsAndDropsMeasured() {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        InMemoryMetricReader metrics = InMemoryMetricReader.create();
        try (OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans))
                        .build())
                .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build()).build();
             SimulatedNetwork network = SimulatedNetwork.builder().seed(4).build()) {
            P2pTelemetry telemetry = P2pTelemetry.create(sdk);
            SplittableRandom random = new SplittableRandom(4);
            List<KademliaNode> nodes = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                KademliaNode node = KademliaNode.start(network, NodeId.random(random),
                        KademliaNode.Settings.defaults(), RecordSigner::verify, random.split(), telemetry);
                if (!nodes.isEmpty()) {
                    await(network, node.bootstrap(List.of(nodes.get(0).contact().address())));
                }
                nodes.add(node);
            }
            SignedRecord record = RecordSigner.generate().sign(NodeId.sha256("acme/web".getBytes(
                    StandardCharsets.UTF_8)), SignedRecord.Kind.ANNOUNCEMENT, 1, 3_600, new byte[4]);
            await(network, nodes.get(3).store(record));
            spans.reset();

            long before = network.now();
            KademliaNode.Lookup lookup = await(network, nodes.get(20).findValue(record.key(), record.kind()));
            long took = network.now() - before;

            SpanData span = spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals(P2pTelemetry.LOOKUP))
                    .reduce((first, second) -> second).orElseThrow();
            assertThat(span.getAttributes().get(P2pTelemetry.FOUND)).isTrue();
            assertThat(span.getAttributes().get(P2pTelemetry.HOPS)).isEqualTo(lookup.hops());
            assertThat(span.getAttributes().get(P2pTelemetry.PEERS_CONTACTED)).isEqualTo(lookup.contacted());
            assertThat(span.getAttributes().get(P2pTelemetry.LOOKUP_KIND)).isEqualTo("announcement");
            // recorded after the caller was answered, the span still lasts what the lookup took on the node's clock
            assertThat(span.getEndEpochNanos() - span.getStartEpochNanos()).as("span duration, ns")
                    .isBetween(lookup.hops() > 0 ? SimulatedNetwork.DEFAULT_RTT_MIN_NANOS / 2 : 0, took);
            List<String> names = metrics.collectAllMetrics().stream().map(MetricData::getName).toList();
            assertThat(names).contains(P2pTelemetry.LOOKUP_DURATION, P2pTelemetry.LOOKUP_HOPS);

            spans.reset();
            KademliaNode late = KademliaNode.start(network, NodeId.random(random), KademliaNode.Settings.defaults(),
                    RecordSigner::verify, random.split(), telemetry);
            await(network, late.bootstrap(List.of(nodes.get(0).contact().address())));
            SpanData bootstrap = spans.getFinishedSpanItems().stream()
                    .filter(s -> s.getName().equals(P2pTelemetry.BOOTSTRAP)).findFirst().orElseThrow();
            assertThat(bootstrap.getAttributes().get(P2pTelemetry.ROUTING_TABLE_SIZE)).isPositive();
            assertThat(spans.getFinishedSpanItems()).extracting(SpanData::getName).contains(P2pTelemetry.LOOKUP);

            spans.reset();
            List<Gossip> gossips = new ArrayList<>();
            for (KademliaNode node : nodes) {
                gossips.add(Gossip.attach(node, Gossip.Settings.defaults(), r -> true, (r, from) -> { }));
            }
            network.runFor(3 * SimulatedNodes.SECOND);
            await(network, gossips.get(0).publish(record));
            network.runFor(5 * SimulatedNodes.SECOND);
            assertThat(spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals(P2pTelemetry.GOSSIP_PUBLISH)))
                    .hasSize(1);
            assertThat(spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals(P2pTelemetry.GOSSIP_DELIVER)))
                    .hasSize(29);

            nodes.get(5).send(nodes.get(6).contact().address(), new Message.Ping(1, nodes.get(7).contact()));
            network.runFor(SimulatedNodes.SECOND);
            assertThat(metrics.collectAllMetrics().stream().filter(m -> m.getName().equals(P2pTelemetry.DROPPED))
                    .flatMap(m -> m.getLongSumData().getPoints().stream())
                    .filter(p -> "spoofed_sender".equals(p.getAttributes().get(P2pTelemetry.REASON))))
                    .singleElement().satisfies(p -> assertThat(p.getValue()).isEqualTo(1));
        }
    }
}
