package dev.perfgate.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One file of the results folder, read: its JSON tree ({@code perfgate-result} or {@code perfgate-scaling}, see
 * docs/result-format.md), or why it could not be read.
 *
 * @param path  the file
 * @param json  its content, {@code null} when it could not be read
 * @param error why it could not be read (not JSON, unknown format or version), {@code null} when it was read
 */
public record ResultFile(Path path, @Nullable JsonNode json, @Nullable String error) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public ResultFile {
        if ((json == null) == (error == null)) {
            throw new IllegalArgumentException("a result file has either content or an error: " + path);
        }
    }

    /** The {@code format} field: {@code perfgate-result}, {@code perfgate-scaling}; empty for an unreadable file. */
    public String format() {
        return json == null ? "" : json.path("format").asText("");
    }

    /**
     * Every {@code *.json} file of {@code folder} whose {@code testId} {@code include} accepts (unreadable files are
     * always included: they are reported), sorted by file name. A folder that does not exist has none.
     */
    public static List<ResultFile> readAll(Path folder, Predicate<String> include) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<ResultFile> files = new ArrayList<>();
        try (Stream<Path> listing = Files.list(folder)) {
            for (Path path : listing.filter(file -> file.getFileName().toString().endsWith(".json"))
                    .sorted(Comparator.comparing(file -> file.getFileName().toString())).toList()) {
                ResultFile file = read(path);
                if (file.json() == null || include.test(file.json().path("testId").asText(""))) {
                    files.add(file);
                }
            }
        }
        return files;
    }

    /** Reads one file; never throws for bad content. */
    public static ResultFile read(Path path) {
        try {
            JsonNode json = JSON.readTree(path.toFile());
            if (json == null || !json.isObject()) {
                return new ResultFile(path, null, "not a JSON object");
            }
            String format = json.path("format").asText("");
            int version = json.path("formatVersion").asInt(-1);
            if (!(format.equals("perfgate-result") || format.equals("perfgate-scaling")) || version != 1) {
                return new ResultFile(path, null, "unknown format [" + format + "] version [" + version
                        + "] (expected perfgate-result or perfgate-scaling, version 1)");
            }
            return new ResultFile(path, json, null);
        }
        catch (IOException e) {
            return new ResultFile(path, null, "not readable as JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }
}
