package ai.novai.embedding;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A small OpenAI {@code POST /v1/embeddings} on 127.0.0.1. By default it answers every input with a
 * vector that tells the input apart ({@code [position, length, 0.5, ...]}, as many numbers as
 * {@code dimensions} asks, else 4), listed in reverse order so that clients must sort by {@code index},
 * and {@code usage.prompt_tokens} = 3 per input. A test can script the next answers instead.
 */
final class FakeOpenAiEmbeddings implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A scripted answer. */
    record Reply(int status, Map<String, String> headers, String body, long delayMillis) {

        static Reply json(int status, String body) {
            return new Reply(status, Map.of(), body, 0);
        }
    }

    /** A request as the fake saw it. */
    record Recorded(String path, String query, Map<String, List<String>> headers, JsonNode body) {

        String header(String name) {
            return headers.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .map(entry -> entry.getValue().getFirst()).findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    private final ConcurrentLinkedQueue<Reply> script = new ConcurrentLinkedQueue<>();
    private final BlockingQueue<Recorded> requests = new LinkedBlockingQueue<>();

    FakeOpenAiEmbeddings() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/embeddings", this::handle);
        // a delayed answer must not hold up the next test's request
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    /** Base URL to configure as the provider's {@code base-url}. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** Answers the next request with this instead of vectors. */
    void enqueue(Reply reply) {
        script.add(reply);
    }

    /** The next request the fake received. */
    Recorded nextRequest() throws InterruptedException {
        Recorded request = requests.poll(5, TimeUnit.SECONDS);
        if (request == null) {
            throw new AssertionError("the fake upstream received no request");
        }
        return request;
    }

    /** The request received so far, if any, without waiting. */
    Recorded nextRequestOrNull() {
        return requests.poll();
    }

    /** Forgets scripted answers and recorded requests. */
    void reset() {
        script.clear();
        requests.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode body = MAPPER.readTree(exchange.getRequestBody());
            requests.add(new Recorded(exchange.getRequestURI().getPath(), exchange.getRequestURI().getQuery(),
                                      Map.copyOf(exchange.getRequestHeaders()), body));
            Reply reply = script.poll();
            if (reply == null) {
                reply = Reply.json(200, vectors(body));
            }
            if (reply.delayMillis() > 0) {
                Thread.sleep(reply.delayMillis());
            }
            reply.headers().forEach(exchange.getResponseHeaders()::add);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(reply.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String vectors(JsonNode request) {
        int dimensions = request.path("dimensions").asInt(4);
        JsonNode inputs = request.path("input");
        ObjectNode response = MAPPER.createObjectNode().put("object", "list")
                .put("model", request.path("model").asText());
        ArrayNode data = response.putArray("data");
        for (int i = inputs.size() - 1; i >= 0; i--) {
            JsonNode input = inputs.get(i);
            ObjectNode item = data.addObject().put("object", "embedding").put("index", i);
            ArrayNode vector = item.putArray("embedding");
            vector.add((float) i);
            vector.add((float) (input.isArray() ? input.size() : input.asText().length()));
            for (int d = 2; d < dimensions; d++) {
                vector.add(0.5f);
            }
        }
        response.putObject("usage").put("prompt_tokens", 3 * inputs.size()).put("total_tokens", 3 * inputs.size());
        return response.toString();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
