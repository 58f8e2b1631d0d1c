package ai.novai.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.LongAdder;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * An OTLP/HTTP trace receiver that accepts and drops: {@code POST /v1/traces} is read to its end and answered
 * 200 with an empty {@code ExportTraceServiceResponse} (an empty protobuf body is a valid one). It stands in
 * for a collector, so that traced NovAI services do all of their tracing work, export included, without the
 * cost of a real backend in the measurement. It counts what it received, spans included (read from the
 * protobuf wire format, without the OTLP classes).
 */
final class OtlpSink implements AutoCloseable {

    private final WebServer server;
    private final LongAdder exports = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final LongAdder spans = new LongAdder();

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

    /** Spans received. */
    long spans() {
        return spans.sum();
    }

    /** Bytes of trace data received. */
    long bytes() {
        return bytes.sum();
    }

    private void receive(ServerRequest request, ServerResponse response) {
        try (InputStream body = request.content().inputStream()) {
            byte[] export = body.readAllBytes();
            bytes.add(export.length);
            spans.add(countSpans(export));
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

    // ExportTraceServiceRequest: resource_spans (1) → scope_spans (2) → spans (2), read as bare wire format
    // without copying: the count must cost the benchmark's JVM little, it shares the cores with the services
    private static long countSpans(byte[] export) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(export);
        return count(in, new int[] {1, 2, 2}, 0);
    }

    // How many fields path[depth] the message in front of `in` holds, down the path of nested messages.
    private static long count(CodedInputStream in, int[] path, int depth) throws IOException {
        long count = 0;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (WireFormat.getTagFieldNumber(tag) != path[depth]
                    || WireFormat.getTagWireType(tag) != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                in.skipField(tag);
            } else if (depth == path.length - 1) {
                in.skipField(tag);
                count++;
            } else {
                int limit = in.pushLimit(in.readRawVarint32());
                count += count(in, path, depth + 1);
                in.popLimit(limit);
            }
        }
        return count;
    }
}
