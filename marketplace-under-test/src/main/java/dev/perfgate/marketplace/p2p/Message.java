package dev.perfgate.marketplace.p2p;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The DHT's messages. Every request carries an {@code rpcId} its response repeats, and its sender's contact, so
 * that every message refreshes the receiver's routing table.
 */
public sealed interface Message {

    /** Most contacts in a {@link Nodes} response: k. */
    int MAX_CONTACTS = 20;
    /** Most records in a {@link Value} response. */
    int MAX_RECORDS = 1;

    long rpcId();

    Contact sender();

    /** Are you there? */
    record Ping(long rpcId, Contact sender) implements Message {
        public Ping {
            requireNonNull(sender, "sender");
        }
    }

    /** I am. */
    record Pong(long rpcId, Contact sender) implements Message {
        public Pong {
            requireNonNull(sender, "sender");
        }
    }

    /** The k contacts you know nearest to {@code target}, please. */
    record FindNode(long rpcId, Contact sender, NodeId target) implements Message {
        public FindNode {
            requireNonNull(sender, "sender");
            requireNonNull(target, "target");
        }
    }

    /** The contacts nearest to what was asked, at most {@link #MAX_CONTACTS}. */
    record Nodes(long rpcId, Contact sender, List<Contact> contacts) implements Message {
        public Nodes {
            requireNonNull(sender, "sender");
            contacts = List.copyOf(contacts);
            if (contacts.size() > MAX_CONTACTS) {
                throw new IllegalArgumentException(contacts.size() + " contacts, at most " + MAX_CONTACTS);
            }
        }
    }

    /** The record stored under {@code key}, of this kind, or else the nearest contacts. */
    record FindValue(long rpcId, Contact sender, NodeId key, SignedRecord.Kind kind) implements Message {
        public FindValue {
            requireNonNull(sender, "sender");
            requireNonNull(key, "key");
            requireNonNull(kind, "kind");
        }
    }

    /** The records found. */
    record Value(long rpcId, Contact sender, List<SignedRecord> records) implements Message {
        public Value {
            requireNonNull(sender, "sender");
            records = List.copyOf(records);
            if (records.isEmpty() || records.size() > MAX_RECORDS) {
                throw new IllegalArgumentException(records.size() + " records, 1 to " + MAX_RECORDS + " expected");
            }
        }
    }

    /** Keep this record. */
    record Store(long rpcId, Contact sender, SignedRecord record) implements Message {
        public Store {
            requireNonNull(sender, "sender");
            requireNonNull(record, "record");
        }
    }

    /** Whether the record was kept (false: its signature did not verify, or a newer version is held). */
    record Stored(long rpcId, Contact sender, boolean accepted) implements Message {
        public Stored {
            requireNonNull(sender, "sender");
        }
    }
}
