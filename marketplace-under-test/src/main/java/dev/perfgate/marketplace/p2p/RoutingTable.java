package dev.perfgate.marketplace.p2p;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * A Kademlia routing table: one k-bucket per distance class, each holding at most {@code k} contacts, least
 * recently seen first. A node is single-threaded (see {@link Transport}), so this class is not thread-safe.
 *
 * <p>Kademlia prefers old contacts to new ones: nodes that have been up long are likely to stay up. So a full
 * bucket does not take a new contact; {@link #update} says which contact the node should ping, and the node either
 * {@linkplain #seen keeps it} (it answered: the newcomer is dropped, or kept as a replacement) or
 * {@linkplain #evict evicts it} for the newcomer (it did not answer).
 */
public final class RoutingTable {

    /** Bucket size and replication: Kademlia's k. */
    public static final int K = 20;

    private final NodeId self;
    private final int k;
    private final Bucket[] buckets = new Bucket[NodeId.BITS];
    /** The lowest index of a bucket created so far: the buckets below it are all empty, and need not be walked. */
    private int lowestBucket = NodeId.BITS;

    public RoutingTable(NodeId self) {
        this(self, K);
    }

    public RoutingTable(NodeId self, int k) {
        this.self = requireNonNull(self, "self");
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, was " + k);
        }
        this.k = k;
    }

    /** What {@link #update} did. */
    public sealed interface Update {
        /** The contact is in the table now (added, or moved to the tail as most recently seen). */
        record Kept() implements Update {
        }

        /** The bucket is full: ping {@code oldest}; the newcomer waits as its replacement. */
        record BucketFull(Contact oldest) implements Update {
        }

        /** The contact is this node itself; routing tables never hold it. */
        record Self() implements Update {
        }
    }

    // Updates that carry nothing: one instance each, as update runs for every message a node receives.
    private static final Update KEPT = new Update.Kept();
    private static final Update SELF = new Update.Self();

    /** Records that {@code contact} was heard from. */
    public Update update(Contact contact) {
        int index = self.bucketIndex(contact.id());
        if (index < 0) {
            return SELF;
        }
        Bucket bucket = bucket(index);
        if (bucket.moveToTail(contact)) {
            return KEPT;
        }
        if (bucket.size < k) {
            bucket.addLast(contact);
            return KEPT;
        }
        bucket.replacement = contact;
        return new Update.BucketFull(bucket.oldest());
    }

    /** The pinged contact answered: it stays, as most recently seen. */
    public void seen(Contact contact) {
        update(contact);
    }

    /** The pinged contact did not answer: it leaves, and the waiting newcomer (if any) takes its place. */
    public void evict(NodeId id) {
        int index = self.bucketIndex(id);
        if (index < 0 || buckets[index] == null) {
            return;
        }
        Bucket bucket = buckets[index];
        if (bucket.remove(id) && bucket.replacement != null) {
            bucket.addLast(bucket.replacement);
            bucket.replacement = null;
        }
    }

    /**
     * The {@code count} known contacts nearest to {@code target} by XOR distance, nearest first. Walks the buckets
     * in order of distance instead of sorting the table, and orders only the contacts of the buckets it takes
     * contacts from.
     *
     * <p>The order of the buckets: a contact of bucket {@code i} differs from this node first in bit {@code i}, so
     * its distance to the target agrees with this node's distance to the target, {@code d = self ^ target}, in every
     * bit above {@code i} and differs from it in bit {@code i}. Of two buckets {@code i > j}, every contact of bucket
     * {@code i} is therefore nearer than every contact of bucket {@code j} if bit {@code i} of {@code d} is set, and
     * farther if it is clear. So the nearest contacts are in the buckets whose bit of {@code d} is set, highest first,
     * then in those whose bit is clear, lowest first. (For the target this node itself, {@code d} is 0: the buckets
     * lowest first, as bucket {@code i} holds the distances in {@code [2^i, 2^(i+1))}.)
     */
    public List<Contact> closest(NodeId target, int count) {
        List<Contact> closest = new ArrayList<>(Math.min(count, 2 * k));
        NodeId d = self.distance(target);
        for (int i = buckets.length - 1; i >= lowestBucket && closest.size() < count; i--) {
            if (d.testBit(i) && buckets[i] != null) {
                buckets[i].addNearest(closest, target, count);
            }
        }
        for (int i = lowestBucket; i < buckets.length && closest.size() < count; i++) {
            if (!d.testBit(i) && buckets[i] != null) {
                buckets[i].addNearest(closest, target, count);
            }
        }
        return closest;
    }

    /** Every contact in the table, in no particular order. */
    public List<Contact> contacts() {
        List<Contact> all = new ArrayList<>(size());
        for (Bucket bucket : buckets) {
            if (bucket != null) {
                for (int i = 0; i < bucket.size; i++) {
                    all.add(bucket.contact(i));
                }
            }
        }
        return all;
    }

    /** The contact with this id, if known. */
    public Optional<Contact> find(NodeId id) {
        int index = self.bucketIndex(id);
        if (index < 0 || buckets[index] == null) {
            return Optional.empty();
        }
        Bucket bucket = buckets[index];
        int position = bucket.indexOf(id);
        return position < 0 ? Optional.empty() : Optional.of(bucket.contact(position));
    }

    /** Contacts in the table. */
    public int size() {
        int size = 0;
        for (Bucket bucket : buckets) {
            size += bucket == null ? 0 : bucket.size;
        }
        return size;
    }

    /** Indexes of the buckets that hold at least one contact, for refreshing them. */
    public List<Integer> nonEmptyBuckets() {
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < buckets.length; i++) {
            if (buckets[i] != null && buckets[i].size > 0) {
                indexes.add(i);
            }
        }
        return indexes;
    }

    public NodeId self() {
        return self;
    }

    private Bucket bucket(int index) {
        Bucket bucket = buckets[index];
        if (bucket == null) {
            bucket = new Bucket(k);
            buckets[index] = bucket;
            lowestBucket = Math.min(lowestBucket, index);
        }
        return bucket;
    }

    /**
     * Contacts least recently seen first; a bucket is created only when a contact falls into it.
     *
     * <p>A bucket holds no {@link Contact} objects: it keeps each contact as its id's {@linkplain NodeId#word words}
     * in an array of numbers and its address (the one object the transport has for that peer, see {@code
     * KademliaNode.receive}) in another, and makes a contact when one is asked for. Every message a node receives
     * looks its sender up here, and every FIND_NODE answer reads the contacts nearest the target: with contacts as
     * objects, that meant reading dozens of small objects per message from anywhere on a heap of millions (10,000
     * nodes with hundreds of contacts each), and every update replaced one, for the garbage collector to move and
     * free. A contact heard from again moves to the tail: one short shift of at most k entries of each array.
     */
    private static final class Bucket {
        private static final int WORDS = NodeId.WORDS;

        /** The id of the {@code i}-th contact as its words, most significant first, at {@code ids[WORDS * i]} on. */
        final long[] ids;
        final Address[] addresses;
        int size;
        @Nullable Contact replacement;

        Bucket(int k) {
            ids = new long[WORDS * k];
            addresses = new Address[k];
        }

        /** The contact at {@code position}: 0 is the least recently seen. */
        Contact contact(int position) {
            return new Contact(NodeId.ofWords(ids, WORDS * position), addresses[position]);
        }

        /** The position of the contact with this id, or -1. Searched from the tail: the recently seen are heard most. */
        int indexOf(NodeId id) {
            long leading = id.word(0);
            for (int i = size - 1; i >= 0; i--) {
                if (ids[WORDS * i] == leading && hasId(i, id)) {
                    return i;
                }
            }
            return -1;
        }

        private boolean hasId(int position, NodeId id) {
            for (int word = 0; word < WORDS; word++) {
                if (ids[WORDS * position + word] != id.word(word)) {
                    return false;
                }
            }
            return true;
        }

        Contact oldest() {
            return contact(0);
        }

        /** Adds a contact not in the bucket as the most recently seen; the bucket is not full. */
        void addLast(Contact contact) {
            for (int word = 0; word < WORDS; word++) {
                ids[WORDS * size + word] = contact.id().word(word);
            }
            addresses[size] = contact.address();
            size++;
        }

        /** Moves a known contact to the tail, with its latest address; whether it was known. */
        boolean moveToTail(Contact contact) {
            int position = indexOf(contact.id());
            if (position < 0) {
                return false;
            }
            removeAt(position);
            addLast(contact);
            return true;
        }

        /** Removes the contact with this id; whether it was there. */
        boolean remove(NodeId id) {
            int position = indexOf(id);
            if (position < 0) {
                return false;
            }
            removeAt(position);
            return true;
        }

        private void removeAt(int position) {
            int after = size - 1 - position;
            System.arraycopy(ids, WORDS * (position + 1), ids, WORDS * position, WORDS * after);
            System.arraycopy(addresses, position + 1, addresses, position, after);
            size--;
            addresses[size] = null;
        }

        /**
         * Adds the contacts nearest to {@code target} to {@code into}, nearest first, until it holds {@code count}
         * (or the bucket is used up). A selection sort that stops when enough are taken: often only one or two
         * contacts of a bucket are wanted.
         */
        void addNearest(List<Contact> into, NodeId target, int count) {
            long[] targetWords = new long[WORDS];
            for (int word = 0; word < WORDS; word++) {
                targetWords[word] = target.word(word);
            }
            int[] nearestFirst = new int[size]; // positions, to be put in order of distance
            for (int i = 0; i < size; i++) {
                nearestFirst[i] = i;
            }
            for (int next = 0; next < size && into.size() < count; next++) {
                int nearest = next;
                for (int i = next + 1; i < size; i++) {
                    if (compareDistances(nearestFirst[i], nearestFirst[nearest], targetWords) < 0) {
                        nearest = i;
                    }
                }
                int position = nearestFirst[nearest];
                nearestFirst[nearest] = nearestFirst[next];
                nearestFirst[next] = position;
                into.add(contact(position));
            }
        }

        /** {@link NodeId#compareDistances} of the contacts at positions {@code a} and {@code b}, from their words. */
        private int compareDistances(int a, int b, long[] targetWords) {
            for (int word = 0; word < WORDS; word++) {
                long distanceA = ids[WORDS * a + word] ^ targetWords[word];
                long distanceB = ids[WORDS * b + word] ^ targetWords[word];
                if (distanceA != distanceB) {
                    return Long.compareUnsigned(distanceA, distanceB);
                }
            }
            return 0;
        }
    }
}
