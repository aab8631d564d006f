package dev.perfgate.otel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An OTLP/HTTP endpoint on the loopback interface that reads every request to its end and answers {@code 200} with
 * an empty protobuf body (an export response without partial failures). The exporters under measurement then do
 * everything they do in production (serialise, compress if asked, send, wait for the answer) against a receiver
 * that costs as little as a receiver can. It counts requests and bytes, so a report can show that the transport
 * really ran.
 */
final class OtlpReceiver implements AutoCloseable {

    private static final byte[] EMPTY = new byte[0];

    private final HttpServer server;
    private final ExecutorService executor;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    private OtlpReceiver(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts a receiver on an ephemeral port of the loopback interface. */
    static OtlpReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
                Thread thread = new Thread(runnable, "perfgate-otlp-receiver");
                thread.setDaemon(true);
                return thread;
            });
            OtlpReceiver receiver = new OtlpReceiver(server, executor);
            server.createContext("/v1/", receiver::handle);
            server.setExecutor(executor);
            server.start();
            return receiver;
        }
        catch (IOException e) {
            throw new UncheckedIOException("could not start the OTLP receiver on the loopback interface", e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            long read = 0;
            byte[] buffer = new byte[16 * 1024];
            for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
                read += n;
            }
            bytes.addAndGet(read);
            requests.incrementAndGet();
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
            exchange.getResponseBody().write(EMPTY);
        }
    }

    /** {@code http://127.0.0.1:<port>/v1/traces} and the like. */
    String endpoint(String signal) {
        InetSocketAddress address = server.getAddress();
        return "http://" + address.getAddress().getHostAddress() + ":" + address.getPort() + "/v1/" + signal;
    }

    long requests() {
        return requests.get();
    }

    long bytes() {
        return bytes.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
