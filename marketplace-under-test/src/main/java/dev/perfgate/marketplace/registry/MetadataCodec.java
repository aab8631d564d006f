package dev.perfgate.marketplace.registry;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.perfgate.marketplace.Manifest;
import dev.perfgate.marketplace.PackageMetadata;

/** The stored form of a {@link PackageMetadata}: the manifest as published plus the registry's own fields. */
final class MetadataCodec {

    private final ObjectMapper json;

    MetadataCodec(ObjectMapper json) {
        this.json = json;
    }

    ObjectNode write(PackageMetadata metadata) {
        ObjectNode node = json.createObjectNode();
        node.set("manifest", metadata.manifest().toJsonTree());
        node.put("sha256", metadata.sha256());
        node.put("size", metadata.sizeBytes());
        node.put("downloads", metadata.downloads());
        node.put("stars", metadata.stars());
        node.put("publishedAt", metadata.publishedAt().toString());
        node.put("updatedAt", metadata.updatedAt().toString());
        node.put("yanked", metadata.yanked());
        return node;
    }

    PackageMetadata read(JsonNode node) throws java.io.IOException {
        Manifest manifest = Manifest.fromJson(node.required("manifest"));
        return new PackageMetadata(manifest, node.required("sha256").asText(), node.required("size").asLong(),
                node.required("downloads").asLong(), node.required("stars").asLong(),
                Instant.parse(node.required("publishedAt").asText()), Instant.parse(node.required("updatedAt").asText()),
                node.required("yanked").asBoolean());
    }
}
