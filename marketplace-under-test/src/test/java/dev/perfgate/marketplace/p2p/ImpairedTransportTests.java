package dev.perfgate.marketplace.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** A WAN's latency and loss injected over real UDP: delayed by half the link's RTT, lost at the given rate. */
class ImpairedTransportTests {

    @Test
    void aDatagramArrivesNoSoonerThanHalfTheLinksRtt() throws Exception {
        try (ImpairedTransport wan = new ImpairedTransport(UdpTransport.start(), 80_000_000, 80_000_000, 0, 1)) {
            CompletableFuture<Long> arrived = new CompletableFuture<>();
            Transport.Endpoint receiver = wan.open((from, payload) -> arrived.complete(System.nanoTime()));
            Transport.Endpoint sender = wan.open((from, payload) -> { });

            long sent = System.nanoTime();
            sender.send(receiver.address(), ByteBuffer.wrap(new byte[] {1, 2, 3}));

            long nanos = arrived.get(10, TimeUnit.SECONDS) - sent;
            assertThat(nanos).as("one-way ns of a link with an RTT of 80 ms").isGreaterThanOrEqualTo(40_000_000);
            assertThat(wan.linkRttNanos(receiver.address(), sender.address())).isEqualTo(80_000_000);
        }
    }

    @Test
    void losesDatagramsAtTheGivenRateAndCountsThem() throws Exception {
        try (ImpairedTransport wan = new ImpairedTransport(UdpTransport.start(), 0, 0, 0.5, 2)) {
            AtomicInteger received = new AtomicInteger();
            Transport.Endpoint receiver = wan.open((from, payload) -> received.incrementAndGet());
            Transport.Endpoint sender = wan.open((from, payload) -> { });

            for (int i = 0; i < 2_000; i++) {
                sender.send(receiver.address(), ByteBuffer.wrap(new byte[] {(byte) i}));
                if (i % 100 == 0) {
                    Thread.sleep(1); // let the receiving loop keep up: loopback drops what overflows its buffer
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (received.get() + wan.lost() < 2_000 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }

            assertThat(wan.lost()).as("datagrams lost of 2,000 at 50 %%").isBetween(850L, 1_150L);
            assertThat(received.get()).as("datagrams received (loopback may drop a few more)")
                    .isBetween(1_500 - (int) wan.lost(), 2_000 - (int) wan.lost());
        }
    }

    @Test
    void refusesABadRangeOrLossNamingThem() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ImpairedTransport(SimulatedNetwork.create(), 200_000_000, 20_000_000, 0, 1))
                .withMessage("RTT [200.0 ms..20.0 ms] and loss [0.0], expected e.g. 20 ms..200 ms and 0.05");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ImpairedTransport(SimulatedNetwork.create(), 0, 0, 1.0, 1))
                .withMessage("RTT [0.0 ms..0.0 ms] and loss [1.0], expected e.g. 20 ms..200 ms and 0.05");
    }
}
