package dev.perfgate.marketplace.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.opentelemetry.api.OpenTelemetry;

import dev.perfgate.marketplace.Marketplace;
import dev.perfgate.marketplace.MarketplaceException;
import dev.perfgate.marketplace.PackageMetadata;
import dev.perfgate.marketplace.catalog.Catalog;
import dev.perfgate.marketplace.install.InstallResult;
import dev.perfgate.marketplace.search.SearchHit;
import dev.perfgate.marketplace.search.SearchQuery;
import dev.perfgate.marketplace.search.SearchResults;
import dev.perfgate.marketplace.search.SortOrder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code marketplace} command: {@code java -jar marketplace.jar --help}.
 *
 * <p>Exit status: 0 on success; 1 with a one-line {@code marketplace: ...} on stderr when the marketplace refuses
 * the operation (bad archive, unknown package, requirement nothing satisfies, conflict, cycle, checksum mismatch);
 * 2 for bad usage (unknown option, missing argument, bad number). No stack trace for these.
 */
@Command(name = "marketplace", mixinStandardHelpOptions = true, version = "marketplace 0.1.0",
        description = "A package marketplace: publish, search, inspect and install packages.",
        subcommands = {MarketplaceCommand.Publish.class, MarketplaceCommand.Search.class,
                MarketplaceCommand.Info.class, MarketplaceCommand.Install.class, MarketplaceCommand.Yank.class,
                MarketplaceCommand.Generate.class, NetworkCommand.class, CommandLine.HelpCommand.class})
public final class MarketplaceCommand implements Callable<Integer> {

    static final int REFUSED = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Option(names = "--home", scope = ScopeType.INHERIT, paramLabel = "DIR",
            defaultValue = "${env:MARKETPLACE_HOME:-${sys:user.home}/.marketplace}",
            description = "The marketplace's home directory (default: $MARKETPLACE_HOME or ~/.marketplace).")
    Path home = Path.of(".marketplace");

    @Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given output streams and returns the exit status. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new MarketplaceCommand());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            if (e instanceof MarketplaceException || e instanceof IllegalArgumentException) {
                cmd.getErr().println("marketplace: " + oneLine(e.getMessage()));
                return REFUSED;
            }
            if (e instanceof UncheckedIOException) {
                // its message says what could not be done ("cannot install into ..."), its cause why
                cmd.getErr().println("marketplace: " + oneLine(e.getMessage() + ": " + why(e.getCause())));
                return REFUSED;
            }
            throw e;
        });
        return commandLine.execute(args);
    }

    /** A cause's message; for a file-system error, the file and what went wrong with it. */
    static String why(Throwable cause) {
        if (cause instanceof AccessDeniedException f) {
            return f.getFile() + ": access denied";
        }
        if (cause instanceof NoSuchFileException f) {
            return f.getFile() + ": no such file or directory";
        }
        if (cause instanceof FileAlreadyExistsException f) {
            return f.getFile() + ": already exists";
        }
        if (cause instanceof NotDirectoryException f) {
            return f.getFile() + ": not a directory";
        }
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }

    private static String oneLine(String message) {
        return message == null ? "failed" : message.replace('\n', ' ');
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    Marketplace open() {
        return Marketplace.open(home, OpenTelemetry.noop());
    }

    static String json(Object node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values always serialises", e);
        }
    }

    /** The value of an option, or bad usage (exit 2, with the usage) when it is outside {@code [min, max]}. */
    static int inRange(CommandLine.Model.CommandSpec spec, String option, int value, int min, int max,
                       String example) {
        if (value < min || value > max) {
            throw new CommandLine.ParameterException(spec.commandLine(), String.format(Locale.ROOT,
                    "Invalid value for option '%s': [%d] must be between %,d and %,d, e.g. %s", option, value, min,
                    max, example));
        }
        return value;
    }

    static String size(long bytes) {
        return bytes < 1024 ? bytes + " B" : bytes < 1024 * 1024 ? String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0)
                : String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }

    @Command(name = "publish", mixinStandardHelpOptions = true, description = "Publish a package archive (a zip with marketplace.json).")
    static final class Publish implements Callable<Integer> {
        @CommandLine.ParentCommand
        MarketplaceCommand parent;

        @Parameters(paramLabel = "ARCHIVE", description = "The zip to publish.")
        Path archive;

        @Override
        public Integer call() {
            try (Marketplace market = parent.open()) {
                PackageMetadata published = market.publish(archive);
                parent.spec.commandLine().getOut().println("published " + published.coordinates() + " ("
                        + size(published.sizeBytes()) + ", sha256 " + published.sha256() + ")");
            }
            return 0;
        }
    }

    @Command(name = "search", mixinStandardHelpOptions = true, description = "Search packages by name, title, description and tags.")
    static final class Search implements Callable<Integer> {
        @CommandLine.ParentCommand
        MarketplaceCommand parent;

        @Parameters(paramLabel = "QUERY", arity = "0..*", description = "Words to look for; none lists every package.")
        List<String> words = new ArrayList<>();

        @Option(names = "--tag", paramLabel = "T", description = "Only packages with this tag (repeatable).")
        List<String> tags = new ArrayList<>();

        @Option(names = "--category", paramLabel = "C", description = "Only packages in this category (repeatable).")
        List<String> categories = new ArrayList<>();

        @Option(names = "--license", paramLabel = "L", description = "Only packages under this license, e.g. MIT.")
        String license = "";

        @Option(names = "--min-downloads", paramLabel = "N", description = "Only packages with at least N downloads.")
        long minDownloads;

        @Option(names = "--sort", paramLabel = "ORDER", defaultValue = "relevance",
                description = "relevance, downloads, stars, updated or name (default: relevance).")
        SortOrder sort = SortOrder.RELEVANCE;

        int limit = SearchQuery.DEFAULT_LIMIT;

        int offset;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
                description = "Most results, 1 to " + SearchQuery.MAX_LIMIT + " (default: ${DEFAULT-VALUE}).")
        void limit(int value) {
            limit = inRange(spec, "--limit", value, 1, SearchQuery.MAX_LIMIT, "20");
        }

        @Option(names = "--offset", paramLabel = "N", defaultValue = "0",
                description = "Results to skip, 0 to " + (SearchQuery.MAX_WINDOW - 1) + " (default: ${DEFAULT-VALUE}).")
        void offset(int value) {
            offset = inRange(spec, "--offset", value, 0, SearchQuery.MAX_WINDOW - 1, "40");
        }

        @Option(names = "--fuzzy", description = "Also match words one or two edits away.")
        boolean fuzzy;

        @Option(names = "--json", description = "Print the results as JSON.")
        boolean json;

        @Override
        public Integer call() {
            SearchQuery query = SearchQuery.of(String.join(" ", words)).fuzzy(fuzzy).withLicense(license)
                    .withMinDownloads(minDownloads).sortedBy(sort).withLimit(limit).withOffset(offset);
            for (String tag : tags) {
                query = query.withTag(tag);
            }
            for (String category : categories) {
                query = query.withCategory(category);
            }
            PrintWriter out = parent.spec.commandLine().getOut();
            try (Marketplace market = parent.open()) {
                SearchResults results = market.search(query);
                if (json) {
                    ObjectNode root = JSON.createObjectNode();
                    root.put("query", query.text());
                    root.put("totalHits", results.totalHits());
                    root.put("totalHitsExact", results.totalHitsExact());
                    ArrayNode hits = root.putArray("hits");
                    for (SearchHit hit : results.hits()) {
                        ObjectNode node = hits.addObject();
                        node.put("id", hit.id().toString());
                        node.put("version", hit.version().toString());
                        node.put("title", hit.title());
                        node.put("description", hit.description());
                        hit.tags().forEach(node.putArray("tags")::add);
                        node.put("license", hit.license());
                        node.put("downloads", hit.downloads());
                        node.put("stars", hit.stars());
                        node.put("updatedAt", hit.updatedAt().toString());
                    }
                    out.println(json(root));
                } else {
                    out.printf(Locale.ROOT, "%,d%s packages match%n", results.totalHits(),
                            results.totalHitsExact() ? "" : "+");
                    for (SearchHit hit : results.hits()) {
                        out.printf(Locale.ROOT, "%-40s %-10s %,12d downloads  %s%n", hit.id(), hit.version(),
                                hit.downloads(), hit.title());
                    }
                }
            }
            return 0;
        }
    }

    @Command(name = "info", mixinStandardHelpOptions = true, description = "Show a package's latest version and all its versions.")
    static final class Info implements Callable<Integer> {
        @CommandLine.ParentCommand
        MarketplaceCommand parent;

        @Parameters(paramLabel = "ID", description = "namespace/name, e.g. acme/web-framework")
        String id;

        @Option(names = "--json", description = "Print as JSON.")
        boolean json;

        @Override
        public Integer call() {
            PrintWriter out = parent.spec.commandLine().getOut();
            try (Marketplace market = parent.open()) {
                List<PackageMetadata> versions = market.versions(id);
                if (versions.isEmpty()) {
                    throw new MarketplaceException("unknown package " + id);
                }
                PackageMetadata latest = market.get(id).orElse(versions.get(versions.size() - 1));
                if (json) {
                    ObjectNode root = JSON.createObjectNode();
                    root.put("id", latest.id().toString());
                    root.put("latest", latest.version().toString());
                    root.put("title", latest.manifest().title());
                    root.put("description", latest.manifest().description());
                    root.put("license", latest.manifest().license());
                    latest.manifest().tags().forEach(root.putArray("tags")::add);
                    ObjectNode deps = root.putObject("dependencies");
                    latest.manifest().dependencies().forEach((d, r) -> deps.put(d.toString(), r.toString()));
                    ArrayNode all = root.putArray("versions");
                    for (PackageMetadata v : versions) {
                        ObjectNode node = all.addObject();
                        node.put("version", v.version().toString());
                        node.put("sha256", v.sha256());
                        node.put("size", v.sizeBytes());
                        node.put("publishedAt", v.publishedAt().toString());
                        node.put("yanked", v.yanked());
                    }
                    out.println(json(root));
                } else {
                    out.println(latest.coordinates() + "  " + latest.manifest().title());
                    out.println("  " + latest.manifest().description());
                    out.println("  license: " + latest.manifest().license() + ", tags: "
                            + String.join(", ", latest.manifest().tags()));
                    out.printf(Locale.ROOT, "  downloads: %,d, stars: %,d%n", latest.downloads(), latest.stars());
                    latest.manifest().dependencies().forEach((d, r) -> out.println("  depends on " + d + " " + r));
                    out.println("  versions:");
                    for (PackageMetadata v : versions) {
                        out.println("    " + v.version() + "  " + size(v.sizeBytes()) + "  sha256 " + v.sha256()
                                + (v.yanked() ? "  (yanked)" : ""));
                    }
                }
            }
            return 0;
        }
    }

    @Command(name = "install", mixinStandardHelpOptions = true,
            description = "Install a package and its dependencies into a directory, checking every SHA-256.")
    static final class Install implements Callable<Integer> {
        @CommandLine.ParentCommand
        MarketplaceCommand parent;

        @Parameters(paramLabel = "ID[@REQUIREMENT]", description = "e.g. acme/web, acme/web@^1.2, 'acme/web@>=1.2 <2'")
        String request;

        @Option(names = "--into", paramLabel = "DIR", required = true, description = "The directory to install into.")
        Path into;

        @Option(names = "--json", description = "Print the result as JSON.")
        boolean json;

        @Override
        public Integer call() {
            PrintWriter out = parent.spec.commandLine().getOut();
            try (Marketplace market = parent.open()) {
                InstallResult result = market.install(request, into);
                if (json) {
                    ObjectNode root = JSON.createObjectNode();
                    root.put("target", result.target().toString());
                    root.put("root", result.root().coordinates());
                    root.put("lockfile", result.lockfile().toString());
                    ArrayNode installed = root.putArray("installed");
                    for (PackageMetadata m : result.installed()) {
                        ObjectNode node = installed.addObject();
                        node.put("id", m.id().toString());
                        node.put("version", m.version().toString());
                        node.put("integrity", "sha256-" + m.sha256());
                    }
                    out.println(json(root));
                } else {
                    out.println("installed " + result.root().coordinates() + " and "
                            + (result.installed().size() - 1) + " dependencies into " + result.target());
                    for (PackageMetadata m : result.installed()) {
                        out.println("  " + m.coordinates() + "  sha256 " + m.sha256());
                    }
                }
            }
            return 0;
        }
    }

    @Command(name = "yank", mixinStandardHelpOptions = true,
            description = "Withdraw a version: no longer chosen by installs or shown by search.")
    static final class Yank implements Callable<Integer> {
        @CommandLine.ParentCommand
        MarketplaceCommand parent;

        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Parameters(index = "1", paramLabel = "VERSION")
        String version;

        @Override
        public Integer call() {
            try (Marketplace market = parent.open()) {
                PackageMetadata yanked = market.yank(id, version);
                parent.spec.commandLine().getOut().println("yanked " + yanked.coordinates());
            }
            return 0;
        }
    }

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Fill the marketplace with a synthetic catalog (deterministic for a seed).")
    static final class Generate implements Callable<Integer> {
        @CommandLine.ParentCommand
        MarketplaceCommand parent;

        int packages;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--packages", paramLabel = "N", required = true,
                description = "How many packages, 1 to " + Catalog.MAX_PACKAGES + ".")
        void packages(int value) {
            packages = inRange(spec, "--packages", value, 1, Catalog.MAX_PACKAGES, "1000");
        }

        @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "The seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Override
        public Integer call() {
            long start = System.nanoTime();
            try (Marketplace market = parent.open()) {
                int versions = market.importCatalog(Catalog.generate(packages, seed));
                parent.spec.commandLine().getOut().printf(Locale.ROOT,
                        "generated %,d packages (%,d versions, seed %d) in %.1f s%n", packages, versions, seed,
                        (System.nanoTime() - start) / 1e9);
            }
            return 0;
        }
    }
}
