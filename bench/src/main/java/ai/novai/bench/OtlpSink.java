package ai.novai.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.LongAdder;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * An OTLP/HTTP trace receiver that accepts and drops: {@code POST /v1/traces} is read to its end and answered
 * 200 with an empty {@code ExportTraceServiceResponse} (an empty protobuf body is a valid one). It stands in
 * for a collector, so that traced NovAI services do all of their tracing work, export included, without the
 * cost of a real backend in the measurement. It counts what it received.
 */
final class OtlpSink implements AutoCloseable {

    private final WebServer server;
    private final LongAdder exports = new LongAdder();
    private final LongAdder bytes = new LongAdder();

    private OtlpSink() {
        this.server = WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .routing(routing -> routing.post("/v1/traces", this::receive))
                .build();
    }

    /** Starts a sink on a free loopback port. */
    static OtlpSink start() {
        OtlpSink sink = new OtlpSink();
        sink.server.start();
        return sink;
    }

    /** The endpoint for {@code OTEL_EXPORTER_OTLP_ENDPOINT}. */
    String endpoint() {
        return "http://127.0.0.1:" + server.port();
    }

    /** Export requests received. */
    long exports() {
        return exports.sum();
    }

    /** Bytes of trace data received. */
    long bytes() {
        return bytes.sum();
    }

    private void receive(ServerRequest request, ServerResponse response) {
        try (InputStream body = request.content().inputStream()) {
            bytes.add(body.transferTo(OutputStream.nullOutputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        exports.increment();
        response.header(HeaderNames.CONTENT_TYPE, "application/x-protobuf").send(new byte[0]);
    }

    @Override
    public void close() {
        server.stop();
    }
}
