package dev.perfgate.marketplace.p2p;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;

/**
 * A record of the DHT, signed by its publisher with Ed25519 and verified by every node that stores or serves it.
 *
 * @param key          where it is stored: the SHA-256 of the package id
 * @param kind         an announcement (the package's manifest summary and content hash) or a provider record (who
 *                     holds the content)
 * @param version      the publisher's sequence number: a node keeps the highest it has seen
 * @param ttlSeconds   how long a node keeps it after receiving it; the publisher republishes before then
 * @param payload      the record's content (for an announcement: the manifest summary and the content's SHA-256;
 *                     for a provider record: the provider's contact), at most {@link #MAX_PAYLOAD_BYTES}
 * @param publicKey    the publisher's Ed25519 public key, raw (32 bytes)
 * @param signature    Ed25519 over every other field, in the wire encoding (64 bytes)
 */
public record SignedRecord(NodeId key, Kind kind, long version, int ttlSeconds, byte[] payload, byte[] publicKey,
        byte[] signature) {

    /** Largest payload, in bytes: a record must fit in one datagram with its envelope. */
    public static final int MAX_PAYLOAD_BYTES = 900;
    /** Bytes of a raw Ed25519 public key. */
    public static final int PUBLIC_KEY_BYTES = 32;
    /** Bytes of an Ed25519 signature. */
    public static final int SIGNATURE_BYTES = 64;

    /** What a record says. */
    public enum Kind {
        ANNOUNCEMENT,
        PROVIDER
    }

    public SignedRecord {
        requireNonNull(key, "key");
        requireNonNull(kind, "kind");
        if (version < 0 || ttlSeconds <= 0 || payload.length > MAX_PAYLOAD_BYTES
                || publicKey.length != PUBLIC_KEY_BYTES || signature.length != SIGNATURE_BYTES) {
            throw new IllegalArgumentException("invalid record: version " + version + ", ttl " + ttlSeconds
                    + " s, payload " + payload.length + " B (at most " + MAX_PAYLOAD_BYTES + "), public key "
                    + publicKey.length + " B, signature " + signature.length + " B");
        }
        payload = payload.clone();
        publicKey = publicKey.clone();
        signature = signature.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SignedRecord record && key.equals(record.key) && kind == record.kind
                && version == record.version && ttlSeconds == record.ttlSeconds
                && Arrays.equals(payload, record.payload) && Arrays.equals(publicKey, record.publicKey)
                && Arrays.equals(signature, record.signature);
    }

    @Override
    public int hashCode() {
        return key.hashCode() * 31 + Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return "SignedRecord[" + kind + " " + key.shortHex() + " v" + version + ", " + payload.length + " B]";
    }
}
