package dev.perfgate.marketplace.registry;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.perfgate.marketplace.MarketplaceException;
import dev.perfgate.marketplace.PackageMetadata;

/**
 * The registry's metadata as a sequence of numbered files, {@code registry/log/0000000000000001.json}, each holding
 * the records one operation wrote (a publish, a yank: one record; an import: many). Replaying them in order gives
 * the registry's state; a later record of a version replaces an earlier one. Each file is written atomically, so a
 * crash loses at most the operation in progress, and the sequence number of the last file tells the search index
 * whether it is in step.
 */
final class RegistryLog {

    static final int FORMAT = 1;
    private static final Pattern ENTRY = Pattern.compile("\\d{16}\\.json");

    private final Path directory;
    /** Refuses a key given twice, which would otherwise silently keep the last value. */
    private final ObjectMapper json = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private final MetadataCodec codec = new MetadataCodec(json);
    private long lastSequence;

    RegistryLog(Path directory) throws IOException {
        this.directory = directory;
        Files.createDirectories(directory);
    }

    /** Replays every entry in order and deletes temporary files left by a crash. */
    void replay(Consumer<PackageMetadata> sink) throws IOException {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.startsWith(AtomicFiles.TEMPORARY_PREFIX)) {
                    Files.deleteIfExists(file);
                } else if (ENTRY.matcher(name).matches()) {
                    entries.add(file);
                }
            }
        }
        entries.sort(null);
        for (Path entry : entries) {
            JsonNode root;
            try {
                root = json.readTree(entry.toFile());
                if (root == null || root.path("format").asInt() != FORMAT) {
                    throw new IOException("format is not " + FORMAT);
                }
                for (JsonNode record : root.required("records")) {
                    sink.accept(codec.read(record));
                }
            } catch (IOException | IllegalArgumentException e) {
                throw new MarketplaceException("registry log entry " + entry + " is corrupt (" + e.getMessage()
                        + "); restore it from a backup or remove it and the entries after it", e);
            }
            lastSequence = Long.parseLong(entry.getFileName().toString().substring(0, 16));
        }
    }

    /** Writes one entry holding the records and returns its sequence number. */
    long append(List<PackageMetadata> records, boolean durable) throws IOException {
        ObjectNode root = json.createObjectNode();
        root.put("format", FORMAT);
        ArrayNode array = root.putArray("records");
        for (PackageMetadata record : records) {
            array.add(codec.write(record));
        }
        long sequence = lastSequence + 1;
        Files.createDirectories(directory);
        AtomicFiles.write(directory.resolve(String.format("%016d.json", sequence)), json.writeValueAsBytes(root),
                durable);
        lastSequence = sequence;
        return sequence;
    }

    long lastSequence() {
        return lastSequence;
    }
}
