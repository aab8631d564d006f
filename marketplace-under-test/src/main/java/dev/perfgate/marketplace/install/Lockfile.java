package dev.perfgate.marketplace.install;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.perfgate.marketplace.MarketplaceException;
import dev.perfgate.marketplace.PackageId;
import dev.perfgate.marketplace.semver.Version;
import dev.perfgate.marketplace.semver.VersionRequirement;

/**
 * {@value #FILE_NAME} in an install target: what was asked for and exactly what was installed, so a later install
 * can be checked against it.
 *
 * <pre>{@code
 * {"lockfileVersion": 1,
 *  "requested": {"acme/web": "^2"},
 *  "packages": {"acme/web": {"version": "2.1.0", "integrity": "sha256-9f86d0...", "dependencies": {"acme/util": "^1.2"}}}}
 * }</pre>
 *
 * @param requested what installs into this target asked for, by package
 * @param packages  every installed package
 */
public record Lockfile(Map<PackageId, VersionRequirement> requested, Map<PackageId, Entry> packages) {

    public static final String FILE_NAME = "marketplace.lock";
    public static final int VERSION = 1;
    /** Refuses a key given twice, which would otherwise silently keep the last value. */
    private static final ObjectMapper JSON = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(SerializationFeature.INDENT_OUTPUT).build();

    /**
     * @param integrity    {@code sha256-} and the archive's SHA-256 in hex
     * @param dependencies what this version requires of others, as its manifest says
     */
    public record Entry(Version version, String integrity, Map<PackageId, VersionRequirement> dependencies) {
        public Entry {
            dependencies = Collections.unmodifiableMap(new TreeMap<>(dependencies));
        }
    }

    public Lockfile {
        requested = Collections.unmodifiableMap(new TreeMap<>(requested));
        packages = Collections.unmodifiableMap(new TreeMap<>(packages));
    }

    public static Lockfile empty() {
        return new Lockfile(Map.of(), Map.of());
    }

    /** Reads the lockfile of a target; an empty one when the target has none. */
    public static Lockfile read(Path target) {
        Path file = target.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return empty();
        }
        try {
            JsonNode root = JSON.readTree(file.toFile());
            if (root.path("lockfileVersion").asInt() != VERSION) {
                throw new MarketplaceException(file + " has lockfileVersion " + root.path("lockfileVersion")
                        + "; this marketplace reads version " + VERSION);
            }
            Map<PackageId, VersionRequirement> requested = new TreeMap<>();
            root.path("requested").fields().forEachRemaining(e ->
                    requested.put(PackageId.parse(e.getKey()), VersionRequirement.parse(e.getValue().asText())));
            Map<PackageId, Entry> packages = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.path("packages").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                Map<PackageId, VersionRequirement> deps = new TreeMap<>();
                e.getValue().path("dependencies").fields().forEachRemaining(d ->
                        deps.put(PackageId.parse(d.getKey()), VersionRequirement.parse(d.getValue().asText())));
                packages.put(PackageId.parse(e.getKey()), new Entry(
                        Version.parse(e.getValue().required("version").asText()),
                        e.getValue().required("integrity").asText(), deps));
            }
            return new Lockfile(requested, packages);
        } catch (IOException | IllegalArgumentException e) {
            throw new MarketplaceException("lockfile " + file + " is unreadable (" + e.getMessage()
                    + "); remove it to install afresh", e);
        }
    }

    /** This lockfile with the packages of a resolution added or replaced. */
    public Lockfile with(Resolution resolution) {
        Map<PackageId, VersionRequirement> moreRequested = new TreeMap<>(requested);
        moreRequested.put(resolution.root().id(), resolution.requirement());
        Map<PackageId, Entry> morePackages = new TreeMap<>(packages);
        resolution.packages().forEach((id, m) -> morePackages.put(id,
                new Entry(m.version(), "sha256-" + m.sha256(), m.manifest().dependencies())));
        return new Lockfile(moreRequested, morePackages);
    }

    public byte[] toJson() throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("lockfileVersion", VERSION);
        ObjectNode requestedNode = root.putObject("requested");
        requested.forEach((id, r) -> requestedNode.put(id.toString(), r.toString()));
        ObjectNode packagesNode = root.putObject("packages");
        packages.forEach((id, entry) -> {
            ObjectNode node = packagesNode.putObject(id.toString());
            node.put("version", entry.version().toString());
            node.put("integrity", entry.integrity());
            ObjectNode deps = node.putObject("dependencies");
            entry.dependencies().forEach((dep, r) -> deps.put(dep.toString(), r.toString()));
        });
        return JSON.writeValueAsBytes(root);
    }
}
