package ai.novai.inference.providers.bedrock;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import ai.novai.inference.providers.ConversationFormat;
import ai.novai.inference.providers.DataUri;
import ai.novai.inference.providers.ProviderCall;
import ai.novai.inference.providers.RequestParts;
import ai.novai.inference.providers.SystemPrompt;
import ai.novai.proto.inference.v1.ChatMessage;
import ai.novai.proto.inference.v1.ChatRequest;
import ai.novai.proto.inference.v1.Tool;
import ai.novai.proto.inference.v1.ToolCall;
import ai.novai.proto.inference.v1.ToolChoice;
import ai.novai.proto.inference.v1.ToolChoiceMode;
import ai.novai.upstream.UpstreamJson;
import ai.novai.upstream.UpstreamRejection;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes the body of a Converse request from NovAI's OpenAI-style chat request. The model is not in the body but
 * in the URL.
 * <p>
 * Where the two formats differ:
 * <ul>
 *     <li>System and developer messages are not turns: they become the top-level {@code system} blocks.</li>
 *     <li>Content is a list of blocks keyed by their kind: {@code text}, {@code image} (bytes only: Converse
 *     takes no image URLs, so only {@code data:} URIs are accepted), {@code toolUse} for the assistant's tool
 *     calls and {@code toolResult} for tool answers, which go in a user turn.</li>
 *     <li>Turns alternate between user and assistant, so consecutive turns of one role are merged; in a user turn
 *     the {@code toolResult} blocks come first (Claude on Bedrock, like Claude at Anthropic, refuses text before
 *     them). A {@code toolResult} carries no {@code status}: OpenAI's tool messages do not say whether the tool
 *     failed, and Bedrock accepts the field only for some models.</li>
 *     <li>Sampling goes in {@code inferenceConfig}; tools in {@code toolConfig}, where {@code tool_choice}
 *     {@code none} has no counterpart and leaves the tools out.</li>
 *     <li>There is no JSON mode: {@code response_format} becomes an instruction in the system prompt.</li>
 * </ul>
 * Seed, logit bias, penalties, log probabilities, the end user and the reasoning effort have no Converse
 * counterpart common to its models and are left out; {@code n > 1} cannot be honoured and is rejected.
 */
final class BedrockRequestWriter {

    // Converse's image formats, by the media type of a data: URI
    private static final Map<String, String> IMAGE_FORMATS = Map.of(
            "image/png", "png", "image/jpeg", "jpeg", "image/jpg", "jpeg", "image/gif", "gif", "image/webp", "webp");

    private BedrockRequestWriter() {
    }

    /**
     * The request body (the same for {@code converse} and {@code converse-stream}).
     *
     * @throws UpstreamRejection when the request asks for something Converse cannot do, or carries JSON (tool
     *                           arguments, schemas) that does not parse
     */
    static ObjectNode write(ProviderCall call) {
        ChatRequest request = call.request();
        if (request.hasN() && request.getN() > 1) {
            throw new UpstreamRejection("n > 1 is not supported by this provider", "n");
        }
        ObjectNode body = UpstreamJson.MAPPER.createObjectNode();
        body.set("messages", new Blocks().write(request));
        List<String> system = SystemPrompt.withResponseFormat(request);
        if (!system.isEmpty()) {
            ArrayNode blocks = body.putArray("system");
            system.forEach(text -> blocks.addObject().put("text", text));
        }
        ObjectNode inference = inferenceConfig(call);
        if (!inference.isEmpty()) {
            body.set("inferenceConfig", inference);
        }
        if (request.getToolsCount() > 0 && !RequestParts.toolsDisabled(request)) {
            ObjectNode toolConfig = body.putObject("toolConfig");
            ArrayNode tools = toolConfig.putArray("tools");
            request.getToolsList().forEach(tool -> tools.add(tool(tool)));
            toolChoice(request.getToolChoice()).ifPresent(choice -> toolConfig.set("toolChoice", choice));
        }
        return body;
    }

    private static ObjectNode inferenceConfig(ProviderCall call) {
        ChatRequest request = call.request();
        ObjectNode config = UpstreamJson.MAPPER.createObjectNode();
        if (request.hasMaxTokens()) {
            config.put("maxTokens", request.getMaxTokens());
        } else if (call.model().maxOutputTokens() > 0) {
            config.put("maxTokens", call.model().maxOutputTokens());
        }
        if (request.hasTemperature()) {
            config.put("temperature", request.getTemperature());
        }
        if (request.hasTopP()) {
            config.put("topP", request.getTopP());
        }
        if (request.getStopCount() > 0) {
            ArrayNode stops = config.putArray("stopSequences");
            request.getStopList().forEach(stops::add);
        }
        return config;
    }

    /** Converse's content blocks, keyed by their kind. */
    private static final class Blocks extends ConversationFormat {

        Blocks() {
            super("user", "assistant", "content");
        }

        // Converse rejects blank text blocks
        @Override
        protected boolean keeps(String text) {
            return !text.isBlank();
        }

        @Override
        protected ObjectNode text(String text) {
            ObjectNode block = UpstreamJson.MAPPER.createObjectNode();
            block.put("text", text);
            return block;
        }

        @Override
        protected ObjectNode image(String url) {
            return imageBlock(url);
        }

        @Override
        protected ObjectNode toolCall(ToolCall call, ObjectNode arguments) {
            ObjectNode block = UpstreamJson.MAPPER.createObjectNode();
            ObjectNode toolUse = block.putObject("toolUse");
            toolUse.put("toolUseId", call.getId());
            toolUse.put("name", call.getFunction().getName());
            toolUse.set("input", arguments);
            return block;
        }

        // The result's text and images as Converse's result content.
        @Override
        protected ObjectNode toolResult(ChatMessage message) {
            ObjectNode block = UpstreamJson.MAPPER.createObjectNode();
            ObjectNode result = block.putObject("toolResult");
            result.put("toolUseId", message.getToolCallId());
            ArrayNode content = result.putArray("content");
            parts(message).forEach(content::add);
            if (content.isEmpty()) {
                // Converse requires content in a tool result; the tool said nothing
                content.addObject().put("text", "(no output)");
            }
            return block;
        }
    }

    private static ObjectNode imageBlock(String url) {
        DataUri inline = DataUri.parse(url).orElseThrow(() -> new UpstreamRejection(
                "this provider takes images only as data: URIs (data:image/png;base64,...), not as URLs", "messages"));
        String format = IMAGE_FORMATS.get(inline.mediaType());
        if (format == null) {
            throw new UpstreamRejection("image data URIs must be base64 PNG, JPEG, GIF or WebP, "
                                                + "like data:image/png;base64,...", "messages");
        }
        ObjectNode block = UpstreamJson.MAPPER.createObjectNode();
        ObjectNode image = block.putObject("image");
        image.put("format", format);
        image.putObject("source").put("bytes", inline.base64().strip());
        return block;
    }

    private static ObjectNode tool(Tool tool) {
        ObjectNode spec = UpstreamJson.MAPPER.createObjectNode();
        spec.put("name", tool.getFunction().getName());
        if (!tool.getFunction().getDescription().isBlank()) {
            spec.put("description", tool.getFunction().getDescription());
        }
        spec.putObject("inputSchema").set("json", RequestParts.parameters(tool));
        ObjectNode definition = UpstreamJson.MAPPER.createObjectNode();
        definition.set("toolSpec", spec);
        return definition;
    }

    // auto and required map to Converse's auto and any; a named function to tool; unset leaves Converse's default (auto)
    private static Optional<ObjectNode> toolChoice(ToolChoice requested) {
        ObjectNode choice = UpstreamJson.MAPPER.createObjectNode();
        switch (requested.getChoiceCase()) {
            case FUNCTION_NAME -> choice.putObject("tool").put("name", requested.getFunctionName());
            case MODE -> choice.putObject(requested.getMode() == ToolChoiceMode.TOOL_CHOICE_MODE_REQUIRED ? "any" : "auto");
            default -> {
                return Optional.empty();
            }
        }
        return Optional.of(choice);
    }
}
