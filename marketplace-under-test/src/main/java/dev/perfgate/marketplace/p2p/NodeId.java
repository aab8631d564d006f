package dev.perfgate.marketplace.p2p;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.random.RandomGenerator;

/**
 * A 256-bit Kademlia identifier (a node's, or a key's: the SHA-256 of what is stored), compared by XOR distance.
 * Immutable; {@link #bytes()} returns a copy.
 */
public final class NodeId implements Comparable<NodeId> {

    /** Bits in an id. */
    public static final int BITS = 256;
    /** Bytes in an id. */
    public static final int BYTES = BITS / 8;

    private final byte[] bytes;
    /** Computed once: ids are hash keys in every routing step. */
    private final int hash;

    private NodeId(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    /** The id with these {@value #BYTES} bytes, big-endian. */
    public static NodeId of(byte[] bytes) {
        if (bytes.length != BYTES) {
            throw new IllegalArgumentException("a node id has " + BYTES + " bytes, not " + bytes.length);
        }
        return new NodeId(bytes.clone());
    }

    /** A uniformly random id. */
    public static NodeId random(RandomGenerator random) {
        byte[] bytes = new byte[BYTES];
        random.nextBytes(bytes);
        return new NodeId(bytes);
    }

    /** The SHA-256 of {@code content}: the key under which it is stored. */
    public static NodeId sha256(byte[] content) {
        try {
            return new NodeId(MessageDigest.getInstance("SHA-256").digest(content));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** A copy of the id's bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The XOR distance to {@code other}, as an id (compare distances with {@link #compareTo}). */
    public NodeId distance(NodeId other) {
        byte[] xor = new byte[BYTES];
        for (int i = 0; i < BYTES; i++) {
            xor[i] = (byte) (bytes[i] ^ other.bytes[i]);
        }
        return new NodeId(xor);
    }

    /**
     * The index of the k-bucket {@code other} falls into, seen from this id: 255 for the farthest half of the id
     * space, 0 for the id that differs only in the last bit; -1 for this id itself.
     */
    public int bucketIndex(NodeId other) {
        for (int i = 0; i < BYTES; i++) {
            int xor = (bytes[i] ^ other.bytes[i]) & 0xff;
            if (xor != 0) {
                return BITS - 1 - (i * 8 + Integer.numberOfLeadingZeros(xor) - 24);
            }
        }
        return -1;
    }

    /** Unsigned big-endian order: as distances, nearer first. */
    @Override
    public int compareTo(NodeId other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NodeId id && hash == id.hash && Arrays.equals(bytes, id.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /**
     * Which of {@code a} and {@code b} is nearer to this id by XOR distance: negative when {@code a}, as
     * {@code a.distance(this).compareTo(b.distance(this))} but without allocating either distance.
     */
    public int compareDistances(NodeId a, NodeId b) {
        for (int i = 0; i < BYTES; i++) {
            int da = (a.bytes[i] ^ bytes[i]) & 0xff;
            int db = (b.bytes[i] ^ bytes[i]) & 0xff;
            if (da != db) {
                return da - db;
            }
        }
        return 0;
    }

    /** The first 8 hex digits, enough to tell nodes apart in logs. */
    public String shortHex() {
        return HexFormat.of().formatHex(bytes, 0, 4);
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(bytes);
    }
}
