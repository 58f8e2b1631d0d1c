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
 * how NovAI's inference talked to it. Under {@code /brownout/<percent>} it fails that share of the requests
 * ({@link UpstreamBrownout}). The request is parsed
 * (model, stream flags) like a real server would, but nothing else is checked. The streams of a tracked
 * pace are counted one by one ({@link #track(Pace)}, {@link UpstreamLedger}): what each actually wrote.
 */
public final class FakeUpstream implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String SLOW_READERS = "slow-readers";

    private final Map<String, LongAdder> requestsByProtocol = new ConcurrentHashMap<>();
    // by pace segment: the streams of a tracked pace are counted one by one
    private final Map<String, UpstreamLedger> ledgers = new ConcurrentHashMap<>();
    private final UpstreamBrownout brownout = new UpstreamBrownout();
    private final WebServer server;

    private FakeUpstream(int slowReaderSendBuffer) {
        this.server = WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                // thousands of connections may arrive within a second when a stream phase ramps up
                .backlog(8192)
                // events are small writes: without TCP_NODELAY, Nagle's algorithm would hold each one back
                // until the previous is acknowledged, as no real provider's server does
                .connectionOptions(options -> options.tcpNoDelay(true))
                .routing(routing -> routing.register(this::routes))
                // the same server on a second port for the slow readers' streams, whose connections may get a
                // fixed send buffer: on loopback Linux would let each queue megabytes (see TcpMaxSegment)
                .putSocket(SLOW_READERS, listener -> listener
                        .host("127.0.0.1")
                        .port(0)
                        .backlog(8192)
                        .connectionOptions(options -> {
                            options.tcpNoDelay(true);
                            if (slowReaderSendBuffer > 0) {
                                options.socketSendBufferSize(slowReaderSendBuffer);
                            }
                        })
                        .routing(routing -> routing.register(this::routes)))
                .build();
    }

    /** Starts the upstream on free loopback ports, Linux sizing every connection's send buffer. */
    public static FakeUpstream start() {
        return start(0);
    }

    /**
     * Starts the upstream on free loopback ports.
     *
     * @param slowReaderSendBuffer {@code SO_SNDBUF} of the connections to {@link #slowReaderBaseUri(Pace)}
     *                             (Linux doubles it); 0 lets Linux size them
     */
    public static FakeUpstream start(int slowReaderSendBuffer) {
        FakeUpstream upstream = new FakeUpstream(slowReaderSendBuffer);
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
                })
                .post("/brownout/{percent}/v1/chat/completions", this::brownout);
    }

    // A request to an upstream in a brownout: it may fail before anything else is looked at.
    private void brownout(ServerRequest request, ServerResponse response) {
        String segment = request.path().pathParameters().get("percent");
        if (!UpstreamBrownout.valid(segment)) {
            fail(response, Status.NOT_FOUND_404, "no such brownout: " + segment);
            return;
        }
        switch (brownout.draw(Integer.parseInt(segment))) {
            case SERVED -> chat(request, response, Pace.FAST);
            case SERVER_ERROR -> {
                request.content().consume();
                fail(response, Status.INTERNAL_SERVER_ERROR_500, "The server had an error while processing your request.");
            }
            case RATE_LIMITED -> {
                request.content().consume();
                response.header("retry-after-ms", Integer.toString(UpstreamBrownout.RETRY_AFTER_MS));
                response.header("retry-after", "1");
                fail(response, Status.TOO_MANY_REQUESTS_429, "Rate limit reached; please try again later.");
            }
        }
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

    /** The OpenAI base URL of the upstream in a brownout of {@code percent}: {@code .../brownout/<percent>/v1}. */
    public URI brownoutBaseUri(int percent) {
        return URI.create("http://127.0.0.1:" + port() + "/brownout/" + percent + "/v1");
    }

    /** What the upstream answered at a brownout of {@code percent} so far. */
    long brownoutAnswers(int percent, UpstreamBrownout.Answer answer) {
        return brownout.count(percent, answer);
    }

    /** The port of the slow readers' streams. */
    public int slowReaderPort() {
        return server.port(SLOW_READERS);
    }

    /** The OpenAI base URL of a pace on the slow readers' port (its connections' send buffer may be fixed). */
    public URI slowReaderBaseUri(Pace pace) {
        return URI.create("http://127.0.0.1:" + slowReaderPort() + "/pace/" + pace.segment() + "/v1");
    }

    /**
     * Counts what every stream of this pace that starts from now on writes, in a new ledger (streams
     * already running stay in the previous one), until {@link #untrack(UpstreamLedger)}.
     */
    UpstreamLedger track(Pace pace) {
        UpstreamLedger ledger = new UpstreamLedger(pace);
        ledgers.put(pace.segment(), ledger);
        return ledger;
    }

    /** Stops counting new streams into this ledger; the streams already in it go on being counted. */
    void untrack(UpstreamLedger ledger) {
        ledgers.remove(ledger.pace().segment(), ledger);
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

    private void stream(ServerResponse response, String model, Pace pace, boolean includeUsage) {
        response.headers().contentType(MediaTypes.TEXT_EVENT_STREAM);
        response.header(HeaderNames.CACHE_CONTROL, "no-cache");
        UpstreamLedger ledger = ledgers.get(pace.segment());
        UpstreamLedger.Stream counted = ledger == null ? null : ledger.open();
        boolean toTheEnd = false;
        try (OutputStream out = response.outputStream()) {
            send(out, OpenAiWire.roleChunk(model), false, counted);
            for (int i = 0; i < pace.chunks(); i++) {
                if (pace.interval().isPositive()) {
                    Thread.sleep(pace.interval());
                }
                send(out, OpenAiWire.contentChunk(model, i, pace.contentBytes()), true, counted);
            }
            send(out, OpenAiWire.finishChunk(model), false, counted);
            if (includeUsage) {
                send(out, OpenAiWire.usageChunk(model, pace.chunks()), false, counted);
            }
            send(out, OpenAiWire.done(), false, counted);
            toTheEnd = true;
        } catch (IOException | UncheckedIOException e) {
            // the client went away mid-stream (a cancelled request): nothing left to answer
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (counted != null) {
                counted.ended(toTheEnd);
            }
        }
    }

    // One event per write and flush, as a token-by-token model server sends them. The pace sleeps between
    // events and never catches up: a write that blocks (the reader is slow) delays every later event.
    private static void send(OutputStream out, byte[] event, boolean content, UpstreamLedger.Stream counted)
            throws IOException {
        if (counted == null) {
            out.write(event);
            out.flush();
            return;
        }
        counted.writing(System.nanoTime());
        out.write(event);
        out.flush();
        counted.wrote(event.length, content, System.nanoTime());
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
