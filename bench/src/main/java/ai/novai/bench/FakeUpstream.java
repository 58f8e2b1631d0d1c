package ai.novai.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * A fast OpenAI-compatible upstream on loopback: {@code POST /v1/chat/completions} answers a small
 * {@code chat.completion}, or with {@code "stream": true} a server-sent stream paced by the path
 * ({@code /pace/<chunks>x<ms>/v1/chat/completions}, see {@link Pace}), ending with the usage chunk when
 * {@code stream_options.include_usage} asks for it, and {@code data: [DONE]}.
 * <p>
 * It runs on Helidon's virtual-thread server, so thousands of slow streams cost little more than their
 * sockets. It speaks HTTP/1.1, and HTTP/2 to clients that start with it (h2c prior knowledge; Helidon does
 * not upgrade a request that has a body); the requests of each protocol are counted, so the report can say
 * how NovAI's inference talked to it. The request is parsed
 * (model, stream flags) like a real server would, but nothing else is checked.
 */
public final class FakeUpstream implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Map<String, LongAdder> requestsByProtocol = new ConcurrentHashMap<>();
    private final WebServer server;

    private FakeUpstream() {
        this.server = WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                // thousands of connections may arrive within a second when a stream phase ramps up
                .backlog(8192)
                // events are small writes: without TCP_NODELAY, Nagle's algorithm would hold each one back
                // until the previous is acknowledged, as no real provider's server does
                .connectionOptions(options -> options.tcpNoDelay(true))
                .routing(routing -> routing.register(this::routes))
                .build();
    }

    /** Starts the upstream on a free loopback port. */
    public static FakeUpstream start() {
        FakeUpstream upstream = new FakeUpstream();
        upstream.server.start();
        return upstream;
    }

    private void routes(HttpRules rules) {
        rules.post("/v1/chat/completions", (request, response) -> chat(request, response, Pace.FAST))
                .post("/pace/{pace}/v1/chat/completions", (request, response) -> {
                    String segment = request.path().pathParameters().get("pace");
                    Pace.parse(segment).ifPresentOrElse(
                            pace -> chat(request, response, pace),
                            () -> fail(response, Status.NOT_FOUND_404, "no such pace: " + segment));
                });
    }

    /** The port it listens on (127.0.0.1). */
    public int port() {
        return server.port();
    }

    /** The OpenAI base URL of the fast pace: {@code http://127.0.0.1:<port>/v1}. */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port() + "/v1");
    }

    /** The OpenAI base URL of a pace: {@code http://127.0.0.1:<port>/pace/<pace>/v1}. */
    public URI baseUri(Pace pace) {
        return URI.create("http://127.0.0.1:" + port() + "/pace/" + pace.segment() + "/v1");
    }

    /** Requests served so far by HTTP version ({@code 1.1}, {@code 2.0}). */
    public Map<String, Long> requestsByProtocol() {
        Map<String, Long> counts = new TreeMap<>();
        requestsByProtocol.forEach((protocol, count) -> counts.put(protocol, count.sum()));
        return counts;
    }

    private void chat(ServerRequest request, ServerResponse response, Pace pace) {
        requestsByProtocol.computeIfAbsent(request.prologue().protocolVersion(), ignored -> new LongAdder())
                .increment();
        JsonNode body;
        try (InputStream in = request.content().inputStream()) {
            body = MAPPER.readTree(in);
        } catch (IOException e) {
            fail(response, Status.BAD_REQUEST_400, "the body is not JSON");
            return;
        }
        String model = body.path("model").asText("");
        if (model.isEmpty() || !body.path("messages").isArray()) {
            fail(response, Status.BAD_REQUEST_400, "model and messages are required");
            return;
        }
        if (!body.path("stream").asBoolean(false)) {
            response.headers().contentType(MediaTypes.APPLICATION_JSON);
            response.send(OpenAiWire.completion(model));
            return;
        }
        stream(response, model, pace, body.path("stream_options").path("include_usage").asBoolean(false));
    }

    private static void stream(ServerResponse response, String model, Pace pace, boolean includeUsage) {
        response.headers().contentType(MediaTypes.TEXT_EVENT_STREAM);
        response.header(HeaderNames.CACHE_CONTROL, "no-cache");
        try (OutputStream out = response.outputStream()) {
            send(out, OpenAiWire.roleChunk(model));
            for (int i = 0; i < pace.chunks(); i++) {
                if (pace.interval().isPositive()) {
                    Thread.sleep(pace.interval());
                }
                send(out, OpenAiWire.contentChunk(model, i));
            }
            send(out, OpenAiWire.finishChunk(model));
            if (includeUsage) {
                send(out, OpenAiWire.usageChunk(model, pace.chunks()));
            }
            send(out, OpenAiWire.done());
        } catch (IOException | UncheckedIOException e) {
            // the client went away mid-stream (a cancelled request): nothing left to answer
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // One event per write and flush, as a token-by-token model server sends them.
    private static void send(OutputStream out, byte[] event) throws IOException {
        out.write(event);
        out.flush();
    }

    private static void fail(ServerResponse response, Status status, String message) {
        response.status(status);
        response.headers().contentType(MediaTypes.APPLICATION_JSON);
        response.send(OpenAiWire.error(message));
    }

    @Override
    public void close() {
        server.stop();
    }
}
