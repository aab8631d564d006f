package dev.perfgate.marketplace.p2p;

import static java.util.Objects.requireNonNull;

/** A node as others know it: its id and where it listens. */
public record Contact(NodeId id, Address address) {

    public Contact {
        requireNonNull(id, "id");
        requireNonNull(address, "address");
    }

    @Override
    public String toString() {
        return id.shortHex() + "@" + address;
    }
}
