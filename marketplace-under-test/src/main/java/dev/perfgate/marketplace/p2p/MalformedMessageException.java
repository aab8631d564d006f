package dev.perfgate.marketplace.p2p;

/**
 * A datagram that is not a well-formed message of a known version: the receiver drops it and counts it. Thrown by
 * {@link WireFormat#decode}; the message is a short reason naming the bad value, e.g.
 * {@code unknown message type [0x2a]}.
 *
 * <p>Carries no stack trace: a peer may send millions of bad datagrams, and where they were parsed says nothing.
 */
public final class MalformedMessageException extends Exception {

    private static final long serialVersionUID = 1L;

    public MalformedMessageException(String reason) {
        super(reason, null, false, false);
    }
}
