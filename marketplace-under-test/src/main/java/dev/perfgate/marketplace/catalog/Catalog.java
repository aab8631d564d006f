package dev.perfgate.marketplace.catalog;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import dev.perfgate.marketplace.Manifest;
import dev.perfgate.marketplace.PackageId;
import dev.perfgate.marketplace.semver.Version;
import dev.perfgate.marketplace.semver.VersionRequirement;

/**
 * A synthetic catalog: {@code packages} packages in realistic families, the same for the same seed.
 *
 * <p>What it holds, so that search and install have real work at 10 to 100,000 packages:
 * <ul>
 *   <li>from 12 packages, a deep chain {@code deep/level-00 -> deep/level-01 -> ... -> deep/level-10}: installing
 *       {@link #DEEP_ROOT} resolves, verifies and extracts 10 transitive dependencies;</li>
 *   <li>from 100 packages, {@link #WIDE_ROOT}, which depends directly on 30 packages {@code wide/leaf-00..29};</li>
 *   <li>the rest in families (web frameworks, command-line tools, parsers, utilities, databases, logging, testing,
 *       networking, security), each with its own words, tags and category; about 30 % have 2 or 3 versions;
 *       about 60 % depend shallowly on 1 to 4 earlier packages with {@code ^} requirements that some version
 *       satisfies; downloads follow a heavy-tailed distribution from 0 to about 3 million.</li>
 * </ul>
 * Dependencies only point to earlier packages, so the graph has no cycle.
 *
 * <pre>{@code Catalog catalog = Catalog.generate(10_000, 42); catalog.entries().size(); // > 10,000 versions }</pre>
 *
 * @param packages how many packages (ids) the catalog has
 * @param seed     the seed it was generated from
 * @param entries  every version of every package, dependencies before their dependents
 */
public record Catalog(int packages, long seed, List<CatalogEntry> entries) {

    /** The most packages {@link #generate} makes: {@value} */
    public static final int MAX_PACKAGES = 1_000_000;
    /** The root of the 10-level chain: 10 transitive dependencies. */
    public static final PackageId DEEP_ROOT = PackageId.parse("deep/level-00");
    /** The package with 30 direct dependencies. */
    public static final PackageId WIDE_ROOT = PackageId.parse("wide/hub");

    private static final Instant EPOCH = Instant.parse("2024-01-01T00:00:00Z");
    private static final String[] NAMESPACES = {"acme", "globex", "initech", "umbrella", "hooli", "stark", "wayne",
            "cyberdyne", "tyrell", "soylent", "aperture", "blackmesa", "oscorp", "wonka", "vandelay", "pied-piper",
            "massive", "dunder", "gringotts", "monarch", "nakatomi", "sirius", "weyland", "yoyodyne"};
    private static final String[] LICENSES = {"MIT", "Apache-2.0", "BSD-3-Clause", "MPL-2.0", "ISC", "GPL-3.0-only",
            "LGPL-2.1-only", "Unlicense"};

    private record Family(String category, String[] heads, String[] tails, String[] tags, String what) {
    }

    private static final Family[] FAMILIES = {
            new Family("web-frameworks", new String[]{"web", "http", "router", "rest", "server", "api", "mvc"},
                    new String[]{"framework", "kit", "core", "stack", "engine", "lite"},
                    new String[]{"web", "http", "routing", "middleware", "rest", "server", "async"},
                    "web framework with routing, middleware and templating"),
            new Family("command-line", new String[]{"cli", "args", "term", "prompt", "shell", "console"},
                    new String[]{"parser", "kit", "tool", "ui", "runner", "colors"},
                    new String[]{"cli", "terminal", "args", "console", "tui"},
                    "command-line toolkit for arguments, prompts and colored output"),
            new Family("parsers", new String[]{"json", "yaml", "toml", "xml", "csv", "markdown", "ini", "protobuf"},
                    new String[]{"parser", "reader", "codec", "fast", "stream", "schema"},
                    new String[]{"parser", "serialization", "json", "yaml", "xml", "csv", "markdown"},
                    "parser and serializer with streaming support and precise error positions"),
            new Family("utilities", new String[]{"string", "date", "time", "math", "collections", "uuid", "hash",
                    "retry", "cache", "config"},
                    new String[]{"utils", "helpers", "core", "lib", "tools", "extras"},
                    new String[]{"utility", "strings", "dates", "math", "collections", "functional"},
                    "small utility library of well-tested helpers"),
            new Family("databases", new String[]{"sql", "postgres", "mysql", "redis", "sqlite", "mongo", "kv"},
                    new String[]{"driver", "client", "pool", "orm", "migrate", "query"},
                    new String[]{"database", "sql", "orm", "driver", "migrations", "pool"},
                    "database driver with connection pooling and migrations"),
            new Family("logging", new String[]{"log", "trace", "metrics", "otel", "audit"},
                    new String[]{"core", "sink", "exporter", "bridge", "appender"},
                    new String[]{"logging", "tracing", "metrics", "observability", "opentelemetry"},
                    "structured logging and tracing with exporters"),
            new Family("testing", new String[]{"test", "mock", "bench", "assert", "fuzz", "snapshot"},
                    new String[]{"runner", "kit", "utils", "harness", "matchers"},
                    new String[]{"testing", "mocking", "benchmark", "assertions", "fuzzing"},
                    "testing toolkit with fixtures, matchers and reports"),
            new Family("networking", new String[]{"net", "dns", "tcp", "grpc", "websocket", "quic", "mqtt"},
                    new String[]{"client", "server", "proto", "transport", "io"},
                    new String[]{"networking", "grpc", "websocket", "tcp", "dns", "protocol"},
                    "networking library with non-blocking I/O and TLS"),
            new Family("security", new String[]{"crypto", "jwt", "oauth", "tls", "password", "sign"},
                    new String[]{"lib", "core", "verify", "tools", "provider"},
                    new String[]{"security", "crypto", "jwt", "oauth", "tls", "signing"},
                    "security library for tokens, signatures and key handling"),
    };

    public Catalog {
        entries = List.copyOf(entries);
    }

    /**
     * Generates a catalog.
     *
     * @param packages how many packages, 1 to 1,000,000
     * @param seed     any number; the same seed gives the same catalog
     */
    public static Catalog generate(int packages, long seed) {
        if (packages < 1 || packages > MAX_PACKAGES) {
            throw new IllegalArgumentException("packages [" + packages + "] must be between 1 and 1,000,000, e.g. 1000");
        }
        return new Generator(new SplittableRandom(seed)).generate(packages, seed);
    }

    /** Generation state: the packages so far and their versions, for choosing dependencies. */
    private static final class Generator {
        private final SplittableRandom random;
        private final List<CatalogEntry> entries = new ArrayList<>();
        private final List<List<Version>> versionsOf = new ArrayList<>();
        private final List<PackageId> ids = new ArrayList<>();
        private final Set<PackageId> taken = new HashSet<>();

        Generator(SplittableRandom random) {
            this.random = random;
        }

        Catalog generate(int packages, long seed) {
            if (packages >= 12) {
                for (int level = 10; level >= 0; level--) {
                    Map<PackageId, VersionRequirement> deps = level == 10 ? Map.of()
                            : Map.of(PackageId.parse(String.format("deep/level-%02d", level + 1)),
                            VersionRequirement.parse("^1.0.0"));
                    add(PackageId.parse(String.format("deep/level-%02d", level)), "Deep chain level " + level,
                            "Level " + level + " of a dependency chain ten levels deep", List.of("chain", "fixture"),
                            "utilities", deps, List.of(Version.of(1, 0, 0), Version.of(1, 1, 0)));
                }
            }
            if (packages >= 100) {
                Map<PackageId, VersionRequirement> deps = new LinkedHashMap<>();
                for (int leaf = 0; leaf < 30; leaf++) {
                    PackageId id = PackageId.parse(String.format("wide/leaf-%02d", leaf));
                    add(id, "Wide leaf " + leaf, "One of thirty direct dependencies of wide/hub",
                            List.of("fixture"), "utilities", Map.of(), List.of(Version.of(2, leaf % 3, 0)));
                    deps.put(id, VersionRequirement.parse("^2.0.0"));
                }
                add(WIDE_ROOT, "Wide hub", "Depends directly on thirty packages", List.of("fixture", "hub"),
                        "utilities", deps, List.of(Version.of(1, 0, 0)));
            }
            while (ids.size() < packages) {
                family();
            }
            return new Catalog(packages, seed, entries);
        }

        private void family() {
            Family family = FAMILIES[random.nextInt(FAMILIES.length)];
            String head = family.heads()[random.nextInt(family.heads().length)];
            String tail = family.tails()[random.nextInt(family.tails().length)];
            String namespace = NAMESPACES[random.nextInt(NAMESPACES.length)];
            String name = head + "-" + tail;
            PackageId id = new PackageId(namespace, name);
            for (int n = 2; taken.contains(id); n++) {
                id = new PackageId(namespace, name + "-" + (n + random.nextInt(n)));
            }
            List<String> tags = new ArrayList<>();
            tags.add(head.length() > 2 ? head : family.tags()[0]);
            for (int t = random.nextInt(1, 4); t > 0; t--) {
                String tag = family.tags()[random.nextInt(family.tags().length)];
                if (!tags.contains(tag)) {
                    tags.add(tag);
                }
            }
            String title = capitalize(head) + " " + tail;
            String description = capitalize(head) + " " + family.what() + ". " + descriptionTail(head, tail);
            Map<PackageId, VersionRequirement> deps = new LinkedHashMap<>();
            if (!ids.isEmpty() && random.nextInt(10) < 6) {
                for (int d = random.nextInt(1, 5); d > 0; d--) {
                    // prefer recent, low indices are the fixtures; a dependency on any earlier package is cycle-free
                    int index = random.nextInt(ids.size());
                    PackageId dep = ids.get(index);
                    List<Version> depVersions = versionsOf.get(index);
                    Version target = depVersions.get(random.nextInt(depVersions.size()));
                    deps.put(dep, VersionRequirement.parse("^" + target));
                }
            }
            add(id, title, description, tags, family.category(), deps, versions());
        }

        private String descriptionTail(String head, String tail) {
            String[] phrases = {"Zero dependencies at runtime.", "Used in production by thousands of teams.",
                    "Fast, small and well documented.", "Supports " + head + " " + tail + " pipelines end to end.",
                    "Thread-safe and allocation-free on the hot path.", "Pluggable backends and sensible defaults."};
            return phrases[random.nextInt(phrases.length)] + " " + phrases[random.nextInt(phrases.length)];
        }

        private List<Version> versions() {
            int count = random.nextInt(10) < 7 ? 1 : random.nextInt(2, 4);
            long major = random.nextInt(3);
            long minor = random.nextInt(5);
            List<Version> versions = new ArrayList<>();
            for (int v = 0; v < count; v++) {
                versions.add(Version.of(major, minor, random.nextInt(4)));
                if (random.nextInt(4) == 0) {
                    major++;
                    minor = 0;
                } else {
                    minor++;
                }
            }
            return versions;
        }

        private void add(PackageId id, String title, String description, List<String> tags, String category,
                         Map<PackageId, VersionRequirement> deps, List<Version> versions) {
            taken.add(id);
            ids.add(id);
            versionsOf.add(versions);
            // heavy tail: most packages have few downloads, a few have millions
            long downloads = (long) Math.pow(10, random.nextDouble() * random.nextDouble() * 6.5);
            long stars = downloads / random.nextInt(50, 500);
            String license = LICENSES[random.nextInt(LICENSES.length)];
            String namespaceTitle = capitalize(id.namespace());
            Instant published = EPOCH.plus(random.nextInt(0, 600), ChronoUnit.DAYS)
                    .plusSeconds(random.nextInt(86_400));
            for (Version version : versions) {
                Manifest manifest = new Manifest(id, version, title, description, tags, List.of(category), license,
                        List.of(namespaceTitle + " maintainers <oss@" + id.namespace() + ".example>"), deps);
                entries.add(new CatalogEntry(manifest, downloads / versions.size(), stars, published));
                published = published.plus(random.nextInt(1, 90), ChronoUnit.DAYS);
            }
        }

        private static String capitalize(String word) {
            return Character.toUpperCase(word.charAt(0)) + word.substring(1);
        }
    }
}
