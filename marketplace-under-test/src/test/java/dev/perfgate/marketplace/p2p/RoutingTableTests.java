package dev.perfgate.marketplace.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class RoutingTableTests {

    private final SplittableRandom random = new SplittableRandom(7);
    private final NodeId self = NodeId.random(random);

    @Test
    void closestReturnsTheNearestByXorDistanceInOrder() {
        RoutingTable table = new RoutingTable(self);
        List<Contact> all = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            Contact contact = contact(i);
            all.add(contact);
            table.update(contact);
        }
        NodeId target = NodeId.random(random);

        List<Contact> closest = table.closest(target, 20);

        // Every contact the table kept, sorted by distance: the table's answer is its first 20.
        List<Contact> kept = new ArrayList<>(all.stream().filter(c -> table.find(c.id()).isPresent()).toList());
        kept.sort(Comparator.comparing(c -> c.id().distance(target)));
        assertThat(closest).hasSize(20).containsExactlyElementsOf(kept.subList(0, 20));
    }

    /**
     * closest walks the buckets in order of distance rather than sorting the table: for targets anywhere (far, near,
     * in every bucket, this node itself) and any count, it must answer what sorting every contact would.
     */
    @Test
    void closestAnswersAsSortingTheWholeTableWouldForAnyTargetAndCount() {
        RoutingTable table = new RoutingTable(self);
        for (int i = 0; i < 2_000; i++) {
            table.update(contact(i));
        }
        for (int bucket = 0; bucket < NodeId.BITS; bucket += 5) {
            contactsInNearBucket(bucket).forEach(table::update); // buckets a random id almost never falls into
        }
        List<NodeId> targets = new ArrayList<>(List.of(self));
        for (int i = 0; i < 50; i++) {
            targets.add(NodeId.random(random));
        }
        for (int bucket = 0; bucket < NodeId.BITS; bucket += 3) {
            targets.add(idInBucket(bucket));
        }
        List<Contact> all = table.contacts();

        for (NodeId target : targets) {
            List<Contact> sorted = new ArrayList<>(all);
            sorted.sort(Comparator.comparing(c -> c.id().distance(target)));
            for (int count : new int[] {1, 3, 20, 21, 60, all.size(), all.size() + 5}) {
                assertThat(table.closest(target, count)).as("the %d nearest to %s", count, target)
                        .containsExactlyElementsOf(sorted.subList(0, Math.min(count, sorted.size())));
            }
        }
    }

    @Test
    void aFullBucketKeepsItsOldContactsAndNamesTheOneToPing() {
        RoutingTable table = new RoutingTable(self, 2);
        List<Contact> sameBucket = contactsInBucket(NodeId.BITS - 1, 3);
        assertThat(table.update(sameBucket.get(0))).isInstanceOf(RoutingTable.Update.Kept.class);
        assertThat(table.update(sameBucket.get(1))).isInstanceOf(RoutingTable.Update.Kept.class);

        RoutingTable.Update full = table.update(sameBucket.get(2));

        assertThat(full).isEqualTo(new RoutingTable.Update.BucketFull(sameBucket.get(0)));
        assertThat(table.find(sameBucket.get(2).id())).isEmpty();
    }

    @Test
    void anOldContactThatAnswersStaysAndOneThatDoesNotMakesRoomForTheNewcomer() {
        RoutingTable table = new RoutingTable(self, 2);
        List<Contact> sameBucket = contactsInBucket(NodeId.BITS - 1, 3);
        table.update(sameBucket.get(0));
        table.update(sameBucket.get(1));
        table.update(sameBucket.get(2));

        table.seen(sameBucket.get(0)); // answered: now the most recently seen
        assertThat(table.update(sameBucket.get(2))).isEqualTo(new RoutingTable.Update.BucketFull(sameBucket.get(1)));

        table.evict(sameBucket.get(1).id()); // did not answer
        assertThat(table.find(sameBucket.get(1).id())).isEmpty();
        assertThat(table.find(sameBucket.get(2).id())).contains(sameBucket.get(2));
        assertThat(table.size()).isEqualTo(2);
    }

    @Test
    void theNodeItselfIsNeverInItsTable() {
        RoutingTable table = new RoutingTable(self);

        assertThat(table.update(new Contact(self, new Address("127.0.0.1", 1)))).isInstanceOf(RoutingTable.Update.Self.class);
        assertThat(table.size()).isZero();
    }

    @Test
    void aContactSeenAgainWithANewAddressIsUpdated() {
        RoutingTable table = new RoutingTable(self);
        Contact before = contact(1);
        table.update(before);
        Contact moved = new Contact(before.id(), new Address("127.0.0.1", 9999));

        table.update(moved);

        assertThat(table.find(before.id())).contains(moved);
        assertThat(table.size()).isEqualTo(1);
    }

    @Test
    void bucketIndexesFollowTheHighestDifferingBit() {
        byte[] bytes = self.bytes();
        bytes[NodeId.BYTES - 1] ^= 1;
        assertThat(self.bucketIndex(NodeId.of(bytes))).isZero();
        bytes = self.bytes();
        bytes[0] ^= (byte) 0x80;
        assertThat(self.bucketIndex(NodeId.of(bytes))).isEqualTo(255);
        assertThat(self.bucketIndex(self)).isEqualTo(-1);
        assertThatIllegalArgumentException().isThrownBy(() -> NodeId.of(new byte[3]))
                .withMessage("a node id has 32 bytes, not 3");
    }

    private Contact contact(int port) {
        return new Contact(NodeId.random(random), new Address("127.0.0.1", port));
    }

    /** A random id that differs from this node's first in bit {@code bucket} (255: the most significant). */
    private NodeId idInBucket(int bucket) {
        byte[] bytes = self.bytes();
        byte[] noise = NodeId.random(random).bytes();
        int fromTop = NodeId.BITS - 1 - bucket;
        for (int i = fromTop + 1; i < NodeId.BITS; i++) { // random below the differing bit
            int mask = 0x80 >>> (i % 8);
            bytes[i / 8] = (byte) ((bytes[i / 8] & ~mask) | (noise[i / 8] & mask));
        }
        bytes[fromTop / 8] ^= (byte) (0x80 >>> (fromTop % 8));
        return NodeId.of(bytes);
    }

    /** Up to three contacts in bucket {@code bucket}, made directly (the low buckets hold only a few ids). */
    private List<Contact> contactsInNearBucket(int bucket) {
        List<Contact> contacts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            NodeId id = idInBucket(bucket);
            assertThat(self.bucketIndex(id)).isEqualTo(bucket);
            contacts.add(new Contact(id, new Address("127.0.0.1", 20_000 + 3 * bucket + i)));
        }
        return contacts;
    }

    /** {@code count} contacts whose ids differ from this node's first in bit {@code bucket}. */
    private List<Contact> contactsInBucket(int bucket, int count) {
        List<Contact> contacts = new ArrayList<>();
        while (contacts.size() < count) {
            NodeId id = NodeId.random(random);
            if (self.bucketIndex(id) == bucket) {
                contacts.add(new Contact(id, new Address("127.0.0.1", 1000 + contacts.size())));
            }
        }
        return contacts;
    }
}
