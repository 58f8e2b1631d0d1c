package ai.novai.common.openai;

import java.util.Optional;

import ai.novai.proto.inference.v1.ChatMessage;
import ai.novai.proto.inference.v1.ChatRequest;
import ai.novai.proto.inference.v1.Role;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import static ai.novai.common.openai.WireFields.field;
import static ai.novai.common.openai.WireFields.required;
import static ai.novai.common.openai.WireFields.requiredString;
import static ai.novai.common.openai.WireFields.string;

/**
 * {@code messages}: the roles OpenAI defines, each with the content it may have, and the assistant message of an
 * answer ({@code choices[].message}).
 */
public final class MessagesWire {

    /** Most messages a request may have. */
    public static final int MAX_MESSAGES = 2048;

    private MessagesWire() {
    }

    /** A client's {@code messages}, onto the request. */
    public static void read(JsonNode messages, ChatRequest.Builder request) {
        if (!messages.isArray()) {
            throw OpenAiWireException.invalidType("messages", "an array");
        }
        if (messages.isEmpty()) {
            throw OpenAiWireException.invalidValue("messages", "at least one message is required.");
        }
        if (messages.size() > MAX_MESSAGES) {
            throw OpenAiWireException.invalidValue("messages", "at most " + MAX_MESSAGES + " messages are allowed.");
        }
        for (int i = 0; i < messages.size(); i++) {
            request.addMessages(message(messages.get(i), "messages[" + i + "]"));
        }
    }

    private static ChatMessage message(JsonNode message, String path) {
        if (!message.isObject()) {
            throw OpenAiWireException.invalidType(path, "an object");
        }
        JsonNode roleField = required(message, "role", path + ".role");
        Role role = switch (roleField.isTextual() ? roleField.asText() : "") {
            case "system" -> Role.ROLE_SYSTEM;
            case "developer" -> Role.ROLE_DEVELOPER;
            case "user" -> Role.ROLE_USER;
            case "assistant" -> Role.ROLE_ASSISTANT;
            case "tool" -> Role.ROLE_TOOL;
            case "function" -> throw OpenAiWireException.unsupported(path + ".role", "'function' messages (the "
                    + "deprecated function calling) are not supported; use 'tool' messages.");
            default -> throw OpenAiWireException.invalidValue(path + ".role", "expected 'system', 'developer', "
                    + "'user', 'assistant' or 'tool', got " + roleField + ".");
        };
        ChatMessage.Builder result = ChatMessage.newBuilder().setRole(role);
        string(message, "name", path + ".name").ifPresent(result::setName);
        switch (role) {
            case ROLE_ASSISTANT -> assistant(message, path, result);
            case ROLE_TOOL -> {
                content(message, path, false, result);
                result.setToolCallId(requiredString(message, "tool_call_id", path + ".tool_call_id"));
            }
            case ROLE_USER -> content(message, path, true, result);
            default -> content(message, path, false, result);
        }
        return result.build();
    }

    private static void content(JsonNode message, String path, boolean imagesAllowed, ChatMessage.Builder result) {
        result.addAllContent(ContentWire.readStrict(required(message, "content", path + ".content"),
                                                    path + ".content", imagesAllowed));
    }

    private static void assistant(JsonNode message, String path, ChatMessage.Builder result) {
        field(message, "content").ifPresent(content -> result.addAllContent(
                ContentWire.readStrict(content, path + ".content", false)));
        string(message, "refusal", path + ".refusal").ifPresent(result::setRefusal);
        result.addAllToolCalls(ToolCallsWire.readStrict(message, path));
        if (result.getContentCount() == 0 && result.getToolCallsCount() == 0 && !result.hasRefusal()) {
            throw OpenAiWireException.missing(path + ".content", ToolCallsWire.FIELD);
        }
    }

    /**
     * Writes the request's messages for an upstream.
     *
     * @throws OpenAiWireException when a message has no role
     */
    public static void write(ChatRequest request, ObjectNode body) {
        ArrayNode messages = body.putArray("messages");
        for (int i = 0; i < request.getMessagesCount(); i++) {
            messages.add(message(request.getMessages(i), "messages[" + i + "]"));
        }
    }

    private static ObjectNode message(ChatMessage message, String path) {
        ObjectNode out = WireJson.object();
        out.put("role", role(message.getRole(), path));
        boolean contentOptional = message.getRole() == Role.ROLE_ASSISTANT
                && (message.getToolCallsCount() > 0 || message.hasRefusal());
        ContentWire.write(message.getContentList(), contentOptional, out);
        if (!message.getName().isEmpty()) {
            out.put("name", message.getName());
        }
        ToolCallsWire.write(message.getToolCallsList(), out);
        if (!message.getToolCallId().isEmpty()) {
            out.put("tool_call_id", message.getToolCallId());
        }
        if (message.hasRefusal()) {
            out.put("refusal", message.getRefusal());
        }
        return out;
    }

    private static String role(Role role, String path) {
        return switch (role) {
            case ROLE_SYSTEM -> "system";
            case ROLE_DEVELOPER -> "developer";
            case ROLE_USER -> "user";
            case ROLE_ASSISTANT -> "assistant";
            case ROLE_TOOL -> "tool";
            case ROLE_UNSPECIFIED, UNRECOGNIZED -> throw OpenAiWireException.missing(path + ".role");
        };
    }

    /** A role an upstream named in a delta; empty for none or one NovAI does not know. */
    static Optional<Role> readRole(JsonNode role) {
        if (!role.isTextual()) {
            return Optional.empty();
        }
        return switch (role.asText()) {
            case "assistant" -> Optional.of(Role.ROLE_ASSISTANT);
            case "system" -> Optional.of(Role.ROLE_SYSTEM);
            case "developer" -> Optional.of(Role.ROLE_DEVELOPER);
            case "user" -> Optional.of(Role.ROLE_USER);
            case "tool" -> Optional.of(Role.ROLE_TOOL);
            default -> Optional.empty();
        };
    }

    /** Writes an answer's assistant message as OpenAI does: content, refusal (both null when absent), calls. */
    public static ObjectNode writeAnswer(ChatMessage message) {
        ObjectNode json = WireJson.object();
        json.put("role", "assistant");
        ContentWire.writeAnswer(message.getContentList(), json);
        if (message.hasRefusal()) {
            json.put("refusal", message.getRefusal());
        } else {
            json.putNull("refusal");
        }
        ToolCallsWire.write(message.getToolCallsList(), json);
        json.putArray("annotations");
        return json;
    }

    /** An upstream's answered message, leniently (see {@link ContentWire#readAnswer}, {@link ToolCallsWire}). */
    public static ChatMessage readAnswer(JsonNode message, IdSource ids) {
        ChatMessage.Builder out = ChatMessage.newBuilder().setRole(Role.ROLE_ASSISTANT);
        out.addAllContent(ContentWire.readAnswer(message.path("content")));
        WireFields.text(message.path("refusal")).ifPresent(out::setRefusal);
        out.addAllToolCalls(ToolCallsWire.readLenient(message, ids));
        return out.build();
    }
}
