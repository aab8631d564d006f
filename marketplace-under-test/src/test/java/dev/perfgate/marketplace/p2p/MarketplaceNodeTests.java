package dev.perfgate.marketplace.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.opentelemetry.api.OpenTelemetry;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.perfgate.marketplace.Marketplace;
import dev.perfgate.marketplace.MarketplaceException;
import dev.perfgate.marketplace.PackageMetadata;
import dev.perfgate.marketplace.TestPackages;
import dev.perfgate.marketplace.catalog.Catalog;
import dev.perfgate.marketplace.install.InstallResult;

/**
 * Marketplaces on a real network (UDP on loopback for the DHT and gossip, TCP for archives): what one publishes the
 * others learn by gossip and can search; an install elsewhere fetches every archive it needs from the network,
 * checks it and installs it; a search reaches what only a peer holds.
 */
class MarketplaceNodeTests {

    @TempDir
    Path temp;

    private final SplittableRandom random = new SplittableRandom(77);
    private UdpTransport udp;
    private TcpContentTransport tcp;
    private final List<KademliaNode> nodes = new ArrayList<>();
    private final List<MarketplaceNode> peers = new ArrayList<>();
    private final List<Marketplace> marketplaces = new ArrayList<>();

    @BeforeEach
    void network() {
        udp = UdpTransport.start();
        tcp = TcpContentTransport.start();
        for (int i = 0; i < 20; i++) { // the DHT: 20 plain nodes
            KademliaNode node = KademliaNode.start(udp, NodeId.random(random), KademliaNode.Settings.defaults(),
                    RecordSigner::verify, random.split());
            if (!nodes.isEmpty()) {
                node.bootstrap(List.of(nodes.get(0).contact().address())).orTimeout(30, TimeUnit.SECONDS).join();
            }
            nodes.add(node);
        }
    }

    @AfterEach
    void close() {
        peers.forEach(MarketplaceNode::close);
        nodes.forEach(KademliaNode::close);
        marketplaces.forEach(Marketplace::close);
        tcp.close();
        udp.close();
    }

    @Test
    void anInstallFetchesEveryArchiveFromTheNetworkAndInstallsIt() throws Exception {
        MarketplaceNode publisher = peer("publisher");
        publisher.publish(TestPackages.archive("acme/base", "1.0.0"));
        publisher.publish(TestPackages.archive("acme/lib", "1.2.0", "acme/base", "^1"));
        PackageMetadata app = publisher.publish(TestPackages.archive("acme/app", "2.0.0", "acme/lib", "^1.1"));
        MarketplaceNode installer = peer("installer"); // joined after the gossip: learns from the DHT

        InstallResult result = installer.install("acme/app@^2", temp.resolve("target"));

        assertThat(result.root()).isEqualTo(app);
        assertThat(result.installed()).hasSize(3);
        assertThat(Files.readString(temp.resolve("target/acme/base/lib/base.txt")))
                .isEqualTo("content of acme/base@1.0.0");
        assertThat(installer.marketplace().registry().hasArchive(app)).isTrue();
        assertThat(installer.retriever().mismatches()).isZero();
        // and it serves what it fetched: a third node can get the archive from it alone once the publisher left
        publisher.close();
        peers.remove(publisher);
        MarketplaceNode third = peer("third");
        assertThat(third.install("acme/lib", temp.resolve("third")).installed()).hasSize(2);
    }

    @Test
    void whatOnePeerPublishesTheOthersLearnByGossipAndFindInTheirLocalSearch() {
        MarketplaceNode publisher = peer("publisher");
        MarketplaceNode listener = peer("listener");
        waitFor(() -> listener.gossip().meshSize() > 0, "a gossip mesh");

        publisher.publish(TestPackages.archive("gossip/announced", "1.0.0"));

        // recorded, then indexed: wait for the search to see it
        waitFor(() -> !listener.marketplace().search("announced").hits().isEmpty(), "the announcement to arrive");
        assertThat(listener.marketplace().search("announced").hits()).extracting(hit -> hit.id().toString())
                .containsExactly("gossip/announced");
        assertThat(listener.marketplace().get("gossip/announced")).isPresent();
        assertThat(listener.gossip().counters().delivered()).isPositive();
    }

    @Test
    void aDistributedSearchFindsWhatOnlyAPeerHolds() {
        MarketplaceNode holder = peer("holder");
        holder.marketplace().importCatalogIndex(Catalog.generate(200, 5)); // indexed there, never announced
        MarketplaceNode asker = peer("asker", 64); // asks every peer it knows: the 20 plain nodes do not search
        assertThat(asker.node().ping(holder.node().contact()).join()).as("the asker knows the holder").isTrue();
        String term = holder.marketplace().search(Catalog.generate(200, 5).entries().get(0).manifest().id().name())
                .hits().get(0).id().name();

        DistributedSearch.Result result = asker.search(term, 10);

        assertThat(asker.marketplace().search(term).hits()).as("nothing local").isEmpty();
        assertThat(result.peersAsked()).isBetween(1, asker.node().routingTableSize());
        assertThat(result.peersAnswered()).as("the holder, the one peer that speaks search").isEqualTo(1);
        assertThat(result.hits()).extracting(Message.SearchHit::packageId).anyMatch(id -> id.endsWith("/" + term));
    }

    @Test
    void anInstallOfWhatNoProviderServesFailsNamingTheContent() {
        MarketplaceNode publisher = peer("publisher");
        PackageMetadata lonely = publisher.publish(TestPackages.archive("acme/lonely", "1.0.0"));
        MarketplaceNode installer = peer("installer");
        installer.install("acme/lonely", temp.resolve("first")); // learns the version, fetches it; now delete it
        publisher.close();
        peers.remove(publisher);
        installer.close();
        peers.remove(installer);
        MarketplaceNode late = peer("late");

        assertThatThrownBy(() -> late.install("acme/lonely", temp.resolve("late-target")))
                .isInstanceOf(MarketplaceException.class)
                .hasMessageContaining("no provider served content " + lonely.sha256());
        assertThat(temp.resolve("late-target")).doesNotExist();
    }

    private MarketplaceNode peer(String name) {
        return peer(name, 8);
    }

    private MarketplaceNode peer(String name, int searchFanout) {
        KademliaNode node = KademliaNode.start(udp, NodeId.random(random), KademliaNode.Settings.defaults(),
                RecordSigner::verify, random.split());
        node.bootstrap(List.of(nodes.get(random.nextInt(nodes.size())).contact().address()))
                .orTimeout(30, TimeUnit.SECONDS).join();
        Marketplace marketplace = Marketplace.open(temp.resolve(name), OpenTelemetry.noop());
        marketplaces.add(marketplace);
        MarketplaceNode peer = MarketplaceNode.start(marketplace, node, tcp, RecordSigner.generate(),
                new MarketplaceNode.Settings(Duration.ofHours(1), Duration.ofSeconds(5), searchFanout, Duration.ofSeconds(2),
                        Gossip.Settings.defaults().withHeartbeat(Duration.ofMillis(100))));
        peers.add(peer);
        return peer;
    }

    private static void waitFor(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("waited 30 s for " + what).isNegative();
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
