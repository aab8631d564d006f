package dev.perfgate.marketplace.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import dev.perfgate.marketplace.Manifest;
import dev.perfgate.marketplace.MarketplaceException;
import dev.perfgate.marketplace.PackageId;
import dev.perfgate.marketplace.PackageMetadata;
import dev.perfgate.marketplace.semver.Version;
import dev.perfgate.marketplace.semver.VersionRequirement;

/**
 * Random registries of 5 packages, each with versions depending on lower-numbered packages (no cycles): a
 * resolution, when found, satisfies every requirement, and the root is the highest version for which one exists.
 */
class ResolverPropertyTests {

    private static final String[] REQUIREMENTS = {"^1.0.0", "^2.0.0", "~1.1", ">=1.0 <2", "*", "1.0.0", ">=2"};
    private static final String[] VERSIONS = {"1.0.0", "1.1.0", "1.2.0", "2.0.0", "2.1.0"};

    @Provide
    Arbitrary<List<Integer>> choices() {
        return Arbitraries.integers().between(0, 1000).list().ofSize(120);
    }

    private static Map<PackageId, List<PackageMetadata>> registry(List<Integer> choices) {
        Map<PackageId, List<PackageMetadata>> registry = new HashMap<>();
        int c = 0;
        for (int p = 0; p < 5; p++) {
            PackageId id = PackageId.parse("p/p" + p);
            List<PackageMetadata> versions = new ArrayList<>();
            for (String v : VERSIONS) {
                if (choices.get(c++) % 3 == 0) {
                    continue;
                }
                Map<PackageId, VersionRequirement> deps = new LinkedHashMap<>();
                for (int d = 0; d < p; d++) {
                    if (choices.get(c++ % choices.size()) % 2 == 0) {
                        deps.put(PackageId.parse("p/p" + d),
                                VersionRequirement.parse(REQUIREMENTS[choices.get(c++ % choices.size()) % REQUIREMENTS.length]));
                    }
                }
                Manifest m = new Manifest(id, Version.parse(v), "t", "", List.of(), List.of(), "", List.of(), deps);
                versions.add(new PackageMetadata(m, "0".repeat(64), 1, 0, 0, Instant.EPOCH, Instant.EPOCH, false));
            }
            registry.put(id, versions);
        }
        return registry;
    }

    @Property(tries = 300)
    void aResolutionSatisfiesEveryRequirementAndPrefersTheHighestRoot(@ForAll("choices") List<Integer> choices) {
        Map<PackageId, List<PackageMetadata>> registry = registry(choices);
        Resolver resolver = new Resolver(id -> registry.getOrDefault(id, List.of()));
        PackageId root = PackageId.parse("p/p4");
        try {
            Resolution resolution = resolver.resolve(root, VersionRequirement.any());
            for (PackageMetadata chosen : resolution.packages().values()) {
                chosen.manifest().dependencies().forEach((dep, requirement) ->
                        assertThat(requirement.isSatisfiedBy(resolution.packages().get(dep).version()))
                                .as("%s requires %s %s", chosen.coordinates(), dep, requirement).isTrue());
            }
            for (PackageMetadata higher : registry.get(root)) {
                if (higher.version().compareTo(resolution.root().version()) > 0) {
                    assertThat(resolves(resolver, root, higher.version())).as("higher root %s", higher.version())
                            .isFalse();
                }
            }
        } catch (MarketplaceException e) {
            assertThat(e.getMessage()).matches("(no version of|conflict on|unknown package) .*");
            for (PackageMetadata any : registry.get(root)) {
                assertThat(resolves(resolver, root, any.version())).isFalse();
            }
        }
    }

    private static boolean resolves(Resolver resolver, PackageId root, Version version) {
        try {
            resolver.resolve(root, VersionRequirement.exactly(version));
            return true;
        } catch (MarketplaceException e) {
            return false;
        }
    }
}
