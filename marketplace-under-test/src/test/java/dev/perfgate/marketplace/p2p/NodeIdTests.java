package dev.perfgate.marketplace.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** Ids held as 64-bit words behave as the 32 big-endian bytes they stand for. */
class NodeIdTests {

    private final SplittableRandom random = new SplittableRandom(3);

    @Test
    void bytesHexAndHashAreThoseOfTheByteArray() {
        for (int i = 0; i < 1_000; i++) {
            byte[] bytes = randomBytes();
            NodeId id = NodeId.of(bytes);

            assertThat(id.bytes()).isEqualTo(bytes);
            assertThat(id.hashCode()).isEqualTo(Arrays.hashCode(bytes));
            assertThat(id.toString()).isEqualTo(HexFormat.of().formatHex(bytes));
            assertThat(id.shortHex()).isEqualTo(HexFormat.of().formatHex(bytes, 0, 4));
            assertThat(id).isEqualTo(NodeId.of(bytes.clone())).isNotEqualTo(NodeId.of(flipBit(bytes, 255)));
        }
    }

    @Test
    void idsOrderAsUnsignedBigEndianBytes() {
        for (int i = 0; i < 1_000; i++) {
            byte[] a = randomBytes();
            byte[] b = near(a);

            assertThat(Integer.signum(NodeId.of(a).compareTo(NodeId.of(b))))
                    .isEqualTo(Integer.signum(Arrays.compareUnsigned(a, b)));
        }
    }

    @Test
    void distancesCompareAsTheXorOfTheBytes() {
        for (int i = 0; i < 1_000; i++) {
            byte[] self = randomBytes();
            byte[] a = near(self);
            byte[] b = near(a);

            int expected = Integer.signum(Arrays.compareUnsigned(xor(a, self), xor(b, self)));
            NodeId id = NodeId.of(self);
            assertThat(Integer.signum(id.compareDistances(NodeId.of(a), NodeId.of(b)))).isEqualTo(expected);
            assertThat(NodeId.of(a).distance(id)).isEqualTo(NodeId.of(xor(a, self)));
        }
    }

    @Test
    void theBucketIndexIsTheHighestDifferingBitAndTestBitReadsBitsInThatNumbering() {
        byte[] self = randomBytes();
        NodeId id = NodeId.of(self);
        for (int bit = 0; bit < NodeId.BITS; bit++) {
            byte[] other = flipBit(self, bit);
            for (int lower = 0; lower < bit; lower += 7) {
                if (random.nextBoolean()) {
                    other = flipBit(other, lower); // lower bits do not change the bucket
                }
            }

            assertThat(id.bucketIndex(NodeId.of(other))).isEqualTo(bit);
            NodeId d = id.distance(NodeId.of(other));
            assertThat(d.testBit(bit)).isTrue();
            for (int above = bit + 1; above < NodeId.BITS; above++) {
                assertThat(d.testBit(above)).isFalse();
            }
        }
        assertThat(id.bucketIndex(id)).isEqualTo(-1);
    }

    @Test
    void theWordsAreTheBytesEightByEightBigEndian() {
        byte[] bytes = randomBytes();
        NodeId id = NodeId.of(bytes);
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes);

        long[] words = new long[NodeId.WORDS + 1];
        for (int word = 0; word < NodeId.WORDS; word++) {
            words[word + 1] = buffer.getLong();
            assertThat(id.word(word)).isEqualTo(words[word + 1]);
        }
        assertThat(NodeId.ofWords(words, 1)).isEqualTo(id).hasSameHashCodeAs(id);
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[NodeId.BYTES];
        random.nextBytes(bytes);
        return bytes;
    }

    /** A random id that shares a random number of leading bytes with {@code id}, to exercise every word. */
    private byte[] near(byte[] id) {
        byte[] other = randomBytes();
        System.arraycopy(id, 0, other, 0, random.nextInt(NodeId.BYTES + 1));
        return other;
    }

    /** {@code bytes} with one bit flipped, numbered as bucket indexes are: 255 the most significant. */
    private static byte[] flipBit(byte[] bytes, int bit) {
        byte[] flipped = bytes.clone();
        int fromTop = NodeId.BITS - 1 - bit;
        flipped[fromTop / 8] ^= (byte) (0x80 >>> (fromTop % 8));
        return flipped;
    }

    private static byte[] xor(byte[] a, byte[] b) {
        byte[] xor = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            xor[i] = (byte) (a[i] ^ b[i]);
        }
        return xor;
    }
}
