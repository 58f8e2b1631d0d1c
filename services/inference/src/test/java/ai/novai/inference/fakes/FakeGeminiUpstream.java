package ai.novai.inference.fakes;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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

/**
 * A stand-in for Google's Gemini API on {@code 127.0.0.1}, speaking its wire format:
 * {@code POST /v1beta/models/{model}:generateContent} answering a {@code GenerateContentResponse},
 * {@code :streamGenerateContent?alt=sse} answering server-sent events of partial responses (text one part per
 * event, the finish reason and {@code usageMetadata} in the last, no end-of-stream event, as Gemini streams),
 * and Google's error bodies ({@code {"error":{"code","message","status"}}}). Like the real API it refuses a
 * request without {@code x-goog-api-key} (401 UNAUTHENTICATED) or without {@code contents} (400
 * INVALID_ARGUMENT) before using up a scripted reply.
 */
public final class FakeGeminiUpstream implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PATH = Pattern.compile("/v1beta/models/([^/:]+):(generateContent|streamGenerateContent)");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Queue<Reply> queue = new ConcurrentLinkedQueue<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

    private FakeGeminiUpstream(HttpServer server) {
        this.server = server;
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts on a free port of the loopback interface. */
    public static FakeGeminiUpstream start() {
        try {
            return new FakeGeminiUpstream(HttpServer.create(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The provider's {@code base-url}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1beta";
    }

    /** Queues replies, answered in order; when none is queued, a short text answer. */
    public FakeGeminiUpstream enqueue(Reply... replies) {
        queue.addAll(List.of(replies));
        return this;
    }

    /** Every request received, in order. */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** The last request received. */
    public RecordedRequest lastRequest() {
        return requests.getLast();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            RecordedRequest request = RecordedRequest.read(exchange);
            requests.add(request);
            Matcher path = PATH.matcher(request.path());
            if (!request.method().equals("POST") || !path.matches()) {
                error(exchange, 404, "NOT_FOUND", "Method not found.");
                return;
            }
            if (request.header("x-goog-api-key").isEmpty()) {
                error(exchange, 401, "UNAUTHENTICATED", "Method doesn't allow unregistered callers.");
                return;
            }
            if (!request.json().path("contents").isArray() || request.json().path("contents").isEmpty()) {
                error(exchange, 400, "INVALID_ARGUMENT", "* GenerateContentRequest.contents: contents is not specified");
                return;
            }
            Reply reply = queue.poll();
            if (reply == null) {
                reply = Reply.text("Hello from the fake Gemini upstream.");
            }
            if (reply.status != 200) {
                reply.headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
                error(exchange, reply.status, reply.googleStatus, reply.message);
            } else if (path.group(2).equals("streamGenerateContent")) {
                stream(exchange, reply);
            } else {
                send(exchange, 200, "application/json", JSON.writeValueAsBytes(reply.whole()));
            }
        }
    }

    private static void stream(HttpExchange exchange, Reply reply) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        List<ObjectNode> events = reply.events();
        int sent = reply.cutAfter < 0 ? events.size() : Math.min(reply.cutAfter, events.size());
        for (int i = 0; i < sent; i++) {
            out.write(("data: " + JSON.writeValueAsString(events.get(i)) + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    private static void error(HttpExchange exchange, int code, String status, String message) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("code", code);
        error.put("message", message);
        error.put("status", status);
        send(exchange, code, "application/json", JSON.writeValueAsBytes(body));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** One scripted answer. */
    public static final class Reply {

        private final List<String> texts = new ArrayList<>();
        private final List<ObjectNode> functionCalls = new ArrayList<>();
        private final java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
        private int status = 200;
        private String googleStatus = "";
        private String message = "";
        private String finishReason = "STOP";
        private int promptTokens = 7;
        private int candidateTokens = 5;
        private int thoughtTokens;
        private int cutAfter = -1;
        private boolean blocked;

        private Reply() {
        }

        /** A text answer, one streamed event per piece. */
        public static Reply text(String... pieces) {
            Reply reply = new Reply();
            reply.texts.addAll(List.of(pieces));
            return reply;
        }

        /** A Google error status. */
        public static Reply error(int status, String googleStatus, String message) {
            Reply reply = new Reply();
            reply.status = status;
            reply.googleStatus = googleStatus;
            reply.message = message;
            return reply;
        }

        /** A prompt Gemini's safety filters blocked: no candidates, {@code promptFeedback.blockReason}. */
        public static Reply blockedPrompt() {
            Reply reply = new Reply();
            reply.blocked = true;
            return reply;
        }

        /** Adds a function call (with an id, as newer Gemini versions send). */
        public Reply functionCall(String id, String name, String argumentsJson) {
            ObjectNode call = JSON.createObjectNode();
            if (id != null) {
                call.put("id", id);
            }
            call.put("name", name);
            try {
                call.set("args", JSON.readTree(argumentsJson));
            } catch (IOException e) {
                throw new IllegalArgumentException(e);
            }
            functionCalls.add(call);
            return this;
        }

        public Reply finishReason(String reason) {
            this.finishReason = reason;
            return this;
        }

        public Reply usage(int prompt, int candidates, int thoughts) {
            this.promptTokens = prompt;
            this.candidateTokens = candidates;
            this.thoughtTokens = thoughts;
            return this;
        }

        public Reply header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /** Streams only the first {@code events} events, then ends the body (no finish reason comes). */
        public Reply cutAfter(int events) {
            this.cutAfter = events;
            return this;
        }

        private ObjectNode whole() {
            ObjectNode response = JSON.createObjectNode();
            if (blocked) {
                response.putObject("promptFeedback").put("blockReason", "SAFETY");
                response.set("usageMetadata", usageMetadata());
                return response;
            }
            ObjectNode candidate = response.putArray("candidates").addObject();
            ArrayNode parts = candidate.putObject("content").put("role", "model").putArray("parts");
            if (!texts.isEmpty()) {
                parts.addObject().put("text", String.join("", texts));
            }
            functionCalls.forEach(call -> parts.addObject().set("functionCall", call));
            candidate.put("finishReason", finishReason);
            candidate.put("index", 0);
            response.set("usageMetadata", usageMetadata());
            response.put("modelVersion", "gemini-fake-001");
            response.put("responseId", "fake-response-1");
            return response;
        }

        private List<ObjectNode> events() {
            if (blocked) {
                return List.of(whole());
            }
            List<ObjectNode> events = new ArrayList<>();
            for (String text : texts) {
                ObjectNode event = JSON.createObjectNode();
                event.putArray("candidates").addObject().putObject("content").put("role", "model")
                        .putArray("parts").addObject().put("text", text);
                event.put("responseId", "fake-response-1");
                events.add(event);
            }
            ObjectNode last = JSON.createObjectNode();
            ObjectNode candidate = last.putArray("candidates").addObject();
            ArrayNode parts = candidate.putObject("content").put("role", "model").putArray("parts");
            functionCalls.forEach(call -> parts.addObject().set("functionCall", call));
            if (parts.isEmpty()) {
                parts.addObject().put("text", "");
            }
            candidate.put("finishReason", finishReason);
            candidate.put("index", 0);
            last.set("usageMetadata", usageMetadata());
            last.put("responseId", "fake-response-1");
            events.add(last);
            return events;
        }

        private JsonNode usageMetadata() {
            ObjectNode usage = JSON.createObjectNode();
            usage.put("promptTokenCount", promptTokens);
            usage.put("candidatesTokenCount", candidateTokens);
            if (thoughtTokens > 0) {
                usage.put("thoughtsTokenCount", thoughtTokens);
            }
            usage.put("totalTokenCount", promptTokens + candidateTokens + thoughtTokens);
            return usage;
        }
    }
}
