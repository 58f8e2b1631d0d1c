package ai.novai.gateway.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import ai.novai.gateway.errors.ApiException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.helidon.common.buffers.DataReader;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * JSON in and out of the gateway: one configured mapper, request bodies read with clear 400s, and
 * responses written as {@code application/json}.
 * <p>
 * Every request body is read here, one way (RFC 8259's interoperable JSON): declared as JSON
 * ({@link JsonContentType}), valid UTF-8, exactly one object and nothing after it, each key once in each object
 * (so a permission check and the call cannot read different values of one duplicated key), no unpaired
 * surrogate ({@link LoneSurrogates}), at most {@value #MAX_NESTING_DEPTH} levels deep.
 */
public final class Json {

    /** Deepest JSON nesting a request body may have. */
    static final int MAX_NESTING_DEPTH = 64;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
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
     * @throws ApiException 400 when the body is not declared as JSON, empty, not UTF-8, not strict JSON, or not
     *                      an object
     */
    public static JsonNode readObject(ServerRequest request) {
        JsonContentType.require(request.headers());
        if (!request.content().hasEntity()) {
            throw ApiException.badRequest("The request body is empty; a JSON object is expected.", null, "invalid_json");
        }
        return parseObject(readBounded(request, BodySizeLimit.of(request)));
    }

    /**
     * Parses bytes as a JSON object, as strictly as request bodies are parsed (a batch input line, say).
     *
     * @throws ApiException 400 {@code invalid_json} when the bytes are not UTF-8, not strict JSON, or not an object
     */
    public static JsonNode parseObject(byte[] bytes) {
        String text = utf8(bytes);
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("We could not parse the JSON body of your request: "
                                                  + e.getOriginalMessage(), null, "invalid_json");
        }
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest("The request body must be a JSON object.", null, "invalid_json");
        }
        LoneSurrogates.refuse(node);
        return node;
    }

    // Strict UTF-8: no invalid, overlong or surrogate sequences (Jackson's own byte parser lets some through and
    // guesses UTF-16 and UTF-32 from the first bytes). A UTF-8 byte order mark is skipped, as RFC 8259 allows.
    private static String utf8(byte[] body) {
        int start = body.length >= 3 && (body[0] & 0xFF) == 0xEF && (body[1] & 0xFF) == 0xBB
                && (body[2] & 0xFF) == 0xBF ? 3 : 0;
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer bytes = ByteBuffer.wrap(body, start, body.length - start);
        try {
            return decoder.decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw ApiException.badRequest("The request body is not valid UTF-8 (at byte " + bytes.position()
                                                  + "); JSON must be sent as UTF-8.", null, "invalid_json");
        }
    }

    // The body, at most maxBytes of it, read under the slow-sender limits (ConnectionGuard)
    private static byte[] readBounded(ServerRequest request, long maxBytes) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        try (ConnectionGuard.BodyRead read = ConnectionGuard.bodyRead();
             InputStream in = BodyStream.open(request)) {
            try {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    read.read(n);
                    if (body.size() + (long) n > maxBytes) {
                        throw BodySizeLimit.tooLarge(maxBytes);
                    }
                    body.write(buffer, 0, n);
                }
            } catch (IOException | UncheckedIOException | DataReader.InsufficientDataAvailableException e) {
                // the client closed its connection mid-body (Helidon: an IOException, or InsufficientDataAvailable
                // when the connection ends before the declared length), or it was cut for sending too slowly (408)
                throw new ClientGone(read.cut() ? ClientGone.Reason.SENDS_TOO_SLOWLY : ClientGone.Reason.DISCONNECTED,
                                     e);
            }
        } catch (IOException e) {
            throw new ClientGone(ClientGone.Reason.DISCONNECTED, e);
        }
        return body.toByteArray();
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
