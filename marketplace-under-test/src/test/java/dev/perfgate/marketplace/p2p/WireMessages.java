package dev.perfgate.marketplace.p2p;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Valid messages of every type, for the wire format's tests; deterministic for a given random. */
final class WireMessages {

    private final SplittableRandom random;

    WireMessages(SplittableRandom random) {
        this.random = random;
    }

    NodeId id() {
        return NodeId.random(random);
    }

    Contact ipv4Contact() {
        return new Contact(id(), new Address(random.nextInt(1, 256) + "." + random.nextInt(256) + "."
                + random.nextInt(256) + "." + random.nextInt(256), random.nextInt(1, 65_536)));
    }

    /** The longest IPv4 contact: a 15-character host. */
    Contact longestIpv4Contact() {
        return new Contact(id(), new Address("255.255.255.255", 65_535));
    }

    SignedRecord record(int payloadBytes) {
        byte[] payload = new byte[payloadBytes];
        byte[] publicKey = new byte[SignedRecord.PUBLIC_KEY_BYTES];
        byte[] signature = new byte[SignedRecord.SIGNATURE_BYTES];
        random.nextBytes(payload);
        random.nextBytes(publicKey);
        random.nextBytes(signature);
        SignedRecord.Kind kind = SignedRecord.Kind.values()[random.nextInt(SignedRecord.Kind.values().length)];
        return new SignedRecord(id(), kind, random.nextLong(Long.MAX_VALUE), random.nextInt(1, Integer.MAX_VALUE),
                payload, publicKey, signature);
    }

    /** One message of each of the 8 types, with random sizes within the limits. */
    List<Message> everyType() {
        long rpcId = random.nextLong();
        Contact sender = ipv4Contact();
        List<Contact> contacts = new ArrayList<>();
        int count = random.nextInt(Message.MAX_CONTACTS + 1);
        for (int i = 0; i < count; i++) {
            contacts.add(ipv4Contact());
        }
        return List.of(
                new Message.Ping(rpcId, sender),
                new Message.Pong(rpcId, sender),
                new Message.FindNode(rpcId, sender, id()),
                new Message.Nodes(rpcId, sender, contacts),
                new Message.FindValue(rpcId, sender, id(), SignedRecord.Kind.PROVIDER),
                new Message.Value(rpcId, sender, List.of(record(random.nextInt(SignedRecord.MAX_PAYLOAD_BYTES + 1)))),
                new Message.Store(rpcId, sender, record(random.nextInt(SignedRecord.MAX_PAYLOAD_BYTES + 1))),
                new Message.Stored(rpcId, sender, random.nextBoolean()));
    }
}
