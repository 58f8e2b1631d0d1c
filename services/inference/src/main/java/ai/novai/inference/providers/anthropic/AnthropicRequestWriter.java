package ai.novai.inference.providers.anthropic;

import java.util.Optional;

import ai.novai.inference.providers.ConversationFormat;
import ai.novai.inference.providers.DataUri;
import ai.novai.inference.providers.RequestParts;
import ai.novai.inference.providers.ProviderCall;
import ai.novai.inference.providers.SystemPrompt;
import ai.novai.upstream.UpstreamJson;
import ai.novai.upstream.UpstreamRejection;
import ai.novai.proto.inference.v1.ChatMessage;
import ai.novai.proto.inference.v1.ChatRequest;
import ai.novai.proto.inference.v1.ContentPart;
import ai.novai.proto.inference.v1.Tool;
import ai.novai.proto.inference.v1.ToolCall;
import ai.novai.proto.inference.v1.ToolChoice;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes the body of a Messages API request from NovAI's OpenAI-style chat request.
 * <p>
 * Where the two formats differ:
 * <ul>
 *     <li>System and developer messages are not turns: they become the top-level {@code system} text.</li>
 *     <li>Content is a list of blocks: text, images ({@code base64} from a {@code data:} URI, else
 *     {@code url}), {@code tool_use} for the assistant's tool calls and {@code tool_result} for tool answers,
 *     which Anthropic expects in a user turn.</li>
 *     <li>Turns alternate between user and assistant, so consecutive turns of one role are merged; in a
 *     user turn, {@code tool_result} blocks come first, as Anthropic requires.</li>
 *     <li>{@code max_tokens} is required: the request's, else the model's limit, else {@value #DEFAULT_MAX_TOKENS}.</li>
 *     <li>There is no JSON mode: {@code response_format} becomes an instruction in the system prompt.</li>
 *     <li>Temperature ranges over 0..1 only; higher values are clamped to 1.</li>
 * </ul>
 * Seed, logit bias, penalties and log probabilities have no Anthropic counterpart and are left out;
 * {@code n > 1} cannot be honoured and is rejected.
 */
final class AnthropicRequestWriter {

    /** {@code max_tokens} when neither the request nor the model entry gives one. */
    static final int DEFAULT_MAX_TOKENS = 4096;

    private AnthropicRequestWriter() {
    }

    /**
     * The request body.
     *
     * @param stream whether to ask for server-sent events
     * @throws UpstreamRejection when the request asks for something Anthropic cannot do, or carries JSON
     *                           (tool arguments, schemas) that does not parse
     */
    static ObjectNode write(ProviderCall call, boolean stream) {
        ChatRequest request = call.request();
        if (request.hasN() && request.getN() > 1) {
            throw new UpstreamRejection("n > 1 is not supported by this provider", "n");
        }
        ObjectNode body = UpstreamJson.MAPPER.createObjectNode();
        body.put("model", call.deployment().upstreamModel());
        body.put("max_tokens", maxTokens(call));
        String system = String.join("\n\n", SystemPrompt.withResponseFormat(request));
        if (!system.isEmpty()) {
            body.put("system", system);
        }
        body.set("messages", new Blocks().write(request));
        if (request.hasTemperature()) {
            body.put("temperature", Math.max(0.0, Math.min(1.0, request.getTemperature())));
        }
        if (request.hasTopP()) {
            body.put("top_p", request.getTopP());
        }
        if (request.getStopCount() > 0) {
            ArrayNode stops = body.putArray("stop_sequences");
            request.getStopList().forEach(stops::add);
        }
        if (!request.getUser().isBlank()) {
            body.putObject("metadata").put("user_id", request.getUser());
        }
        if (request.getToolsCount() > 0) {
            ArrayNode tools = body.putArray("tools");
            request.getToolsList().forEach(tool -> tools.add(tool(tool)));
            toolChoice(request).ifPresent(choice -> body.set("tool_choice", choice));
        }
        if (stream) {
            body.put("stream", true);
        }
        return body;
    }

    private static int maxTokens(ProviderCall call) {
        if (call.request().hasMaxTokens()) {
            return call.request().getMaxTokens();
        }
        return call.model().maxOutputTokens() > 0 ? call.model().maxOutputTokens() : DEFAULT_MAX_TOKENS;
    }

    /** The Messages API's content blocks. */
    private static final class Blocks extends ConversationFormat {

        Blocks() {
            super("user", "assistant", "content");
        }

        @Override
        protected ObjectNode text(String text) {
            ObjectNode block = UpstreamJson.MAPPER.createObjectNode();
            block.put("type", "text");
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
            block.put("type", "tool_use");
            block.put("id", call.getId());
            block.put("name", call.getFunction().getName());
            block.set("input", arguments);
            return block;
        }

        // Text-only results are sent as a string; results with images as a list of blocks.
        @Override
        protected ObjectNode toolResult(ChatMessage message) {
            ObjectNode block = UpstreamJson.MAPPER.createObjectNode();
            block.put("type", "tool_result");
            block.put("tool_use_id", message.getToolCallId());
            boolean textOnly = message.getContentList().stream().allMatch(ContentPart::hasText);
            if (textOnly) {
                String text = RequestParts.text(message);
                if (!text.isEmpty()) {
                    block.put("content", text);
                }
            } else {
                parts(message).forEach(block.putArray("content")::add);
            }
            return block;
        }
    }

    private static ObjectNode imageBlock(String url) {
        ObjectNode block = UpstreamJson.MAPPER.createObjectNode();
        block.put("type", "image");
        ObjectNode source = block.putObject("source");
        Optional<DataUri> inline = DataUri.parse(url);
        if (inline.isPresent()) {
            source.put("type", "base64");
            source.put("media_type", inline.get().mediaType());
            source.put("data", inline.get().base64());
        } else if (DataUri.isHttp(url)) {
            source.put("type", "url");
            source.put("url", url);
        } else {
            throw new UpstreamRejection("an image URL must be an https URL or a data: URI", "messages");
        }
        return block;
    }

    private static ObjectNode tool(Tool tool) {
        ObjectNode definition = UpstreamJson.MAPPER.createObjectNode();
        definition.put("name", tool.getFunction().getName());
        if (!tool.getFunction().getDescription().isBlank()) {
            definition.put("description", tool.getFunction().getDescription());
        }
        definition.set("input_schema", RequestParts.parameters(tool));
        return definition;
    }

    private static Optional<ObjectNode> toolChoice(ChatRequest request) {
        ObjectNode choice = UpstreamJson.MAPPER.createObjectNode();
        ToolChoice requested = request.getToolChoice();
        switch (requested.getChoiceCase()) {
            case FUNCTION_NAME -> {
                choice.put("type", "tool");
                choice.put("name", requested.getFunctionName());
            }
            case MODE -> choice.put("type", switch (requested.getMode()) {
                case TOOL_CHOICE_MODE_NONE -> "none";
                case TOOL_CHOICE_MODE_REQUIRED -> "any";
                default -> "auto";
            });
            default -> {
                if (!request.hasParallelToolCalls() || request.getParallelToolCalls()) {
                    return Optional.empty();
                }
                choice.put("type", "auto");
            }
        }
        // "none" takes no parallelism flag: no tool is called at all
        if (request.hasParallelToolCalls() && !request.getParallelToolCalls()
                && !choice.path("type").asText().equals("none")) {
            choice.put("disable_parallel_tool_use", true);
        }
        return Optional.of(choice);
    }
}
