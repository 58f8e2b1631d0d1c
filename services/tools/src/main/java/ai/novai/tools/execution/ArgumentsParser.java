package ai.novai.tools.execution;

import java.util.List;

import ai.novai.common.grpc.BackendError;
import ai.novai.tools.catalog.ToolDefinition;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns a model's {@code arguments_json} into the arguments a tool runs with: JSON, an object, valid against
 * the tool's schema, else INVALID_ARGUMENT with a bounded message naming the problem (the gateway hands it
 * to the model as the tool's error). Empty text counts as {@code {}}: models send it for tools without
 * parameters.
 */
final class ArgumentsParser {

    private static final int MAX_NESTING = 64;
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build())
            .build());

    private final int maxBytes;

    /**
     * A parser of arguments up to a size.
     *
     * @param maxBytes the largest {@code arguments_json} in UTF-8 bytes
     */
    ArgumentsParser(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * The arguments for a tool.
     *
     * @param tool      the tool
     * @param json      the model's arguments
     * @param jsonBytes their size in UTF-8 bytes
     * @throws io.grpc.StatusRuntimeException INVALID_ARGUMENT when they are refused
     */
    ObjectNode parse(ToolDefinition tool, String json, int jsonBytes) {
        if (jsonBytes > maxBytes) {
            throw invalid("the arguments of " + tool.name() + " are larger than " + maxBytes + " bytes");
        }
        String text = json.isBlank() ? "{}" : json;
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw invalid("the arguments of " + tool.name() + " are not valid JSON: " + e.getOriginalMessage());
        }
        if (!(node instanceof ObjectNode arguments)) {
            throw invalid("the arguments of " + tool.name() + " must be a JSON object");
        }
        List<String> problems = tool.schema().problems(text);
        if (!problems.isEmpty()) {
            throw invalid("the arguments of " + tool.name() + " do not match its schema: "
                                  + String.join("; ", problems));
        }
        return arguments;
    }

    private static RuntimeException invalid(String message) {
        return BackendError.invalidArgument(message, "arguments", "invalid_tool_arguments").toException();
    }
}
