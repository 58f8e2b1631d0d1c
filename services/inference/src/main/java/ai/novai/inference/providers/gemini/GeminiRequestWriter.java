package ai.novai.inference.providers.gemini;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import ai.novai.inference.providers.ConversationFormat;
import ai.novai.inference.providers.DataUri;
import ai.novai.inference.providers.RequestParts;
import ai.novai.inference.providers.ProviderCall;
import ai.novai.inference.providers.SystemPrompt;
import ai.novai.proto.inference.v1.ChatMessage;
import ai.novai.proto.inference.v1.ChatRequest;
import ai.novai.proto.inference.v1.ResponseFormat;
import ai.novai.proto.inference.v1.Tool;
import ai.novai.proto.inference.v1.ToolCall;
import ai.novai.proto.inference.v1.ToolChoice;
import ai.novai.upstream.UpstreamJson;
import ai.novai.upstream.UpstreamRejection;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes NovAI's chat request as a Gemini {@code GenerateContentRequest}.
 * <ul>
 *     <li>System and developer messages become {@code systemInstruction}; user messages {@code user} turns,
 *     assistant messages {@code model} turns, tool results {@code functionResponse} parts of a {@code user}
 *     turn. Consecutive turns of one role are merged, as Gemini expects turns to alternate.</li>
 *     <li>A tool result names its function, which OpenAI leaves implicit: it is looked up by the
 *     {@code tool_call_id} among the assistant's earlier calls. Its text goes in {@code response.content}
 *     (parsed when it is a JSON object or array, as Gemini reads structured results best).</li>
 *     <li>Images: {@code data:} URIs as {@code inlineData}; http(s) URLs as {@code fileData} with the media
 *     type taken from the file name's extension (Gemini requires one).</li>
 *     <li>{@code max_tokens}, {@code temperature}, {@code top_p}, {@code stop}, {@code n}, {@code seed} and the
 *     penalties go in {@code generationConfig}; a JSON response format as {@code responseMimeType} with
 *     {@code responseJsonSchema}.</li>
 * </ul>
 */
final class GeminiRequestWriter {

    private static final Map<String, String> IMAGE_TYPES = Map.of(
            "png", "image/png", "jpg", "image/jpeg", "jpeg", "image/jpeg", "webp", "image/webp",
            "gif", "image/gif", "heic", "image/heic", "heif", "image/heif");

    private GeminiRequestWriter() {
    }

    /**
     * The request body.
     *
     * @throws UpstreamRejection when the request carries what Gemini cannot take (a tool result for an unknown
     *                           call, an image URL without a known type) or JSON that does not parse
     */
    static ObjectNode write(ProviderCall call) {
        ChatRequest request = call.request();
        ObjectNode body = UpstreamJson.MAPPER.createObjectNode();
        body.set("contents", new Parts().write(request));
        systemInstruction(request).ifPresent(system -> body.set("systemInstruction", system));
        if (request.getToolsCount() > 0 && !RequestParts.toolsDisabled(request)) {
            ArrayNode declarations = body.putArray("tools").addObject().putArray("functionDeclarations");
            request.getToolsList().forEach(tool -> declarations.add(declaration(tool)));
            toolConfig(request.getToolChoice()).ifPresent(config -> body.set("toolConfig", config));
        }
        ObjectNode generation = generationConfig(request);
        if (!generation.isEmpty()) {
            body.set("generationConfig", generation);
        }
        return body;
    }

    private static Optional<ObjectNode> systemInstruction(ChatRequest request) {
        List<String> texts = SystemPrompt.messages(request);
        if (texts.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode system = UpstreamJson.MAPPER.createObjectNode();
        ArrayNode parts = system.putArray("parts");
        texts.forEach(text -> parts.addObject().put("text", text));
        return Optional.of(system);
    }

    /** Gemini's parts; remembers the function of each call written, for the results that answer it. */
    private static final class Parts extends ConversationFormat {

        Parts() {
            super("user", "model", "parts");
        }

        private final Map<String, String> functionByCallId = new HashMap<>();

        @Override
        protected ObjectNode text(String text) {
            ObjectNode part = UpstreamJson.MAPPER.createObjectNode();
            part.put("text", text);
            return part;
        }

        @Override
        protected ObjectNode image(String url) {
            return imagePart(url);
        }

        @Override
        protected ObjectNode toolCall(ToolCall call, ObjectNode arguments) {
            functionByCallId.put(call.getId(), call.getFunction().getName());
            ObjectNode part = UpstreamJson.MAPPER.createObjectNode();
            ObjectNode functionCall = part.putObject("functionCall");
            functionCall.put("id", call.getId());
            functionCall.put("name", call.getFunction().getName());
            functionCall.set("args", arguments);
            return part;
        }

        @Override
        protected ObjectNode toolResult(ChatMessage message) {
            String name = functionByCallId.get(message.getToolCallId());
            if (name == null) {
                throw new UpstreamRejection("the tool message for call '" + message.getToolCallId()
                                                    + "' answers no tool call of an earlier assistant message",
                                            "messages");
            }
            ObjectNode part = UpstreamJson.MAPPER.createObjectNode();
            ObjectNode functionResponse = part.putObject("functionResponse");
            functionResponse.put("id", message.getToolCallId());
            functionResponse.put("name", name);
            functionResponse.putObject("response").set("content", structured(RequestParts.text(message)));
            return part;
        }
    }

    // A result that is a JSON object or array goes as JSON; anything else as the text it is.
    private static com.fasterxml.jackson.databind.JsonNode structured(String text) {
        String trimmed = text.strip();
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            try {
                return UpstreamJson.MAPPER.readTree(trimmed);
            } catch (java.io.IOException e) {
                // text that only looks like JSON
            }
        }
        return UpstreamJson.MAPPER.getNodeFactory().textNode(text);
    }

    private static ObjectNode imagePart(String url) {
        ObjectNode part = UpstreamJson.MAPPER.createObjectNode();
        Optional<DataUri> inline = DataUri.parse(url);
        if (inline.isPresent()) {
            ObjectNode data = part.putObject("inlineData");
            data.put("mimeType", inline.get().mediaType());
            data.put("data", inline.get().base64());
            return part;
        }
        if (!DataUri.isHttp(url)) {
            throw new UpstreamRejection("an image URL must be an https URL or a data: URI", "messages");
        }
        String path = java.net.URI.create(url.replace(" ", "%20")).getPath();
        String extension = path == null ? "" : path.substring(path.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        String mimeType = IMAGE_TYPES.get(extension);
        if (mimeType == null) {
            throw new UpstreamRejection("Gemini needs the media type of an image URL: send an image whose URL ends in "
                                                + ".png, .jpg, .webp, .gif or .heic, or a data: URI", "messages");
        }
        ObjectNode file = part.putObject("fileData");
        file.put("mimeType", mimeType);
        file.put("fileUri", url);
        return part;
    }

    private static ObjectNode declaration(Tool tool) {
        ObjectNode declaration = UpstreamJson.MAPPER.createObjectNode();
        declaration.put("name", tool.getFunction().getName());
        if (!tool.getFunction().getDescription().isBlank()) {
            declaration.put("description", tool.getFunction().getDescription());
        }
        // JSON Schema as OpenAI clients write it; Gemini's own 'parameters' takes only an OpenAPI subset
        declaration.set("parametersJsonSchema", RequestParts.parameters(tool));
        return declaration;
    }

    private static Optional<ObjectNode> toolConfig(ToolChoice choice) {
        ObjectNode config = UpstreamJson.MAPPER.createObjectNode();
        ObjectNode calling = config.putObject("functionCallingConfig");
        switch (choice.getChoiceCase()) {
            case FUNCTION_NAME -> {
                calling.put("mode", "ANY");
                calling.putArray("allowedFunctionNames").add(choice.getFunctionName());
            }
            case MODE -> calling.put("mode", switch (choice.getMode()) {
                case TOOL_CHOICE_MODE_REQUIRED -> "ANY";
                default -> "AUTO";
            });
            default -> {
                return Optional.empty();
            }
        }
        return Optional.of(config);
    }

    private static ObjectNode generationConfig(ChatRequest request) {
        ObjectNode config = UpstreamJson.MAPPER.createObjectNode();
        if (request.hasMaxTokens()) {
            config.put("maxOutputTokens", request.getMaxTokens());
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
        if (request.hasN() && request.getN() > 1) {
            config.put("candidateCount", request.getN());
        }
        if (request.hasSeed()) {
            config.put("seed", request.getSeed());
        }
        if (request.hasPresencePenalty()) {
            config.put("presencePenalty", request.getPresencePenalty());
        }
        if (request.hasFrequencyPenalty()) {
            config.put("frequencyPenalty", request.getFrequencyPenalty());
        }
        ResponseFormat format = request.getResponseFormat();
        switch (format.getType()) {
            case RESPONSE_FORMAT_TYPE_JSON_OBJECT -> config.put("responseMimeType", "application/json");
            case RESPONSE_FORMAT_TYPE_JSON_SCHEMA -> {
                config.put("responseMimeType", "application/json");
                config.set("responseJsonSchema", RequestParts.object(format.getJsonSchema().getSchemaJson(),
                                                                 "response_format", "the response format's schema"));
            }
            default -> {
                // plain text
            }
        }
        return config;
    }
}
