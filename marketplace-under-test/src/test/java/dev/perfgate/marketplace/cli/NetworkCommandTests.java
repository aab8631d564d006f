package dev.perfgate.marketplace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

/** {@code marketplace network}: the figures as a table or one JSON object, and bad options named. */
class NetworkCommandTests {

    record Run(int status, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = MarketplaceCommand.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void printsOneJsonObjectWithEveryFigure() throws Exception {
        Run run = run("network", "--peers", "40", "--transport", "sim", "--rtt", "20ms..200ms", "--loss", "0.05",
                "--churn", "0.2", "--lookups", "30", "--retrievals", "5", "--content-bytes", "10000", "--json");

        assertThat(run.status()).as(run.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("peers").asInt()).isEqualTo(40);
        assertThat(json.get("killed").asInt()).isEqualTo(8);
        assertThat(json.get("rttMaxMs").asDouble()).isEqualTo(200.0);
        assertThat(json.at("/lookups/found").asInt()).isEqualTo(30);
        assertThat(json.at("/lookups/p95Ms").asDouble()).isPositive();
        assertThat(json.at("/gossip/reached").asInt()).isEqualTo(json.at("/gossip/targets").asInt()).isEqualTo(31);
        assertThat(json.at("/gossip/p100Ms").isNumber()).isTrue();
        // a content whose three providers were all among the 8 killed cannot be retrieved, and says so
        long failed = run.err().lines().filter(line -> line.startsWith("network: [")
                && line.contains("] a retrieval failed: no provider served content ")).count();
        assertThat(json.at("/retrievals/verified").asInt()).as(run.err()).isEqualTo(5 - failed).isGreaterThan(0);
        assertThat(json.get("retainedBytesPerPeer").asLong()).isPositive();
        assertThat(run.err()).containsPattern("network: \\[ +[0-9.]+ s\\] joining 40 nodes over SIM");
    }

    @Test
    void printsATableWithUnits() {
        Run run = run("network", "--peers", "10", "--transport", "udp", "--lookups", "10", "--retrievals", "2",
                "--content-bytes", "1000");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("network        10 peers over udp, RTT none injected, loss 0.0 %, churn 0 killed")
                .containsPattern("lookups        10 of 10 found \\(100\\.0 %\\); p50 [0-9.]+ ms")
                .containsPattern("gossip         reached 9 of 9 nodes; 50 % after [0-9.]+ m?s")
                .containsPattern("retained heap  [0-9.]+ (B|KiB|MiB) per node");
    }

    @Test
    void aBadRttOrChurnIsNamedWithAnExample() {
        Run rtt = run("network", "--peers", "10", "--rtt", "20..200");
        Run churn = run("network", "--peers", "10", "--churn", "0.95");

        assertThat(rtt.status()).isEqualTo(2);
        assertThat(rtt.err()).contains("Invalid value for option '--rtt': [20..200], expected MIN..MAX or one value"
                + " with a unit (us, ms, s), e.g. 20ms..200ms");
        assertThat(churn.status()).isEqualTo(2);
        assertThat(churn.err()).contains("churn [0.95] must leave at least 2 of 10 peers alive, e.g. 0.2");
    }
}
