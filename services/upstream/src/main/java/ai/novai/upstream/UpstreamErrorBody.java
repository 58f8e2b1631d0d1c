package ai.novai.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What an upstream says when it refuses a request: OpenAI's, Anthropic's and Gemini's error bodies carry
 * {@code error.message} (and OpenAI's {@code error.param}), Bedrock's a top-level {@code message}; anything else is
 * taken as text. Only the first
 * 64 KiB of a body are read, whatever the upstream sends.
 *
 * @param message the upstream's message, never blank
 * @param param   the parameter the upstream named, or null
 */
record UpstreamErrorBody(String message, String param) {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_ERROR_BODY = 64 * 1024;

    /** Reads (a bounded part of) the body of a response with this status, and closes it. */
    static UpstreamErrorBody read(int status, InputStream body) {
        String text = readBounded(body);
        Optional<JsonNode> error = parse(text).map(json -> json.path("error"));
        String message = error.map(node -> node.path("message").asText(""))
                .filter(value -> !value.isBlank())
                .or(() -> parse(text).map(json -> json.path("message").asText("")).filter(value -> !value.isBlank()))
                .orElse(text.isBlank() ? "HTTP " + status : text.strip());
        String param = error.map(node -> node.path("param").asText(null)).orElse(null);
        return new UpstreamErrorBody(message, param);
    }

    private static Optional<JsonNode> parse(String body) {
        try {
            return Optional.ofNullable(MAPPER.readTree(body));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String readBounded(InputStream body) {
        try (body) {
            return new String(body.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
