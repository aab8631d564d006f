package dev.perfgate.marketplace.p2p;

import java.net.InetSocketAddress;

/**
 * Where a node listens: a host and a port. On UDP a real socket address; on the simulated network a name the
 * network resolves ({@code sim} and the node's number).
 */
public record Address(String host, int port) {

    public Address {
        if (host.isBlank() || host.length() > 255 || port < 0 || port > 65_535) {
            throw new IllegalArgumentException("invalid address [" + host + "]:" + port
                    + " (expected a host of 1 to 255 characters and a port from 0 to 65535, e.g. 127.0.0.1:4001)");
        }
    }

    /** The address of a bound socket. */
    public static Address of(InetSocketAddress socket) {
        return new Address(socket.getAddress().getHostAddress(), socket.getPort());
    }

    public InetSocketAddress toSocketAddress() {
        return new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
