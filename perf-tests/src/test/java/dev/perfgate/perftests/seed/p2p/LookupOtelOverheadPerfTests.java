package dev.perfgate.perftests.seed.p2p;

import io.opentelemetry.api.OpenTelemetry;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.perfgate.OtelOverhead;
import dev.perfgate.marketplace.p2p.LocalNetwork;
import dev.perfgate.marketplace.p2p.P2pTelemetry;
import dev.perfgate.perftests.seed.SeedRow;

/**
 * The seed's "OTel overhead < 10 %" on the DHT lookup: stored records found among 100 nodes on real UDP, every
 * node's spans ({@code dht.lookup}) and lookup metrics going to the SDK perfgate switches on and off. An invocation
 * is 8 lookups of random records from random nodes: one lookup in five is answered from the asking node's own store
 * in tens of microseconds, the others cross the network in a few hundred, and a batch of single lookups would
 * compare one kind with the other as often as like with like.
 *
 * <p>First measured at +12 % to +15 % (2026-11-28), when each lookup's span was built while the caller waited; the
 * node now answers first and records after (see {@code KademliaNode}). Then at +7 % to +12 % while the network was
 * still warming up (its first thousands of lookups are slower, and the arms then differ by more than telemetry):
 * hence the lookups before the measurement, which brought it to +2 % to +6 %.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@OtelOverhead(max = 10)
class LookupOtelOverheadPerfTests {

    private static final int LOOKUPS = 8;

    private LocalNetwork network;

    @BeforeAll
    void join(OpenTelemetry otel) {
        network = LocalNetwork.open(LocalNetwork.Kind.UDP, 0, 0, 0, 2026, P2pTelemetry.create(otel));
        network.grow(100);
        network.storeRecords(20);
        // 3 s of lookups before perfgate's own warmup: the network's first thousands of lookups are slower (the JIT,
        // the nodes' first exchanges), and measured then, the arms differ by more than telemetry
        long end = System.nanoTime() + 3_000_000_000L;
        while (System.nanoTime() < end) {
            network.lookupRandomRecord();
        }
    }

    @AfterAll
    void close() {
        network.close();
    }

    @Test
    @SeedRow(tier = 1, value = "OTel overhead < 10 % each: DHT lookup")
    void lookup() {
        for (int i = 0; i < LOOKUPS; i++) {
            network.lookupRandomRecord(); // throws when the record is not found
        }
    }
}
