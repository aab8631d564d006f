package dev.perfgate.marketplace;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.perfgate.marketplace.semver.Version;
import dev.perfgate.marketplace.semver.VersionRequirement;

/**
 * A package's manifest, {@code marketplace.json} at the root of its archive:
 *
 * <pre>{@code
 * {"id": "acme/web-framework", "version": "1.4.0", "title": "Web framework",
 *  "description": "Routing and middleware", "tags": ["web", "http"], "categories": ["web-frameworks"],
 *  "license": "Apache-2.0", "authors": ["Ada <ada@acme.dev>"], "dependencies": {"acme/util": "^1.2.0"}}
 * }</pre>
 *
 * @param id           the package, {@code namespace/name}
 * @param version      its Semantic Versioning 2.0 version
 * @param title        a short human title, 1 to 200 characters
 * @param description  what it is for, at most 10,000 characters (may be empty)
 * @param tags         search tags, each {@code [a-z0-9][a-z0-9-]{0,31}}, at most 20
 * @param categories   categories, same form as tags, at most 5
 * @param license      an SPDX license expression, e.g. {@code MIT}; empty when not stated
 * @param authors      authors as written, at most 20
 * @param dependencies each dependency and the versions of it this package accepts
 */
public record Manifest(PackageId id, Version version, String title, String description, List<String> tags,
                       List<String> categories, String license, List<String> authors,
                       Map<PackageId, VersionRequirement> dependencies) {

    /** The manifest's file name inside an archive: {@value} */
    public static final String FILE_NAME = "marketplace.json";

    /** Refuses a key given twice, which would otherwise silently keep the last value. */
    private static final ObjectMapper JSON = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final Pattern TAG = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    private static final Pattern LICENSE = Pattern.compile("[A-Za-z0-9.+() -]{0,100}");
    private static final Set<String> FIELDS = Set.of("id", "version", "title", "description", "tags", "categories",
            "license", "authors", "dependencies");

    public Manifest {
        if (title.isBlank() || title.length() > 200) {
            throw new IllegalArgumentException("invalid title '" + title + "' of " + id
                    + " (expected 1 to 200 characters, e.g. \"Web framework\")");
        }
        if (description.length() > 10_000) {
            throw new IllegalArgumentException("description of " + id + " is " + description.length()
                    + " characters long (at most 10,000 characters)");
        }
        tags = validTags("tag", tags, 20);
        categories = validTags("category", categories, 5);
        if (!LICENSE.matcher(license).matches()) {
            throw new IllegalArgumentException("invalid license '" + license
                    + "' (expected an SPDX expression, e.g. \"MIT\" or \"Apache-2.0 OR MIT\")");
        }
        authors = List.copyOf(authors);
        if (authors.size() > 20) {
            throw new IllegalArgumentException(id + " lists " + authors.size() + " authors (at most 20)");
        }
        if (dependencies.containsKey(id)) {
            throw new IllegalArgumentException(id + " depends on itself (remove \"" + id + "\" from dependencies)");
        }
        dependencies = java.util.Collections.unmodifiableMap(new TreeMap<>(dependencies));
    }

    private static List<String> validTags(String what, List<String> values, int max) {
        if (values.size() > max) {
            throw new IllegalArgumentException(values.size() + " " + what + "s " + values + " (at most " + max + ")");
        }
        List<String> distinct = new ArrayList<>();
        for (String value : values) {
            if (!TAG.matcher(value).matches()) {
                throw new IllegalArgumentException("invalid " + what + " '" + value
                        + "' (expected lower-case letters, digits and '-', at most 32 characters, e.g. \"http-client\")");
            }
            if (!distinct.contains(value)) {
                distinct.add(value);
            }
        }
        return List.copyOf(distinct);
    }

    /** A manifest with just the required fields; the others empty. */
    public static Manifest of(PackageId id, Version version, String title) {
        return new Manifest(id, version, title, "", List.of(), List.of(), "", List.of(), Map.of());
    }

    /**
     * Parses {@code marketplace.json}.
     *
     * @throws IllegalArgumentException naming the field and the bad value, with an example of a good one
     */
    public static Manifest parse(byte[] json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(FILE_NAME + " is not valid JSON: "
                    + e.getMessage().lines().findFirst().orElse(""), e);
        }
        return fromJson(root);
    }

    /**
     * Reads a manifest from a parsed {@code marketplace.json}.
     *
     * @throws IllegalArgumentException like {@link #parse}
     */
    public static Manifest fromJson(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(FILE_NAME + " must be a JSON object, e.g. {\"id\": \"acme/web\", "
                    + "\"version\": \"1.0.0\", \"title\": \"Web\"}");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException("unknown field '" + name + "' in " + FILE_NAME
                        + " (known fields: id, version, title, description, tags, categories, license, authors,"
                        + " dependencies)");
            }
        }
        PackageId id = PackageId.parse(requiredText(root, "id", "\"acme/web-framework\""));
        Version version = Version.parse(requiredText(root, "version", "\"1.0.0\""));
        String title = requiredText(root, "title", "\"Web framework\"");
        Map<PackageId, VersionRequirement> dependencies = new LinkedHashMap<>();
        JsonNode deps = root.get("dependencies");
        if (deps != null && !deps.isNull()) {
            if (!deps.isObject()) {
                throw new IllegalArgumentException("field 'dependencies' in " + FILE_NAME
                        + " must be an object, e.g. {\"acme/util\": \"^1.2.0\"}");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = deps.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> dep = it.next();
                if (!dep.getValue().isTextual()) {
                    throw new IllegalArgumentException("requirement of dependency '" + dep.getKey() + "' in "
                            + FILE_NAME + " must be a string, e.g. \"^1.2.0\"");
                }
                dependencies.put(PackageId.parse(dep.getKey()), VersionRequirement.parse(dep.getValue().asText()));
            }
        }
        return new Manifest(id, version, title, optionalText(root, "description"), strings(root, "tags"),
                strings(root, "categories"), optionalText(root, "license"), strings(root, "authors"), dependencies);
    }

    private static String requiredText(JsonNode root, String field, String example) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw new IllegalArgumentException(FILE_NAME + " has no '" + field + "' (e.g. \"" + field + "\": "
                    + example + ")");
        }
        if (!node.isTextual()) {
            throw new IllegalArgumentException("field '" + field + "' in " + FILE_NAME + " must be a string, was "
                    + node + " (e.g. " + example + ")");
        }
        return node.asText();
    }

    private static String optionalText(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return "";
        }
        if (!node.isTextual()) {
            throw new IllegalArgumentException("field '" + field + "' in " + FILE_NAME + " must be a string, was "
                    + node);
        }
        return node.asText();
    }

    private static List<String> strings(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return List.of();
        }
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            for (JsonNode element : node) {
                if (!element.isTextual()) {
                    values = null;
                    break;
                }
                values.add(element.asText());
            }
        }
        if (values == null || !node.isArray()) {
            throw new IllegalArgumentException("field '" + field + "' in " + FILE_NAME
                    + " must be an array of strings, was " + node + " (e.g. [\"web\", \"http\"])");
        }
        return values;
    }

    /** This manifest as {@code marketplace.json} text, in the form {@link #parse} reads. */
    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(toJsonTree());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot happen for a tree of strings", e);
        }
    }

    /** This manifest as a JSON tree, in the form {@link #fromJson} reads. */
    public ObjectNode toJsonTree() {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", id.toString());
        root.put("version", version.toString());
        root.put("title", title);
        root.put("description", description);
        tags.forEach(root.putArray("tags")::add);
        categories.forEach(root.putArray("categories")::add);
        root.put("license", license);
        ArrayNode authorArray = root.putArray("authors");
        authors.forEach(authorArray::add);
        ObjectNode deps = root.putObject("dependencies");
        dependencies.forEach((dep, requirement) -> deps.put(dep.toString(), requirement.toString()));
        return root;
    }
}
