package dev.perfgate.marketplace.p2p;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The network's messages: the DHT's four RPCs and their answers, gossip ({@link Publish}, {@link Graft},
 * {@link Prune}, {@link IHave}, {@link IWant}) and distributed search ({@link Search}, {@link SearchHits}). Every
 * request carries an {@code rpcId} its response repeats (gossip messages are not requests and carry 0), and every
 * message its sender's contact, so that every message refreshes the receiver's routing table.
 */
public sealed interface Message {

    /** Most contacts in a {@link Nodes} response: k. */
    int MAX_CONTACTS = 20;
    /** Most records in a {@link Value} response: the provider records of one content, as many as fit a datagram. */
    int MAX_RECORDS = 8;
    /** Most message ids in an {@link IHave} or {@link IWant}. */
    int MAX_MESSAGE_IDS = 64;
    /** Most characters of a gossip topic. */
    int MAX_TOPIC_CHARS = 64;
    /** Most bytes of a search query in UTF-8. */
    int MAX_QUERY_BYTES = 200;
    /** Most hits a {@link Search} may ask for (fewer may fit a datagram). */
    int MAX_HITS = 20;

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

    /** An answer to a request of ours (PONG, NODES, VALUE, STORED, SEARCH_HITS), matched by its {@code rpcId}. */
    static boolean isResponse(Message message) {
        return message instanceof Pong || message instanceof Nodes || message instanceof Value
                || message instanceof Stored || message instanceof SearchHits;
    }

    /** A gossip message on {@code topic}: a signed announcement, forwarded along the mesh. Not a request (rpcId 0). */
    record Publish(long rpcId, Contact sender, String topic, SignedRecord record) implements Message {
        public Publish {
            requireNonNull(sender, "sender");
            checkTopic(topic);
            requireNonNull(record, "record");
        }
    }

    /** Add me to your mesh for {@code topic}. */
    record Graft(long rpcId, Contact sender, String topic) implements Message {
        public Graft {
            requireNonNull(sender, "sender");
            checkTopic(topic);
        }
    }

    /** I left your mesh for {@code topic} (or refused to join it). */
    record Prune(long rpcId, Contact sender, String topic) implements Message {
        public Prune {
            requireNonNull(sender, "sender");
            checkTopic(topic);
        }
    }

    /** I have seen these messages on {@code topic} lately: lazy repair for peers outside the mesh. */
    record IHave(long rpcId, Contact sender, String topic, List<GossipId> ids) implements Message {
        public IHave {
            requireNonNull(sender, "sender");
            checkTopic(topic);
            ids = checkIds(ids);
        }
    }

    /** Send me these messages (after an {@link IHave}). */
    record IWant(long rpcId, Contact sender, List<GossipId> ids) implements Message {
        public IWant {
            requireNonNull(sender, "sender");
            ids = checkIds(ids);
        }
    }

    /** Search your local index for {@code query}, at most {@code limit} hits. */
    record Search(long rpcId, Contact sender, String query, int limit) implements Message {
        public Search {
            requireNonNull(sender, "sender");
            if (query.isEmpty() || query.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_QUERY_BYTES) {
                throw new IllegalArgumentException("query [" + query + "] must be 1 to " + MAX_QUERY_BYTES
                        + " bytes of UTF-8, e.g. \"json parser\"");
            }
            if (limit < 1 || limit > MAX_HITS) {
                throw new IllegalArgumentException("limit [" + limit + "], 1 to " + MAX_HITS + " expected");
            }
        }
    }

    /** The hits of a {@link Search}, best first. */
    record SearchHits(long rpcId, Contact sender, List<SearchHit> hits) implements Message {
        public SearchHits {
            requireNonNull(sender, "sender");
            hits = List.copyOf(hits);
            if (hits.size() > MAX_HITS) {
                throw new IllegalArgumentException(hits.size() + " hits, at most " + MAX_HITS);
            }
        }
    }

    /**
     * One hit of a remote search.
     *
     * @param packageId {@code namespace/name}, at most 255 bytes of ASCII
     * @param version   the latest version the peer knows, at most 255 bytes of ASCII
     * @param score     the peer's relevance score (non-negative, finite)
     */
    record SearchHit(String packageId, String version, float score) {
        public SearchHit {
            checkAscii(packageId, "package id");
            checkAscii(version, "version");
            if (!(score >= 0) || Float.isInfinite(score)) {
                throw new IllegalArgumentException("score [" + score + "] of " + packageId
                        + ", a finite non-negative number expected");
            }
        }
    }

    private static void checkTopic(String topic) {
        checkAscii(topic, "topic");
        if (topic.length() > MAX_TOPIC_CHARS) {
            throw new IllegalArgumentException("topic [" + topic + "] longer than " + MAX_TOPIC_CHARS
                    + " characters, e.g. " + Gossip.TOPIC);
        }
    }

    private static void checkAscii(String value, String what) {
        boolean printable = !value.isEmpty() && value.length() <= 255;
        for (int i = 0; printable && i < value.length(); i++) {
            printable = value.charAt(i) >= 0x21 && value.charAt(i) <= 0x7e;
        }
        if (!printable) {
            throw new IllegalArgumentException(what + " [" + value + "] must be 1 to 255 printable ASCII characters");
        }
    }

    private static List<GossipId> checkIds(List<GossipId> ids) {
        List<GossipId> copy = List.copyOf(ids);
        if (copy.isEmpty() || copy.size() > MAX_MESSAGE_IDS) {
            throw new IllegalArgumentException(copy.size() + " message ids, 1 to " + MAX_MESSAGE_IDS + " expected");
        }
        return copy;
    }
}
