package ai.novai.inference.providers.gemini;

import java.time.Instant;

import ai.novai.inference.providers.CompletionIds;
import ai.novai.inference.providers.RequestParts;
import ai.novai.inference.providers.ProviderCall;
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
 * Reads a Gemini {@code GenerateContentResponse} into NovAI's completion: each candidate a choice, its text parts
 * the content (thought summaries left out), its {@code functionCall} parts the tool calls, its
 * {@code finishReason} the finish reason, {@code usageMetadata} the usage. A prompt Gemini blocked
 * ({@code promptFeedback.blockReason}, no candidates) is an empty answer finished by the content filter, as
 * OpenAI reports a filtered completion. Also holds the mappings the stream shares.
 */
final class GeminiResponseReader {

    private GeminiResponseReader() {
    }

    /** The completion for a whole response. */
    static ChatCompletion completion(JsonNode response, ProviderCall call, String providerName) {
        JsonNode candidates = response.path("candidates");
        ChatCompletion.Builder completion = ChatCompletion.newBuilder()
                .setId(id(response))
                .setCreated(Instant.now().getEpochSecond())
                .setModel(call.model().id())
                .setProvider(call.deployment().name())
                .setUsage(usage(response.path("usageMetadata")));
        if (!candidates.isArray() || candidates.isEmpty()) {
            if (!response.path("promptFeedback").hasNonNull("blockReason")) {
                throw new UpstreamFailure(UpstreamFailure.Kind.SERVER_ERROR,
                                          providerName + " answered without candidates");
            }
            return completion.addChoices(Choice.newBuilder()
                                                 .setIndex(0)
                                                 .setMessage(ChatMessage.newBuilder().setRole(Role.ROLE_ASSISTANT)
                                                                     .addContent(ContentPart.newBuilder().setText("")))
                                                 .setFinishReason(FinishReason.FINISH_REASON_CONTENT_FILTER))
                    .build();
        }
        int position = 0;
        for (JsonNode candidate : candidates) {
            completion.addChoices(choice(candidate, position++));
        }
        return completion.build();
    }

    private static Choice choice(JsonNode candidate, int position) {
        StringBuilder text = new StringBuilder();
        ChatMessage.Builder reply = ChatMessage.newBuilder().setRole(Role.ROLE_ASSISTANT);
        for (JsonNode part : candidate.path("content").path("parts")) {
            if (isAnswerText(part)) {
                text.append(part.get("text").asText());
            } else if (part.has("functionCall")) {
                reply.addToolCalls(toolCall(part.get("functionCall")));
            }
        }
        if (!text.isEmpty() || reply.getToolCallsCount() == 0) {
            reply.addContent(ContentPart.newBuilder().setText(text.toString()));
        }
        return Choice.newBuilder()
                .setIndex(candidate.path("index").asInt(position))
                .setMessage(reply)
                .setFinishReason(finishReason(candidate.path("finishReason").asText(""),
                                              reply.getToolCallsCount() > 0))
                .build();
    }

    /** Whether a part is text of the answer (not a thought summary). */
    static boolean isAnswerText(JsonNode part) {
        return part.path("text").isTextual() && !part.path("thought").asBoolean(false);
    }

    /** A {@code functionCall} as a tool call; Gemini names calls only in newer versions, so an id is made if absent. */
    static ToolCall toolCall(JsonNode functionCall) {
        String id = functionCall.path("id").asText("");
        return ToolCall.newBuilder()
                .setId(id.isEmpty() ? CompletionIds.toolCall() : id)
                .setFunction(FunctionCall.newBuilder()
                                     .setName(functionCall.path("name").asText())
                                     .setArguments(RequestParts.arguments(functionCall.path("args"))))
                .build();
    }

    /**
     * Gemini's {@code finishReason} as an OpenAI finish reason: a turn that called functions ends in
     * {@code tool_calls}; the safety, recitation and blocklist stops in {@code content_filter}.
     */
    static FinishReason finishReason(String reason, boolean calledFunctions) {
        return switch (reason) {
            case "MAX_TOKENS" -> FinishReason.FINISH_REASON_LENGTH;
            case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY" ->
                    FinishReason.FINISH_REASON_CONTENT_FILTER;
            default -> calledFunctions ? FinishReason.FINISH_REASON_TOOL_CALLS : FinishReason.FINISH_REASON_STOP;
        };
    }

    /**
     * Usage in OpenAI's terms: Gemini counts thinking ({@code thoughtsTokenCount}) apart from the candidates'
     * tokens, while OpenAI's {@code completion_tokens} include reasoning; tool-use prompt tokens are prompt tokens.
     */
    static Usage usage(JsonNode metadata) {
        int prompt = metadata.path("promptTokenCount").asInt(0) + metadata.path("toolUsePromptTokenCount").asInt(0);
        int thoughts = metadata.path("thoughtsTokenCount").asInt(0);
        int completion = metadata.path("candidatesTokenCount").asInt(0) + thoughts;
        return Usage.newBuilder()
                .setPromptTokens(prompt)
                .setCompletionTokens(completion)
                .setTotalTokens(prompt + completion)
                .setCachedPromptTokens(metadata.path("cachedContentTokenCount").asInt(0))
                .setReasoningTokens(thoughts)
                .build();
    }

    /** The response's id, or a new one when Gemini sent none. */
    static String id(JsonNode response) {
        String id = response.path("responseId").asText("");
        return id.isEmpty() ? CompletionIds.completion() : "chatcmpl-" + id;
    }
}
