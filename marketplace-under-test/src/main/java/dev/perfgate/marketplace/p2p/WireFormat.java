package dev.perfgate.marketplace.p2p;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The DHT's wire format, version {@value #VERSION}: compact, big-endian, every length bounded before anything is
 * allocated. A datagram is
 *
 * <pre>
 * magic      1  0x4B ('K')
 * version    1  {@value #VERSION}
 * type       1  1 PING, 2 PONG, 3 FIND_NODE, 4 NODES, 5 FIND_VALUE, 6 VALUE, 7 STORE, 8 STORED,
 *               9 PUBLISH, 10 GRAFT, 11 PRUNE, 12 IHAVE, 13 IWANT, 14 SEARCH, 15 SEARCH_HITS
 * rpcId      8  signed long
 * sender     contact
 * body       by type: FIND_NODE target id (32); NODES count (1, at most 20) and contacts; FIND_VALUE key id (32)
 *            and kind (1); VALUE count (1, 1 to 8) and records; STORE one record; STORED accepted (1: 0 or 1);
 *            PING and PONG nothing; PUBLISH topic and one record; GRAFT and PRUNE topic; IHAVE topic, count (1,
 *            1 to 64) and message ids (16 each); IWANT count and message ids; SEARCH query (length 1, 1 to 200
 *            bytes of UTF-8) and limit (1, 1 to 20); SEARCH_HITS count (1, 0 to 20) and hits
 *
 * contact    id 32, host length 1 (1 to 255), host (printable ASCII, 0x21 to 0x7e), port 2 (1 to 65535)
 * topic      length 1 (1 to 64), printable ASCII
 * hit        package id (length 1, printable ASCII), version (length 1, printable ASCII), score 4 (IEEE float,
 *            finite, &gt;= 0)
 * record     key 32, kind 1 (0 ANNOUNCEMENT, 1 PROVIDER), version 8 (&gt;= 0), ttl seconds 4 (&gt; 0),
 *            payload length 2 (at most 900), payload, public key 32, signature 64
 * </pre>
 *
 * and nothing after the body. The encoding is canonical: every value has exactly one encoding, so a datagram that
 * decodes re-encodes to the same bytes, and a record's signed bytes ({@link #signedBytes}) are well defined.
 *
 * <p>Sizes: a {@code STORE} with a 900-byte payload and a 255-character sender host is 1,344 bytes; a {@code NODES}
 * with 20 IPv4 contacts is at most 1,062 bytes. Twenty contacts with long host names (IPv6 literals of 39
 * characters, say) do not fit in {@link Transport#MAX_DATAGRAM_BYTES}: {@link #fitToDatagram} keeps as many of the
 * nearest as fit.
 *
 * <pre>{@code
 * byte[] datagram = WireFormat.encode(new Message.Ping(rpcId, self));
 * try {
 *     Message message = WireFormat.decode(ByteBuffer.wrap(datagram));
 * } catch (MalformedMessageException e) {
 *     dropped.add(1, Attributes.of(REASON, "malformed"));
 * }
 * }</pre>
 */
public final class WireFormat {

    /** First byte of every datagram. */
    public static final int MAGIC = 0x4B;
    /** Second byte: the version of this format. */
    public static final int VERSION = 1;

    static final int TYPE_PING = 1;
    static final int TYPE_PONG = 2;
    static final int TYPE_FIND_NODE = 3;
    static final int TYPE_NODES = 4;
    static final int TYPE_FIND_VALUE = 5;
    static final int TYPE_VALUE = 6;
    static final int TYPE_STORE = 7;
    static final int TYPE_STORED = 8;
    static final int TYPE_PUBLISH = 9;
    static final int TYPE_GRAFT = 10;
    static final int TYPE_PRUNE = 11;
    static final int TYPE_IHAVE = 12;
    static final int TYPE_IWANT = 13;
    static final int TYPE_SEARCH = 14;
    static final int TYPE_SEARCH_HITS = 15;

    /** Most bytes of a contact's host. */
    public static final int MAX_HOST_BYTES = 255;

    private static final int HEADER_BYTES = 1 + 1 + 1 + Long.BYTES;
    private static final int FIXED_RECORD_BYTES = NodeId.BYTES + 1 + Long.BYTES + Integer.BYTES + Short.BYTES
            + SignedRecord.PUBLIC_KEY_BYTES + SignedRecord.SIGNATURE_BYTES;
    // Domain separation: signed bytes can never be mistaken for (or replayed as) a datagram or another protocol's data.
    private static final byte[] SIGNING_CONTEXT = {'p', 'e', 'r', 'f', 'g', 'a', 't', 'e', '.', 'r', 'e', 'c', 'o',
            'r', 'd', '.', 'v', '1', 0};
    private static final SignedRecord.Kind[] KINDS = SignedRecord.Kind.values();
    /** Names of the contacts of a {@code NODES} for errors, made once: a datagram that decodes builds no names. */
    private static final String[] CONTACT_FIELDS = new String[Message.MAX_CONTACTS];

    static {
        for (int i = 0; i < CONTACT_FIELDS.length; i++) {
            CONTACT_FIELDS[i] = "contact " + i;
        }
    }

    private WireFormat() {
    }

    /**
     * The datagram for {@code message}.
     *
     * @throws IllegalArgumentException if the message cannot be sent: it is larger than
     *                                  {@link Transport#MAX_DATAGRAM_BYTES} (see {@link #fitToDatagram}), or a
     *                                  contact's host is not printable ASCII or its port is 0
     */
    public static byte[] encode(Message message) {
        requireNonNull(message, "message");
        int length = encodedLength(message);
        if (length > Transport.MAX_DATAGRAM_BYTES) {
            throw new IllegalArgumentException(typeName(message) + " of " + length + " bytes exceeds the datagram limit of "
                    + Transport.MAX_DATAGRAM_BYTES + " bytes (send fewer contacts, e.g. WireFormat.fitToDatagram)");
        }
        ByteBuffer out = ByteBuffer.allocate(length);
        out.put((byte) MAGIC).put((byte) VERSION).put((byte) type(message)).putLong(message.rpcId());
        putContact(out, message.sender());
        if (message instanceof Message.FindNode m) {
            m.target().write(out);
        }
        else if (message instanceof Message.Nodes m) {
            out.put((byte) m.contacts().size());
            for (Contact contact : m.contacts()) {
                putContact(out, contact);
            }
        }
        else if (message instanceof Message.FindValue m) {
            m.key().write(out);
            out.put((byte) m.kind().ordinal());
        }
        else if (message instanceof Message.Value m) {
            out.put((byte) m.records().size());
            for (SignedRecord record : m.records()) {
                putRecord(out, record);
            }
        }
        else if (message instanceof Message.Store m) {
            putRecord(out, m.record());
        }
        else if (message instanceof Message.Stored m) {
            out.put((byte) (m.accepted() ? 1 : 0));
        }
        else if (message instanceof Message.Publish m) {
            putAscii(out, m.topic());
            putRecord(out, m.record());
        }
        else if (message instanceof Message.Graft m) {
            putAscii(out, m.topic());
        }
        else if (message instanceof Message.Prune m) {
            putAscii(out, m.topic());
        }
        else if (message instanceof Message.IHave m) {
            putAscii(out, m.topic());
            putIds(out, m.ids());
        }
        else if (message instanceof Message.IWant m) {
            putIds(out, m.ids());
        }
        else if (message instanceof Message.Search m) {
            byte[] query = m.query().getBytes(StandardCharsets.UTF_8);
            out.put((byte) query.length).put(query).put((byte) m.limit());
        }
        else if (message instanceof Message.SearchHits m) {
            out.put((byte) m.hits().size());
            for (Message.SearchHit hit : m.hits()) {
                putAscii(out, hit.packageId());
                putAscii(out, hit.version());
                out.putFloat(hit.score());
            }
        }
        return out.array();
    }

    /** {@link #encode} as a buffer ready to send (position 0, limit the length). */
    public static ByteBuffer encodeToBuffer(Message message) {
        return ByteBuffer.wrap(encode(message));
    }

    /** The length {@link #encode} would produce, in bytes, whether or not it fits in a datagram. */
    public static int encodedLength(Message message) {
        int length = HEADER_BYTES + contactLength(message.sender());
        if (message instanceof Message.FindNode) {
            length += NodeId.BYTES;
        }
        else if (message instanceof Message.Nodes m) {
            length += 1;
            for (Contact contact : m.contacts()) {
                length += contactLength(contact);
            }
        }
        else if (message instanceof Message.FindValue) {
            length += NodeId.BYTES + 1;
        }
        else if (message instanceof Message.Value m) {
            length += 1;
            for (SignedRecord record : m.records()) {
                length += recordLength(record);
            }
        }
        else if (message instanceof Message.Store m) {
            length += recordLength(m.record());
        }
        else if (message instanceof Message.Stored) {
            length += 1;
        }
        else if (message instanceof Message.Publish m) {
            length += 1 + m.topic().length() + recordLength(m.record());
        }
        else if (message instanceof Message.Graft m) {
            length += 1 + m.topic().length();
        }
        else if (message instanceof Message.Prune m) {
            length += 1 + m.topic().length();
        }
        else if (message instanceof Message.IHave m) {
            length += 1 + m.topic().length() + 1 + m.ids().size() * GossipId.BYTES;
        }
        else if (message instanceof Message.IWant m) {
            length += 1 + m.ids().size() * GossipId.BYTES;
        }
        else if (message instanceof Message.Search m) {
            length += 1 + m.query().getBytes(StandardCharsets.UTF_8).length + 1;
        }
        else if (message instanceof Message.SearchHits m) {
            length += 1;
            for (Message.SearchHit hit : m.hits()) {
                length += hitLength(hit);
            }
        }
        return length;
    }

    /**
     * {@code nodes} with as many of its first contacts as fit in one datagram: callers list the nearest first, so
     * the farthest are dropped. Returns {@code nodes} itself when it fits.
     */
    public static Message.Nodes fitToDatagram(Message.Nodes nodes) {
        int length = encodedLength(nodes);
        if (length <= Transport.MAX_DATAGRAM_BYTES) {
            return nodes;
        }
        List<Contact> contacts = nodes.contacts();
        int kept = contacts.size();
        while (kept > 0 && length > Transport.MAX_DATAGRAM_BYTES) {
            kept--;
            length -= contactLength(contacts.get(kept));
        }
        return new Message.Nodes(nodes.rpcId(), nodes.sender(), contacts.subList(0, kept));
    }

    /**
     * {@code value} with as many of its first records as fit in one datagram (one always does). Returns
     * {@code value} itself when it fits.
     */
    public static Message.Value fitToDatagram(Message.Value value) {
        int length = encodedLength(value);
        List<SignedRecord> records = value.records();
        int kept = records.size();
        while (kept > 1 && length > Transport.MAX_DATAGRAM_BYTES) {
            kept--;
            length -= recordLength(records.get(kept));
        }
        return kept == records.size() ? value : new Message.Value(value.rpcId(), value.sender(),
                records.subList(0, kept));
    }

    /** {@code hits} with as many of its first (best) hits as fit in one datagram. */
    public static Message.SearchHits fitToDatagram(Message.SearchHits hits) {
        int length = encodedLength(hits);
        List<Message.SearchHit> list = hits.hits();
        int kept = list.size();
        while (kept > 0 && length > Transport.MAX_DATAGRAM_BYTES) {
            kept--;
            length -= hitLength(list.get(kept));
        }
        return kept == list.size() ? hits : new Message.SearchHits(hits.rpcId(), hits.sender(), list.subList(0, kept));
    }

    /** Any message cut to fit a datagram where its type allows it ({@code NODES}, {@code VALUE}, {@code SEARCH_HITS}). */
    public static Message fitToDatagram(Message message) {
        if (message instanceof Message.Nodes nodes) {
            return fitToDatagram(nodes);
        }
        if (message instanceof Message.Value value) {
            return fitToDatagram(value);
        }
        if (message instanceof Message.SearchHits hits) {
            return fitToDatagram(hits);
        }
        return message;
    }

    /**
     * The message in {@code datagram}, read from its position to its limit; the buffer's position is not moved.
     *
     * @throws MalformedMessageException for anything but exactly one well-formed message of this version: wrong
     *                                   magic or version, unknown type, truncated, trailing bytes, a length or count
     *                                   out of bounds, an unknown kind, a bad host or port, a bad record field
     */
    public static Message decode(ByteBuffer datagram) throws MalformedMessageException {
        Reader in = new Reader(datagram.duplicate());
        int length = in.buffer.remaining();
        if (length > Transport.MAX_DATAGRAM_BYTES) {
            throw new MalformedMessageException("datagram of [" + length + "] bytes, at most "
                    + Transport.MAX_DATAGRAM_BYTES);
        }
        int magic = in.u8("magic");
        if (magic != MAGIC) {
            throw new MalformedMessageException("bad magic [" + hex(magic) + "], expected " + hex(MAGIC));
        }
        int version = in.u8("version");
        if (version != VERSION) {
            throw new MalformedMessageException("unknown version [" + version + "], this node speaks " + VERSION);
        }
        int type = in.u8("type");
        long rpcId = in.i64("rpcId");
        Contact sender = in.contact("sender");
        Message message;
        switch (type) {
            case TYPE_PING -> message = new Message.Ping(rpcId, sender);
            case TYPE_PONG -> message = new Message.Pong(rpcId, sender);
            case TYPE_FIND_NODE -> message = new Message.FindNode(rpcId, sender, in.nodeId("target"));
            case TYPE_NODES -> {
                int count = in.u8("contact count");
                if (count > Message.MAX_CONTACTS) {
                    throw new MalformedMessageException("contact count [" + count + "], at most "
                            + Message.MAX_CONTACTS);
                }
                List<Contact> contacts = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    contacts.add(in.contact(CONTACT_FIELDS[i]));
                }
                message = new Message.Nodes(rpcId, sender, contacts);
            }
            case TYPE_FIND_VALUE -> message = new Message.FindValue(rpcId, sender, in.nodeId("key"), in.kind());
            case TYPE_VALUE -> {
                int count = in.u8("record count");
                if (count < 1 || count > Message.MAX_RECORDS) {
                    throw new MalformedMessageException("record count [" + count + "], 1 to "
                            + Message.MAX_RECORDS + " expected");
                }
                List<SignedRecord> records = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    records.add(in.record());
                }
                message = new Message.Value(rpcId, sender, records);
            }
            case TYPE_STORE -> message = new Message.Store(rpcId, sender, in.record());
            case TYPE_STORED -> {
                int accepted = in.u8("accepted");
                if (accepted > 1) {
                    throw new MalformedMessageException("accepted flag [" + accepted + "], 0 or 1 expected");
                }
                message = new Message.Stored(rpcId, sender, accepted == 1);
            }
            case TYPE_PUBLISH -> message = new Message.Publish(rpcId, sender, in.topic(), in.record());
            case TYPE_GRAFT -> message = new Message.Graft(rpcId, sender, in.topic());
            case TYPE_PRUNE -> message = new Message.Prune(rpcId, sender, in.topic());
            case TYPE_IHAVE -> message = new Message.IHave(rpcId, sender, in.topic(), in.ids());
            case TYPE_IWANT -> message = new Message.IWant(rpcId, sender, in.ids());
            case TYPE_SEARCH -> {
                int queryBytes = in.u8("query length");
                if (queryBytes < 1 || queryBytes > Message.MAX_QUERY_BYTES) {
                    throw new MalformedMessageException("query length [" + queryBytes + "] bytes, 1 to "
                            + Message.MAX_QUERY_BYTES + " expected");
                }
                String query = in.utf8(queryBytes, "query");
                int limit = in.u8("limit");
                if (limit < 1 || limit > Message.MAX_HITS) {
                    throw new MalformedMessageException("limit [" + limit + "], 1 to " + Message.MAX_HITS
                            + " expected");
                }
                message = new Message.Search(rpcId, sender, query, limit);
            }
            case TYPE_SEARCH_HITS -> {
                int count = in.u8("hit count");
                if (count > Message.MAX_HITS) {
                    throw new MalformedMessageException("hit count [" + count + "], at most " + Message.MAX_HITS);
                }
                List<Message.SearchHit> hits = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    String packageId = in.ascii("hit " + i + " package id");
                    String hitVersion = in.ascii("hit " + i + " version");
                    in.need(Float.BYTES, "hit " + i + " score");
                    float score = in.buffer.getFloat();
                    if (!(score >= 0) || Float.isInfinite(score)) {
                        throw new MalformedMessageException("score [" + score + "] of hit " + i
                                + ", a finite non-negative number expected");
                    }
                    hits.add(new Message.SearchHit(packageId, hitVersion, score));
                }
                message = new Message.SearchHits(rpcId, sender, hits);
            }
            default -> throw new MalformedMessageException("unknown message type [" + hex(type) + "]");
        }
        if (in.buffer.hasRemaining()) {
            throw new MalformedMessageException("[" + in.buffer.remaining() + "] trailing bytes after "
                    + typeName(message));
        }
        return message;
    }

    /**
     * The bytes a record's signature covers: a fixed context string, then every field but the signature in the
     * record's wire encoding (key, kind, version, ttl, payload length, payload, public key).
     */
    static byte[] signedBytes(NodeId key, SignedRecord.Kind kind, long version, int ttlSeconds, byte[] payload,
            byte[] publicKey) {
        ByteBuffer out = ByteBuffer.allocate(SIGNING_CONTEXT.length + FIXED_RECORD_BYTES
                - SignedRecord.SIGNATURE_BYTES + payload.length);
        out.put(SIGNING_CONTEXT);
        putUnsignedRecord(out, key, kind, version, ttlSeconds, payload, publicKey);
        return out.array();
    }

    private static void putRecord(ByteBuffer out, SignedRecord record) {
        putUnsignedRecord(out, record.key(), record.kind(), record.version(), record.ttlSeconds(), record.payload(),
                record.publicKey());
        out.put(record.signature());
    }

    private static void putUnsignedRecord(ByteBuffer out, NodeId key, SignedRecord.Kind kind, long version,
            int ttlSeconds, byte[] payload, byte[] publicKey) {
        key.write(out);
        out.put((byte) kind.ordinal()).putLong(version).putInt(ttlSeconds)
                .putShort((short) payload.length).put(payload).put(publicKey);
    }

    private static void putAscii(ByteBuffer out, String value) {
        out.put((byte) value.length());
        for (int i = 0; i < value.length(); i++) {
            out.put((byte) value.charAt(i));
        }
    }

    private static void putIds(ByteBuffer out, List<GossipId> ids) {
        out.put((byte) ids.size());
        for (GossipId id : ids) {
            out.putLong(id.high()).putLong(id.low());
        }
    }

    private static int hitLength(Message.SearchHit hit) {
        return 1 + hit.packageId().length() + 1 + hit.version().length() + Float.BYTES;
    }

    private static int recordLength(SignedRecord record) {
        return FIXED_RECORD_BYTES + record.payload().length;
    }

    private static void putContact(ByteBuffer out, Contact contact) {
        String host = contact.address().host();
        contact.id().write(out);
        out.put((byte) host.length());
        for (int i = 0; i < host.length(); i++) {
            out.put((byte) host.charAt(i));
        }
        out.putShort((short) contact.address().port());
    }

    private static int contactLength(Contact contact) {
        Address address = contact.address();
        String host = address.host();
        for (int i = 0; i < host.length(); i++) {
            if (!isHostByte(host.charAt(i))) {
                throw new IllegalArgumentException("host [" + host + "] of contact " + contact
                        + " is not printable ASCII (e.g. 127.0.0.1, ::1 or sim-17)");
            }
        }
        if (address.port() == 0) {
            throw new IllegalArgumentException("contact " + contact + " has port [0]; send the bound port");
        }
        return NodeId.BYTES + 1 + host.length() + Short.BYTES;
    }

    private static boolean isHostByte(int c) {
        return c >= 0x21 && c <= 0x7e;
    }

    private static int type(Message message) {
        if (message instanceof Message.Ping) {
            return TYPE_PING;
        }
        if (message instanceof Message.Pong) {
            return TYPE_PONG;
        }
        if (message instanceof Message.FindNode) {
            return TYPE_FIND_NODE;
        }
        if (message instanceof Message.Nodes) {
            return TYPE_NODES;
        }
        if (message instanceof Message.FindValue) {
            return TYPE_FIND_VALUE;
        }
        if (message instanceof Message.Value) {
            return TYPE_VALUE;
        }
        if (message instanceof Message.Store) {
            return TYPE_STORE;
        }
        if (message instanceof Message.Stored) {
            return TYPE_STORED;
        }
        if (message instanceof Message.Publish) {
            return TYPE_PUBLISH;
        }
        if (message instanceof Message.Graft) {
            return TYPE_GRAFT;
        }
        if (message instanceof Message.Prune) {
            return TYPE_PRUNE;
        }
        if (message instanceof Message.IHave) {
            return TYPE_IHAVE;
        }
        if (message instanceof Message.IWant) {
            return TYPE_IWANT;
        }
        if (message instanceof Message.Search) {
            return TYPE_SEARCH;
        }
        if (message instanceof Message.SearchHits) {
            return TYPE_SEARCH_HITS;
        }
        throw new IllegalStateException("unknown message class " + message.getClass().getName());
    }

    private static String typeName(Message message) {
        return message.getClass().getSimpleName();
    }

    private static String hex(int value) {
        return String.format("0x%02x", value);
    }

    /** Bounds-checked reads: every shortfall becomes a {@link MalformedMessageException} naming the field. */
    private static final class Reader {

        final ByteBuffer buffer;

        Reader(ByteBuffer buffer) {
            this.buffer = buffer;
        }

        private void need(int bytes, String field) throws MalformedMessageException {
            need(bytes, field, "");
        }

        /**
         * {@link #need(int, String)} for a part of a field, e.g. {@code " port"} of {@code "sender"}: the two are
         * joined only when the datagram is truncated there, not for every field of every datagram decoded.
         */
        private void need(int bytes, String field, String part) throws MalformedMessageException {
            if (buffer.remaining() < bytes) {
                throw new MalformedMessageException("truncated at " + field + part + ": [" + buffer.remaining()
                        + "] bytes left, " + bytes + " needed");
            }
        }

        int u8(String field) throws MalformedMessageException {
            return u8(field, "");
        }

        int u8(String field, String part) throws MalformedMessageException {
            need(1, field, part);
            return buffer.get() & 0xff;
        }

        long i64(String field) throws MalformedMessageException {
            need(Long.BYTES, field);
            return buffer.getLong();
        }

        NodeId nodeId(String field) throws MalformedMessageException {
            return nodeId(field, "");
        }

        NodeId nodeId(String field, String part) throws MalformedMessageException {
            need(NodeId.BYTES, field, part);
            return NodeId.read(buffer);
        }

        byte[] bytes(int count, String field) throws MalformedMessageException {
            need(count, field);
            byte[] bytes = new byte[count];
            buffer.get(bytes);
            return bytes;
        }

        Contact contact(String field) throws MalformedMessageException {
            NodeId id = nodeId(field, " id");
            int hostLength = u8(field, " host length");
            if (hostLength == 0) {
                throw new MalformedMessageException("empty host in " + field);
            }
            need(hostLength, field, " host");
            char[] host = new char[hostLength];
            for (int i = 0; i < hostLength; i++) {
                int c = buffer.get() & 0xff;
                if (!isHostByte(c)) {
                    throw new MalformedMessageException("byte [" + hex(c) + "] in host of " + field
                            + ", printable ASCII expected");
                }
                host[i] = (char) c;
            }
            need(Short.BYTES, field, " port");
            int port = buffer.getShort() & 0xffff;
            if (port == 0) {
                throw new MalformedMessageException("port [0] in " + field);
            }
            return new Contact(id, new Address(new String(host), port));
        }

        /** A length-prefixed string of 1 to 255 printable ASCII characters. */
        String ascii(String field) throws MalformedMessageException {
            int length = u8(field, " length");
            if (length == 0) {
                throw new MalformedMessageException("empty " + field);
            }
            need(length, field);
            char[] chars = new char[length];
            for (int i = 0; i < length; i++) {
                int c = buffer.get() & 0xff;
                if (!isHostByte(c)) {
                    throw new MalformedMessageException("byte [" + hex(c) + "] in " + field
                            + ", printable ASCII expected");
                }
                chars[i] = (char) c;
            }
            return new String(chars);
        }

        String topic() throws MalformedMessageException {
            String topic = ascii("topic");
            if (topic.length() > Message.MAX_TOPIC_CHARS) {
                throw new MalformedMessageException("topic of [" + topic.length() + "] characters, at most "
                        + Message.MAX_TOPIC_CHARS);
            }
            return topic;
        }

        List<GossipId> ids() throws MalformedMessageException {
            int count = u8("message id count");
            if (count < 1 || count > Message.MAX_MESSAGE_IDS) {
                throw new MalformedMessageException("message id count [" + count + "], 1 to "
                        + Message.MAX_MESSAGE_IDS + " expected");
            }
            need(count * GossipId.BYTES, "message ids");
            List<GossipId> ids = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                ids.add(new GossipId(buffer.getLong(), buffer.getLong()));
            }
            return ids;
        }

        /** Strict UTF-8: malformed or overlong sequences and lone surrogates are refused, so decoding is canonical. */
        String utf8(int length, String field) throws MalformedMessageException {
            byte[] bytes = bytes(length, field);
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                throw new MalformedMessageException("invalid UTF-8 in " + field);
            }
        }

        SignedRecord.Kind kind() throws MalformedMessageException {
            int ordinal = u8("kind");
            if (ordinal >= KINDS.length) {
                throw new MalformedMessageException("unknown record kind [" + ordinal + "], 0 to "
                        + (KINDS.length - 1) + " expected");
            }
            return KINDS[ordinal];
        }

        SignedRecord record() throws MalformedMessageException {
            NodeId key = nodeId("record key");
            SignedRecord.Kind kind = kind();
            long version = i64("record version");
            if (version < 0) {
                throw new MalformedMessageException("record version [" + version + "], at least 0 expected");
            }
            need(Integer.BYTES, "record ttl");
            int ttlSeconds = buffer.getInt();
            if (ttlSeconds <= 0) {
                throw new MalformedMessageException("record ttl [" + ttlSeconds + "] s, at least 1 s expected");
            }
            need(Short.BYTES, "record payload length");
            int payloadLength = buffer.getShort() & 0xffff;
            if (payloadLength > SignedRecord.MAX_PAYLOAD_BYTES) {
                throw new MalformedMessageException("record payload length [" + payloadLength + "] bytes, at most "
                        + SignedRecord.MAX_PAYLOAD_BYTES);
            }
            byte[] payload = bytes(payloadLength, "record payload");
            byte[] publicKey = bytes(SignedRecord.PUBLIC_KEY_BYTES, "record public key");
            byte[] signature = bytes(SignedRecord.SIGNATURE_BYTES, "record signature");
            return new SignedRecord(key, kind, version, ttlSeconds, payload, publicKey, signature);
        }
    }
}
