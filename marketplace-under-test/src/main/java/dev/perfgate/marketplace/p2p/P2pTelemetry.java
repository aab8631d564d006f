package dev.perfgate.marketplace.p2p;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;

import org.jspecify.annotations.Nullable;

import dev.perfgate.marketplace.telemetry.MarketplaceTelemetry;

/**
 * The P2P network's spans and instruments, from the {@code OpenTelemetry} a node is started with (never the global
 * one). One instance serves any number of nodes; it is thread-safe, as the OpenTelemetry API is.
 *
 * <p>Spans: {@value #BOOTSTRAP}, {@value #LOOKUP} (attributes {@code dht.lookup.hops},
 * {@code dht.lookup.peers_contacted}, {@code dht.lookup.found}), {@value #GOSSIP_PUBLISH}, {@value #GOSSIP_DELIVER},
 * {@value #RETRIEVE}, {@value #SEARCH}. Metrics: {@value #LOOKUP_DURATION} (s) and {@value #LOOKUP_HOPS}
 * (histograms), {@value #DROPPED} (counter by {@code p2p.drop.reason}).
 *
 * <p>A node's operations are asynchronous: their spans are started when the operation starts and ended when its
 * future completes, and are not made current (nothing runs in them on the caller's thread).
 */
public final class P2pTelemetry {

    public static final String BOOTSTRAP = "p2p.bootstrap";
    public static final String LOOKUP = "dht.lookup";
    public static final String GOSSIP_PUBLISH = "gossip.publish";
    public static final String GOSSIP_DELIVER = "gossip.deliver";
    public static final String RETRIEVE = "p2p.retrieve";
    public static final String SEARCH = "p2p.search";

    public static final String LOOKUP_DURATION = "dht.lookup.duration";
    public static final String LOOKUP_HOPS = "dht.lookup.hops";
    public static final String DROPPED = "p2p.messages.dropped";

    public static final AttributeKey<Long> HOPS = AttributeKey.longKey("dht.lookup.hops");
    public static final AttributeKey<Long> PEERS_CONTACTED = AttributeKey.longKey("dht.lookup.peers_contacted");
    public static final AttributeKey<Boolean> FOUND = AttributeKey.booleanKey("dht.lookup.found");
    public static final AttributeKey<String> LOOKUP_KIND = AttributeKey.stringKey("dht.lookup.kind");
    public static final AttributeKey<Long> SEEDS = AttributeKey.longKey("p2p.bootstrap.seeds");
    public static final AttributeKey<Long> ROUTING_TABLE_SIZE = AttributeKey.longKey("p2p.routing_table.size");
    public static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("gossip.message.id");
    public static final AttributeKey<Long> PEERS = AttributeKey.longKey("p2p.peers");
    public static final AttributeKey<Long> ATTEMPTS = AttributeKey.longKey("p2p.retrieve.attempts");
    public static final AttributeKey<Long> BYTES = AttributeKey.longKey("p2p.retrieve.bytes");
    public static final AttributeKey<String> REASON = AttributeKey.stringKey("p2p.drop.reason");

    /** Hop counts: a lookup at 10,000 nodes takes 2 to 4, one that wanders more than 20 is a bug to see. */
    private static final List<Long> HOP_BUCKETS = List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 8L, 10L, 15L, 20L);
    private static final List<Double> LATENCY_BUCKETS = List.of(0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
            0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0);

    /** (Declared after the bucket lists it needs.) Spans and metrics to nowhere: what a node without telemetry (a simulation of 10,000) uses. */
    public static final P2pTelemetry NOOP = new P2pTelemetry(OpenTelemetry.noop());

    private final Tracer tracer;
    private final DoubleHistogram lookupDuration;
    private final LongHistogram lookupHops;
    private final LongCounter dropped;

    private P2pTelemetry(OpenTelemetry openTelemetry) {
        tracer = openTelemetry.getTracer(MarketplaceTelemetry.INSTRUMENTATION_SCOPE);
        Meter meter = openTelemetry.getMeter(MarketplaceTelemetry.INSTRUMENTATION_SCOPE);
        lookupDuration = meter.histogramBuilder(LOOKUP_DURATION).setUnit("s")
                .setDescription("Duration of DHT lookups, on the node's clock")
                .setExplicitBucketBoundariesAdvice(LATENCY_BUCKETS).build();
        lookupHops = meter.histogramBuilder(LOOKUP_HOPS).ofLongs().setUnit("{hop}")
                .setDescription("Referrals a DHT lookup followed to its result")
                .setExplicitBucketBoundariesAdvice(HOP_BUCKETS).build();
        dropped = meter.counterBuilder(DROPPED).setUnit("{message}")
                .setDescription("Datagrams and messages a node dropped, by reason").build();
    }

    public static P2pTelemetry create(OpenTelemetry openTelemetry) {
        return new P2pTelemetry(java.util.Objects.requireNonNull(openTelemetry, "openTelemetry"));
    }

    Operation bootstrap(int seeds) {
        return new Operation(tracer.spanBuilder(BOOTSTRAP).setAttribute(SEEDS, (long) seeds).startSpan());
    }

    /** When an operation recorded after it ended started: wall-clock time, for its span. */
    record Start(long epochNanos) {
    }

    /** Now, to pass to a recording made when the operation has ended. */
    Start start() {
        Instant now = Instant.now();
        return new Start(now.getEpochSecond() * 1_000_000_000L + now.getNano());
    }

    /**
     * Records a lookup that has ended: its {@value #LOOKUP} span, from {@code start} and lasting {@code nanos} on the
     * node's clock (virtual time on the simulated network), and the lookup metrics when it succeeded.
     */
    void lookup(Start start, long nanos, SignedRecord.@Nullable Kind kind, KademliaNode.@Nullable Lookup lookup,
            @Nullable Throwable failure) {
        Span span = tracer.spanBuilder(LOOKUP)
                .setStartTimestamp(start.epochNanos(), TimeUnit.NANOSECONDS)
                .setAttribute(LOOKUP_KIND, kind == null ? "node" : kind.name().toLowerCase(java.util.Locale.ROOT))
                .startSpan();
        if (lookup != null) {
            span.setAttribute(HOPS, (long) lookup.hops());
            span.setAttribute(PEERS_CONTACTED, (long) lookup.contacted());
            span.setAttribute(FOUND, kind != null ? !lookup.records().isEmpty() : !lookup.closest().isEmpty());
            lookupDuration.record(nanos / 1e9);
            lookupHops.record(lookup.hops());
        }
        else if (failure != null) {
            span.recordException(failure);
            span.setStatus(StatusCode.ERROR, String.valueOf(failure.getMessage()));
        }
        span.end(start.epochNanos() + nanos, TimeUnit.NANOSECONDS);
    }

    Operation operation(String name, Attributes attributes) {
        return new Operation(tracer.spanBuilder(name).setAllAttributes(attributes).startSpan());
    }

    void dropped(String reason) {
        dropped.add(1, Attributes.of(REASON, reason));
    }

    /** A started span, ended once. */
    final class Operation {
        private final Span span;

        private Operation(Span span) {
            this.span = span;
        }

        Operation set(AttributeKey<Long> key, long value) {
            span.setAttribute(key, value);
            return this;
        }

        /** Ends the span: an error when {@code failure} is not null; {@code size} the routing table after a join. */
        void end(@Nullable Throwable failure, long size) {
            if (failure != null) {
                span.recordException(failure);
                span.setStatus(StatusCode.ERROR, String.valueOf(failure.getMessage()));
            }
            else {
                span.setAttribute(ROUTING_TABLE_SIZE, size);
            }
            span.end();
        }

        void end(@Nullable Throwable failure) {
            if (failure != null) {
                span.recordException(failure);
                span.setStatus(StatusCode.ERROR, String.valueOf(failure.getMessage()));
            }
            span.end();
        }
    }
}
