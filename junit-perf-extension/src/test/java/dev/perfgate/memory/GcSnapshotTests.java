package dev.perfgate.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;

import org.junit.jupiter.api.Test;

class GcSnapshotTests {

    @Test
    void anExplicitCollectionIsCounted() {
        // JUnit's assumptions: AssertJ's build proxy classes, a second or two the first time in a JVM
        assumeTrue(ManagementFactory.getGarbageCollectorMXBeans().stream()
                .anyMatch(bean -> bean.getCollectionCount() >= 0), "the JVM counts collections");
        assumeTrue(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .noneMatch(argument -> argument.contains("DisableExplicitGC")), "System.gc() collects");

        GcSnapshot before = GcSnapshot.now();
        System.gc();
        GcActivity activity = GcSnapshot.now().since(before);

        assertThat(activity.collections()).isGreaterThanOrEqualTo(1);
        assertThat(activity.pauseNanos() % 1_000_000).as("whole milliseconds").isZero();
    }

    @Test
    void activityIsTheDifferenceWithTimeInNanoseconds() {
        GcActivity activity = new GcSnapshot(12, 340).since(new GcSnapshot(9, 328));

        assertThat(activity).isEqualTo(new GcActivity(3, 12_000_000));
        assertThat(activity.text()).isEqualTo("3 collections, 12 ms");
        assertThat(new GcActivity(1, 0).text()).isEqualTo("1 collection, 0 ns");
    }

    @Test
    void aLaterSnapshotIsNotAnEarlierOne() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new GcSnapshot(9, 328).since(new GcSnapshot(12, 340)))
                .withMessage("snapshot GcSnapshot[collections=12, pauseMillis=340] is later than "
                        + "GcSnapshot[collections=9, pauseMillis=328]");
    }

    @Test
    void countersAreNotNegative() {
        assertThatIllegalArgumentException().isThrownBy(() -> new GcSnapshot(-1, 0))
                .withMessage("invalid GC snapshot: -1 collections, 0 ms");
        assertThatIllegalArgumentException().isThrownBy(() -> new GcActivity(0, -5))
                .withMessage("invalid GC activity: 0 collections, -5 ns");
    }
}
