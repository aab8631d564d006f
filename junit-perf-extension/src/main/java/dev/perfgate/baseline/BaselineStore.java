package dev.perfgate.baseline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.ExtensionConfigurationException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.perfgate.result.AtomicFiles;

/**
 * Baselines on disk: {@code <baselines>/<name>/<test class>.json}, one file per test class with one entry per test,
 * sorted by test id, keys in a fixed order, and nothing that changes between two saves of the same numbers (no
 * timestamps, no paths), so that a baseline reviews like code.
 *
 * <p>Saving locks the class's file (threads and other JVMs), reads it, replaces the test's entry, writes a
 * temporary file and moves it into place: concurrent saves never lose each other's entries, and an interrupted save
 * leaves the previous file intact. A file that cannot be read is an error naming it, never overwritten.
 */
public final class BaselineStore {

    /** The {@code format} field of every baseline file. */
    public static final String FORMAT = "perfgate-baseline";

    /** The version of the baseline format; files of another version are refused. */
    public static final int FORMAT_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path directory;

    /** A store in {@code directory}, the folder that holds one folder per baseline name. */
    public BaselineStore(Path directory) {
        this.directory = directory;
    }

    /** The folder of baselines. */
    public Path directory() {
        return directory;
    }

    /** The file holding the entries of {@code testClass} in baseline {@code name}. */
    public Path file(String name, String testClass) {
        return directory.resolve(name).resolve(testClass + ".json");
    }

    /** Records {@code entry} of {@code testClass} in baseline {@code name}, replacing an entry of the same test. */
    public void save(String name, String testClass, BaselineEntry entry) {
        Path file = file(name, testClass);
        try {
            FileLocks.withLock(file, () -> {
                Map<String, BaselineEntry> entries = Files.exists(file) ? read(file) : new TreeMap<>();
                entries.put(entry.testId(), entry);
                write(file, name, testClass, entries);
                return null;
            });
        }
        catch (IOException e) {
            throw new UncheckedIOException("could not save baseline '" + name + "' to " + file, e);
        }
    }

    /**
     * The entries of {@code testClass} in baseline {@code name}, by test id; empty when the baseline has no file
     * for the class.
     *
     * @throws ExtensionConfigurationException when the baseline does not exist, or its file cannot be read
     */
    public Map<String, BaselineEntry> load(String name, String testClass) {
        Path folder = directory.resolve(name);
        if (!Files.isDirectory(folder)) {
            throw new ExtensionConfigurationException("baseline '" + name + "' does not exist in " + directory
                    + " (" + existingNames() + "); record it by running the version to compare against with"
                    + " -Dperfgate.baseline.save=" + name + ", or set perfgate.baseline.dir to the folder that"
                    + " holds it");
        }
        Path file = file(name, testClass);
        if (!Files.exists(file)) {
            return Map.of();
        }
        try {
            return FileLocks.withLock(file, () -> read(file));
        }
        catch (IOException e) {
            throw new UncheckedIOException("could not read baseline file " + file, e);
        }
    }

    /** The baseline names in the store, sorted. */
    public List<String> names() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> folders = Files.list(directory)) {
            return folders.filter(Files::isDirectory).map(path -> path.getFileName().toString()).sorted()
                    .collect(Collectors.toList());
        }
        catch (IOException e) {
            return List.of();
        }
    }

    private String existingNames() {
        List<String> names = names();
        return names.isEmpty() ? "there are no baselines yet" : "existing baselines: " + String.join(", ", names);
    }

    private static Map<String, BaselineEntry> read(Path file) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        }
        catch (JsonProcessingException e) {
            throw corrupt(file, "it is not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText())) {
            throw corrupt(file, "it is not a perfgate baseline file (no \"format\": \"" + FORMAT + "\")");
        }
        int version = root.path("formatVersion").asInt(-1);
        if (version != FORMAT_VERSION) {
            throw new ExtensionConfigurationException("baseline file " + file + " has format version " + version
                    + ", and this perfgate reads version " + FORMAT_VERSION + ": use the perfgate version that wrote"
                    + " it, or delete the file (or the folder of baseline '" + file.getParent().getFileName()
                    + "') and save the baseline again");
        }
        Map<String, BaselineEntry> entries = new TreeMap<>();
        JsonNode tests = root.get("tests");
        if (tests == null || !tests.isArray()) {
            throw corrupt(file, "it has no \"tests\" array");
        }
        try {
            for (JsonNode test : tests) {
                BaselineEntry entry = entry(test);
                if (entries.put(entry.testId(), entry) != null) {
                    throw new IllegalArgumentException("two entries for " + entry.testId());
                }
            }
        }
        catch (RuntimeException e) {
            throw corrupt(file, "an entry is incomplete or invalid (" + e.getMessage() + ")");
        }
        return entries;
    }

    private static ExtensionConfigurationException corrupt(Path file, String why) {
        return new ExtensionConfigurationException("baseline file " + file + " cannot be read: " + why
                + "; restore it from version control, or delete it and save the baseline again (it is never"
                + " overwritten while it cannot be read)");
    }

    private static BaselineEntry entry(JsonNode test) {
        JsonNode environment = required(test, "environment");
        Fingerprint fingerprint = new Fingerprint(required(environment, "cpuModel").asText(),
                required(environment, "cores").asInt(), required(environment, "jvmVendor").asText(),
                required(environment, "jvmVersion").asText(), required(environment, "os").asText(),
                required(environment, "perfgateVersion").asText());
        List<Long> medians = new ArrayList<>();
        JsonNode blockMedians = required(test, "blockMediansNs");
        if (!blockMedians.isArray()) {
            throw new IllegalArgumentException("\"blockMediansNs\" is not an array");
        }
        for (JsonNode median : blockMedians) {
            medians.add(count(median, "blockMediansNs"));
        }
        JsonNode commit = test.get("gitCommit");
        BaselineEntry entry = new BaselineEntry(required(test, "testId").asText(), required(test, "testName").asText(),
                count(required(test, "samples"), "samples"), count(required(test, "p50Ns"), "p50Ns"),
                count(required(test, "p99Ns"), "p99Ns"), medians.stream().mapToLong(Long::longValue).toArray(),
                required(test, "histogram").asText(), count(required(test, "calibrationNs"), "calibrationNs"),
                fingerprint, commit == null || commit.isNull() ? null : commit.asText());
        entry.decodedHistogram(); // a histogram that does not decode is corruption, found now rather than later
        return entry;
    }

    /** A non-negative whole number, or an error naming the key. */
    private static long count(JsonNode value, String key) {
        if (!value.isIntegralNumber() || value.asLong() < 0) {
            throw new IllegalArgumentException("\"" + key + "\" is not a non-negative whole number: " + value);
        }
        return value.asLong();
    }

    private static JsonNode required(JsonNode node, String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("missing \"" + key + "\"");
        }
        return value;
    }

    private static void write(Path file, String name, String testClass, Map<String, BaselineEntry> entries)
            throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("formatVersion", FORMAT_VERSION);
        root.put("baseline", name);
        root.put("testClass", testClass);
        ArrayNode tests = root.putArray("tests");
        for (BaselineEntry entry : entries.values()) {
            ObjectNode test = tests.addObject();
            test.put("testId", entry.testId());
            test.put("testName", entry.testName());
            test.put("samples", entry.samples());
            test.put("p50Ns", entry.p50Nanos());
            test.put("p99Ns", entry.p99Nanos());
            test.put("calibrationNs", entry.calibrationNanos());
            if (entry.gitCommit() == null) {
                test.putNull("gitCommit");
            }
            else {
                test.put("gitCommit", entry.gitCommit());
            }
            ObjectNode environment = test.putObject("environment");
            Fingerprint fingerprint = entry.fingerprint();
            environment.put("cpuModel", fingerprint.cpuModel());
            environment.put("cores", fingerprint.cores());
            environment.put("jvmVendor", fingerprint.jvmVendor());
            environment.put("jvmVersion", fingerprint.jvmVersion());
            environment.put("os", fingerprint.os());
            environment.put("perfgateVersion", fingerprint.perfgateVersion());
            ArrayNode medians = test.putArray("blockMediansNs");
            for (long median : entry.blockMedians()) {
                medians.add(median);
            }
            test.put("histogram", entry.histogram());
        }
        AtomicFiles.writeJson(file, root);
    }
}
