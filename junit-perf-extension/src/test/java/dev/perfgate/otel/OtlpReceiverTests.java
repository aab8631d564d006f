package dev.perfgate.otel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** The loopback receiver, driven by the JDK's HttpClient as the OTLP exporters drive it. */
class OtlpReceiverTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** One for the class: the JDK 17 client cannot be closed, its idle threads end when it is collected. */
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    @Test
    void endpointIsTheSignalsPathOnAnEphemeralLoopbackPort() {
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            URI traces = URI.create(receiver.endpoint("traces"));

            assertThat(traces.getScheme()).isEqualTo("http");
            assertThat(traces.getHost()).isEqualTo(InetAddress.getLoopbackAddress().getHostAddress());
            assertThat(traces.getPort()).isPositive();
            assertThat(traces.getPath()).isEqualTo("/v1/traces");
            assertThat(receiver.endpoint("metrics")).isEqualTo(receiver.endpoint("traces")
                    .replace("/v1/traces", "/v1/metrics"));
        }
    }

    @Test
    void answers200WithAnEmptyProtobufBodyAndCountsTheRequestAndItsBytes() throws Exception {
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            assertThat(receiver.requests()).isZero();
            assertThat(receiver.bytes()).isZero();

            HttpResponse<byte[]> response = post(receiver.endpoint("traces"), BodyPublishers.ofByteArray(body(1_234)));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-protobuf");
            assertThat(response.body()).isEmpty();
            assertThat(receiver.requests()).isEqualTo(1);
            assertThat(receiver.bytes()).isEqualTo(1_234);
        }
    }

    @Test
    void countsAddUpOverRequestsAndSignals() throws Exception {
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            // Larger than the receiver's 16 KiB read buffer, to be read in several pieces.
            post(receiver.endpoint("traces"), BodyPublishers.ofByteArray(body(100_000)));
            post(receiver.endpoint("metrics"), BodyPublishers.ofByteArray(body(10)));
            post(receiver.endpoint("logs"), BodyPublishers.noBody());

            assertThat(receiver.requests()).isEqualTo(3);
            assertThat(receiver.bytes()).isEqualTo(100_010);
        }
    }

    @Test
    void readsABodyOfUnknownLengthToItsEnd() throws Exception {
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            byte[] body = body(50_000);

            // No length up front: the client sends the body chunked.
            HttpResponse<byte[]> response = post(receiver.endpoint("traces"),
                    BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(receiver.requests()).isEqualTo(1);
            assertThat(receiver.bytes()).isEqualTo(50_000);
        }
    }

    @Test
    void closeStopsAcceptingConnectionsAndKeepsTheCounts() throws Exception {
        OtlpReceiver receiver = OtlpReceiver.start();
        URI endpoint = URI.create(receiver.endpoint("traces"));
        InetSocketAddress address = new InetSocketAddress(endpoint.getHost(), endpoint.getPort());
        post(endpoint.toString(), BodyPublishers.ofByteArray(body(7)));
        connect(address); // the control: it does accept while open

        receiver.close();

        assertThatThrownBy(() -> connect(address)).isInstanceOf(ConnectException.class);
        assertThat(receiver.requests()).isEqualTo(1);
        assertThat(receiver.bytes()).isEqualTo(7);
    }

    private static HttpResponse<byte[]> post(String endpoint, HttpRequest.BodyPublisher body)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint)).timeout(TIMEOUT)
                .header("Content-Type", "application/x-protobuf").POST(body).build();
        return CLIENT.send(request, BodyHandlers.ofByteArray());
    }

    private static byte[] body(int length) {
        byte[] body = new byte[length];
        Arrays.fill(body, (byte) 0x2a);
        return body;
    }

    private static void connect(InetSocketAddress address) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(address, 5_000);
        }
    }
}
