package ai.novai.gateway.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import ai.novai.gateway.errors.ApiException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * JSON in and out of the gateway: one configured mapper, request bodies read with clear 400s, and
 * responses written as {@code application/json}.
 */
public final class Json {

    /** Deepest JSON nesting a request body may have. */
    static final int MAX_NESTING_DEPTH = 64;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(
                StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build());
    }

    private Json() {
    }

    /** The shared mapper. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Reads the request body as a JSON object.
     *
     * @throws ApiException 400 when the body is empty, not JSON, or not an object
     */
    public static JsonNode readObject(ServerRequest request) {
        if (!request.content().hasEntity()) {
            throw ApiException.badRequest("The request body is empty; a JSON object is expected.", null, "invalid_json");
        }
        byte[] body = readBounded(request, BodySizeLimit.of(request));
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("We could not parse the JSON body of your request: "
                                                  + e.getOriginalMessage(), null, "invalid_json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest("The request body must be a JSON object.", null, "invalid_json");
        }
        return node;
    }

    private static byte[] readBounded(ServerRequest request, long maxBytes) {
        try (InputStream in = request.content().inputStream()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (body.length > maxBytes) {
                throw BodySizeLimit.tooLarge(maxBytes);
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends a value as a JSON response with the given status. */
    public static void send(ServerResponse response, Status status, Object value) {
        byte[] bytes;
        try {
            bytes = MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response not serialisable: " + value.getClass(), e);
        }
        response.status(status);
        response.header(HeaderValues.CONTENT_TYPE_JSON);
        response.send(bytes);
    }
}
