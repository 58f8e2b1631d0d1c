package ai.novai.gateway.chat;

import java.util.List;

import ai.novai.common.openai.ChatRequestWire;
import ai.novai.common.openai.OpenAiWireException;
import ai.novai.gateway.errors.ApiException;
import ai.novai.gateway.models.ModelIds;
import ai.novai.gateway.tools.ToolRequest;
import ai.novai.proto.inference.v1.ChatRequest;
import com.fasterxml.jackson.databind.JsonNode;

import static ai.novai.common.openai.WireFields.bool;
import static ai.novai.common.openai.WireFields.field;
import static ai.novai.common.openai.OpenAiWireException.invalidType;
import static ai.novai.common.openai.OpenAiWireException.invalidValue;

/**
 * Reads an OpenAI chat completion request into the internal contract: its shape is the shared codec's
 * ({@link ChatRequestWire}), the gateway adds its policy: which unmodelled parameters are refused or passed on
 * ({@link UnmodelledParameters}), well-formed model ids, server-side {@code mcp} tools ({@link ChatTools}), the
 * text modality only, and how the answer is delivered ({@code stream}, {@code stream_options}). Every problem is a
 * 400 naming the parameter.
 */
public final class ChatRequestParser {

    private ChatRequestParser() {
    }

    /**
     * A validated request.
     *
     * @param request      the internal request
     * @param stream       whether the client asked for server-sent events
     * @param includeUsage whether the client asked for a usage chunk at the end of the stream
     * @param serverTools  its {@code mcp} tool entries: tools NovAI runs for the model
     */
    public record Parsed(ChatRequest request, boolean stream, boolean includeUsage, List<ToolRequest> serverTools) {
    }

    /** Validates and converts the body of {@code POST /v1/chat/completions}. */
    public static Parsed parse(JsonNode body, String requestId) {
        try {
            return read(body, requestId);
        } catch (OpenAiWireException e) {
            throw ApiException.badRequest(e);
        }
    }

    private static Parsed read(JsonNode body, String requestId) {
        ChatRequest.Builder request = ChatRequest.newBuilder().setRequestId(requestId);
        ChatTools tools = new ChatTools();
        request.setPassthroughJson(UnmodelledParameters.read(body));
        ChatRequestWire.read(body, request, tools);
        request.setModel(ModelIds.require(request.getModel(), "model"));
        tools.checkChoice(request);
        List<ToolRequest> serverTools = tools.serverTools();
        if (!serverTools.isEmpty() && request.getN() > 1) {
            // the tool loop continues one conversation: choice 0's
            throw ApiException.badRequest("'n' must be 1 when 'tools' has server-side (mcp) tools.", "n",
                                          "unsupported_value");
        }
        field(body, "modalities").ifPresent(modalities -> {
            if (!modalities.isArray() || modalities.size() != 1 || !"text".equals(modalities.get(0).asText())) {
                throw ApiException.badRequest("Only the 'text' modality is supported.", "modalities",
                                              "unsupported_parameter");
            }
        });

        boolean stream = bool(body, "stream", "stream").orElse(false);
        boolean includeUsage = false;
        if (field(body, "stream_options").isPresent()) {
            JsonNode options = field(body, "stream_options").get();
            if (!stream) {
                throw invalidValue("stream_options", "it is only allowed when 'stream' is true.");
            }
            if (!options.isObject()) {
                throw invalidType("stream_options", "an object");
            }
            includeUsage = bool(options, "include_usage", "stream_options.include_usage").orElse(false);
        }
        request.setIncludeUsage(includeUsage);
        return new Parsed(request.build(), stream, includeUsage, serverTools);
    }
}
