package dev.perfgate.perftests.seed.marketplace;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.perfgate.marketplace.Manifest;
import dev.perfgate.marketplace.Marketplace;
import dev.perfgate.marketplace.PackageId;
import dev.perfgate.marketplace.archive.PackageArchive;
import dev.perfgate.marketplace.registry.Registry;
import dev.perfgate.marketplace.semver.Version;
import dev.perfgate.marketplace.semver.VersionRequirement;

/**
 * Packages the seed's groups name but the generated catalog does not have: a small package without dependencies,
 * a shallow graph and a 50-package graph. Each is a real archive, stored under its SHA-256 and recorded in bulk
 * ({@code Marketplace.mirror}: one log entry and one index commit, where a publish of each would force the disk
 * about a hundred times), so that installs check its hash and extract its files like any other package's.
 */
final class FixturePackages {

    /** One package, no dependencies, three small files. */
    static final String SMALL = "small/hello";

    /** Depends directly on three packages that depend on nothing: a resolution of 4 packages, 1 level deep. */
    static final String SHALLOW_ROOT = "shallow/app";

    /** The root of a 50-package graph, see {@link #publishFiftyPackageGraph}. */
    static final String FIFTY_ROOT = "graph/node-01";

    static final int FIFTY = 50;

    private static final Instant PUBLISHED = Instant.parse("2025-01-01T00:00:00Z");

    private FixturePackages() {
    }

    static void publishSmall(Marketplace market) {
        List<Registry.Upload> uploads = new ArrayList<>();
        add(uploads, PackageId.parse(SMALL), Version.of(1, 0, 0), Map.of());
        market.mirror(uploads);
    }

    static void publishShallowGraph(Marketplace market) {
        List<Registry.Upload> uploads = new ArrayList<>();
        Map<PackageId, VersionRequirement> dependencies = new LinkedHashMap<>();
        for (String leaf : List.of("shallow/lib-a", "shallow/lib-b", "shallow/lib-c")) {
            add(uploads, PackageId.parse(leaf), Version.of(1, 2, 0), Map.of());
            dependencies.put(PackageId.parse(leaf), VersionRequirement.parse("^1.0.0"));
        }
        add(uploads, PackageId.parse(SHALLOW_ROOT), Version.of(1, 0, 0), dependencies);
        market.mirror(uploads);
    }

    /**
     * Publishes {@code graph/node-01..50}, two versions each (1.0.0 and 1.1.0): node i depends on nodes 2i and
     * 2i + 1 (a binary tree 6 levels deep), and every node with dependencies also on node 50, so that the resolver
     * meets a package required by many others. Dependencies point to higher numbers only: no cycle.
     */
    static void publishFiftyPackageGraph(Marketplace market) {
        List<Registry.Upload> uploads = new ArrayList<>();
        for (int node = FIFTY; node >= 1; node--) {
            Map<PackageId, VersionRequirement> dependencies = new LinkedHashMap<>();
            for (int child : new int[]{2 * node, 2 * node + 1}) {
                if (child <= FIFTY) {
                    dependencies.put(node(child), VersionRequirement.parse("^1.0.0"));
                }
            }
            if (!dependencies.isEmpty()) {
                dependencies.put(node(FIFTY), VersionRequirement.parse("^1.0.0"));
            }
            for (Version version : List.of(Version.of(1, 0, 0), Version.of(1, 1, 0))) {
                add(uploads, node(node), version, dependencies);
            }
        }
        market.mirror(uploads);
    }

    private static PackageId node(int number) {
        return PackageId.parse(String.format("graph/node-%02d", number));
    }

    private static void add(List<Registry.Upload> uploads, PackageId id, Version version,
                            Map<PackageId, VersionRequirement> dependencies) {
        Manifest manifest = new Manifest(id, version, "Fixture " + id.name(), "A fixture package of the seed's"
                + " marketplace_performance groups", List.of("fixture"), List.of("utilities"), "MIT",
                List.of("perfgate <perf@perfgate.example>"), dependencies);
        Map<String, byte[]> files = Map.of(
                "README.md", ("# " + id + "\n\nA fixture package.\n").getBytes(StandardCharsets.UTF_8),
                "src/main.txt", ("package " + id + " version " + version + "\n").getBytes(StandardCharsets.UTF_8),
                "LICENSE", "MIT\n".getBytes(StandardCharsets.UTF_8));
        uploads.add(Registry.Upload.of(PackageArchive.create(manifest, files), true, manifest, 0, 0, PUBLISHED));
    }
}
