package ai.novai.inference.providers.bedrock;

import java.time.Instant;

import ai.novai.inference.providers.CompletionIds;
import ai.novai.inference.providers.ProviderCall;
import ai.novai.inference.providers.RequestParts;
import ai.novai.proto.inference.v1.ChatCompletion;
import ai.novai.proto.inference.v1.ChatMessage;
import ai.novai.proto.inference.v1.Choice;
import ai.novai.proto.inference.v1.ContentPart;
import ai.novai.proto.inference.v1.FinishReason;
import ai.novai.proto.inference.v1.FunctionCall;
import ai.novai.proto.inference.v1.Role;
import ai.novai.proto.inference.v1.ToolCall;
import ai.novai.proto.inference.v1.Usage;
import ai.novai.upstream.UpstreamFailure;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads a Converse response into NovAI's completion: {@code output.message.content}'s text blocks become the
 * content, its {@code toolUse} blocks the tool calls, {@code stopReason} the finish reason, {@code usage} the usage.
 * Block kinds NovAI does not expose (reasoning, citations, guard content) are skipped. Also holds the mappings
 * the stream shares. Converse gives an answer no id: NovAI makes one.
 */
final class BedrockResponseReader {

    private BedrockResponseReader() {
    }

    /** The completion for a whole Converse response. */
    static ChatCompletion completion(JsonNode response, ProviderCall call, String providerName) {
        JsonNode content = response.path("output").path("message").path("content");
        if (!content.isArray()) {
            throw new UpstreamFailure(UpstreamFailure.Kind.SERVER_ERROR,
                                      providerName + " answered without output.message.content");
        }
        StringBuilder text = new StringBuilder();
        ChatMessage.Builder reply = ChatMessage.newBuilder().setRole(Role.ROLE_ASSISTANT);
        for (JsonNode block : content) {
            if (block.path("text").isTextual()) {
                text.append(block.path("text").asText());
            } else if (block.path("toolUse").isObject()) {
                JsonNode toolUse = block.path("toolUse");
                reply.addToolCalls(ToolCall.newBuilder()
                                           .setId(toolUse.path("toolUseId").asText())
                                           .setFunction(FunctionCall.newBuilder()
                                                                .setName(toolUse.path("name").asText())
                                                                .setArguments(RequestParts.arguments(toolUse.path("input")))));
            }
        }
        if (!text.isEmpty() || reply.getToolCallsCount() == 0) {
            reply.addContent(ContentPart.newBuilder().setText(text.toString()));
        }
        return ChatCompletion.newBuilder()
                .setId(CompletionIds.completion())
                .setCreated(Instant.now().getEpochSecond())
                .setModel(call.model().id())
                .setProvider(call.deployment().name())
                .addChoices(Choice.newBuilder()
                                    .setIndex(0)
                                    .setMessage(reply)
                                    .setFinishReason(finishReason(response.path("stopReason").asText(""))))
                .setUsage(usage(response.path("usage")))
                .build();
    }

    /**
     * Converse's {@code stopReason} as an OpenAI finish reason; unknown reasons end the turn as a plain stop.
     */
    static FinishReason finishReason(String stopReason) {
        return switch (stopReason) {
            case "max_tokens", "model_context_window_exceeded" -> FinishReason.FINISH_REASON_LENGTH;
            case "tool_use" -> FinishReason.FINISH_REASON_TOOL_CALLS;
            case "guardrail_intervened", "content_filtered" -> FinishReason.FINISH_REASON_CONTENT_FILTER;
            default -> FinishReason.FINISH_REASON_STOP;
        };
    }

    /**
     * Usage in OpenAI's terms from a Converse {@code usage} object: Converse counts prompt tokens read from or
     * written to its cache apart from {@code inputTokens}, while OpenAI's {@code prompt_tokens} include them, so
     * they are added in; the cache reads are also the cached prompt tokens.
     */
    static Usage usage(JsonNode usage) {
        int cacheRead = usage.path("cacheReadInputTokens").asInt(0);
        int prompt = usage.path("inputTokens").asInt(0) + cacheRead + usage.path("cacheWriteInputTokens").asInt(0);
        int output = usage.path("outputTokens").asInt(0);
        return Usage.newBuilder()
                .setPromptTokens(prompt)
                .setCompletionTokens(output)
                .setTotalTokens(prompt + output)
                .setCachedPromptTokens(cacheRead)
                .build();
    }
}
