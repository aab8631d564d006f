package dev.perfgate.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AllocationCounterTests {

    /** Where allocations escape to, so that escape analysis cannot remove them. */
    private static volatile Object sink = new Object();
    private static long counterSink;

    private final AllocationCounter counter = AllocationCounter.create();

    @BeforeEach
    void hotSpotCountsAllocations() {
        assumeTrue(counter.isSupported(), "this JVM counts allocated bytes per thread");
    }

    @Test
    void countsTheBytesOfKnownArrays() {
        long before = counter.currentThreadAllocatedBytes();
        for (int i = 0; i < 5; i++) {
            sink = new byte[1_000_000];
        }
        long allocated = counter.currentThreadAllocatedBytes() - before;

        // 1,000,000 bytes of payload and a 16-byte header each
        assertThat((double) allocated).isCloseTo(5 * 1_000_016, within(5 * 1_000_016 * 0.03));
    }

    @Test
    void countsNearlyNothingForALoopThatDoesNotAllocate() {
        int operations = 1_000_000;
        long before = counter.currentThreadAllocatedBytes();
        long sum = 0;
        for (int i = 0; i < operations; i++) {
            sum += i * 31L ^ sum;
        }
        long allocated = counter.currentThreadAllocatedBytes() - before;
        counterSink = sum;

        assertThat((double) allocated / operations).as("bytes per operation").isLessThan(1);
    }

    @Test
    void readsAnotherThreadWhileItLivesAndNothingOnceItEnded() throws Exception {
        CountDownLatch allocated = new CountDownLatch(1);
        CountDownLatch read = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                for (int i = 0; i < 10; i++) {
                    sink = new byte[1_000_000];
                }
                allocated.countDown();
                read.await();
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        worker.start();
        allocated.await();
        long bytes = counter.allocatedBytes(worker.getId()).orElseThrow();
        read.countDown();
        worker.join();

        assertThat(failure.get()).isNull();
        assertThat((double) bytes).isCloseTo(10 * 1_000_016, within(10 * 1_000_016 * 0.03));
        assertThat(counter.allocatedBytes(worker.getId())).isEmpty();
    }
}
