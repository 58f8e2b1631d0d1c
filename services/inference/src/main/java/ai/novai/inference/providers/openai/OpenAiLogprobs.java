package ai.novai.inference.providers.openai;

import java.util.Optional;

import ai.novai.upstream.UpstreamFailure;
import ai.novai.proto.inference.v1.ChoiceLogprobs;
import ai.novai.proto.inference.v1.TokenLogprob;
import ai.novai.proto.inference.v1.TopLogprob;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;

/**
 * Reads OpenAI's {@code choices[].logprobs} ({@code content} and {@code refusal} lists of
 * {@code ChatCompletionTokenLogprob}), bounded: an upstream can send any number of entries, and what it sends is
 * held in memory and passed on in one gRPC message, so every answer and every chunk has a {@link Budget} of
 * entries (a token or one of its alternatives), and a token at most {@link #MAX_TOKEN_BYTES} bytes. An answer
 * beyond them, or whose entries are not what OpenAI's schema says, is a broken upstream's: a failure, not a
 * truncated list that would no longer match the text.
 */
final class OpenAiLogprobs {

    /**
     * Entries of a whole answer, all choices together: 12,483 tokens with 20 alternatives each (about 6 MB of
     * protobuf, far below the gRPC response limit).
     */
    static final int MAX_ENTRIES_PER_ANSWER = 262_144;

    /** Entries of one chunk: a chunk carries a token or a few, each with at most 20 alternatives. */
    static final int MAX_ENTRIES_PER_CHUNK = 1_024;

    /** The longest token (in UTF-8 bytes, and in characters of its text): real tokens have tens at most. */
    static final int MAX_TOKEN_BYTES = 256;

    private OpenAiLogprobs() {
    }

    /** The entries an answer or a chunk may still carry. */
    static final class Budget {

        private final String providerName;
        private final String scope;
        private final int limit;
        private int left;

        private Budget(String providerName, String scope, int limit) {
            this.providerName = providerName;
            this.scope = scope;
            this.limit = limit;
            this.left = limit;
        }

        /** The budget of a whole answer. */
        static Budget answer(String providerName) {
            return new Budget(providerName, "an answer", MAX_ENTRIES_PER_ANSWER);
        }

        /** The budget of one chunk of a stream. */
        static Budget chunk(String providerName) {
            return new Budget(providerName, "a chunk", MAX_ENTRIES_PER_CHUNK);
        }

        // Checked before the entries are read, so that an array of any size costs nothing more.
        private void take(int entries) {
            if (entries > left) {
                throw new UpstreamFailure(UpstreamFailure.Kind.SERVER_ERROR, providerName
                        + " answered more log probabilities in " + scope + " than NovAI accepts (" + limit
                        + " entries)");
            }
            left -= entries;
        }

        private UpstreamFailure malformed(String what) {
            return new UpstreamFailure(UpstreamFailure.Kind.SERVER_ERROR, providerName
                    + " answered malformed log probabilities: " + what);
        }
    }

    /**
     * A choice's log probabilities.
     *
     * @param logprobs the choice's {@code logprobs} field
     * @return them, or empty when the upstream sent none ({@code null}, missing)
     * @throws UpstreamFailure when they exceed the budget or are not OpenAI's shape
     */
    static Optional<ChoiceLogprobs> read(JsonNode logprobs, Budget budget) {
        if (!logprobs.isObject()) {
            return Optional.empty();
        }
        ChoiceLogprobs.Builder out = ChoiceLogprobs.newBuilder();
        for (JsonNode token : tokens(logprobs.path("content"), budget)) {
            out.addContent(token(token, budget));
        }
        for (JsonNode token : tokens(logprobs.path("refusal"), budget)) {
            out.addRefusal(token(token, budget));
        }
        return Optional.of(out.build());
    }

    private static JsonNode tokens(JsonNode list, Budget budget) {
        if (list.isMissingNode() || list.isNull()) {
            return list;
        }
        if (!list.isArray()) {
            throw budget.malformed("a token list is not an array");
        }
        budget.take(list.size());
        return list;
    }

    private static TokenLogprob token(JsonNode json, Budget budget) {
        TokenLogprob.Builder token = TokenLogprob.newBuilder()
                .setToken(text(json, budget))
                .setLogprob(logprob(json, budget));
        bytes(json.path("bytes"), budget).ifPresent(token::setBytes);
        JsonNode alternatives = json.path("top_logprobs");
        if (!alternatives.isMissingNode() && !alternatives.isNull()) {
            if (!alternatives.isArray()) {
                throw budget.malformed("top_logprobs is not an array");
            }
            budget.take(alternatives.size());
            for (JsonNode alternative : alternatives) {
                TopLogprob.Builder top = TopLogprob.newBuilder()
                        .setToken(text(alternative, budget))
                        .setLogprob(logprob(alternative, budget));
                bytes(alternative.path("bytes"), budget).ifPresent(top::setBytes);
                token.addTopLogprobs(top);
            }
        }
        return token.build();
    }

    private static String text(JsonNode entry, Budget budget) {
        JsonNode token = entry.path("token");
        if (!token.isTextual()) {
            throw budget.malformed("an entry has no token");
        }
        if (token.asText().length() > MAX_TOKEN_BYTES) {
            throw budget.malformed("a token is longer than " + MAX_TOKEN_BYTES + " characters");
        }
        return token.asText();
    }

    private static double logprob(JsonNode entry, Budget budget) {
        JsonNode logprob = entry.path("logprob");
        if (!logprob.isNumber()) {
            throw budget.malformed("an entry has no numeric logprob");
        }
        return logprob.asDouble();
    }

    // null (a token without a byte representation) and missing are both "no bytes"
    private static Optional<ByteString> bytes(JsonNode bytes, Budget budget) {
        if (bytes.isMissingNode() || bytes.isNull()) {
            return Optional.empty();
        }
        if (!bytes.isArray()) {
            throw budget.malformed("bytes is not an array");
        }
        if (bytes.size() > MAX_TOKEN_BYTES) {
            throw budget.malformed("a token has more than " + MAX_TOKEN_BYTES + " bytes");
        }
        byte[] out = new byte[bytes.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode value = bytes.get(i);
            if (!value.isIntegralNumber() || value.asInt() < 0 || value.asInt() > 255) {
                throw budget.malformed("bytes holds a value that is not a byte (0 to 255)");
            }
            out[i] = (byte) value.asInt();
        }
        return Optional.of(ByteString.copyFrom(out));
    }
}
