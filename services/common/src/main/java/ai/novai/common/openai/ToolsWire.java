package ai.novai.common.openai;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

import ai.novai.proto.inference.v1.ChatRequest;
import ai.novai.proto.inference.v1.FunctionDefinition;
import ai.novai.proto.inference.v1.Tool;
import ai.novai.proto.inference.v1.ToolChoice;
import ai.novai.proto.inference.v1.ToolChoiceMode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import static ai.novai.common.openai.WireFields.bool;
import static ai.novai.common.openai.WireFields.field;
import static ai.novai.common.openai.WireFields.required;
import static ai.novai.common.openai.WireFields.requiredString;
import static ai.novai.common.openai.WireFields.string;

/**
 * The tools a request offers: {@code tools} (function definitions with well-formed, unique names),
 * {@code tool_choice} and {@code parallel_tool_calls}. Entries of another type than {@code function} are handed to
 * the reader's {@link OtherTools}: OpenAI has several, and which of them a service serves is its policy.
 */
public final class ToolsWire {

    /** What OpenAI allows as a function (and json_schema) name. */
    public static final Pattern FUNCTION_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

    /** Most tools a request may offer. */
    public static final int MAX_TOOLS = 128;

    private ToolsWire() {
    }

    /** Takes the {@code tools} entries that are not functions, or refuses them. */
    @FunctionalInterface
    public interface OtherTools {

        /**
         * @param type the entry's {@code type}
         * @param tool the entry, an object
         * @param path its path, e.g. {@code tools[3]}
         * @throws OpenAiWireException when the type is not served
         */
        void read(String type, JsonNode tool, String path);
    }

    /** A client's {@code tools}, {@code tool_choice} and {@code parallel_tool_calls}, onto the request. */
    public static void read(JsonNode body, ChatRequest.Builder request, OtherTools others) {
        field(body, "tools").ifPresent(tools -> tools(tools, request, others));
        field(body, "tool_choice").ifPresent(choice -> request.setToolChoice(toolChoice(choice)));
        bool(body, "parallel_tool_calls", "parallel_tool_calls").ifPresent(request::setParallelToolCalls);
    }

    private static void tools(JsonNode tools, ChatRequest.Builder request, OtherTools others) {
        if (!tools.isArray()) {
            throw OpenAiWireException.invalidType("tools", "an array");
        }
        if (tools.size() > MAX_TOOLS) {
            throw OpenAiWireException.invalidValue("tools", "at most " + MAX_TOOLS + " tools are allowed.");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < tools.size(); i++) {
            String path = "tools[" + i + "]";
            JsonNode tool = tools.get(i);
            if (!tool.isObject()) {
                throw OpenAiWireException.invalidType(path, "an object");
            }
            String type = requiredString(tool, "type", path + ".type");
            if (!type.equals("function")) {
                others.read(type, tool, path);
                continue;
            }
            FunctionDefinition definition = function(required(tool, "function", path + ".function"),
                                                      path + ".function");
            if (!names.add(definition.getName())) {
                throw OpenAiWireException.invalidValue(path + ".function.name", "'" + definition.getName()
                        + "' is declared twice.");
            }
            request.addTools(Tool.newBuilder().setFunction(definition));
        }
    }

    private static FunctionDefinition function(JsonNode function, String path) {
        if (!function.isObject()) {
            throw OpenAiWireException.invalidType(path, "an object");
        }
        String name = requiredString(function, "name", path + ".name");
        if (!FUNCTION_NAME.matcher(name).matches()) {
            throw OpenAiWireException.invalidValue(path + ".name", "names are 1 to 64 letters, digits, '_' or '-'.");
        }
        FunctionDefinition.Builder definition = FunctionDefinition.newBuilder().setName(name);
        string(function, "description", path + ".description").ifPresent(definition::setDescription);
        field(function, "parameters").ifPresent(parameters -> {
            if (!parameters.isObject()) {
                throw OpenAiWireException.invalidType(path + ".parameters", "a JSON Schema object");
            }
            definition.setParametersJson(parameters.toString());
        });
        bool(function, "strict", path + ".strict").ifPresent(definition::setStrict);
        return definition.build();
    }

    private static ToolChoice toolChoice(JsonNode choice) {
        if (choice.isTextual()) {
            ToolChoiceMode mode = switch (choice.asText()) {
                case "none" -> ToolChoiceMode.TOOL_CHOICE_MODE_NONE;
                case "auto" -> ToolChoiceMode.TOOL_CHOICE_MODE_AUTO;
                case "required" -> ToolChoiceMode.TOOL_CHOICE_MODE_REQUIRED;
                default -> throw OpenAiWireException.invalidValue("tool_choice",
                                                                  "expected 'none', 'auto', 'required' or a function.");
            };
            return ToolChoice.newBuilder().setMode(mode).build();
        }
        if (!choice.isObject()) {
            throw OpenAiWireException.invalidType("tool_choice", "a string or an object");
        }
        String name = field(choice, "function")
                .flatMap(function -> string(function, "name", "tool_choice.function.name"))
                .orElseThrow(() -> OpenAiWireException.missing("tool_choice.function.name"));
        return ToolChoice.newBuilder().setFunctionName(name).build();
    }

    /**
     * Writes the request's tools, tool choice and parallel-calls flag for an upstream; parameters kept as text are
     * embedded as JSON, because upstreams reject a schema sent as a string.
     *
     * @throws OpenAiWireException when parameters are not JSON
     */
    public static void write(ChatRequest request, ObjectNode body) {
        if (request.getToolsCount() > 0) {
            ArrayNode tools = body.putArray("tools");
            for (int i = 0; i < request.getToolsCount(); i++) {
                FunctionDefinition function = request.getTools(i).getFunction();
                ObjectNode json = tools.addObject().put("type", "function").putObject("function");
                json.put("name", function.getName());
                if (!function.getDescription().isEmpty()) {
                    json.put("description", function.getDescription());
                }
                if (!function.getParametersJson().isBlank()) {
                    json.set("parameters", WireJson.embedded(function.getParametersJson(),
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
}
