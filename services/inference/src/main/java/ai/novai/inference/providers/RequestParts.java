package ai.novai.inference.providers;

import java.io.IOException;
import java.util.stream.Collectors;

import ai.novai.proto.inference.v1.ChatMessage;
import ai.novai.proto.inference.v1.ChatRequest;
import ai.novai.proto.inference.v1.ContentPart;
import ai.novai.proto.inference.v1.Tool;
import ai.novai.proto.inference.v1.ToolChoice;
import ai.novai.proto.inference.v1.ToolChoiceMode;
import ai.novai.upstream.UpstreamJson;
import ai.novai.upstream.UpstreamRejection;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What translators to formats other than OpenAI's read out of NovAI's request: OpenAI carries tool arguments
 * and schemas as JSON text and message content as parts, while other providers want JSON objects and plain text.
 */
public final class RequestParts {

    private RequestParts() {
    }

    /**
     * JSON text that must hold an object (tool arguments, tool schemas); empty text is an empty object.
     *
     * @param param the request parameter named when it is not an object
     * @param what  what it is, for the message
     * @throws UpstreamRejection when it is not a JSON object
     */
    public static ObjectNode object(String json, String param, String what) {
        if (json.isBlank()) {
            return UpstreamJson.MAPPER.createObjectNode();
        }
        try {
            JsonNode node = UpstreamJson.MAPPER.readTree(json);
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (IOException e) {
            throw new UpstreamRejection(what + " are not valid JSON", param);
        }
        throw new UpstreamRejection(what + " must be a JSON object", param);
    }

    /**
     * A function tool's parameters as an object schema; {@code {"type":"object","properties":{}}} when the tool
     * has none, as OpenAI allows and other providers do not.
     */
    public static ObjectNode parameters(Tool tool) {
        ObjectNode schema = object(tool.getFunction().getParametersJson(), "tools",
                                   "the parameters of tool " + tool.getFunction().getName());
        if (schema.isEmpty()) {
            schema.put("type", "object");
            schema.putObject("properties");
        }
        return schema;
    }

    /** Whether the request's {@code tool_choice} is {@code none}: the tools are not to be offered at all. */
    public static boolean toolsDisabled(ChatRequest request) {
        return request.getToolChoice().getChoiceCase() == ToolChoice.ChoiceCase.MODE
                && request.getToolChoice().getMode() == ToolChoiceMode.TOOL_CHOICE_MODE_NONE;
    }

    /** A tool's input or a function's arguments as the arguments text OpenAI clients expect; {@code {}} when absent. */
    public static String arguments(JsonNode input) {
        return input.isObject() ? UpstreamJson.text(input) : "{}";
    }

    /** The text parts of a message, joined by newlines. */
    public static String text(ChatMessage message) {
        return message.getContentList().stream()
                .filter(ContentPart::hasText)
                .map(ContentPart::getText)
                .collect(Collectors.joining("\n"));
    }
}
