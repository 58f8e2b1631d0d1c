package ai.novai.inference.providers.anthropic;

import java.time.Instant;

import ai.novai.inference.providers.CompletionIds;
import ai.novai.inference.providers.RequestParts;
import ai.novai.inference.providers.ProviderCall;
import ai.novai.upstream.UpstreamFailure;
import ai.novai.proto.inference.v1.ChatCompletion;
import ai.novai.proto.inference.v1.ChatMessage;
import ai.novai.proto.inference.v1.Choice;
import ai.novai.proto.inference.v1.ContentPart;
import ai.novai.proto.inference.v1.FinishReason;
import ai.novai.proto.inference.v1.FunctionCall;
import ai.novai.proto.inference.v1.Role;
import ai.novai.proto.inference.v1.ToolCall;
import ai.novai.proto.inference.v1.Usage;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads a Messages API response (a {@code message} object) into NovAI's completion: text blocks become
 * the content, {@code tool_use} blocks the tool calls, {@code stop_reason} the finish reason. Block types
 * NovAI does not expose (thinking, server tools) are skipped. Also holds the mappings the stream shares.
 */
final class AnthropicResponseReader {

    private AnthropicResponseReader() {
    }

    /** The completion for a whole {@code message} object. */
    static ChatCompletion completion(JsonNode message, ProviderCall call, String providerName) {
        JsonNode content = message.path("content");
        if (!content.isArray()) {
            throw new UpstreamFailure(UpstreamFailure.Kind.SERVER_ERROR,
                                      providerName + " answered a message without content blocks");
        }
        StringBuilder text = new StringBuilder();
        ChatMessage.Builder reply = ChatMessage.newBuilder().setRole(Role.ROLE_ASSISTANT);
        for (JsonNode block : content) {
            switch (block.path("type").asText()) {
                case "text" -> text.append(block.path("text").asText());
                case "tool_use" -> reply.addToolCalls(ToolCall.newBuilder()
                        .setId(block.path("id").asText())
                        .setFunction(FunctionCall.newBuilder()
                                             .setName(block.path("name").asText())
                                             .setArguments(RequestParts.arguments(block.path("input")))));
                default -> {
                    // thinking, redacted_thinking, server tool blocks: not part of an OpenAI answer
                }
            }
        }
        if (!text.isEmpty() || reply.getToolCallsCount() == 0) {
            reply.addContent(ContentPart.newBuilder().setText(text.toString()));
        }
        return ChatCompletion.newBuilder()
                .setId(message.path("id").asText(CompletionIds.completion()))
                .setCreated(Instant.now().getEpochSecond())
                .setModel(call.model().id())
                .setProvider(call.deployment().name())
                .addChoices(Choice.newBuilder()
                                    .setIndex(0)
                                    .setMessage(reply)
                                    .setFinishReason(finishReason(message.path("stop_reason").asText(""))))
                .setUsage(usage(message.path("usage")))
                .build();
    }

    /**
     * Anthropic's {@code stop_reason} as an OpenAI finish reason. {@code pause_turn} (a long server-side
     * turn paused) and unknown reasons end the turn as a plain stop.
     */
    static FinishReason finishReason(String stopReason) {
        return switch (stopReason) {
            case "max_tokens", "model_context_window_exceeded" -> FinishReason.FINISH_REASON_LENGTH;
            case "tool_use" -> FinishReason.FINISH_REASON_TOOL_CALLS;
            case "refusal" -> FinishReason.FINISH_REASON_CONTENT_FILTER;
            default -> FinishReason.FINISH_REASON_STOP;
        };
    }

    /** Usage from an Anthropic {@code usage} object. */
    static Usage usage(JsonNode usage) {
        return usage(usage.path("input_tokens").asInt(0), usage.path("cache_read_input_tokens").asInt(0),
                     usage.path("cache_creation_input_tokens").asInt(0), usage.path("output_tokens").asInt(0));
    }

    /**
     * Usage in OpenAI's terms: Anthropic counts cached prompt tokens apart from {@code input_tokens}, while
     * OpenAI's {@code prompt_tokens} include them, so cache reads and writes are added in.
     */
    static Usage usage(int input, int cacheRead, int cacheCreation, int output) {
        int prompt = input + cacheRead + cacheCreation;
        return Usage.newBuilder()
                .setPromptTokens(prompt)
                .setCompletionTokens(output)
                .setTotalTokens(prompt + output)
                .setCachedPromptTokens(cacheRead)
                .build();
    }
}
