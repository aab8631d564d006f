package dev.perfgate.marketplace.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The simulation's event queue: time order, ties in the order added, cancelled entries gone at once. */
class EventQueueTests {

    private final EventQueue<Event> queue = new EventQueue<>();

    @Test
    void entriesComeOutInTimeOrderAndTiesInTheOrderTheyWereAdded() {
        Event late = add(30, "late");
        Event first = add(10, "first at 10");
        Event second = add(10, "second at 10");
        Event early = add(5, "early");
        Event third = add(10, "third at 10");

        assertThat(drain()).containsExactly(early, first, second, third, late);
        assertThat(queue.poll()).isNull();
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void peekShowsTheNextEntryWithoutTakingItOut() {
        assertThat(queue.peek()).isNull();
        add(20, "b");
        Event a = add(10, "a");

        assertThat(queue.peek()).isSameAs(a);
        assertThat(queue.size()).isEqualTo(2);
        assertThat(queue.poll()).isSameAs(a);
        assertThat(a.queued()).isFalse();
    }

    @Test
    void aRemovedEntryLeavesAtOnceAndTheRestKeepTheirOrder() {
        Event a = add(10, "a");
        Event b = add(10, "b");
        Event c = add(10, "c");
        Event d = add(5, "d");

        assertThat(queue.remove(b)).isTrue();

        assertThat(b.queued()).isFalse();
        assertThat(queue.size()).isEqualTo(3);
        assertThat(drain()).containsExactly(d, a, c);
    }

    @Test
    void removingAnEntryNotQueuedChangesNothing() {
        Event polled = add(1, "polled");
        Event kept = add(2, "kept");
        queue.poll();
        Event removed = add(3, "removed");
        queue.remove(removed);

        assertThat(queue.remove(polled)).isFalse(); // it ran
        assertThat(queue.remove(removed)).isFalse(); // cancelled twice
        assertThat(queue.remove(new Event(4, "never added"))).isFalse();
        EventQueue<Event> other = new EventQueue<>();
        Event elsewhere = new Event(5, "in another queue");
        other.add(elsewhere);
        assertThat(queue.remove(elsewhere)).isFalse();

        assertThat(drain()).containsExactly(kept);
        assertThat(other.poll()).isSameAs(elsewhere);
    }

    @Test
    void anEntryIsQueuedOnceAtATimeButMayBeAddedAgainOnceOut() {
        Event event = add(1, "event");

        assertThatIllegalStateException().isThrownBy(() -> queue.add(event));

        queue.poll();
        queue.add(event);
        assertThat(queue.poll()).isSameAs(event);
    }

    @Test
    void clearEmptiesTheQueueAndFreesItsEntries() {
        Event a = add(1, "a");
        add(2, "b");

        queue.clear();

        assertThat(queue.isEmpty()).isTrue();
        assertThat(queue.poll()).isNull();
        assertThat(a.queued()).isFalse();
        assertThat(queue.remove(a)).isFalse();
    }

    /** Thousands of random additions, removals and polls, against a sorted list of what should be there. */
    @Test
    void randomAdditionsRemovalsAndPollsMatchASortedList() {
        SplittableRandom random = new SplittableRandom(11);
        List<Event> expected = new ArrayList<>(); // in order of addition
        Comparator<Event> order = Comparator.comparingLong(Event::time); // stable sort: ties stay in addition order
        List<Event> polled = new ArrayList<>();
        List<Event> expectedPolled = new ArrayList<>();
        for (int step = 0; step < 20_000; step++) {
            int action = random.nextInt(10);
            if (action < 5) {
                Event event = new Event(random.nextLong(100), "event " + step); // few times: many ties
                queue.add(event);
                expected.add(event);
            }
            else if (action < 8 && !expected.isEmpty()) {
                Event cancelled = expected.remove(random.nextInt(expected.size()));
                assertThat(queue.remove(cancelled)).isTrue();
            }
            else if (!expected.isEmpty()) {
                Event next = expected.stream().sorted(order).findFirst().orElseThrow();
                expected.remove(next);
                expectedPolled.add(next);
                polled.add(queue.poll());
            }
            assertThat(queue.size()).isEqualTo(expected.size());
        }
        expected.sort(order);
        expectedPolled.addAll(expected);
        polled.addAll(drain());

        assertThat(polled).containsExactlyElementsOf(expectedPolled);
    }

    private Event add(long time, String name) {
        Event event = new Event(time, name);
        queue.add(event);
        return event;
    }

    private List<Event> drain() {
        List<Event> drained = new ArrayList<>();
        Event next;
        while ((next = queue.poll()) != null) {
            drained.add(next);
        }
        return drained;
    }

    private static final class Event extends EventQueue.Entry {
        private final String name;

        Event(long time, String name) {
            super(time);
            this.name = name;
        }

        @Override
        public String toString() {
            return name + " at " + time();
        }
    }
}
