package ai.novai.inference.fakes;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;

/**
 * A stand-in for the Bedrock Runtime's Converse API on {@code 127.0.0.1}, speaking its wire format: JSON answers
 * for {@code POST /model/{modelId}/converse}, AWS event-stream frames (encoded by the AWS SDK's own encoder) for
 * {@code /converse-stream}, and Bedrock's error bodies ({@code {"message": ...}} with {@code x-amzn-ErrorType}).
 * <p>
 * Like AWS it checks the signature before anything else: a request whose {@code Authorization} is not a valid
 * SigV4 signature of what arrived, for the secret the fake was started with ({@link SigV4Reference}), gets 403
 * {@code InvalidSignatureException}. Then the next {@link #enqueue queued} reply, or a plain text answer.
 */
public final class FakeBedrockUpstream implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern OPERATION = Pattern.compile("/model/([^/]+)/(converse|converse-stream)");

    private final HttpServer server;
    private final ExecutorService executor;
    private final String secret;
    private final Queue<Reply> queue = new ConcurrentLinkedQueue<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

    private FakeBedrockUpstream(String secret) throws IOException {
        this.secret = secret;
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a fake on a free port of 127.0.0.1 that accepts requests signed with this secret access key. */
    public static FakeBedrockUpstream start(String secret) {
        try {
            return new FakeBedrockUpstream(secret);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the fake Bedrock upstream", e);
        }
    }

    /** {@code http://127.0.0.1:PORT}, the provider's {@code base-url}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Queues replies, answered in order, one per request whose signature verifies. */
    public FakeBedrockUpstream enqueue(Reply... replies) {
        queue.addAll(List.of(replies));
        return this;
    }

    /** The last request received. */
    public RecordedRequest lastRequest() {
        if (requests.isEmpty()) {
            throw new IllegalStateException("the fake Bedrock upstream has received no request");
        }
        return requests.getLast();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /**
     * A request as received.
     *
     * @param rawPath        the path as sent, still percent-encoded
     * @param modelId        the model id, decoded
     * @param stream         whether it was {@code converse-stream}
     * @param headers        header names in lower case → first value
     * @param json           the body parsed
     * @param signatureValid whether its signature verified
     */
    public record RecordedRequest(String rawPath, String modelId, boolean stream, Map<String, String> headers,
                                  JsonNode json, boolean signatureValid) {

        /** A header's value (name in any case), or null. */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** One scripted answer. */
    public static final class Reply {

        private final List<ObjectNode> blocks = new ArrayList<>();
        private final List<List<String>> fragments = new ArrayList<>();
        private String stopReason = "end_turn";
        private int inputTokens = 10;
        private int outputTokens = 5;
        private int cacheReadTokens;
        private int status = 200;
        private String errorType;
        private String errorMessage;
        private int exceptionAfter = -1;
        private int stallAfter = -1;

        private Reply() {
        }

        /** A text answer, streamed in these pieces. */
        public static Reply text(String... pieces) {
            Reply reply = new Reply();
            return reply.andText(pieces);
        }

        /** Bedrock's error answer: this status, {@code x-amzn-ErrorType} and {@code {"message": ...}}. */
        public static Reply error(int status, String type, String message) {
            Reply reply = new Reply();
            reply.status = status;
            reply.errorType = type;
            reply.errorMessage = message;
            return reply;
        }

        /** Adds a text block. */
        public Reply andText(String... pieces) {
            blocks.add(JSON.createObjectNode().put("text", String.join("", pieces)));
            fragments.add(List.of(pieces));
            return this;
        }

        /** Adds a toolUse block whose input is streamed in these fragments of JSON text. */
        public Reply andToolUse(String id, String name, String... inputFragments) {
            ObjectNode block = JSON.createObjectNode();
            ObjectNode toolUse = block.putObject("toolUse").put("toolUseId", id).put("name", name);
            try {
                toolUse.set("input", JSON.readTree(String.join("", inputFragments)));
            } catch (IOException e) {
                throw new IllegalArgumentException(e);
            }
            blocks.add(block);
            fragments.add(List.of(inputFragments));
            return this;
        }

        /** The stop reason. */
        public Reply stopReason(String reason) {
            this.stopReason = reason;
            return this;
        }

        /** The usage reported. */
        public Reply usage(int input, int output, int cacheRead) {
            this.inputTokens = input;
            this.outputTokens = output;
            this.cacheReadTokens = cacheRead;
            return this;
        }

        /** Streams this many events, then an exception message of this type instead of the rest. */
        public Reply exceptionAfter(int events, String type, String message) {
            this.exceptionAfter = events;
            this.errorType = type;
            this.errorMessage = message;
            return this;
        }

        /** Streams this many events, then goes silent (for 30 s) with the connection open. */
        public Reply stallAfter(int events) {
            this.stallAfter = events;
            return this;
        }

        private ObjectNode usageJson() {
            ObjectNode usage = JSON.createObjectNode();
            usage.put("inputTokens", inputTokens).put("outputTokens", outputTokens)
                    .put("totalTokens", inputTokens + outputTokens + cacheReadTokens);
            if (cacheReadTokens > 0) {
                usage.put("cacheReadInputTokens", cacheReadTokens);
            }
            return usage;
        }

        private ObjectNode response() {
            ObjectNode response = JSON.createObjectNode();
            ObjectNode message = response.putObject("output").putObject("message");
            message.put("role", "assistant");
            ArrayNode content = message.putArray("content");
            blocks.forEach(content::add);
            response.put("stopReason", stopReason);
            response.set("usage", usageJson());
            response.putObject("metrics").put("latencyMs", 42);
            return response;
        }

        // The events of a converse-stream answer, as Bedrock orders them.
        private List<Message> events() {
            List<Message> events = new ArrayList<>();
            events.add(event("messageStart", JSON.createObjectNode().put("role", "assistant")));
            for (int index = 0; index < blocks.size(); index++) {
                JsonNode block = blocks.get(index);
                if (block.has("toolUse")) {
                    ObjectNode start = JSON.createObjectNode().put("contentBlockIndex", index);
                    start.putObject("start").putObject("toolUse")
                            .put("toolUseId", block.path("toolUse").path("toolUseId").asText())
                            .put("name", block.path("toolUse").path("name").asText());
                    events.add(event("contentBlockStart", start));
                }
                for (String piece : fragments.get(index)) {
                    ObjectNode delta = JSON.createObjectNode().put("contentBlockIndex", index);
                    if (block.has("toolUse")) {
                        delta.putObject("delta").putObject("toolUse").put("input", piece);
                    } else {
                        delta.putObject("delta").put("text", piece);
                    }
                    events.add(event("contentBlockDelta", delta));
                }
                events.add(event("contentBlockStop", JSON.createObjectNode().put("contentBlockIndex", index)));
            }
            events.add(event("messageStop", JSON.createObjectNode().put("stopReason", stopReason)));
            ObjectNode metadata = JSON.createObjectNode();
            metadata.set("usage", usageJson());
            metadata.putObject("metrics").put("latencyMs", 42);
            events.add(event("metadata", metadata));
            return events;
        }
    }

    /** An event message as Bedrock frames it. */
    public static Message event(String type, JsonNode payload) {
        Map<String, HeaderValue> headers = new LinkedHashMap<>();
        headers.put(":event-type", HeaderValue.fromString(type));
        headers.put(":content-type", HeaderValue.fromString("application/json"));
        headers.put(":message-type", HeaderValue.fromString("event"));
        return new Message(headers, bytes(payload));
    }

    /** An exception message as Bedrock frames it. */
    public static Message exception(String type, String message) {
        Map<String, HeaderValue> headers = new LinkedHashMap<>();
        headers.put(":exception-type", HeaderValue.fromString(type));
        headers.put(":content-type", HeaderValue.fromString("application/json"));
        headers.put(":message-type", HeaderValue.fromString("exception"));
        return new Message(headers, bytes(JSON.createObjectNode().put("message", message)));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT),
                                                                               values.getFirst()));
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String rawPath = exchange.getRequestURI().getRawPath();
            Matcher operation = OPERATION.matcher(rawPath);
            if (!exchange.getRequestMethod().equals("POST") || !operation.matches()) {
                sendError(exchange, Reply.error(404, "UnknownOperationException", "Unknown operation"));
                return;
            }
            boolean valid = SigV4Reference.verifies(rawPath, headers, body, secret);
            JsonNode json = JSON.readTree(body);
            requests.add(new RecordedRequest(rawPath, java.net.URLDecoder.decode(operation.group(1),
                                                                                  StandardCharsets.UTF_8),
                                             operation.group(2).equals("converse-stream"), headers, json, valid));
            if (!valid) {
                sendError(exchange, Reply.error(403, "InvalidSignatureException", "The request signature we "
                        + "calculated does not match the signature you provided."));
                return;
            }
            Reply reply = Optional.ofNullable(queue.poll()).orElseGet(() -> Reply.text("Hello from the fake Bedrock."));
            if (reply.status != 200) {
                sendError(exchange, reply);
            } else if (operation.group(2).equals("converse-stream")) {
                stream(exchange, reply);
            } else {
                byte[] answer = bytes(reply.response());
                exchange.getResponseHeaders().set("content-type", "application/json");
                exchange.sendResponseHeaders(200, answer.length);
                exchange.getResponseBody().write(answer);
            }
        }
    }

    private static void stream(HttpExchange exchange, Reply reply) throws IOException {
        exchange.getResponseHeaders().set("content-type", "application/vnd.amazon.eventstream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        List<Message> events = reply.events();
        int cut = reply.exceptionAfter >= 0 ? reply.exceptionAfter : reply.stallAfter;
        int count = cut >= 0 ? Math.min(cut, events.size()) : events.size();
        for (Message event : events.subList(0, count)) {
            event.encode(out);
            out.flush();
        }
        if (reply.exceptionAfter >= 0) {
            exception(reply.errorType, reply.errorMessage).encode(out);
            out.flush();
        }
        if (reply.stallAfter >= 0) {
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void sendError(HttpExchange exchange, Reply reply) throws IOException {
        byte[] body = bytes(JSON.createObjectNode().put("message", reply.errorMessage));
        exchange.getResponseHeaders().set("content-type", "application/json");
        exchange.getResponseHeaders().set("x-amzn-ErrorType", reply.errorType + ":http://internal.amazon.com/coral/");
        exchange.sendResponseHeaders(reply.status, body.length);
        exchange.getResponseBody().write(body);
    }

    private static byte[] bytes(JsonNode json) {
        try {
            return JSON.writeValueAsBytes(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
