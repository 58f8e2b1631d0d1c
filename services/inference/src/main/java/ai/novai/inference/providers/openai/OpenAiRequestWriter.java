package ai.novai.inference.providers.openai;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import ai.novai.upstream.UpstreamJson;
import ai.novai.inference.providers.ProviderCall;
import ai.novai.upstream.UpstreamRejection;
import ai.novai.proto.inference.v1.ChatMessage;
import ai.novai.proto.inference.v1.ChatRequest;
import ai.novai.proto.inference.v1.ContentPart;
import ai.novai.proto.inference.v1.FunctionDefinition;
import ai.novai.proto.inference.v1.ImageUrl;
import ai.novai.proto.inference.v1.JsonSchemaFormat;
import ai.novai.proto.inference.v1.ResponseFormat;
import ai.novai.proto.inference.v1.Role;
import ai.novai.proto.inference.v1.Tool;
import ai.novai.proto.inference.v1.ToolCall;
import ai.novai.proto.inference.v1.ToolChoice;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes NovAI's chat request as an OpenAI Chat Completions body. Only what the client set is sent, so
 * that every upstream applies its own defaults; JSON the client gave as text (tool parameters, response
 * schemas) is embedded as JSON, because upstreams reject a schema sent as a string. Streams always ask for
 * the usage chunk: billing must not depend on whether the client wanted usage.
 */
final class OpenAiRequestWriter {

    private final String maxTokensField;

    OpenAiRequestWriter(String maxTokensField) {
        this.maxTokensField = maxTokensField;
    }

    /** The body for a call, streamed or not. */
    ObjectNode write(ProviderCall call, boolean stream) {
        ChatRequest request = call.request();
        ObjectNode body = UpstreamJson.MAPPER.createObjectNode();
        body.put("model", call.deployment().upstreamModel());
        ArrayNode messages = body.putArray("messages");
        for (int i = 0; i < request.getMessagesCount(); i++) {
            messages.add(message(request.getMessages(i), i));
        }
        if (stream) {
            body.put("stream", true);
            body.putObject("stream_options").put("include_usage", true);
        }
        sampling(request, body);
        tools(request, body);
        if (request.hasResponseFormat()) {
            responseFormat(request.getResponseFormat(), body);
        }
        if (request.hasReasoningEffort()) {
            body.put("reasoning_effort", request.getReasoningEffort());
        }
        return body;
    }

    private void sampling(ChatRequest request, ObjectNode body) {
        if (request.hasTemperature()) {
            body.put("temperature", request.getTemperature());
        }
        if (request.hasTopP()) {
            body.put("top_p", request.getTopP());
        }
        if (request.hasMaxTokens()) {
            body.put(maxTokensField, request.getMaxTokens());
        }
        if (request.getStopCount() > 0) {
            ArrayNode stop = body.putArray("stop");
            request.getStopList().forEach(stop::add);
        }
        if (request.hasSeed()) {
            body.put("seed", request.getSeed());
        }
        if (!request.getUser().isEmpty()) {
            body.put("user", request.getUser());
        }
        if (request.hasN()) {
            body.put("n", request.getN());
        }
        if (request.hasPresencePenalty()) {
            body.put("presence_penalty", request.getPresencePenalty());
        }
        if (request.hasFrequencyPenalty()) {
            body.put("frequency_penalty", request.getFrequencyPenalty());
        }
        if (request.getLogitBiasCount() > 0) {
            ObjectNode bias = body.putObject("logit_bias");
            for (Map.Entry<String, Double> entry : request.getLogitBiasMap().entrySet()) {
                double value = entry.getValue();
                // whole biases as integers, which is what OpenAI documents and strict servers accept
                if (value == Math.rint(value)) {
                    bias.put(entry.getKey(), (long) value);
                } else {
                    bias.put(entry.getKey(), value);
                }
            }
        }
        if (request.hasLogprobs()) {
            body.put("logprobs", request.getLogprobs());
        }
        if (request.hasTopLogprobs()) {
            body.put("top_logprobs", request.getTopLogprobs());
        }
    }

    private static ObjectNode message(ChatMessage message, int index) {
        ObjectNode out = UpstreamJson.MAPPER.createObjectNode();
        out.put("role", role(message.getRole(), index));
        content(message, out);
        if (!message.getName().isEmpty()) {
            out.put("name", message.getName());
        }
        if (message.getToolCallsCount() > 0) {
            ArrayNode calls = out.putArray("tool_calls");
            for (ToolCall call : message.getToolCallsList()) {
                ObjectNode json = calls.addObject();
                json.put("id", call.getId());
                json.put("type", "function");
                json.putObject("function")
                        .put("name", call.getFunction().getName())
                        .put("arguments", call.getFunction().getArguments());
            }
        }
        if (!message.getToolCallId().isEmpty()) {
            out.put("tool_call_id", message.getToolCallId());
        }
        if (message.hasRefusal()) {
            out.put("refusal", message.getRefusal());
        }
        return out;
    }

    private static String role(Role role, int index) {
        return switch (role) {
            case ROLE_SYSTEM -> "system";
            case ROLE_DEVELOPER -> "developer";
            case ROLE_USER -> "user";
            case ROLE_ASSISTANT -> "assistant";
            case ROLE_TOOL -> "tool";
            case ROLE_UNSPECIFIED, UNRECOGNIZED -> throw new UpstreamRejection(
                    "messages[" + index + "] has no role", "messages[" + index + "].role");
        };
    }

    // One text part is sent as a plain string, which every OpenAI-compatible server understands; parts
    // only when there is more than that. An assistant message that only calls tools (or refuses) has
    // null content, as OpenAI itself writes it; other roles need content, if only an empty one.
    private static void content(ChatMessage message, ObjectNode out) {
        List<ContentPart> parts = message.getContentList();
        if (parts.size() == 1 && parts.getFirst().hasText()) {
            out.put("content", parts.getFirst().getText());
        } else if (parts.isEmpty()) {
            boolean contentOptional = message.getRole() == Role.ROLE_ASSISTANT
                    && (message.getToolCallsCount() > 0 || message.hasRefusal());
            if (contentOptional) {
                out.putNull("content");
            } else {
                out.put("content", "");
            }
        } else {
            ArrayNode array = out.putArray("content");
            for (ContentPart part : parts) {
                if (part.hasText()) {
                    array.addObject().put("type", "text").put("text", part.getText());
                } else {
                    ObjectNode image = array.addObject().put("type", "image_url").putObject("image_url");
                    image.put("url", part.getImageUrl().getUrl());
                    detail(part.getImageUrl()).ifPresent(detail -> image.put("detail", detail));
                }
            }
        }
    }

    private static Optional<String> detail(ImageUrl image) {
        return switch (image.getDetail()) {
            case IMAGE_DETAIL_AUTO -> Optional.of("auto");
            case IMAGE_DETAIL_LOW -> Optional.of("low");
            case IMAGE_DETAIL_HIGH -> Optional.of("high");
            case IMAGE_DETAIL_UNSPECIFIED, UNRECOGNIZED -> Optional.empty();
        };
    }

    private static void tools(ChatRequest request, ObjectNode body) {
        if (request.getToolsCount() > 0) {
            ArrayNode tools = body.putArray("tools");
            for (int i = 0; i < request.getToolsCount(); i++) {
                Tool tool = request.getTools(i);
                FunctionDefinition function = tool.getFunction();
                ObjectNode json = tools.addObject().put("type", "function").putObject("function");
                json.put("name", function.getName());
                if (!function.getDescription().isEmpty()) {
                    json.put("description", function.getDescription());
                }
                if (!function.getParametersJson().isBlank()) {
                    json.set("parameters", embedded(function.getParametersJson(),
                                                    "tools[" + i + "].function.parameters"));
                }
                if (function.hasStrict()) {
                    json.put("strict", function.getStrict());
                }
            }
        }
        if (request.hasToolChoice()) {
            ToolChoice choice = request.getToolChoice();
            switch (choice.getChoiceCase()) {
                case FUNCTION_NAME -> body.putObject("tool_choice")
                        .put("type", "function")
                        .putObject("function").put("name", choice.getFunctionName());
                case MODE -> {
                    switch (choice.getMode()) {
                        case TOOL_CHOICE_MODE_NONE -> body.put("tool_choice", "none");
                        case TOOL_CHOICE_MODE_AUTO -> body.put("tool_choice", "auto");
                        case TOOL_CHOICE_MODE_REQUIRED -> body.put("tool_choice", "required");
                        case TOOL_CHOICE_MODE_UNSPECIFIED, UNRECOGNIZED -> {
                            // the client did not choose: the upstream's default applies
                        }
                    }
                }
                case CHOICE_NOT_SET -> {
                    // the client did not choose: the upstream's default applies
                }
            }
        }
        if (request.hasParallelToolCalls()) {
            body.put("parallel_tool_calls", request.getParallelToolCalls());
        }
    }

    private static void responseFormat(ResponseFormat format, ObjectNode body) {
        switch (format.getType()) {
            case RESPONSE_FORMAT_TYPE_TEXT -> body.putObject("response_format").put("type", "text");
            case RESPONSE_FORMAT_TYPE_JSON_OBJECT -> body.putObject("response_format").put("type", "json_object");
            case RESPONSE_FORMAT_TYPE_JSON_SCHEMA -> {
                JsonSchemaFormat schema = format.getJsonSchema();
                ObjectNode json = body.putObject("response_format").put("type", "json_schema")
                        .putObject("json_schema");
                json.put("name", schema.getName());
                if (!schema.getDescription().isEmpty()) {
                    json.put("description", schema.getDescription());
                }
                if (!schema.getSchemaJson().isBlank()) {
                    json.set("schema", embedded(schema.getSchemaJson(), "response_format.json_schema.schema"));
                }
                if (schema.hasStrict()) {
                    json.put("strict", schema.getStrict());
                }
            }
            case RESPONSE_FORMAT_TYPE_UNSPECIFIED, UNRECOGNIZED -> {
                // no format asked: the upstream's default (text) applies
            }
        }
    }

    private static JsonNode embedded(String json, String param) {
        try {
            return UpstreamJson.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UpstreamRejection(param + " is not valid JSON: " + e.getOriginalMessage(), param);
        }
    }
}
