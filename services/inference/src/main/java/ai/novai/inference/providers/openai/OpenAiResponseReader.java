package ai.novai.inference.providers.openai;

import java.util.Optional;

import ai.novai.common.openai.ChunkWire;
import ai.novai.common.openai.CompletionWire;
import ai.novai.common.openai.IdSource;
import ai.novai.common.openai.OpenAiWireException;
import ai.novai.common.openai.WireFields;
import ai.novai.inference.providers.CompletionIds;
import ai.novai.inference.providers.ProviderCall;
import ai.novai.upstream.UpstreamFailure;
import ai.novai.proto.inference.v1.ChatCompletion;
import ai.novai.proto.inference.v1.ChatCompletionChunk;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads an upstream's completion and chunk JSON into NovAI's messages with the shared codec
 * ({@link CompletionWire}, {@link ChunkWire}: lenient where OpenAI-compatible servers differ from OpenAI without
 * changing the meaning, bounded log probabilities) and puts the answer in NovAI's terms: NovAI's model id, the
 * deployment as provider, NovAI's ids where the upstream gave none. An answer the codec finds malformed, and an
 * error object in a 200, are the upstream's failure ({@link UpstreamFailure.Kind#SERVER_ERROR}).
 */
final class OpenAiResponseReader {

    private static final IdSource IDS = new IdSource() {
        @Override
        public String completion() {
            return CompletionIds.completion();
        }

        @Override
        public String toolCall() {
            return CompletionIds.toolCall();
        }
    };

    private OpenAiResponseReader() {
    }

    /** A whole completion, in NovAI's terms: NovAI's model id, the deployment as provider. */
    static ChatCompletion completion(JsonNode json, ProviderCall call) {
        String providerName = call.provider().name();
        if (json.hasNonNull("error")) {
            throw new UpstreamFailure(UpstreamFailure.Kind.SERVER_ERROR, providerName + " answered an error: "
                    + errorMessage(json.get("error")));
        }
        try {
            return CompletionWire.read(json, IDS).toBuilder()
                    .setModel(call.model().id())
                    .setProvider(call.deployment().name())
                    .build();
        } catch (OpenAiWireException e) {
            throw malformed(providerName, "completion", e);
        }
    }

    /**
     * One chunk's choices, each reduced to what it carries; a choice that carries nothing (no role, text,
     * tool call, log probabilities or finish reason) is left out. Usage is not read here: see {@link OpenAiStream}.
     *
     * @param json         the chunk's JSON
     * @param template     the chunk's id, created, model and provider, with no choices
     * @param providerName the provider, for failures
     * @return the chunk, or empty when none of its choices carries anything
     */
    static Optional<ChatCompletionChunk> chunk(JsonNode json, ChatCompletionChunk template, String providerName) {
        try {
            return ChunkWire.read(json, template, IDS);
        } catch (OpenAiWireException e) {
            throw malformed(providerName, "chunk", e);
        }
    }

    /** The message of an error object (or of an error given as a bare string). */
    static String errorMessage(JsonNode error) {
        return WireFields.text(error.path("message")).or(() -> WireFields.text(error)).orElse(error.toString());
    }

    private static UpstreamFailure malformed(String providerName, String what, OpenAiWireException cause) {
        return new UpstreamFailure(UpstreamFailure.Kind.SERVER_ERROR, providerName + " answered a malformed " + what
                + ": " + cause.getMessage(), Optional.empty(), cause);
    }
}
