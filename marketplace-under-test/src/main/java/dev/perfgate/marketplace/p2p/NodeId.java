package dev.perfgate.marketplace.p2p;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
    /** 64-bit words in an id: see {@link #word}. */
    static final int WORDS = BITS / Long.SIZE;

    /*
     * The id as four big-endian 64-bit words, most significant first, rather than as a byte array: every routing step
     * compares XOR distances and looks for the highest differing bit, which takes one XOR per word (and usually only
     * the first word) instead of one per byte, and reads no second object.
     */
    private final long word0;
    private final long word1;
    private final long word2;
    private final long word3;
    /**
     * {@code Arrays.hashCode(bytes())}, computed when first asked for (0 until then): most ids, decoded from the
     * contacts of an answer, are never hashed. As String's hash, a benign race: every thread computes the same value.
     */
    private int hash;

    private NodeId(long word0, long word1, long word2, long word3) {
        this.word0 = word0;
        this.word1 = word1;
        this.word2 = word2;
        this.word3 = word3;
    }

    /** The id with these {@value #BYTES} bytes, big-endian. */
    public static NodeId of(byte[] bytes) {
        if (bytes.length != BYTES) {
            throw new IllegalArgumentException("a node id has " + BYTES + " bytes, not " + bytes.length);
        }
        return read(ByteBuffer.wrap(bytes));
    }

    /** The id whose {@linkplain #word words} are {@code words[offset]} to {@code words[offset + WORDS - 1]}. */
    static NodeId ofWords(long[] words, int offset) {
        return new NodeId(words[offset], words[offset + 1], words[offset + 2], words[offset + 3]);
    }

    /** The id in the next {@value #BYTES} bytes of {@code buffer} (big-endian), which the caller checked are there. */
    static NodeId read(ByteBuffer buffer) {
        return new NodeId(buffer.getLong(), buffer.getLong(), buffer.getLong(), buffer.getLong());
    }

    /** A uniformly random id. */
    public static NodeId random(RandomGenerator random) {
        byte[] bytes = new byte[BYTES];
        random.nextBytes(bytes);
        return of(bytes);
    }

    /** The SHA-256 of {@code content}: the key under which it is stored. */
    public static NodeId sha256(byte[] content) {
        try {
            return of(MessageDigest.getInstance("SHA-256").digest(content));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** A copy of the id's bytes. */
    public byte[] bytes() {
        byte[] bytes = new byte[BYTES];
        write(ByteBuffer.wrap(bytes));
        return bytes;
    }

    /** Puts the id's {@value #BYTES} bytes (big-endian) into {@code buffer}, without the copy {@link #bytes()} makes. */
    void write(ByteBuffer buffer) {
        buffer.putLong(word0).putLong(word1).putLong(word2).putLong(word3);
    }

    /** The XOR distance to {@code other}, as an id (compare distances with {@link #compareTo}). */
    public NodeId distance(NodeId other) {
        return new NodeId(word0 ^ other.word0, word1 ^ other.word1, word2 ^ other.word2, word3 ^ other.word3);
    }

    /**
     * The index of the k-bucket {@code other} falls into, seen from this id: 255 for the farthest half of the id
     * space, 0 for the id that differs only in the last bit; -1 for this id itself.
     */
    public int bucketIndex(NodeId other) {
        // the highest set bit of the XOR distance, counted from the least significant bit of the last word
        long xor = word0 ^ other.word0;
        if (xor != 0) {
            return 3 * Long.SIZE + highestBit(xor);
        }
        xor = word1 ^ other.word1;
        if (xor != 0) {
            return 2 * Long.SIZE + highestBit(xor);
        }
        xor = word2 ^ other.word2;
        if (xor != 0) {
            return Long.SIZE + highestBit(xor);
        }
        xor = word3 ^ other.word3;
        return xor != 0 ? highestBit(xor) : -1;
    }

    /**
     * The id's {@code index}-th 64-bit word, 0 the most significant: the id is the words in order, big-endian,
     * unsigned. Routing structures keep the ids they hold as such words in arrays of numbers, beside the contacts, and
     * so find ids and compare distances without reading every contact and its id from wherever they lie in memory.
     */
    long word(int index) {
        return switch (index) {
            case 0 -> word0;
            case 1 -> word1;
            case 2 -> word2;
            case 3 -> word3;
            default -> throw new IndexOutOfBoundsException("word " + index + " of an id of " + WORDS + " words");
        };
    }

    /**
     * Whether bit {@code index} of the id is set, counted as {@link #bucketIndex} counts: 255 is the most significant
     * bit, 0 the least. So {@code self.distance(target).testBit(i)} says whether target and self differ in the bit
     * that decides bucket {@code i}.
     */
    boolean testBit(int index) {
        return (word(WORDS - 1 - index / Long.SIZE) >>> (index % Long.SIZE) & 1) != 0;
    }

    /** Unsigned big-endian order: as distances, nearer first. */
    @Override
    public int compareTo(NodeId other) {
        if (word0 != other.word0) {
            return Long.compareUnsigned(word0, other.word0);
        }
        if (word1 != other.word1) {
            return Long.compareUnsigned(word1, other.word1);
        }
        if (word2 != other.word2) {
            return Long.compareUnsigned(word2, other.word2);
        }
        return Long.compareUnsigned(word3, other.word3);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NodeId id && word0 == id.word0 && word1 == id.word1 && word2 == id.word2
                && word3 == id.word3;
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = hashBytes(hashBytes(hashBytes(hashBytes(1, word0), word1), word2), word3);
            hash = h;
        }
        return h;
    }

    /**
     * Which of {@code a} and {@code b} is nearer to this id by XOR distance: negative when {@code a}, as
     * {@code a.distance(this).compareTo(b.distance(this))} but without allocating either distance.
     */
    public int compareDistances(NodeId a, NodeId b) {
        if (a.word0 != b.word0) {
            return Long.compareUnsigned(a.word0 ^ word0, b.word0 ^ word0);
        }
        if (a.word1 != b.word1) {
            return Long.compareUnsigned(a.word1 ^ word1, b.word1 ^ word1);
        }
        if (a.word2 != b.word2) {
            return Long.compareUnsigned(a.word2 ^ word2, b.word2 ^ word2);
        }
        return Long.compareUnsigned(a.word3 ^ word3, b.word3 ^ word3);
    }

    /** The first 8 hex digits, enough to tell nodes apart in logs. */
    public String shortHex() {
        return HexFormat.of().toHexDigits((int) (word0 >>> 32));
    }

    @Override
    public String toString() {
        HexFormat hex = HexFormat.of();
        return hex.toHexDigits(word0) + hex.toHexDigits(word1) + hex.toHexDigits(word2) + hex.toHexDigits(word3);
    }

    /** The bit of a word's highest set bit, 63 to 0; the word is not 0. */
    private static int highestBit(long word) {
        return Long.SIZE - 1 - Long.numberOfLeadingZeros(word);
    }

    /**
     * Continues {@link java.util.Arrays#hashCode(byte[])} over the 8 bytes of {@code word}: ids hash as they did when
     * they were byte arrays, so collections of ids iterate in the same order as before.
     */
    private static int hashBytes(int hash, long word) {
        for (int shift = Long.SIZE - Byte.SIZE; shift >= 0; shift -= Byte.SIZE) {
            hash = 31 * hash + (byte) (word >>> shift);
        }
        return hash;
    }
}
