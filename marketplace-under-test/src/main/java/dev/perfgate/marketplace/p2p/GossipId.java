package dev.perfgate.marketplace.p2p;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A gossip message's id: the first 16 bytes of the SHA-256 of its record's signature. Derived from the content, so
 * every node computes the same id for the same message without trusting the sender's word, and a message relayed
 * twice is recognised in the seen-cache.
 */
public record GossipId(long high, long low) {

    /** Bytes of an id on the wire. */
    public static final int BYTES = 16;

    public static GossipId of(SignedRecord record) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(record.signature());
            ByteBuffer bytes = ByteBuffer.wrap(digest);
            return new GossipId(bytes.getLong(), bytes.getLong());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return String.format("%016x%016x", high, low).substring(0, 12);
    }
}
