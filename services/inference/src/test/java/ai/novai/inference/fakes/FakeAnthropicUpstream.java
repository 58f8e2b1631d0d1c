package ai.novai.inference.fakes;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for Anthropic's Messages API on {@code 127.0.0.1}, speaking its wire format: JSON messages,
 * server-sent events with {@code event:} lines as Anthropic sends them (flushed one event at a time),
 * and Anthropic's error bodies. No real provider is reachable from tests; this is what NovAI's Anthropic
 * adapter talks to, in unit tests and in the gateway's end-to-end tests alike.
 *
 * <h2>Use</h2>
 * <pre>{@code
 * try (FakeAnthropicUpstream upstream = FakeAnthropicUpstream.start()) {
 *     // provider entry: base-url = upstream.baseUrl(), any API key
 *     upstream.enqueue(Reply.text("Hello", " there").usage(12, 3));
 *     ... call the adapter or the gateway ...
 *     upstream.lastRequest().json().path("system").asText();
 *     upstream.lastRequest().header("x-api-key");
 * }
 * }</pre>
 *
 * <h2>What it answers</h2>
 * <ul>
 *     <li>Only {@code POST /v1/messages}; other paths get Anthropic's 404 {@code not_found_error}.</li>
 *     <li>Like the real API it checks the basics before answering: {@code x-api-key} present (else 401
 *     {@code authentication_error}), {@code anthropic-version} present, a JSON body with {@code model},
 *     an integer {@code max_tokens} and a non-empty {@code messages} array (else 400
 *     {@code invalid_request_error}). Such refusals do not use up a scripted reply.</li>
 *     <li>Otherwise the next {@link #enqueue(Reply...) queued} reply, or, when the queue is empty, the
 *     {@link #otherwise(Reply) default reply} ({@code Reply.text("Hello from the fake Anthropic upstream.")}
 *     unless changed). A message reply is sent as JSON or as an SSE stream depending on the request's
 *     {@code "stream": true}.</li>
 * </ul>
 *
 * <h2>Observing</h2>
 * Every request is recorded ({@link #requests()}, {@link #lastRequest()}) before it is answered. When a
 * write of a streamed reply fails because the client went away, the time is recorded
 * ({@link #awaitClientGone(Duration)}, {@link #clientGoneTimes()}): with {@link Reply#endless(Duration)} this
 * shows how fast a cancelled call really aborts its upstream request.
 */
public final class FakeAnthropicUpstream implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final Queue<Reply> queue = new ConcurrentLinkedQueue<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final List<Instant> clientGone = new CopyOnWriteArrayList<>();
    private final AtomicInteger served = new AtomicInteger();
    // Bumped by reset(): a connection of an earlier test that fails late must not count as a disconnect now.
    private final AtomicInteger generation = new AtomicInteger();
    private volatile CompletableFuture<Instant> firstClientGone = new CompletableFuture<>();
    private volatile Reply fallback = Reply.text("Hello from the fake Anthropic upstream.");
    private volatile boolean closed;

    private FakeAnthropicUpstream() throws IOException {
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a fake on a free port of 127.0.0.1. */
    public static FakeAnthropicUpstream start() {
        try {
            return new FakeAnthropicUpstream();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the fake Anthropic upstream", e);
        }
    }

    /** {@code http://127.0.0.1:PORT}, the provider's {@code base-url} (the fake serves {@code /v1/messages}). */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Queues replies, answered in order, one per accepted request. */
    public FakeAnthropicUpstream enqueue(Reply... replies) {
        queue.addAll(List.of(replies));
        return this;
    }

    /** The reply for requests that find the queue empty. */
    public FakeAnthropicUpstream otherwise(Reply reply) {
        this.fallback = reply;
        return this;
    }

    /** Forgets queued replies, recorded requests and observed disconnects (the default reply stays). */
    public void reset() {
        queue.clear();
        requests.clear();
        generation.incrementAndGet();
        clientGone.clear();
        firstClientGone = new CompletableFuture<>();
    }

    /** Every request received, in order. */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** The last request received. */
    public RecordedRequest lastRequest() {
        if (requests.isEmpty()) {
            throw new IllegalStateException("the fake Anthropic upstream has received no request");
        }
        return requests.getLast();
    }

    /** When the first streamed write failed because the client was gone, waiting up to the timeout. */
    public Optional<Instant> awaitClientGone(Duration timeout) {
        try {
            return Optional.of(firstClientGone.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Times at which a streamed write found its client gone, one per abandoned stream. */
    public List<Instant> clientGoneTimes() {
        return List.copyOf(clientGone);
    }

    @Override
    public void close() {
        closed = true;
        server.stop(0);
        executor.shutdownNow();
    }

    /**
     * A request as received.
     *
     * @param method  HTTP method
     * @param path    request path, e.g. {@code /v1/messages}
     * @param headers header names in lower case → first value
     * @param body    the body as text
     * @param json    the body parsed, or a missing node when it is not JSON
     */
    public record RecordedRequest(String method, String path, Map<String, String> headers, String body, JsonNode json) {

        /** A header's value (name in any case), or null. */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /** Whether the request asked for a stream. */
        public boolean streaming() {
            return json.path("stream").asBoolean(false);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Serving
    // ---------------------------------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        int startedIn = generation.get();
        try (exchange) {
            RecordedRequest request = record(exchange);
            Optional<Reply> refusal = validate(request);
            Reply reply = refusal.orElseGet(() -> Optional.ofNullable(queue.poll()).orElse(fallback));
            serve(exchange, request, reply);
        } catch (IOException e) {
            if (startedIn == generation.get()) {
                clientWentAway();
            }
        }
    }

    private RecordedRequest record(HttpExchange exchange) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT),
                                                                           values.getFirst()));
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        JsonNode json;
        try {
            json = body.isEmpty() ? JSON.missingNode() : JSON.readTree(body);
        } catch (IOException e) {
            json = JSON.missingNode();
        }
        RecordedRequest request = new RecordedRequest(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                                                      Collections.unmodifiableMap(headers), body, json);
        requests.add(request);
        return request;
    }

    // The checks the real API makes before anything else.
    private static Optional<Reply> validate(RecordedRequest request) {
        if (!request.method().equals("POST") || !request.path().equals("/v1/messages")) {
            return Optional.of(Reply.error(404, "not_found_error", "Not Found"));
        }
        if (request.header("x-api-key") == null) {
            return Optional.of(Reply.error(401, "authentication_error", "x-api-key header is required"));
        }
        if (request.header("anthropic-version") == null) {
            return Optional.of(Reply.invalidRequest("anthropic-version: header is required"));
        }
        JsonNode json = request.json();
        if (!json.isObject()) {
            return Optional.of(Reply.invalidRequest("There was an error parsing the body of your request"));
        }
        if (!json.path("model").isTextual()) {
            return Optional.of(Reply.invalidRequest("model: Field required"));
        }
        if (!json.path("max_tokens").isIntegralNumber() || json.path("max_tokens").asInt() < 1) {
            return Optional.of(Reply.invalidRequest("max_tokens: Field required"));
        }
        if (!json.path("messages").isArray() || json.path("messages").isEmpty()) {
            return Optional.of(Reply.invalidRequest("messages: at least one message is required"));
        }
        return Optional.empty();
    }

    private void serve(HttpExchange exchange, RecordedRequest request, Reply reply) throws IOException {
        int number = served.incrementAndGet();
        exchange.getResponseHeaders().set("request-id", "req_fake_" + number);
        pause(reply.headersDelay);
        switch (reply.kind) {
            case ERROR -> {
                reply.headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
                ObjectNode body = JSON.createObjectNode();
                body.put("type", "error");
                body.putObject("error").put("type", reply.errorType).put("message", reply.errorMessage);
                body.put("request_id", "req_fake_" + number);
                sendJson(exchange, reply.status, body);
            }
            case RAW -> {
                reply.headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
                exchange.getResponseHeaders().set("content-type", reply.rawContentType);
                byte[] bytes = reply.rawBody.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(reply.status, bytes.length == 0 ? -1 : bytes.length);
                exchange.getResponseBody().write(bytes);
            }
            case MESSAGE -> {
                String id = reply.id != null ? reply.id : "msg_fake_" + number;
                String model = request.json().path("model").asText();
                if (request.streaming()) {
                    stream(exchange, reply, reply.events(id, model));
                } else {
                    sendJson(exchange, 200, reply.message(id, model));
                }
            }
            case ENDLESS -> endless(exchange, reply, "msg_fake_" + number, request.json().path("model").asText());
        }
    }

    private static void sendJson(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("content-type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private void stream(HttpExchange exchange, Reply reply, List<String> events) throws IOException {
        OutputStream out = startStream(exchange);
        for (int i = 0; i < events.size(); i++) {
            if (i > 0) {
                pause(reply.eventDelay);
            }
            if (i == reply.stallAfterEvents) {
                pause(reply.stall);
            }
            writeEvent(out, events.get(i));
        }
        out.flush();
    }

    private void endless(HttpExchange exchange, Reply reply, String id, String model) throws IOException {
        OutputStream out = startStream(exchange);
        for (String event : reply.events(id, model).subList(0, 3)) {
            writeEvent(out, event);
        }
        while (!closed) {
            pause(reply.eventDelay);
            writeEvent(out, event("content_block_delta", textDelta(0, "tick ")));
        }
    }

    private static OutputStream startStream(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("content-type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("cache-control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        return exchange.getResponseBody();
    }

    private static void writeEvent(OutputStream out, String event) throws IOException {
        out.write(event.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private void clientWentAway() {
        Instant now = Instant.now();
        clientGone.add(now);
        firstClientGone.complete(now);
    }

    private static void pause(Duration delay) {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the fake Anthropic upstream is shutting down", e);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Wire format
    // ---------------------------------------------------------------------------------------------

    /** One SSE event as Anthropic writes it: an {@code event:} line, a {@code data:} line, a blank line. */
    static String event(String name, JsonNode data) {
        try {
            return "event: " + name + "\ndata: " + JSON.writeValueAsString(data) + "\n\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode textDelta(int index, String text) {
        ObjectNode data = JSON.createObjectNode().put("type", "content_block_delta").put("index", index);
        data.putObject("delta").put("type", "text_delta").put("text", text);
        return data;
    }

    /**
     * What the fake answers to one request: a message (text and tool-use blocks; JSON or a stream, as the
     * request asks), an error status with Anthropic's error body, a raw body, or an endless stream.
     * Replies are configured with chained calls before they are queued.
     */
    public static final class Reply {

        private enum Kind { MESSAGE, ERROR, RAW, ENDLESS }

        private sealed interface Block permits TextBlock, ToolUseBlock {
        }

        private record TextBlock(List<String> pieces) implements Block {
        }

        private record ToolUseBlock(String id, String name, String inputJson) implements Block {
        }

        private final Kind kind;
        private final List<Block> blocks = new ArrayList<>();
        private final Map<String, String> headers = new LinkedHashMap<>();
        private String id;
        private String stopReason;
        private int inputTokens = 10;
        private int outputTokens = 5;
        private int cacheReadTokens;
        private int cacheCreationTokens;
        private int fragmentSize = 8;
        private Duration eventDelay = Duration.ZERO;
        private Duration headersDelay = Duration.ZERO;
        private int keepEvents = -1;
        private int stallAfterEvents = -1;
        private Duration stall = Duration.ZERO;
        private String streamErrorType;
        private String streamErrorMessage;
        private int status = 200;
        private String errorType;
        private String errorMessage;
        private String rawBody;
        private String rawContentType;

        private Reply(Kind kind) {
            this.kind = kind;
        }

        /** A text answer; streamed as one {@code text_delta} per piece, or as one text block in JSON. */
        public static Reply text(String... pieces) {
            return new Reply(Kind.MESSAGE).andText(pieces);
        }

        /**
         * A tool call ({@code stop_reason} {@code tool_use}); its input streamed in {@code input_json_delta}
         * fragments of {@link #fragmentSize(int)} characters.
         *
         * @param inputJson the tool input, a JSON object as text
         */
        public static Reply toolUse(String id, String name, String inputJson) {
            return new Reply(Kind.MESSAGE).andToolUse(id, name, inputJson);
        }

        /** An error status with Anthropic's body {@code {"type":"error","error":{"type","message"}}}. */
        public static Reply error(int status, String type, String message) {
            Reply reply = new Reply(Kind.ERROR);
            reply.status = status;
            reply.errorType = type;
            reply.errorMessage = message;
            return reply;
        }

        /** 429 {@code rate_limit_error} with {@code retry-after} in seconds. */
        public static Reply rateLimited(int retryAfterSeconds) {
            return error(429, "rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit")
                    .header("retry-after", Integer.toString(retryAfterSeconds));
        }

        /** 529 {@code overloaded_error}, as Anthropic answers when it is overloaded. */
        public static Reply overloaded() {
            return error(529, "overloaded_error", "Overloaded");
        }

        /** 400 {@code invalid_request_error} with this message. */
        public static Reply invalidRequest(String message) {
            return error(400, "invalid_request_error", message);
        }

        /** Any status, content type and body, e.g. malformed JSON. */
        public static Reply raw(int status, String contentType, String body) {
            Reply reply = new Reply(Kind.RAW);
            reply.status = status;
            reply.rawContentType = contentType;
            reply.rawBody = body;
            return reply;
        }

        /**
         * A stream that never ends: {@code message_start}, a text block start, a ping, then a
         * {@code text_delta} "tick " every interval until the client goes away (recorded, see
         * {@link FakeAnthropicUpstream#awaitClientGone(Duration)}) or the fake is closed.
         */
        public static Reply endless(Duration interval) {
            Reply reply = new Reply(Kind.ENDLESS).andText("tick ");
            reply.eventDelay = interval;
            return reply;
        }

        /** Adds a text block. */
        public Reply andText(String... pieces) {
            blocks.add(new TextBlock(List.of(pieces)));
            return this;
        }

        /** Adds a tool-use block. */
        public Reply andToolUse(String id, String name, String inputJson) {
            blocks.add(new ToolUseBlock(id, name, inputJson));
            return this;
        }

        /** The message id; default {@code msg_fake_N}. */
        public Reply id(String id) {
            this.id = id;
            return this;
        }

        /** The stop reason; default {@code tool_use} when there is a tool-use block, else {@code end_turn}. */
        public Reply stopReason(String stopReason) {
            this.stopReason = stopReason;
            return this;
        }

        /** Input and output tokens; default 10 and 5. */
        public Reply usage(int inputTokens, int outputTokens) {
            this.inputTokens = inputTokens;
            this.outputTokens = outputTokens;
            return this;
        }

        /** Prompt-cache tokens ({@code cache_read_input_tokens}, {@code cache_creation_input_tokens}); default 0. */
        public Reply cacheUsage(int readTokens, int creationTokens) {
            this.cacheReadTokens = readTokens;
            this.cacheCreationTokens = creationTokens;
            return this;
        }

        /** Characters per {@code input_json_delta} fragment; default 8. */
        public Reply fragmentSize(int characters) {
            this.fragmentSize = characters;
            return this;
        }

        /** Pause between two streamed events (and between ticks of an endless stream). */
        public Reply eventDelay(Duration delay) {
            this.eventDelay = delay;
            return this;
        }

        /** Pause before the status line and headers are sent. */
        public Reply headersDelay(Duration delay) {
            this.headersDelay = delay;
            return this;
        }

        /**
         * Goes silent after the first {@code events} streamed events for this long, then sends the rest: an
         * upstream that is slow mid-stream (for idle timeouts, and for cancelling while the client waits).
         */
        public Reply stallAfter(int events, Duration stall) {
            this.stallAfterEvents = events;
            this.stall = stall;
            return this;
        }

        /** A response header (error and raw replies). */
        public Reply header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /** Streams everything but the final {@code message_stop}, then ends the body. */
        public Reply cutBeforeMessageStop() {
            this.keepEvents = -2;
            return this;
        }

        /** Streams only the first {@code events} events, then ends the body. */
        public Reply cutAfterEvents(int events) {
            this.keepEvents = events;
            return this;
        }

        /**
         * Streams the first {@code events} events, then an {@code error} event (as Anthropic does when it
         * fails mid-stream, e.g. {@code overloaded_error}), then ends the body.
         */
        public Reply streamErrorAfter(int events, String type, String message) {
            this.keepEvents = events;
            this.streamErrorType = type;
            this.streamErrorMessage = message;
            return this;
        }

        private String stopReason() {
            if (stopReason != null) {
                return stopReason;
            }
            return blocks.stream().anyMatch(ToolUseBlock.class::isInstance) ? "tool_use" : "end_turn";
        }

        private ObjectNode usageNode(int output) {
            ObjectNode usage = JSON.createObjectNode();
            usage.put("input_tokens", inputTokens);
            usage.put("cache_creation_input_tokens", cacheCreationTokens);
            usage.put("cache_read_input_tokens", cacheReadTokens);
            usage.put("output_tokens", output);
            return usage;
        }

        /** The whole message, as the non-streaming API answers. */
        ObjectNode message(String messageId, String model) {
            ObjectNode message = JSON.createObjectNode();
            message.put("id", messageId);
            message.put("type", "message");
            message.put("role", "assistant");
            message.put("model", model);
            ArrayNode content = message.putArray("content");
            for (Block block : blocks) {
                switch (block) {
                    case TextBlock text -> content.addObject().put("type", "text")
                            .put("text", String.join("", text.pieces()));
                    case ToolUseBlock tool -> {
                        ObjectNode use = content.addObject().put("type", "tool_use").put("id", tool.id())
                                .put("name", tool.name());
                        use.set("input", parse(tool.inputJson()));
                    }
                }
            }
            message.put("stop_reason", stopReason());
            message.putNull("stop_sequence");
            message.set("usage", usageNode(outputTokens));
            return message;
        }

        /** The stream, event by event, as the streaming API sends it (after cuts and error events). */
        List<String> events(String messageId, String model) {
            List<String> events = new ArrayList<>();
            ObjectNode start = JSON.createObjectNode().put("type", "message_start");
            ObjectNode message = start.putObject("message");
            message.put("id", messageId).put("type", "message").put("role", "assistant").put("model", model);
            message.putArray("content");
            message.putNull("stop_reason");
            message.putNull("stop_sequence");
            message.set("usage", usageNode(1));
            events.add(event("message_start", start));
            for (int index = 0; index < blocks.size(); index++) {
                ObjectNode blockStart = JSON.createObjectNode().put("type", "content_block_start").put("index", index);
                switch (blocks.get(index)) {
                    case TextBlock text -> {
                        blockStart.putObject("content_block").put("type", "text").put("text", "");
                        events.add(event("content_block_start", blockStart));
                        addPingAfterFirstBlockStart(events, index);
                        for (String piece : text.pieces()) {
                            events.add(event("content_block_delta", textDelta(index, piece)));
                        }
                    }
                    case ToolUseBlock tool -> {
                        ObjectNode block = blockStart.putObject("content_block");
                        block.put("type", "tool_use").put("id", tool.id()).put("name", tool.name());
                        block.putObject("input");
                        events.add(event("content_block_start", blockStart));
                        addPingAfterFirstBlockStart(events, index);
                        events.add(event("content_block_delta", inputDelta(index, "")));
                        String input = tool.inputJson();
                        for (int at = 0; at < input.length(); at += fragmentSize) {
                            events.add(event("content_block_delta", inputDelta(
                                    index, input.substring(at, Math.min(input.length(), at + fragmentSize)))));
                        }
                    }
                }
                events.add(event("content_block_stop", JSON.createObjectNode().put("type", "content_block_stop")
                        .put("index", index)));
            }
            ObjectNode messageDelta = JSON.createObjectNode().put("type", "message_delta");
            messageDelta.putObject("delta").put("stop_reason", stopReason()).putNull("stop_sequence");
            messageDelta.putObject("usage").put("output_tokens", outputTokens);
            events.add(event("message_delta", messageDelta));
            events.add(event("message_stop", JSON.createObjectNode().put("type", "message_stop")));
            return shaped(events);
        }

        private List<String> shaped(List<String> events) {
            int keep = keepEvents == -2 ? events.size() - 1 : keepEvents < 0 ? events.size()
                    : Math.min(keepEvents, events.size());
            List<String> sent = new ArrayList<>(events.subList(0, keep));
            if (streamErrorType != null) {
                ObjectNode error = JSON.createObjectNode().put("type", "error");
                error.putObject("error").put("type", streamErrorType).put("message", streamErrorMessage);
                sent.add(event("error", error));
            }
            return sent;
        }

        // Anthropic sends a ping right after the first content block starts.
        private static void addPingAfterFirstBlockStart(List<String> events, int index) {
            if (index == 0) {
                events.add("event: ping\ndata: {\"type\": \"ping\"}\n\n");
            }
        }

        private static ObjectNode inputDelta(int index, String partialJson) {
            ObjectNode data = JSON.createObjectNode().put("type", "content_block_delta").put("index", index);
            data.putObject("delta").put("type", "input_json_delta").put("partial_json", partialJson);
            return data;
        }

        private static JsonNode parse(String json) {
            try {
                return JSON.readTree(json);
            } catch (IOException e) {
                throw new IllegalArgumentException("tool input is not JSON: " + json, e);
            }
        }
    }
}
