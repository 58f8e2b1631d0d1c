package ai.novai.gateway.chat;

import java.util.List;

import ai.novai.gateway.http.Json;
import ai.novai.proto.inference.v1.ChatCompletion;
import ai.novai.proto.inference.v1.ChatCompletionChunk;
import ai.novai.proto.inference.v1.ChatMessage;
import ai.novai.proto.inference.v1.Choice;
import ai.novai.proto.inference.v1.ChoiceLogprobs;
import ai.novai.proto.inference.v1.ChunkChoice;
import ai.novai.proto.inference.v1.ContentPart;
import ai.novai.proto.inference.v1.Delta;
import ai.novai.proto.inference.v1.FinishReason;
import ai.novai.proto.inference.v1.TokenLogprob;
import ai.novai.proto.inference.v1.ToolCall;
import ai.novai.proto.inference.v1.ToolCallDelta;
import ai.novai.proto.inference.v1.TopLogprob;
import ai.novai.proto.inference.v1.Usage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;

/**
 * The internal answers written as OpenAI writes them: {@code chat.completion} and
 * {@code chat.completion.chunk} objects, with each choice's {@code logprobs} ({@code null} unless the request
 * asked for them and the model returned them).
 */
public final class ChatJson {

    private ChatJson() {
    }

    public static ObjectNode completion(ChatCompletion completion) {
        ObjectNode json = Json.mapper().createObjectNode();
        json.put("id", completion.getId());
        json.put("object", "chat.completion");
        json.put("created", completion.getCreated());
        json.put("model", completion.getModel());
        if (!completion.getSystemFingerprint().isEmpty()) {
            json.put("system_fingerprint", completion.getSystemFingerprint());
        }
        ArrayNode choices = json.putArray("choices");
        for (Choice choice : completion.getChoicesList()) {
            ObjectNode item = choices.addObject();
            item.put("index", choice.getIndex());
            item.set("message", message(choice.getMessage()));
            item.set("logprobs", choice.hasLogprobs() ? logprobs(choice.getLogprobs()) : NullNode.getInstance());
            item.put("finish_reason", finishReason(choice.getFinishReason()));
        }
        json.set("usage", usage(completion.getUsage()));
        return json;
    }

    static ObjectNode chunk(ChatCompletionChunk chunk, boolean includeUsage) {
        ObjectNode json = Json.mapper().createObjectNode();
        json.put("id", chunk.getId());
        json.put("object", "chat.completion.chunk");
        json.put("created", chunk.getCreated());
        json.put("model", chunk.getModel());
        if (!chunk.getSystemFingerprint().isEmpty()) {
            json.put("system_fingerprint", chunk.getSystemFingerprint());
        }
        ArrayNode choices = json.putArray("choices");
        for (ChunkChoice choice : chunk.getChoicesList()) {
            ObjectNode item = choices.addObject();
            item.put("index", choice.getIndex());
            item.set("delta", delta(choice.getDelta()));
            item.set("logprobs", choice.hasLogprobs() ? logprobs(choice.getLogprobs()) : NullNode.getInstance());
            if (choice.getFinishReason() == FinishReason.FINISH_REASON_UNSPECIFIED) {
                item.putNull("finish_reason");
            } else {
                item.put("finish_reason", finishReason(choice.getFinishReason()));
            }
        }
        if (includeUsage) {
            if (chunk.hasUsage()) {
                json.set("usage", usage(chunk.getUsage()));
            } else {
                json.putNull("usage");
            }
        }
        return json;
    }

    private static ObjectNode message(ChatMessage message) {
        ObjectNode json = Json.mapper().createObjectNode();
        json.put("role", "assistant");
        StringBuilder text = new StringBuilder();
        for (ContentPart part : message.getContentList()) {
            text.append(part.getText());
        }
        if (message.getContentCount() == 0) {
            json.putNull("content");
        } else {
            json.put("content", text.toString());
        }
        if (message.hasRefusal()) {
            json.put("refusal", message.getRefusal());
        } else {
            json.putNull("refusal");
        }
        if (message.getToolCallsCount() > 0) {
            ArrayNode calls = json.putArray("tool_calls");
            for (ToolCall call : message.getToolCallsList()) {
                ObjectNode item = calls.addObject();
                item.put("id", call.getId());
                item.put("type", "function");
                ObjectNode function = item.putObject("function");
                function.put("name", call.getFunction().getName());
                function.put("arguments", call.getFunction().getArguments());
            }
        }
        json.putArray("annotations");
        return json;
    }

    private static ObjectNode delta(Delta delta) {
        ObjectNode json = Json.mapper().createObjectNode();
        if (delta.hasRole()) {
            json.put("role", "assistant");
        }
        if (delta.hasContent()) {
            json.put("content", delta.getContent());
        }
        if (delta.hasRefusal()) {
            json.put("refusal", delta.getRefusal());
        }
        if (delta.getToolCallsCount() > 0) {
            ArrayNode calls = json.putArray("tool_calls");
            for (ToolCallDelta call : delta.getToolCallsList()) {
                ObjectNode item = calls.addObject();
                item.put("index", call.getIndex());
                if (call.hasId()) {
                    item.put("id", call.getId());
                    item.put("type", "function");
                }
                ObjectNode function = item.putObject("function");
                if (call.hasFunctionName()) {
                    function.put("name", call.getFunctionName());
                }
                function.put("arguments", call.getArgumentsFragment());
            }
        }
        return json;
    }

    // OpenAI's choices[].logprobs; an empty list is written as null, as OpenAI writes the list of a part it did not say
    private static ObjectNode logprobs(ChoiceLogprobs logprobs) {
        ObjectNode json = Json.mapper().createObjectNode();
        json.set("content", tokens(logprobs.getContentList()));
        json.set("refusal", tokens(logprobs.getRefusalList()));
        return json;
    }

    private static JsonNode tokens(List<TokenLogprob> tokens) {
        if (tokens.isEmpty()) {
            return NullNode.getInstance();
        }
        ArrayNode json = Json.mapper().createArrayNode();
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
        ArrayNode json = Json.mapper().createArrayNode();
        for (int i = 0; i < bytes.size(); i++) {
            json.add(Byte.toUnsignedInt(bytes.byteAt(i)));
        }
        return json;
    }

    private static ObjectNode usage(Usage usage) {
        ObjectNode json = Json.mapper().createObjectNode();
        json.put("prompt_tokens", usage.getPromptTokens());
        json.put("completion_tokens", usage.getCompletionTokens());
        json.put("total_tokens", usage.getTotalTokens());
        json.putObject("prompt_tokens_details").put("cached_tokens", usage.getCachedPromptTokens());
        json.putObject("completion_tokens_details").put("reasoning_tokens", usage.getReasoningTokens());
        return json;
    }

    static String finishReason(FinishReason reason) {
        return switch (reason) {
            case FINISH_REASON_LENGTH -> "length";
            case FINISH_REASON_TOOL_CALLS -> "tool_calls";
            case FINISH_REASON_CONTENT_FILTER -> "content_filter";
            default -> "stop";
        };
    }
}
