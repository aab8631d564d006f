package dev.perfgate.marketplace.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class RecordSignerTests {

    private static final RecordSigner PUBLISHER = RecordSigner.generate();
    private static final NodeId KEY = NodeId.sha256("acme/web".getBytes(StandardCharsets.UTF_8));
    private static final byte[] PAYLOAD = "acme/web 1.2.0 sha256:ab12".getBytes(StandardCharsets.UTF_8);

    private static SignedRecord signed() {
        return PUBLISHER.sign(KEY, SignedRecord.Kind.ANNOUNCEMENT, 3, 3_600, PAYLOAD);
    }

    private static SignedRecord copy(NodeId key, SignedRecord.Kind kind, long version, int ttl,
            byte[] payload, byte[] publicKey, byte[] signature) {
        return new SignedRecord(key, kind, version, ttl, payload, publicKey, signature);
    }

    @Test
    void aSignedRecordVerifiesAndCarriesTheRawPublicKey() {
        SignedRecord record = signed();

        assertThat(RecordSigner.verify(record)).isTrue();
        assertThat(record.publicKey()).hasSize(32).isEqualTo(PUBLISHER.publicKey());
        assertThat(record.signature()).hasSize(64);
        assertThat(record.payload()).isEqualTo(PAYLOAD);
    }

    @Test
    void aRecordStillVerifiesAfterCrossingTheWire() throws MalformedMessageException {
        Contact sender = new Contact(NodeId.sha256(new byte[1]), new Address("127.0.0.1", 4001));
        byte[] datagram = WireFormat.encode(new Message.Store(9, sender, signed()));

        Message.Store store = (Message.Store) WireFormat.decode(ByteBuffer.wrap(datagram));

        assertThat(RecordSigner.verify(store.record())).isTrue();
    }

    @Test
    void changingAnyFieldBreaksTheSignature() {
        SignedRecord r = signed();
        byte[] tampered = r.payload();
        tampered[0] ^= 1;
        byte[] otherKey = r.publicKey();
        otherKey[31] ^= 1;

        List<SignedRecord> changed = List.of(
                copy(NodeId.sha256(new byte[] {1}), r.kind(), r.version(), r.ttlSeconds(), r.payload(),
                        r.publicKey(), r.signature()),
                copy(r.key(), SignedRecord.Kind.PROVIDER, r.version(), r.ttlSeconds(), r.payload(), r.publicKey(),
                        r.signature()),
                copy(r.key(), r.kind(), r.version() + 1, r.ttlSeconds(), r.payload(), r.publicKey(),
                        r.signature()),
                copy(r.key(), r.kind(), r.version(), r.ttlSeconds() + 1, r.payload(), r.publicKey(),
                        r.signature()),
                copy(r.key(), r.kind(), r.version(), r.ttlSeconds(), tampered, r.publicKey(), r.signature()),
                copy(r.key(), r.kind(), r.version(), r.ttlSeconds(), new byte[0], r.publicKey(), r.signature()),
                copy(r.key(), r.kind(), r.version(), r.ttlSeconds(), r.payload(), otherKey, r.signature()));

        assertThat(changed).allSatisfy(record -> assertThat(RecordSigner.verify(record)).as("%s", record).isFalse());
    }

    @Test
    void aForgedSignatureFails() {
        RecordSigner forger = RecordSigner.generate();
        SignedRecord honest = signed();
        SignedRecord forgedSignature = forger.sign(KEY, SignedRecord.Kind.ANNOUNCEMENT, 4, 3_600, PAYLOAD);

        // the forger's signature under the honest publisher's key
        SignedRecord impersonation = copy(KEY, SignedRecord.Kind.ANNOUNCEMENT, 4, 3_600, PAYLOAD,
                honest.publicKey(), forgedSignature.signature());

        assertThat(RecordSigner.verify(forgedSignature)).isTrue();
        assertThat(RecordSigner.verify(impersonation)).isFalse();
    }

    @Test
    void garbageKeysAndSignaturesGiveFalseAndNeverThrow() {
        SplittableRandom random = new SplittableRandom(11);
        SignedRecord r = signed();
        byte[] ones = new byte[32];
        java.util.Arrays.fill(ones, (byte) 0xff);
        List<byte[]> keys = new java.util.ArrayList<>(List.of(new byte[32], ones));
        for (int i = 0; i < 200; i++) {
            byte[] key = new byte[32];
            random.nextBytes(key);
            keys.add(key);
        }
        for (byte[] key : keys) {
            byte[] signature = new byte[64];
            random.nextBytes(signature);
            assertThat(RecordSigner.verify(copy(r.key(), r.kind(), r.version(), r.ttlSeconds(), r.payload(), key,
                    signature))).isFalse();
            assertThat(RecordSigner.verify(copy(r.key(), r.kind(), r.version(), r.ttlSeconds(), r.payload(), key,
                    r.signature()))).isFalse();
        }
        byte[] zeroSignature = new byte[64];
        byte[] ffSignature = new byte[64];
        java.util.Arrays.fill(ffSignature, (byte) 0xff);
        assertThat(RecordSigner.verify(copy(r.key(), r.kind(), r.version(), r.ttlSeconds(), r.payload(),
                r.publicKey(), zeroSignature))).isFalse();
        assertThat(RecordSigner.verify(copy(r.key(), r.kind(), r.version(), r.ttlSeconds(), r.payload(),
                r.publicKey(), ffSignature))).isFalse();
    }

    @Test
    void signsWithAGivenKeyPairAndRejectsOtherAlgorithms() throws Exception {
        RecordSigner signer = RecordSigner.of(KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
        assertThat(RecordSigner.verify(signer.sign(KEY, SignedRecord.Kind.PROVIDER, 0, 1, new byte[0]))).isTrue();

        KeyPairGenerator rsa = KeyPairGenerator.getInstance("EC");
        assertThatIllegalArgumentException().isThrownBy(() -> RecordSigner.of(rsa.generateKeyPair()))
                .withMessage("key pair of algorithm [EC] is not Ed25519"
                        + " (make one with KeyPairGenerator.getInstance(\"Ed25519\"))");
    }

    @Test
    void refusesToSignAnInvalidRecord() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> PUBLISHER.sign(KEY, SignedRecord.Kind.PROVIDER, 0, 0, PAYLOAD))
                .withMessage("cannot sign a record with version [0], ttl [0] s, payload [26] bytes (expected"
                        + " version >= 0, ttl >= 1 s, payload at most 900 bytes)");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> PUBLISHER.sign(KEY, SignedRecord.Kind.PROVIDER, 0, 1, new byte[901]))
                .withMessageContaining("payload [901] bytes");
    }

    @Test
    void signAndVerifyThroughput() {
        int n = 300;
        for (int i = 0; i < n; i++) {
            RecordSigner.verify(PUBLISHER.sign(KEY, SignedRecord.Kind.ANNOUNCEMENT, i, 3_600, PAYLOAD));
        }
        long start = System.nanoTime();
        SignedRecord last = null;
        for (int i = 0; i < n; i++) {
            last = PUBLISHER.sign(KEY, SignedRecord.Kind.ANNOUNCEMENT, i, 3_600, PAYLOAD);
        }
        long signed = System.nanoTime();
        int valid = 0;
        for (int i = 0; i < n; i++) {
            valid += RecordSigner.verify(last) ? 1 : 0;
        }
        long verified = System.nanoTime();

        System.out.printf("Ed25519: sign %.1f us/record, verify %.1f us/record (%d each, after %d of each to warm up)%n",
                (signed - start) / 1e3 / n, (verified - signed) / 1e3 / n, n, n);
        assertThat(valid).isEqualTo(n);
    }
}
