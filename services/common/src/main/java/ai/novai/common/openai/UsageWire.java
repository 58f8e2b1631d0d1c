package ai.novai.common.openai;

import java.util.Optional;

import ai.novai.proto.inference.v1.Usage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code usage}: token counts, with the cached-prompt and reasoning details. */
public final class UsageWire {

    private UsageWire() {
    }

    /** Writes usage as OpenAI does, details included. */
    public static ObjectNode write(Usage usage) {
        ObjectNode json = WireJson.object();
        json.put("prompt_tokens", usage.getPromptTokens());
        json.put("completion_tokens", usage.getCompletionTokens());
        json.put("total_tokens", usage.getTotalTokens());
        json.putObject("prompt_tokens_details").put("cached_tokens", usage.getCachedPromptTokens());
        json.putObject("completion_tokens_details").put("reasoning_tokens", usage.getReasoningTokens());
        return json;
    }

    /** An upstream's usage, with the details when it gives them; empty when it gave none. */
    public static Optional<Usage> read(JsonNode usage) {
        if (!usage.isObject()) {
            return Optional.empty();
        }
        int prompt = usage.path("prompt_tokens").asInt(0);
        int completion = usage.path("completion_tokens").asInt(0);
        JsonNode cached = usage.path("prompt_tokens_details").path("cached_tokens");
        return Optional.of(Usage.newBuilder()
                                   .setPromptTokens(prompt)
                                   .setCompletionTokens(completion)
                                   .setTotalTokens(usage.path("total_tokens").asInt(prompt + completion))
                                   // DeepSeek reports its cache hits under its own name
                                   .setCachedPromptTokens(cached.isNumber() ? cached.asInt()
                                                                  : usage.path("prompt_cache_hit_tokens").asInt(0))
                                   .setReasoningTokens(usage.path("completion_tokens_details")
                                                               .path("reasoning_tokens").asInt(0))
                                   .build());
    }
}
