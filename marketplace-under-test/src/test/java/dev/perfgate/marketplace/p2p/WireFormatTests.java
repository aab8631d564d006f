package dev.perfgate.marketplace.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WireFormatTests {

    private static final NodeId ID = NodeId.of(new byte[NodeId.BYTES]);
    private static final Contact SENDER = new Contact(ID, new Address("10.0.0.1", 4001));
    // The datagram of new Ping(1, SENDER), built by hand: magic, version, type, rpcId, id, host length, host, port.
    private static final String PING_HEX = "4b" + "01" + "01" + "0000000000000001" + "00".repeat(32) + "08"
            + HexFormat.of().formatHex("10.0.0.1".getBytes(java.nio.charset.StandardCharsets.US_ASCII)) + "0fa1";

    private static Message decode(byte[] datagram) throws MalformedMessageException {
        return WireFormat.decode(ByteBuffer.wrap(datagram));
    }

    private static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    private static void assertMalformed(byte[] datagram, String reason) {
        assertThatThrownBy(() -> decode(datagram)).isExactlyInstanceOf(MalformedMessageException.class)
                .hasMessage(reason);
    }

    @Test
    void encodesAPingAsTheDocumentedLayout() throws MalformedMessageException {
        byte[] datagram = WireFormat.encode(new Message.Ping(1, SENDER));

        assertThat(HexFormat.of().formatHex(datagram)).isEqualTo(PING_HEX);
        assertThat(decode(datagram)).isEqualTo(new Message.Ping(1, SENDER));
    }

    @Test
    void roundTripsEveryTypeOverManyRandomMessages() throws MalformedMessageException {
        SplittableRandom random = new SplittableRandom(7);
        WireMessages messages = new WireMessages(random);
        for (int i = 0; i < 2_000; i++) {
            for (Message message : messages.everyType()) {
                byte[] datagram = WireFormat.encode(message);

                assertThat(datagram).hasSize(WireFormat.encodedLength(message));
                assertThat(decode(datagram)).isEqualTo(message);
                assertThat(WireFormat.encode(decode(datagram))).isEqualTo(datagram);
            }
        }
    }

    @Test
    void decodesFromTheBufferPositionWithoutMovingIt() throws MalformedMessageException {
        byte[] ping = WireFormat.encode(new Message.Ping(5, SENDER));
        ByteBuffer buffer = ByteBuffer.allocate(ping.length + 10);
        buffer.position(10);
        buffer.put(ping).position(10);

        assertThat(WireFormat.decode(buffer)).isEqualTo(new Message.Ping(5, SENDER));
        assertThat(buffer.position()).isEqualTo(10);
    }

    @Test
    void twentyIpv4ContactsFitInOneDatagram() throws MalformedMessageException {
        WireMessages messages = new WireMessages(new SplittableRandom(1));
        List<Contact> contacts = new ArrayList<>();
        for (int i = 0; i < Message.MAX_CONTACTS; i++) {
            contacts.add(messages.longestIpv4Contact());
        }
        Message nodes = new Message.Nodes(Long.MIN_VALUE, messages.longestIpv4Contact(), contacts);

        byte[] datagram = WireFormat.encode(nodes);

        assertThat(datagram).hasSize(1_062);
        assertThat(decode(datagram)).isEqualTo(nodes);
    }

    @Test
    void aStoreWithTheLargestPayloadAndLongestHostFitsInOneDatagram() throws MalformedMessageException {
        WireMessages messages = new WireMessages(new SplittableRandom(2));
        Contact sender = new Contact(ID, new Address("h".repeat(255), 65_535));
        Message store = new Message.Store(-1, sender, messages.record(SignedRecord.MAX_PAYLOAD_BYTES));
        Message value = new Message.Value(-1, sender, List.of(messages.record(SignedRecord.MAX_PAYLOAD_BYTES)));

        assertThat(WireFormat.encode(store)).hasSize(1_344);
        assertThat(WireFormat.encode(value)).hasSize(1_345);
        assertThat(decode(WireFormat.encode(store))).isEqualTo(store);
        assertThat(decode(WireFormat.encode(value))).isEqualTo(value);
    }

    @Test
    void refusesToEncodeWhatDoesNotFitAndFitToDatagramTrimsTheFarthestContacts() {
        List<Contact> contacts = new ArrayList<>();
        for (int i = 0; i < Message.MAX_CONTACTS; i++) {
            contacts.add(new Contact(NodeId.sha256(new byte[] {(byte) i}),
                    new Address("2001:0db8:85a3:0000:0000:8a2e:0370:" + (7000 + i), 4001)));
        }
        Message.Nodes nodes = new Message.Nodes(3, SENDER, contacts);

        assertThatIllegalArgumentException().isThrownBy(() -> WireFormat.encode(nodes))
                .withMessage("Nodes of 1535 bytes exceeds the datagram limit of 1400 bytes"
                        + " (send fewer contacts, e.g. WireFormat.fitToDatagram)");
        Message.Nodes fitted = WireFormat.fitToDatagram(nodes);
        assertThat(fitted.contacts()).isEqualTo(contacts.subList(0, 18));
        assertThat(WireFormat.encode(fitted).length).isLessThanOrEqualTo(Transport.MAX_DATAGRAM_BYTES);
        Message.Nodes small = new Message.Nodes(3, SENDER, contacts.subList(0, 2));
        assertThat(WireFormat.fitToDatagram(small)).isSameAs(small);
    }

    @Test
    void refusesToEncodeANonAsciiHostOrPortZero() {
        Contact accented = new Contact(ID, new Address("nœud", 4001));
        Contact portZero = new Contact(ID, new Address("10.0.0.1", 0));

        assertThatIllegalArgumentException().isThrownBy(() -> WireFormat.encode(new Message.Ping(1, accented)))
                .withMessage("host [nœud] of contact 00000000@nœud:4001 is not printable ASCII"
                        + " (e.g. 127.0.0.1, ::1 or sim-17)");
        assertThatIllegalArgumentException().isThrownBy(() -> WireFormat.encode(new Message.Ping(1, portZero)))
                .withMessage("contact 00000000@10.0.0.1:0 has port [0]; send the bound port");
    }

    @Test
    void rejectsTheWrongMagicAndAnUnknownVersionOrType() {
        assertMalformed(bytes("4c" + PING_HEX.substring(2)), "bad magic [0x4c], expected 0x4b");
        assertMalformed(bytes("4b02" + PING_HEX.substring(4)), "unknown version [2], this node speaks 1");
        assertMalformed(bytes("4b0110" + PING_HEX.substring(6)), "unknown message type [0x10]");
        assertMalformed(bytes("4b0100" + PING_HEX.substring(6)), "unknown message type [0x00]");
        assertMalformed(new byte[0], "truncated at magic: [0] bytes left, 1 needed");
    }

    @Test
    void rejectsEveryTruncationOfEveryType() {
        for (Message message : new WireMessages(new SplittableRandom(3)).everyType()) {
            byte[] datagram = WireFormat.encode(message);
            for (int length = 0; length < datagram.length; length++) {
                byte[] truncated = Arrays.copyOf(datagram, length);
                assertThatThrownBy(() -> decode(truncated)).as("%s cut to %d bytes", message, length)
                        .isExactlyInstanceOf(MalformedMessageException.class).hasMessageStartingWith("truncated at ");
            }
        }
        assertMalformed(bytes(PING_HEX.substring(0, PING_HEX.length() - 2)),
                "truncated at sender port: [1] bytes left, 2 needed");
    }

    @Test
    void rejectsTrailingBytes() {
        assertMalformed(bytes(PING_HEX + "00"), "[1] trailing bytes after Ping");
    }

    @Test
    void rejectsADatagramLargerThanTheLimitBeforeReadingIt() {
        byte[] huge = Arrays.copyOf(bytes(PING_HEX), Transport.MAX_DATAGRAM_BYTES + 1);

        assertMalformed(huge, "datagram of [1401] bytes, at most 1400");
    }

    @ParameterizedTest
    @ValueSource(strings = {"00", "20", "7f", "80", "ff"})
    void rejectsAHostByteThatIsNotPrintableAscii(String bad) {
        String hex = PING_HEX.replace(HexFormat.of().formatHex("10.0.0.1".getBytes()), "31302e" + bad + "2e302e31");

        assertMalformed(bytes(hex), "byte [0x" + bad + "] in host of sender, printable ASCII expected");
    }

    @Test
    void rejectsAnEmptyHostPortZeroAndAHostLongerThanTheDatagram() {
        String header = PING_HEX.substring(0, (3 + 8 + 32) * 2);

        assertMalformed(bytes(header + "00" + "0fa1"), "empty host in sender");
        assertMalformed(bytes(PING_HEX.substring(0, PING_HEX.length() - 4) + "0000"), "port [0] in sender");
        assertMalformed(bytes(header + "ff" + "61".repeat(10)),
                "truncated at sender host: [10] bytes left, 255 needed");
    }

    @Test
    void rejectsTooManyContactsAndAWrongRecordCount() throws MalformedMessageException {
        String nodesHeader = "4b0104" + PING_HEX.substring(6);
        assertMalformed(bytes(nodesHeader + "15"), "contact count [21], at most 20");
        assertMalformed(bytes(nodesHeader + "ff"), "contact count [255], at most 20");
        assertThat(decode(bytes(nodesHeader + "00"))).isEqualTo(new Message.Nodes(1, SENDER, List.of()));

        String valueHeader = "4b0106" + PING_HEX.substring(6);
        assertMalformed(bytes(valueHeader + "00"), "record count [0], 1 to 8 expected");
        assertMalformed(bytes(valueHeader + "09"), "record count [9], 1 to 8 expected");
    }

    @Test
    void aValueOfManyLargeRecordsIsCutToThoseThatFitAndOneAlwaysFits() throws MalformedMessageException {
        WireMessages messages = new WireMessages(new SplittableRandom(5));
        List<SignedRecord> records = new ArrayList<>();
        for (int i = 0; i < Message.MAX_RECORDS; i++) {
            records.add(messages.record(400));
        }
        Message.Value value = new Message.Value(1, SENDER, records);

        Message.Value fitted = WireFormat.fitToDatagram(value);

        assertThat(fitted.records()).isEqualTo(records.subList(0, 2));
        assertThat(decode(WireFormat.encode(fitted))).isEqualTo(fitted);
        Message.Value one = new Message.Value(1, SENDER, List.of(messages.record(SignedRecord.MAX_PAYLOAD_BYTES)));
        assertThat(WireFormat.fitToDatagram(one)).isSameAs(one);
    }

    @Test
    void rejectsBadGossipFields() {
        String header = PING_HEX.substring(6);
        String topic = "18" + HexFormat.of().formatHex(Gossip.TOPIC.getBytes(StandardCharsets.US_ASCII));

        assertMalformed(bytes("4b010a" + header + "00"), "empty topic");
        assertMalformed(bytes("4b010a" + header + "41" + "61".repeat(65)), "topic of [65] characters, at most 64");
        assertMalformed(bytes("4b010b" + header + "03" + "61200a"), "byte [0x20] in topic, printable ASCII expected");
        assertMalformed(bytes("4b010c" + header + topic + "00"), "message id count [0], 1 to 64 expected");
        assertMalformed(bytes("4b010d" + header + "41"), "message id count [65], 1 to 64 expected");
        assertMalformed(bytes("4b010d" + header + "02" + "00".repeat(16)),
                "truncated at message ids: [16] bytes left, 32 needed");
    }

    @Test
    void rejectsBadSearchFields() {
        String header = PING_HEX.substring(6);

        assertMalformed(bytes("4b010e" + header + "00"), "query length [0] bytes, 1 to 200 expected");
        assertMalformed(bytes("4b010e" + header + "c9" + "61".repeat(201) + "05"),
                "query length [201] bytes, 1 to 200 expected");
        assertMalformed(bytes("4b010e" + header + "02" + "c0af" + "05"), "invalid UTF-8 in query");
        assertMalformed(bytes("4b010e" + header + "03" + "eda080" + "05"), "invalid UTF-8 in query");
        assertMalformed(bytes("4b010e" + header + "01" + "61" + "00"), "limit [0], 1 to 20 expected");
        assertMalformed(bytes("4b010e" + header + "01" + "61" + "15"), "limit [21], 1 to 20 expected");
        assertMalformed(bytes("4b010f" + header + "15"), "hit count [21], at most 20");
        String hit = "0161" + "0131";
        assertMalformed(bytes("4b010f" + header + "01" + hit + "7fc00000"),
                "score [NaN] of hit 0, a finite non-negative number expected");
        assertMalformed(bytes("4b010f" + header + "01" + hit + "bf800000"),
                "score [-1.0] of hit 0, a finite non-negative number expected");
        assertMalformed(bytes("4b010f" + header + "01" + hit + "7f800000"),
                "score [Infinity] of hit 0, a finite non-negative number expected");
    }

    @Test
    void rejectsAnUnknownKindAndABadStoredFlag() {
        String findValue = "4b0105" + PING_HEX.substring(6) + "00".repeat(32);
        assertMalformed(bytes(findValue + "02"), "unknown record kind [2], 0 to 1 expected");
        assertMalformed(bytes(findValue + "ff"), "unknown record kind [255], 0 to 1 expected");

        assertMalformed(bytes("4b0108" + PING_HEX.substring(6) + "02"), "accepted flag [2], 0 or 1 expected");
    }

    @Test
    void rejectsBadRecordFields() {
        Message.Store store = new Message.Store(1, SENDER, new WireMessages(new SplittableRandom(4)).record(10));
        byte[] valid = WireFormat.encode(store);
        int record = 3 + 8 + 32 + 1 + 8 + 2;

        assertMalformed(with(valid, record + 32, "02"), "unknown record kind [2], 0 to 1 expected");
        assertMalformed(with(valid, record + 33, "8000000000000000"),
                "record version [-9223372036854775808], at least 0 expected");
        assertMalformed(with(valid, record + 41, "00000000"), "record ttl [0] s, at least 1 s expected");
        assertMalformed(with(valid, record + 41, "ffffffff"), "record ttl [-1] s, at least 1 s expected");
        assertMalformed(with(valid, record + 45, "0385"), "record payload length [901] bytes, at most 900");
        assertMalformed(with(valid, record + 45, "ffff"), "record payload length [65535] bytes, at most 900");
        assertMalformed(with(valid, record + 45, "000b"), "truncated at record signature: [63] bytes left, 64 needed");
        assertMalformed(with(valid, record + 45, "0009"), "[1] trailing bytes after Store");
    }

    private static byte[] with(byte[] datagram, int offset, String hex) {
        byte[] copy = datagram.clone();
        byte[] patch = bytes(hex);
        System.arraycopy(patch, 0, copy, offset, patch.length);
        return copy;
    }
}
