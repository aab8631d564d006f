package dev.perfgate.marketplace.p2p;

import static java.util.Objects.requireNonNull;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.EdECPublicKey;
import java.util.Arrays;

import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * A publisher's Ed25519 key pair, which signs {@link SignedRecord}s; and {@link #verify}, which every node runs on a
 * record before it stores, serves or forwards it. Keys are made and records signed with the JDK's Ed25519 (Java 15
 * and later); signatures are verified with Bouncy Castle's RFC 8032 implementation, about ten times as fast as the
 * JDK's (0.11 ms against 1.1 ms on the team's machine): a node verifies every record it is sent, and an
 * announcement gossiped to 1,000 nodes is 1,000 verifications.
 *
 * <p>The signature covers {@link WireFormat#signedBytes}: a context string and every field but the signature in
 * the record's wire encoding, public key included, so no field can be changed without the signature failing.
 *
 * <pre>{@code
 * RecordSigner publisher = RecordSigner.generate();
 * SignedRecord record = publisher.sign(NodeId.sha256(packageId), SignedRecord.Kind.ANNOUNCEMENT, 1, 86_400, summary);
 * assert RecordSigner.verify(record);
 * }</pre>
 *
 * <p>Thread-safe: a {@link Signature} is made per signing, and verification keeps no state.
 */
public final class RecordSigner {

    private static final String ALGORITHM = "Ed25519";
    // The DER prefix of every Ed25519 SubjectPublicKeyInfo (RFC 8410): SEQUENCE { SEQUENCE { OID 1.3.101.112 },
    // BIT STRING of 32 bytes }; the raw key follows it.
    private static final byte[] X509_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21,
            0x00};

    private final KeyPair keyPair;
    private final byte[] rawPublicKey;

    private RecordSigner(KeyPair keyPair) {
        this.keyPair = keyPair;
        this.rawPublicKey = rawPublicKey(keyPair.getPublic());
    }

    /** A signer with a fresh key pair. */
    public static RecordSigner generate() {
        try {
            return new RecordSigner(KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair());
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is in every JDK since 15", e);
        }
    }

    /** A signer with this Ed25519 key pair. */
    public static RecordSigner of(KeyPair keyPair) {
        requireNonNull(keyPair, "keyPair");
        if (!(keyPair.getPublic() instanceof EdECPublicKey)) {
            throw new IllegalArgumentException("key pair of algorithm [" + keyPair.getPublic().getAlgorithm()
                    + "] is not Ed25519 (make one with KeyPairGenerator.getInstance(\"Ed25519\"))");
        }
        return new RecordSigner(keyPair);
    }

    /** The raw 32-byte public key records signed here carry. */
    public byte[] publicKey() {
        return rawPublicKey.clone();
    }

    /**
     * A record with these fields, signed with this signer's private key.
     *
     * @throws IllegalArgumentException if a field is out of range (see {@link SignedRecord})
     */
    public SignedRecord sign(NodeId key, SignedRecord.Kind kind, long version, int ttlSeconds, byte[] payload) {
        requireNonNull(key, "key");
        requireNonNull(kind, "kind");
        requireNonNull(payload, "payload");
        if (version < 0 || ttlSeconds <= 0 || payload.length > SignedRecord.MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("cannot sign a record with version [" + version + "], ttl ["
                    + ttlSeconds + "] s, payload [" + payload.length + "] bytes (expected version >= 0, ttl >= 1 s,"
                    + " payload at most " + SignedRecord.MAX_PAYLOAD_BYTES + " bytes)");
        }
        byte[] signed = WireFormat.signedBytes(key, kind, version, ttlSeconds, payload, rawPublicKey);
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(keyPair.getPrivate());
            signature.update(signed);
            return new SignedRecord(key, kind, version, ttlSeconds, payload, rawPublicKey, signature.sign());
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /**
     * Whether {@code record}'s signature is valid for its public key over its other fields. Never throws: a
     * tampered field, a signature made with another key, or a public key that is not a valid Ed25519 point all
     * give {@code false}.
     */
    public static boolean verify(SignedRecord record) {
        requireNonNull(record, "record");
        byte[] publicKey = record.publicKey();
        byte[] signature = record.signature();
        if (publicKey.length != Ed25519.PUBLIC_KEY_SIZE || signature.length != Ed25519.SIGNATURE_SIZE) {
            return false;
        }
        byte[] signed = WireFormat.signedBytes(record.key(), record.kind(), record.version(), record.ttlSeconds(),
                record.payload(), publicKey);
        try {
            // RFC 8032 verification: the key must decode to a curve point and S be below the group order
            return Ed25519.verify(signature, 0, publicKey, 0, signed, 0, signed.length);
        }
        catch (RuntimeException e) {
            // Garbage from the network: an undecodable key or signature is simply not a valid signature.
            return false;
        }
    }

    /** The raw 32 bytes of an Ed25519 public key: the end of its X.509 encoding. */
    static byte[] rawPublicKey(PublicKey publicKey) {
        byte[] encoded = publicKey.getEncoded();
        if (encoded.length != X509_PREFIX.length + SignedRecord.PUBLIC_KEY_BYTES
                || !Arrays.equals(encoded, 0, X509_PREFIX.length, X509_PREFIX, 0, X509_PREFIX.length)) {
            throw new IllegalArgumentException("public key of algorithm [" + publicKey.getAlgorithm()
                    + "] is not an Ed25519 key");
        }
        return Arrays.copyOfRange(encoded, X509_PREFIX.length, encoded.length);
    }
}
