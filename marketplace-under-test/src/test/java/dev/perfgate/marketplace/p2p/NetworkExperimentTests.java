package dev.perfgate.marketplace.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The whole network put through its paces, as {@code marketplace network} runs it: every lookup finds its record,
 * the announcement reaches every live node, every retrieval is verified, on UDP and on the simulated WAN with loss
 * and churn. Timing is printed, not asserted.
 */
class NetworkExperimentTests {

    @Test
    void overUdpEveryLookupRetrievalAndDeliverySucceeds() {
        List<String> progress = new ArrayList<>();
        NetworkExperiment.Report report = NetworkExperiment.run(new NetworkExperiment.Options(60,
                LocalNetwork.Kind.UDP, 0, 0, 0, 0, 100, 20, 20, 64 * 1024, 7), progress::add);

        System.out.println("[network udp] " + report);
        assertThat(report.lookupsFound()).isEqualTo(100);
        assertThat(report.gossipReached()).isEqualTo(59);
        assertThat(report.retrievalsVerified()).isEqualTo(20);
        assertThat(report.hopsMean()).isPositive();
        assertThat(report.retainedBytesPerPeer()).isPositive();
        assertThat(progress).anyMatch(line -> line.matches("\\[ +[0-9.]+ s\\] joining 60 nodes over UDP"));
    }

    @Test
    void onTheSimulatedWanWithLossAndChurnEverythingStillSucceeds() {
        NetworkExperiment.Report report = NetworkExperiment.run(new NetworkExperiment.Options(300,
                LocalNetwork.Kind.SIM, 20_000_000, 200_000_000, 0.05, 0.2, 100, 20, 20, 64 * 1024, 11),
                line -> { });

        System.out.println("[network sim] " + report);
        assertThat(report.killed()).isEqualTo(60);
        assertThat(report.lookupsFound()).as("lookups of records stored before 20 %% died, under 5 %% loss")
                .isEqualTo(100);
        assertThat(report.gossipReached()).isEqualTo(report.gossipTargets()).isEqualTo(239);
        assertThat(report.retrievalsVerified()).as("retrievals, a dead provider replaced by the next").isEqualTo(20);
        assertThat(report.lookupP50Millis()).as("virtual ms: at least one RTT of 20 ms").isGreaterThan(20);
    }
}
