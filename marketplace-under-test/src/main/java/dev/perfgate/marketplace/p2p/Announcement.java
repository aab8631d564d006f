package dev.perfgate.marketplace.p2p;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.regex.Pattern;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.perfgate.marketplace.Manifest;
import dev.perfgate.marketplace.PackageId;
import dev.perfgate.marketplace.PackageMetadata;

/**
 * What the network says of a published package version: its manifest (which names its dependencies), the SHA-256
 * and size of its archive, and when it was published. Carried as the payload of an {@code ANNOUNCEMENT} record
 * stored under {@link #key} of the package id, and gossiped on {@value Gossip#TOPIC}.
 *
 * <p>Payload: the JSON object {@code {"manifest": {...}, "sha256": "...", "size": n, "publishedAt": "..."}},
 * deflated; at most {@value SignedRecord#MAX_PAYLOAD_BYTES} bytes deflated and {@value #MAX_JSON_BYTES} inflated (a
 * payload that inflates further is refused before it is read: no decompression bomb).
 *
 * @param manifest    the version's manifest, as in its archive
 * @param sha256      the archive's SHA-256, 64 lower-case hex digits: the key of its provider records
 * @param sizeBytes   the archive's size in bytes
 * @param publishedAt when the publisher published it
 */
public record Announcement(Manifest manifest, String sha256, long sizeBytes, Instant publishedAt) {

    /** Most bytes of an announcement's JSON once inflated. */
    public static final int MAX_JSON_BYTES = 16 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public Announcement {
        requireNonNull(manifest, "manifest");
        requireNonNull(publishedAt, "publishedAt");
        if (!SHA256.matcher(sha256).matches() || sizeBytes < 0) {
            throw new IllegalArgumentException("announcement of " + manifest.id() + "@" + manifest.version()
                    + " with sha256 [" + sha256 + "] and size [" + sizeBytes + "] bytes (expected 64 lower-case hex"
                    + " digits and a size of at least 0 bytes)");
        }
    }

    /** The announcement of a version the registry holds. */
    public static Announcement of(PackageMetadata metadata) {
        return new Announcement(metadata.manifest(), metadata.sha256(), metadata.sizeBytes(), metadata.publishedAt());
    }

    /** Where a package's announcement is stored: the SHA-256 of {@code namespace/name}. */
    public static NodeId key(PackageId id) {
        return NodeId.sha256(id.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Where the provider records of an archive are stored: its SHA-256. */
    public static NodeId contentKey(String sha256) {
        return NodeId.of(java.util.HexFormat.of().parseHex(sha256));
    }

    /** This announcement signed by its publisher; the record's version is the publication time in ms. */
    public SignedRecord sign(RecordSigner publisher, int ttlSeconds) {
        return publisher.sign(key(manifest.id()), SignedRecord.Kind.ANNOUNCEMENT, publishedAt.toEpochMilli(),
                ttlSeconds, toPayload());
    }

    /**
     * The record's payload.
     *
     * @throws IllegalArgumentException when it does not fit in {@value SignedRecord#MAX_PAYLOAD_BYTES} bytes deflated
     *                                  (a manifest with a very long description or many dependencies), naming both
     *                                  sizes
     */
    public byte[] toPayload() {
        ObjectNode root = JSON.createObjectNode();
        root.set("manifest", manifest.toJsonTree());
        root.put("sha256", sha256);
        root.put("size", sizeBytes);
        root.put("publishedAt", publishedAt.toString());
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot happen for a tree of strings and numbers", e);
        }
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        try {
            deflater.setInput(json);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(json.length);
            byte[] chunk = new byte[1_024];
            while (!deflater.finished()) {
                out.write(chunk, 0, deflater.deflate(chunk));
            }
            byte[] payload = out.toByteArray();
            if (json.length > MAX_JSON_BYTES || payload.length > SignedRecord.MAX_PAYLOAD_BYTES) {
                throw new IllegalArgumentException("the announcement of " + manifest.id() + "@" + manifest.version()
                        + " is " + json.length + " bytes of JSON, " + payload.length + " bytes deflated; at most "
                        + MAX_JSON_BYTES + " and " + SignedRecord.MAX_PAYLOAD_BYTES + " bytes fit a record"
                        + " (shorten the manifest's description)");
            }
            return payload;
        } finally {
            deflater.end();
        }
    }

    /**
     * Reads a record's payload.
     *
     * @throws IllegalArgumentException when it is not a deflated announcement of at most {@value #MAX_JSON_BYTES}
     *                                  bytes with a valid manifest, hash, size and time
     */
    public static Announcement parse(byte[] payload) {
        Inflater inflater = new Inflater();
        byte[] json;
        try {
            inflater.setInput(payload);
            byte[] buffer = new byte[MAX_JSON_BYTES + 1];
            int length = 0;
            while (!inflater.finished() && length < buffer.length) {
                int read = inflater.inflate(buffer, length, buffer.length - length);
                if (read == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IllegalArgumentException("announcement payload is truncated");
                }
                length += read;
            }
            if (!inflater.finished() || length > MAX_JSON_BYTES) {
                throw new IllegalArgumentException("announcement payload inflates to more than " + MAX_JSON_BYTES
                        + " bytes");
            }
            if (inflater.getRemaining() > 0) {
                throw new IllegalArgumentException(inflater.getRemaining() + " bytes after the announcement payload");
            }
            json = java.util.Arrays.copyOf(buffer, length);
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("announcement payload is not deflated data: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
        try {
            JsonNode root = JSON.readTree(json);
            if (root == null || !root.isObject() || !root.path("sha256").isTextual() || !root.path("size").isIntegralNumber()
                    || !root.path("publishedAt").isTextual()) {
                throw new IllegalArgumentException("announcement must be {\"manifest\": {...}, \"sha256\": \"...\","
                        + " \"size\": n, \"publishedAt\": \"2026-01-01T00:00:00Z\"}");
            }
            return new Announcement(Manifest.fromJson(root.get("manifest")), root.get("sha256").asText(),
                    root.get("size").asLong(), Instant.parse(root.get("publishedAt").asText()));
        } catch (java.io.IOException | java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("announcement is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** Whether {@code record} is an announcement whose payload parses and whose key is its package's. */
    public static boolean isWellFormed(SignedRecord record) {
        if (record.kind() != SignedRecord.Kind.ANNOUNCEMENT) {
            return false;
        }
        try {
            return key(parse(record.payload()).manifest().id()).equals(record.key());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
