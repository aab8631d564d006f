package dev.perfgate.marketplace;

/**
 * A refused operation: a bad archive or manifest, an unknown package, a requirement nothing satisfies, a dependency
 * cycle or conflict, a checksum mismatch. The message is one line that names the bad value; the registry and any
 * install target are as they were before the operation.
 */
public class MarketplaceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MarketplaceException(String message) {
        super(message);
    }

    public MarketplaceException(String message, Throwable cause) {
        super(message, cause);
    }
}
