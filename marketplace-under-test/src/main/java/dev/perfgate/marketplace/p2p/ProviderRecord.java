package dev.perfgate.marketplace.p2p;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The payload of a {@code PROVIDER} record: who holds a content and where it serves it. Stored under the content's
 * SHA-256 ({@link Announcement#contentKey}), signed by the provider.
 *
 * <pre>
 * node id 32, DHT host length 1, host, DHT port 2, content host length 1, host, content port 2
 * </pre>
 *
 * @param node    the provider's contact on the DHT: its reputation is recorded under this id
 * @param content where it serves content (TCP over UDP transports; its DHT address on the simulated network)
 */
public record ProviderRecord(Contact node, Address content) {

    public ProviderRecord {
        requireNonNull(node, "node");
        requireNonNull(content, "content");
    }

    public byte[] toPayload() {
        byte[] host = node.address().host().getBytes(StandardCharsets.US_ASCII);
        byte[] contentHost = content.host().getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(NodeId.BYTES + 1 + host.length + 2 + 1 + contentHost.length + 2)
                .put(node.id().bytes()).put((byte) host.length).put(host).putShort((short) node.address().port())
                .put((byte) contentHost.length).put(contentHost).putShort((short) content.port()).array();
    }

    /**
     * Reads a provider record's payload.
     *
     * @throws IllegalArgumentException for anything else, naming what is wrong
     */
    public static ProviderRecord parse(byte[] payload) {
        ByteBuffer in = ByteBuffer.wrap(payload);
        try {
            byte[] id = new byte[NodeId.BYTES];
            in.get(id);
            Address node = address(in);
            Address content = address(in);
            if (in.hasRemaining()) {
                throw new IllegalArgumentException(in.remaining() + " bytes after the provider record");
            }
            return new ProviderRecord(new Contact(NodeId.of(id), node), content);
        } catch (java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("provider record of " + payload.length + " bytes is truncated", e);
        }
    }

    private static Address address(ByteBuffer in) {
        byte[] host = new byte[in.get() & 0xff];
        in.get(host);
        int port = in.getShort() & 0xffff;
        String text = new String(host, StandardCharsets.US_ASCII);
        if (host.length == 0 || port == 0 || !text.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw new IllegalArgumentException("provider address [" + text + ":" + port
                    + "], expected a printable host and a port from 1 to 65535, e.g. 127.0.0.1:4001");
        }
        return new Address(text, port);
    }
}
