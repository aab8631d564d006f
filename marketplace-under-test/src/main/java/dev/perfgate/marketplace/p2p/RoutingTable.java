package dev.perfgate.marketplace.p2p;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
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

    /** Records that {@code contact} was heard from. */
    public Update update(Contact contact) {
        int index = self.bucketIndex(contact.id());
        if (index < 0) {
            return new Update.Self();
        }
        Bucket bucket = bucket(index);
        if (bucket.moveToTail(contact) || bucket.contacts.size() < k) {
            if (!bucket.contains(contact.id())) {
                bucket.contacts.addLast(contact);
            }
            return new Update.Kept();
        }
        bucket.replacement = contact;
        return new Update.BucketFull(bucket.contacts.peekFirst());
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
        if (bucket.contacts.removeIf(contact -> contact.id().equals(id)) && bucket.replacement != null) {
            bucket.contacts.addLast(bucket.replacement);
            bucket.replacement = null;
        }
    }

    /**
     * The {@code count} known contacts nearest to {@code target} by XOR distance, nearest first. Walks the buckets
     * in order of distance instead of sorting the table: with {@code t} the bucket the target falls into, contacts of
     * bucket {@code t} are nearer than those of every bucket below it (together), which are nearer than those of
     * bucket {@code t + 1}, then {@code t + 2}, and so on; only each group is sorted.
     */
    public List<Contact> closest(NodeId target, int count) {
        List<Contact> closest = new ArrayList<>(Math.min(count, 2 * k));
        Comparator<Contact> nearer = (a, b) -> target.compareDistances(a.id(), b.id());
        int t = self.bucketIndex(target);
        if (t < 0) { // the target is this node: bucket i holds distances in [2^i, 2^(i+1))
            for (int i = 0; i < buckets.length && closest.size() < count; i++) {
                addSorted(closest, buckets[i] == null ? List.of() : buckets[i].contacts, nearer, count);
            }
            return closest;
        }
        addSorted(closest, buckets[t] == null ? List.of() : buckets[t].contacts, nearer, count);
        if (closest.size() < count) {
            List<Contact> below = new ArrayList<>();
            for (int i = 0; i < t; i++) {
                if (buckets[i] != null) {
                    below.addAll(buckets[i].contacts);
                }
            }
            addSorted(closest, below, nearer, count);
        }
        for (int i = t + 1; i < buckets.length && closest.size() < count; i++) {
            addSorted(closest, buckets[i] == null ? List.of() : buckets[i].contacts, nearer, count);
        }
        return closest;
    }

    private static void addSorted(List<Contact> into, java.util.Collection<Contact> group, Comparator<Contact> nearer,
            int count) {
        if (group.isEmpty()) {
            return;
        }
        List<Contact> sorted = new ArrayList<>(group);
        sorted.sort(nearer);
        for (Contact contact : sorted) {
            if (into.size() == count) {
                return;
            }
            into.add(contact);
        }
    }

    /** Every contact in the table, in no particular order. */
    public List<Contact> contacts() {
        List<Contact> all = new ArrayList<>(size());
        for (Bucket bucket : buckets) {
            if (bucket != null) {
                all.addAll(bucket.contacts);
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
        return buckets[index].contacts.stream().filter(contact -> contact.id().equals(id)).findFirst();
    }

    /** Contacts in the table. */
    public int size() {
        int size = 0;
        for (Bucket bucket : buckets) {
            size += bucket == null ? 0 : bucket.contacts.size();
        }
        return size;
    }

    /** Indexes of the buckets that hold at least one contact, for refreshing them. */
    public List<Integer> nonEmptyBuckets() {
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < buckets.length; i++) {
            if (buckets[i] != null && !buckets[i].contacts.isEmpty()) {
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
            bucket = new Bucket();
            buckets[index] = bucket;
        }
        return bucket;
    }

    /** Contacts least recently seen first; a bucket is created only when a contact falls into it. */
    private static final class Bucket {
        final Deque<Contact> contacts = new ArrayDeque<>();
        @Nullable Contact replacement;

        boolean contains(NodeId id) {
            return contacts.stream().anyMatch(contact -> contact.id().equals(id));
        }

        /** Moves a known contact to the tail, with its latest address; whether it was known. */
        boolean moveToTail(Contact contact) {
            Contact last = contacts.peekLast();
            if (last != null && last.equals(contact)) {
                return true; // heard from again, already the most recently seen: the common case in a busy exchange
            }
            for (Iterator<Contact> known = contacts.iterator(); known.hasNext(); ) {
                if (known.next().id().equals(contact.id())) {
                    known.remove();
                    contacts.addLast(contact);
                    return true;
                }
            }
            return false;
        }
    }
}
