package ai.novai.common.openai;

import java.util.List;
import java.util.Optional;

import ai.novai.proto.inference.v1.ChoiceLogprobs;
import ai.novai.proto.inference.v1.TokenLogprob;
import ai.novai.proto.inference.v1.TopLogprob;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;

/**
 * {@code choices[].logprobs}: the {@code content} and {@code refusal} lists of {@code ChatCompletionTokenLogprob}.
 * Read bounded: an upstream can send any number of entries, and what it sends is held in memory and passed on in
 * one gRPC message, so every answer and every chunk has a {@link Budget} of entries (a token or one of its
 * alternatives), and a token at most {@link #MAX_TOKEN_BYTES} bytes. An answer beyond them, or whose entries are
 * not what OpenAI's schema says, is malformed: not a truncated list that would no longer match the text.
 */
public final class LogprobsWire {

    /**
     * Entries of a whole answer, all choices together: 12,483 tokens with 20 alternatives each (about 6 MB of
     * protobuf, far below the gRPC response limit).
     */
    public static final int MAX_ENTRIES_PER_ANSWER = 262_144;

    /** Entries of one chunk: a chunk carries a token or a few, each with at most 20 alternatives. */
    public static final int MAX_ENTRIES_PER_CHUNK = 1_024;

    /** The longest token (in UTF-8 bytes, and in characters of its text): real tokens have tens at most. */
    public static final int MAX_TOKEN_BYTES = 256;

    private LogprobsWire() {
    }

    /** The entries an answer or a chunk may still carry. */
    public static final class Budget {

        private final String scope;
        private final int limit;
        private int left;

        private Budget(String scope, int limit) {
            this.scope = scope;
            this.limit = limit;
            this.left = limit;
        }

        /** The budget of a whole answer. */
        public static Budget answer() {
            return new Budget("an answer", MAX_ENTRIES_PER_ANSWER);
        }

        /** The budget of one chunk of a stream. */
        public static Budget chunk() {
            return new Budget("a chunk", MAX_ENTRIES_PER_CHUNK);
        }

        // Checked before the entries are read, so that an array of any size costs nothing more.
        private void take(int entries, String path) {
            if (entries > left) {
                throw OpenAiWireException.invalidValue(path, "more log probabilities in " + scope
                        + " than NovAI accepts (" + limit + " entries).");
            }
            left -= entries;
        }
    }

    /** Writes a choice's log probabilities; an empty list is {@code null}, as OpenAI writes a part it did not say. */
    public static JsonNode write(Optional<ChoiceLogprobs> logprobs) {
        if (logprobs.isEmpty()) {
            return NullNode.getInstance();
        }
        ObjectNode json = WireJson.object();
        json.set("content", tokens(logprobs.get().getContentList()));
        json.set("refusal", tokens(logprobs.get().getRefusalList()));
        return json;
    }

    private static JsonNode tokens(List<TokenLogprob> tokens) {
        if (tokens.isEmpty()) {
            return NullNode.getInstance();
        }
        ArrayNode json = WireJson.MAPPER.createArrayNode();
        for (TokenLogprob token : tokens) {
            ObjectNode item = json.addObject();
            item.put("token", token.getToken());
            item.put("logprob", token.getLogprob());
            item.set("bytes", token.hasBytes() ? bytes(token.getBytes()) : NullNode.getInstance());
            ArrayNode top = item.putArray("top_logprobs");
            for (TopLogprob alternative : token.getTopLogprobsList()) {
                ObjectNode entry = top.addObject();
                entry.put("token", alternative.getToken());
                entry.put("logprob", alternative.getLogprob());
                entry.set("bytes", alternative.hasBytes() ? bytes(alternative.getBytes()) : NullNode.getInstance());
            }
        }
        return json;
    }

    private static ArrayNode bytes(ByteString bytes) {
        ArrayNode json = WireJson.MAPPER.createArrayNode();
        for (int i = 0; i < bytes.size(); i++) {
            json.add(Byte.toUnsignedInt(bytes.byteAt(i)));
        }
        return json;
    }

    /**
     * A choice's log probabilities.
     *
     * @param logprobs the choice's {@code logprobs} field
     * @param path     its path, e.g. {@code choices[0].logprobs}
     * @return them, or empty when the upstream sent none ({@code null}, missing)
     * @throws OpenAiWireException when they exceed the budget or are not OpenAI's shape
     */
    public static Optional<ChoiceLogprobs> read(JsonNode logprobs, String path, Budget budget) {
        if (!logprobs.isObject()) {
            return Optional.empty();
        }
        ChoiceLogprobs.Builder out = ChoiceLogprobs.newBuilder();
        JsonNode content = tokens(logprobs.path("content"), path + ".content", budget);
        for (int i = 0; i < content.size(); i++) {
            out.addContent(token(content.get(i), path + ".content[" + i + "]", budget));
        }
        JsonNode refusal = tokens(logprobs.path("refusal"), path + ".refusal", budget);
        for (int i = 0; i < refusal.size(); i++) {
            out.addRefusal(token(refusal.get(i), path + ".refusal[" + i + "]", budget));
        }
        return Optional.of(out.build());
    }

    private static JsonNode tokens(JsonNode list, String path, Budget budget) {
        if (list.isMissingNode() || list.isNull()) {
            return list;
        }
        if (!list.isArray()) {
            throw OpenAiWireException.invalidType(path, "an array of tokens");
        }
        budget.take(list.size(), path);
        return list;
    }

    private static TokenLogprob token(JsonNode json, String path, Budget budget) {
        TokenLogprob.Builder token = TokenLogprob.newBuilder()
                .setToken(text(json, path))
                .setLogprob(logprob(json, path));
        bytes(json.path("bytes"), path + ".bytes").ifPresent(token::setBytes);
        JsonNode alternatives = json.path("top_logprobs");
        if (!alternatives.isMissingNode() && !alternatives.isNull()) {
            String alternativesPath = path + ".top_logprobs";
            if (!alternatives.isArray()) {
                throw OpenAiWireException.invalidType(alternativesPath, "an array");
            }
            budget.take(alternatives.size(), alternativesPath);
            for (int i = 0; i < alternatives.size(); i++) {
                JsonNode alternative = alternatives.get(i);
                String alternativePath = alternativesPath + "[" + i + "]";
                TopLogprob.Builder top = TopLogprob.newBuilder()
                        .setToken(text(alternative, alternativePath))
                        .setLogprob(logprob(alternative, alternativePath));
                bytes(alternative.path("bytes"), alternativePath + ".bytes").ifPresent(top::setBytes);
                token.addTopLogprobs(top);
            }
        }
        return token.build();
    }

    private static String text(JsonNode entry, String path) {
        JsonNode token = entry.path("token");
        if (!token.isTextual()) {
            throw OpenAiWireException.missing(path + ".token");
        }
        if (token.asText().length() > MAX_TOKEN_BYTES) {
            throw OpenAiWireException.invalidValue(path + ".token", "a token is longer than " + MAX_TOKEN_BYTES
                    + " characters.");
        }
        return token.asText();
    }

    private static double logprob(JsonNode entry, String path) {
        JsonNode logprob = entry.path("logprob");
        if (!logprob.isNumber()) {
            throw OpenAiWireException.invalidType(path + ".logprob", "a number");
        }
        return logprob.asDouble();
    }

    // null (a token without a byte representation) and missing are both "no bytes"
    private static Optional<ByteString> bytes(JsonNode bytes, String path) {
        if (bytes.isMissingNode() || bytes.isNull()) {
            return Optional.empty();
        }
        if (!bytes.isArray()) {
            throw OpenAiWireException.invalidType(path, "an array of bytes");
        }
        if (bytes.size() > MAX_TOKEN_BYTES) {
            throw OpenAiWireException.invalidValue(path, "a token has more than " + MAX_TOKEN_BYTES + " bytes.");
        }
        byte[] out = new byte[bytes.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode value = bytes.get(i);
            if (!value.isIntegralNumber() || value.asInt() < 0 || value.asInt() > 255) {
                throw OpenAiWireException.invalidValue(path + "[" + i + "]", "a value that is not a byte (0 to 255).");
            }
            out[i] = (byte) value.asInt();
        }
        return Optional.of(ByteString.copyFrom(out));
    }
}
