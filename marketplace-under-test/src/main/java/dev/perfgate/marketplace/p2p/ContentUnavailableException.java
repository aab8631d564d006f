package dev.perfgate.marketplace.p2p;

/**
 * A content server answered, but not with the content: it does not hold it, or its answer broke the protocol (an
 * unknown status, a length outside {@code 0..}{@link ContentTransport#MAX_CONTENT_BYTES}, an answer cut short).
 *
 * <p>Checked on purpose: it is an expected outcome of asking a peer, and the caller should try another provider
 * rather than let it propagate. It reaches callers as the cause of a failed {@link ContentTransport#fetch} future.
 */
public final class ContentUnavailableException extends Exception {

    private static final long serialVersionUID = 1L;

    public ContentUnavailableException(String message) {
        super(message);
    }
}
