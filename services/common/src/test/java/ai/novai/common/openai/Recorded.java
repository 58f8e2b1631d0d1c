package ai.novai.common.openai;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import ai.novai.proto.inference.v1.ChatCompletionChunk;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The recorded OpenAI bodies of {@code src/test/resources/openai}, and what NovAI does not carry of them. JSON is
 * compared as plain trees (doubles), so that a decimal written back as a double still equals the recorded one.
 */
final class Recorded {

    private static final ObjectMapper PLAIN = new ObjectMapper();

    /** The usage details OpenAI reports and NovAI does not carry (audio and predicted outputs). */
    private static final Map<String, List<String>> UNCARRIED_USAGE = Map.of(
            "prompt_tokens_details", List.of("audio_tokens"),
            "completion_tokens_details", List.of("audio_tokens", "accepted_prediction_tokens",
                                                 "rejected_prediction_tokens"));

    private Recorded() {
    }

    /** A recorded JSON body. */
    static JsonNode json(String name) {
        try {
            return WireJson.MAPPER.readTree(text(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bodies of a recorded stream's events, one per line. */
    static List<JsonNode> events(String name) {
        List<JsonNode> events = new ArrayList<>();
        for (String line : text(name).split("\n")) {
            if (!line.isBlank()) {
                try {
                    events.add(WireJson.MAPPER.readTree(line));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return events;
    }

    /** JSON as a plain tree, for comparisons. */
    static JsonNode plain(JsonNode json) {
        try {
            return PLAIN.readTree(json.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The stream's identity, as a reader keeps it from its first chunk. */
    static ChatCompletionChunk template(JsonNode chunk) {
        return ChatCompletionChunk.newBuilder()
                .setId(chunk.path("id").asText())
                .setCreated(chunk.path("created").asLong())
                .setModel(chunk.path("model").asText())
                .setSystemFingerprint(chunk.path("system_fingerprint").asText())
                .build();
    }

    /** A recorded answer without what NovAI does not carry: {@code service_tier} and usage details it lacks. */
    static ObjectNode carried(JsonNode recorded) {
        ObjectNode copy = (ObjectNode) plain(recorded);
        copy.remove("service_tier");
        JsonNode usage = copy.path("usage");
        if (usage.isObject()) {
            UNCARRIED_USAGE.forEach((details, fields) -> ((ObjectNode) usage.get(details)).remove(fields));
        }
        return copy;
    }

    /**
     * A recorded chunk as NovAI writes it back: what it does not carry removed ({@link #carried}), and what says
     * nothing left out: null and empty delta fields (OpenAI's first chunk has {@code "content": ""}), empty token
     * lists written as {@code null}.
     */
    static ObjectNode carriedChunk(JsonNode recorded) {
        ObjectNode copy = carried(recorded);
        for (JsonNode choice : copy.path("choices")) {
            ObjectNode delta = (ObjectNode) choice.get("delta");
            List<String> silent = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> fields = delta.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getValue().isNull() || field.getValue().asText().equals("") && field.getValue().isTextual()) {
                    silent.add(field.getKey());
                }
            }
            delta.remove(silent);
            JsonNode logprobs = choice.path("logprobs");
            if (logprobs.isObject()) {
                for (String list : List.of("content", "refusal")) {
                    if (logprobs.path(list).isArray() && logprobs.path(list).isEmpty()) {
                        ((ObjectNode) logprobs).putNull(list);
                    }
                }
            }
        }
        return copy;
    }

    private static String text(String name) {
        try (InputStream in = Recorded.class.getResourceAsStream("/openai/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no recorded body " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
