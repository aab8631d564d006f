package dev.perfgate.marketplace.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * Feeds the decoder random and mutated datagrams: each must decode to a message that re-encodes to the same bytes,
 * or be rejected with a {@link MalformedMessageException}; no other exception, ever.
 */
class WireFormatFuzzTests {

    private static final int DATAGRAMS = 200_000;
    private static final long SEED = 0x5EED_F022L;

    @Test
    void everyDatagramDecodesCanonicallyOrIsRejected() {
        SplittableRandom random = new SplittableRandom(SEED);
        WireMessages messages = new WireMessages(random);
        List<byte[]> corpus = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            for (Message message : messages.everyType()) {
                corpus.add(WireFormat.encode(message));
            }
        }
        int decoded = 0;
        int rejected = 0;
        int[] byMutation = new int[Mutation.values().length];
        long start = System.nanoTime();
        for (int i = 0; i < DATAGRAMS; i++) {
            Mutation mutation = Mutation.values()[random.nextInt(Mutation.values().length)];
            byte[] datagram = mutation.apply(corpus.get(random.nextInt(corpus.size())), random);
            byMutation[mutation.ordinal()]++;
            Message message;
            try {
                message = WireFormat.decode(ByteBuffer.wrap(datagram));
            }
            catch (MalformedMessageException e) {
                rejected++;
                continue;
            }
            catch (Throwable t) {
                fail("decoding %s datagram %s threw %s (seed %d)", mutation, HexFormat.of().formatHex(datagram), t,
                        SEED);
                return;
            }
            byte[] reencoded;
            try {
                reencoded = WireFormat.encode(message);
            }
            catch (RuntimeException e) {
                fail("re-encoding %s decoded from %s threw %s", message, HexFormat.of().formatHex(datagram), e);
                return;
            }
            if (!Arrays.equals(reencoded, datagram)) {
                fail("%s decoded from %s re-encodes to %s", message, HexFormat.of().formatHex(datagram),
                        HexFormat.of().formatHex(reencoded));
            }
            decoded++;
        }
        long elapsed = System.nanoTime() - start;

        System.out.printf("wire fuzz: %,d datagrams (%s) in %.0f ms: %,d decoded, %,d rejected, %.2f us/datagram%n",
                DATAGRAMS, mutationCounts(byMutation), elapsed / 1e6, decoded, rejected,
                elapsed / 1e3 / DATAGRAMS);
        assertThat(decoded + rejected).isEqualTo(DATAGRAMS);
        assertThat(decoded).as("some mutations (e.g. a flipped bit in an id) still decode").isPositive();
        assertThat(rejected).isPositive();
    }

    private static String mutationCounts(int[] counts) {
        StringBuilder text = new StringBuilder();
        for (Mutation mutation : Mutation.values()) {
            text.append(text.length() == 0 ? "" : ", ").append(mutation.name().toLowerCase()).append(' ')
                    .append(String.format("%,d", counts[mutation.ordinal()]));
        }
        return text.toString();
    }

    private enum Mutation {
        BIT_FLIPS {
            @Override
            byte[] apply(byte[] valid, SplittableRandom random) {
                byte[] copy = valid.clone();
                for (int flips = random.nextInt(1, 4); flips > 0; flips--) {
                    int bit = random.nextInt(copy.length * 8);
                    copy[bit / 8] ^= (byte) (1 << (bit % 8));
                }
                return copy;
            }
        },
        TRUNCATION {
            @Override
            byte[] apply(byte[] valid, SplittableRandom random) {
                return Arrays.copyOf(valid, random.nextInt(valid.length));
            }
        },
        INSERTION {
            @Override
            byte[] apply(byte[] valid, SplittableRandom random) {
                int at = random.nextInt(valid.length + 1);
                byte[] inserted = new byte[random.nextInt(1, 9)];
                random.nextBytes(inserted);
                byte[] copy = new byte[valid.length + inserted.length];
                System.arraycopy(valid, 0, copy, 0, at);
                System.arraycopy(inserted, 0, copy, at, inserted.length);
                System.arraycopy(valid, at, copy, at + inserted.length, valid.length - at);
                return copy;
            }
        },
        DELETION {
            @Override
            byte[] apply(byte[] valid, SplittableRandom random) {
                int at = random.nextInt(valid.length);
                int count = Math.min(random.nextInt(1, 9), valid.length - at);
                byte[] copy = new byte[valid.length - count];
                System.arraycopy(valid, 0, copy, 0, at);
                System.arraycopy(valid, at + count, copy, at, valid.length - at - count);
                return copy;
            }
        },
        /** Boundary values written over single bytes and byte pairs, where the length and count fields live. */
        LENGTH_CORRUPTION {
            private final int[] boundaries = {0x00, 0x01, 0x7f, 0x80, 0xfe, 0xff, 0x14, 0x15, 0x03, 0x84, 0x85};

            @Override
            byte[] apply(byte[] valid, SplittableRandom random) {
                byte[] copy = valid.clone();
                int at = random.nextInt(copy.length);
                copy[at] = (byte) boundaries[random.nextInt(boundaries.length)];
                if (random.nextBoolean() && at + 1 < copy.length) {
                    copy[at + 1] = (byte) boundaries[random.nextInt(boundaries.length)];
                }
                return copy;
            }
        },
        /** A valid header (magic, version, type 1 to 8) then random bytes, to get past the first checks. */
        RANDOM_BODY {
            @Override
            byte[] apply(byte[] valid, SplittableRandom random) {
                byte[] copy = new byte[random.nextInt(3, Transport.MAX_DATAGRAM_BYTES + 1)];
                random.nextBytes(copy);
                copy[0] = (byte) WireFormat.MAGIC;
                copy[1] = (byte) WireFormat.VERSION;
                copy[2] = (byte) random.nextInt(1, 9);
                return copy;
            }
        },
        RANDOM_BYTES {
            @Override
            byte[] apply(byte[] valid, SplittableRandom random) {
                byte[] copy = new byte[random.nextInt(Transport.MAX_DATAGRAM_BYTES + 100)];
                random.nextBytes(copy);
                return copy;
            }
        };

        abstract byte[] apply(byte[] valid, SplittableRandom random);
    }
}
