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
 * The seed's "OTel overhead < 10 %" on the DHT lookup: a stored record found among 100 nodes on real UDP, every
 * node's spans ({@code dht.lookup}) and lookup metrics going to the SDK perfgate switches on and off. Measured at
 * +12 % to +15 % (WARN, the interval straddling 10 %) in the runs of 2026-11-28: on 2 cores the SDK's export thread
 * competes with the 2 event loops, so this row is a finding being worked on, not yet in the default run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@OtelOverhead(max = 10)
class LookupOtelOverheadPerfTests {

    private LocalNetwork network;

    @BeforeAll
    void join(OpenTelemetry otel) {
        network = LocalNetwork.open(LocalNetwork.Kind.UDP, 0, 0, 0, 2026, P2pTelemetry.create(otel));
        network.grow(100);
        network.storeRecords(20);
    }

    @AfterAll
    void close() {
        network.close();
    }

    @Test
    @SeedRow(tier = 1, value = "OTel overhead < 10 % each: DHT lookup")
    void lookup() {
        network.lookupRandomRecord();
    }
}
