package dev.perfgate.marketplace.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import dev.perfgate.marketplace.MarketplaceException;
import dev.perfgate.marketplace.PackageId;
import dev.perfgate.marketplace.PackageMetadata;
import dev.perfgate.marketplace.TestPackages;
import dev.perfgate.marketplace.semver.Version;

/** Random publish and yank sequences: the registry, and the registry after a restart, agree with a simple model. */
class RegistryPropertyTests {

    record Operation(boolean yank, String id, String version) {
    }

    @Provide
    Arbitrary<List<Operation>> operations() {
        Arbitrary<Operation> op = Combinators.combine(Arbitraries.integers().between(0, 3).map(i -> i == 0),
                Arbitraries.of("acme/a", "acme/b", "other/c"),
                Arbitraries.of("1.0.0", "1.1.0", "2.0.0", "2.0.0-rc.1", "0.1.0")).as(Operation::new);
        return op.list().ofMaxSize(25);
    }

    @Property(tries = 40)
    void staysConsistentWithAModel(@ForAll("operations") List<Operation> operations) throws IOException {
        Path home = Files.createTempDirectory("registry-property");
        try {
            check(home, operations);
        } finally {
            dev.perfgate.marketplace.install.InstallerTestSupport.deleteTree(home);
        }
    }

    private static void check(Path home, List<Operation> operations) {
        Registry registry = Registry.open(home, Clock.systemUTC());
        Map<PackageId, TreeMap<Version, Boolean>> model = new HashMap<>(); // version -> yanked
        for (Operation op : operations) {
            PackageId id = PackageId.parse(op.id());
            Version version = Version.parse(op.version());
            TreeMap<Version, Boolean> versions = model.computeIfAbsent(id, k -> new TreeMap<>());
            boolean known = versions.containsKey(version);
            try {
                if (op.yank()) {
                    registry.yank(id, version);
                    versions.put(version, true);
                } else {
                    registry.publish(TestPackages.archive(op.id(), op.version()));
                    versions.put(version, false);
                }
                assertThat(op.yank() ? known : !known).as("operation %s succeeded", op).isTrue();
            } catch (MarketplaceException refused) {
                assertThat(op.yank() ? !known : known).as("operation %s was refused: %s", op, refused).isTrue();
            }
        }
        for (Registry r : List.of(registry, Registry.open(home, Clock.systemUTC()))) {
            for (Map.Entry<PackageId, TreeMap<Version, Boolean>> expected : model.entrySet()) {
                List<PackageMetadata> actual = r.versions(expected.getKey());
                assertThat(actual).extracting(PackageMetadata::version)
                        .containsExactlyElementsOf(expected.getValue().keySet());
                assertThat(actual).extracting(PackageMetadata::yanked)
                        .containsExactlyElementsOf(expected.getValue().values());
                for (PackageMetadata m : actual) {
                    assertThat(r.archive(m)).isNotEmpty(); // every recorded blob is there and intact
                }
            }
        }
    }
}
