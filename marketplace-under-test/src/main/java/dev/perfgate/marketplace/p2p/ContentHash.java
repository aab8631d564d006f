package dev.perfgate.marketplace.p2p;

import java.util.HexFormat;

/** The one spelling of a content hash at the transport's edges: SHA-256 as 64 lower-case hex digits. */
final class ContentHash {

    /** Bytes of a SHA-256 digest. */
    static final int BYTES = 32;

    private static final HexFormat HEX = HexFormat.of();

    private ContentHash() {
    }

    /** Returns {@code sha256} if it is 64 lower-case hex digits; otherwise fails naming it. */
    static String requireValid(String sha256) {
        if (sha256 == null || sha256.length() != 2 * BYTES || !isLowerHex(sha256)) {
            throw new IllegalArgumentException("sha256 [" + sha256 + "] must be 64 lower-case hex digits, e.g. "
                    + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        }
        return sha256;
    }

    static byte[] toBytes(String sha256) {
        return HEX.parseHex(requireValid(sha256));
    }

    static String toHex(byte[] digest) {
        return HEX.formatHex(digest);
    }

    private static boolean isLowerHex(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }
}
