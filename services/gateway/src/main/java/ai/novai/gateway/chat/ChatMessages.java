package ai.novai.gateway.chat;

import ai.novai.gateway.errors.ApiException;
import ai.novai.proto.inference.v1.ChatMessage;
import ai.novai.proto.inference.v1.ChatRequest;
import ai.novai.proto.inference.v1.ContentPart;
import ai.novai.proto.inference.v1.FunctionCall;
import ai.novai.proto.inference.v1.ImageDetail;
import ai.novai.proto.inference.v1.ImageUrl;
import ai.novai.proto.inference.v1.Role;
import ai.novai.proto.inference.v1.ToolCall;
import com.fasterxml.jackson.databind.JsonNode;

import static ai.novai.gateway.http.JsonFields.field;
import static ai.novai.gateway.http.JsonFields.invalidType;
import static ai.novai.gateway.http.JsonFields.invalidValue;
import static ai.novai.gateway.http.JsonFields.required;
import static ai.novai.gateway.http.JsonFields.string;

/**
 * Reads {@code messages}: the roles OpenAI defines, each with the content it may have.
 */
final class ChatMessages {

    private static final int MAX_MESSAGES = 2048;

    private ChatMessages() {
    }

    static void read(JsonNode messages, ChatRequest.Builder request) {
        if (!messages.isArray()) {
            throw invalidType("messages", "an array");
        }
        if (messages.isEmpty()) {
            throw invalidValue("messages", "at least one message is required.");
        }
        if (messages.size() > MAX_MESSAGES) {
            throw invalidValue("messages", "at most " + MAX_MESSAGES + " messages are allowed.");
        }
        for (int i = 0; i < messages.size(); i++) {
            request.addMessages(message(messages.get(i), "messages[" + i + "]"));
        }
    }

    private static ChatMessage message(JsonNode message, String path) {
        if (!message.isObject()) {
            throw invalidType(path, "an object");
        }
        JsonNode roleField = required(message, "role", path + ".role");
        Role role = switch (roleField.isTextual() ? roleField.asText() : "") {
            case "system" -> Role.ROLE_SYSTEM;
            case "developer" -> Role.ROLE_DEVELOPER;
            case "user" -> Role.ROLE_USER;
            case "assistant" -> Role.ROLE_ASSISTANT;
            case "tool" -> Role.ROLE_TOOL;
            case "function" -> throw ApiException.badRequest("'function' messages (the deprecated function calling) "
                    + "are not supported; use 'tool' messages.", path + ".role", "unsupported_parameter");
            default -> throw invalidValue(path + ".role", "expected 'system', 'developer', 'user', 'assistant' or "
                    + "'tool', got " + roleField + ".");
        };
        ChatMessage.Builder result = ChatMessage.newBuilder().setRole(role);
        string(message, "name", path + ".name").ifPresent(result::setName);
        switch (role) {
            case ROLE_ASSISTANT -> assistant(message, path, result);
            case ROLE_TOOL -> {
                content(required(message, "content", path + ".content"), path + ".content", false, result);
                result.setToolCallId(string(message, "tool_call_id", path + ".tool_call_id").orElseThrow(
                        () -> ApiException.badRequest("Missing required parameter: '" + path + ".tool_call_id'.",
                                                      path + ".tool_call_id", "missing_required_parameter")));
            }
            case ROLE_USER -> content(required(message, "content", path + ".content"), path + ".content", true, result);
            default -> content(required(message, "content", path + ".content"), path + ".content", false, result);
        }
        return result.build();
    }

    private static void assistant(JsonNode message, String path, ChatMessage.Builder result) {
        field(message, "content").ifPresent(content -> content(content, path + ".content", false, result));
        string(message, "refusal", path + ".refusal").ifPresent(result::setRefusal);
        field(message, "tool_calls").ifPresent(calls -> {
            if (!calls.isArray()) {
                throw invalidType(path + ".tool_calls", "an array");
            }
            for (int i = 0; i < calls.size(); i++) {
                result.addToolCalls(toolCall(calls.get(i), path + ".tool_calls[" + i + "]"));
            }
        });
        if (result.getContentCount() == 0 && result.getToolCallsCount() == 0 && !result.hasRefusal()) {
            throw ApiException.badRequest("Missing required parameter: '" + path + ".content' (or 'tool_calls').",
                                          path + ".content", "missing_required_parameter");
        }
    }

    private static ToolCall toolCall(JsonNode call, String path) {
        if (!call.isObject()) {
            throw invalidType(path, "an object");
        }
        String id = string(call, "id", path + ".id").orElseThrow(() -> ApiException.badRequest(
                "Missing required parameter: '" + path + ".id'.", path + ".id", "missing_required_parameter"));
        string(call, "type", path + ".type").filter(type -> !type.equals("function")).ifPresent(type -> {
            throw invalidValue(path + ".type", "only 'function' tool calls are supported.");
        });
        JsonNode function = required(call, "function", path + ".function");
        String name = string(function, "name", path + ".function.name").orElseThrow(() -> ApiException.badRequest(
                "Missing required parameter: '" + path + ".function.name'.", path + ".function.name",
                "missing_required_parameter"));
        String arguments = string(function, "arguments", path + ".function.arguments").orElse("{}");
        return ToolCall.newBuilder()
                .setId(id)
                .setFunction(FunctionCall.newBuilder().setName(name).setArguments(arguments))
                .build();
    }

    private static void content(JsonNode content, String path, boolean imagesAllowed, ChatMessage.Builder result) {
        if (content.isTextual()) {
            result.addContent(ContentPart.newBuilder().setText(content.asText()));
            return;
        }
        if (!content.isArray()) {
            throw invalidType(path, "a string or an array of content parts");
        }
        if (content.isEmpty()) {
            throw invalidValue(path, "an array of content parts must not be empty.");
        }
        for (int i = 0; i < content.size(); i++) {
            result.addContent(part(content.get(i), path + "[" + i + "]", imagesAllowed));
        }
    }

    private static ContentPart part(JsonNode part, String path, boolean imagesAllowed) {
        if (!part.isObject()) {
            throw invalidType(path, "an object");
        }
        String type = string(part, "type", path + ".type").orElseThrow(() -> ApiException.badRequest(
                "Missing required parameter: '" + path + ".type'.", path + ".type", "missing_required_parameter"));
        return switch (type) {
            case "text" -> ContentPart.newBuilder().setText(string(part, "text", path + ".text").orElseThrow(
                    () -> ApiException.badRequest("Missing required parameter: '" + path + ".text'.", path + ".text",
                                                  "missing_required_parameter"))).build();
            case "image_url" -> {
                if (!imagesAllowed) {
                    throw invalidValue(path + ".type", "images are only allowed in user messages.");
                }
                yield ContentPart.newBuilder().setImageUrl(image(required(part, "image_url", path + ".image_url"),
                                                                 path + ".image_url")).build();
            }
            default -> throw invalidValue(path + ".type", "expected 'text'" + (imagesAllowed ? " or 'image_url'" : "")
                    + ", got '" + type + "'.");
        };
    }

    private static ImageUrl image(JsonNode image, String path) {
        String url = string(image, "url", path + ".url").orElseThrow(() -> ApiException.badRequest(
                "Missing required parameter: '" + path + ".url'.", path + ".url", "missing_required_parameter"));
        if (!url.startsWith("https://") && !url.startsWith("http://") && !url.startsWith("data:image/")) {
            throw invalidValue(path + ".url", "expected an http(s) URL or a data:image/... URI.");
        }
        ImageDetail detail = switch (string(image, "detail", path + ".detail").orElse("auto")) {
            case "auto" -> ImageDetail.IMAGE_DETAIL_AUTO;
            case "low" -> ImageDetail.IMAGE_DETAIL_LOW;
            case "high" -> ImageDetail.IMAGE_DETAIL_HIGH;
            default -> throw invalidValue(path + ".detail", "expected 'auto', 'low' or 'high'.");
        };
        return ImageUrl.newBuilder().setUrl(url).setDetail(detail).build();
    }
}
