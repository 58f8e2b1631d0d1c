package ai.novai.inference.fakes;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.sun.net.httpserver.HttpExchange;

/**
 * One request as {@link FakeOpenAiUpstream} received it, for assertions on what a client sent.
 *
 * @param method  HTTP method, e.g. {@code POST}
 * @param path    the path, e.g. {@code /v1/chat/completions}
 * @param query   the raw query string, empty when there is none
 * @param headers the headers; look-ups ignore case
 * @param body    the body as text
 * @param json    the body parsed as JSON, a {@link MissingNode} when it is not JSON
 */
public record RecordedRequest(String method, String path, String query, Map<String, List<String>> headers,
                              String body, JsonNode json) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public RecordedRequest {
        TreeMap<String, List<String>> caseInsensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> caseInsensitive.put(name, List.copyOf(values)));
        headers = Collections.unmodifiableMap(caseInsensitive);
    }

    static RecordedRequest read(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String query = exchange.getRequestURI().getRawQuery();
        return new RecordedRequest(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                                   query == null ? "" : query, exchange.getRequestHeaders(), body, parse(body));
    }

    /** The first value of a header (any case), if it was sent. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    /** The decoded value of a query parameter, if it was sent. */
    public Optional<String> queryParameter(String name) {
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String key = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            if (key.equals(name)) {
                return Optional.of(equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1),
                                                                        StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    /** Whether the client asked for a stream ({@code "stream": true}). */
    public boolean stream() {
        return json.path("stream").asBoolean(false);
    }

    /** Whether the client asked for the usage chunk ({@code stream_options.include_usage}). */
    public boolean includeUsage() {
        return json.path("stream_options").path("include_usage").asBoolean(false);
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode json = MAPPER.readTree(body);
            return json == null ? MissingNode.getInstance() : json;
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }
}
