package dev.perfgate.marketplace.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import dev.perfgate.marketplace.MarketplaceException;
import dev.perfgate.marketplace.PackageMetadata;

/**
 * Archives stored by their SHA-256 under {@code blobs/sha256/ab/abcdef...}. The same content is stored once; a
 * blob is read back only after its hash has been checked, so a corrupt or missing blob is reported, never served.
 */
public final class BlobStore {

    private final Path root;
    /** The 256 fan-out directories already made, so a bulk import does not ask the file system 100,000 times. */
    private final java.util.Set<Path> createdDirectories = java.util.concurrent.ConcurrentHashMap.newKeySet();

    BlobStore(Path root) {
        this.root = root;
    }

    /** The SHA-256 of the content as 64 lower-case hex digits. */
    public static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** Stores the content under its hash, {@link #sha256} of it, unless a copy of the right size is already there. */
    void put(String sha256, byte[] content, boolean durable) throws IOException {
        Path path = path(sha256);
        if (createdDirectories.add(path.getParent())) {
            Files.createDirectories(path.getParent());
        }
        if (!Files.exists(path) || Files.size(path) != content.length) {
            AtomicFiles.write(path, content, durable);
        }
    }

    /**
     * The stored content with this SHA-256, unchecked, or null when none is stored (or {@code sha256} is not 64
     * lower-case hex digits): what a node serves to peers, who check it themselves.
     */
    public byte @org.jspecify.annotations.Nullable [] content(String sha256) {
        if (!sha256.matches("[0-9a-f]{64}")) {
            return null;
        }
        try {
            return Files.readAllBytes(path(sha256));
        } catch (IOException e) {
            return null;
        }
    }

    Path path(String sha256) {
        return root.resolve(sha256.substring(0, 2)).resolve(sha256);
    }

    /**
     * Reads the archive of one package version and checks it against the registry's size and hash.
     *
     * @throws MarketplaceException naming the package and both hashes when the content does not match, or when the
     *                              blob is missing
     */
    public byte[] read(PackageMetadata metadata) {
        byte[] content;
        try {
            content = Files.readAllBytes(path(metadata.sha256()));
        } catch (NoSuchFileException e) {
            throw new MarketplaceException("blob of " + metadata.coordinates() + " is missing (sha256 "
                    + metadata.sha256() + " not in " + root + ")");
        } catch (IOException e) {
            throw new MarketplaceException("blob of " + metadata.coordinates() + " cannot be read: " + e, e);
        }
        String actual = sha256(content);
        if (!actual.equals(metadata.sha256())) {
            throw new MarketplaceException("checksum mismatch for " + metadata.coordinates() + ": expected sha256 "
                    + metadata.sha256() + " but the stored blob (" + content.length + " bytes) has " + actual);
        }
        return content;
    }
}
