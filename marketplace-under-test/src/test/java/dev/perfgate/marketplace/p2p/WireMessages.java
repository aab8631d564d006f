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

    GossipId gossipId() {
        return new GossipId(random.nextLong(), random.nextLong());
    }

    List<GossipId> gossipIds() {
        List<GossipId> ids = new ArrayList<>();
        int count = random.nextInt(1, Message.MAX_MESSAGE_IDS + 1);
        for (int i = 0; i < count; i++) {
            ids.add(gossipId());
        }
        return ids;
    }

    /** A query of 1 to 60 characters, some of them outside ASCII (at most 4 bytes each in UTF-8: 200 bytes). */
    String query() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz -é€😀";
        StringBuilder query = new StringBuilder();
        int length = random.nextInt(1, 41);
        while (query.codePointCount(0, query.length()) < length) {
            int at = random.nextInt(alphabet.length());
            query.appendCodePoint(alphabet.codePointAt(Character.isLowSurrogate(alphabet.charAt(at)) ? at - 1 : at));
        }
        return query.toString();
    }

    List<Message.SearchHit> hits() {
        List<Message.SearchHit> hits = new ArrayList<>();
        int count = random.nextInt(Message.MAX_HITS + 1);
        for (int i = 0; i < count; i++) {
            hits.add(new Message.SearchHit("ns" + random.nextInt(100) + "/package-" + random.nextInt(100_000),
                    random.nextInt(10) + "." + random.nextInt(100) + "." + random.nextInt(1000),
                    (float) random.nextDouble(0, 50)));
        }
        return hits;
    }

    /** Provider-sized records (payloads of at most 60 bytes), 1 to 5 of them: always fit one datagram. */
    List<SignedRecord> providerRecords() {
        List<SignedRecord> records = new ArrayList<>();
        int count = random.nextInt(1, 6);
        for (int i = 0; i < count; i++) {
            records.add(record(random.nextInt(61)));
        }
        return records;
    }

    /** One message of each of the 15 types (two VALUEs), with random sizes within the limits. */
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
                new Message.Value(rpcId, sender, providerRecords()),
                new Message.Stored(rpcId, sender, random.nextBoolean()),
                new Message.Publish(0, sender, Gossip.TOPIC, record(random.nextInt(SignedRecord.MAX_PAYLOAD_BYTES + 1))),
                new Message.Graft(0, sender, Gossip.TOPIC),
                new Message.Prune(0, sender, "/other/topic"),
                new Message.IHave(0, sender, Gossip.TOPIC, gossipIds()),
                new Message.IWant(0, sender, gossipIds()),
                new Message.Search(rpcId, sender, query(), random.nextInt(1, Message.MAX_HITS + 1)),
                new Message.SearchHits(rpcId, sender, hits()));
    }
}
