package ai.novai.gateway.chat;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

import ai.novai.gateway.errors.ApiException;
import ai.novai.proto.inference.v1.ChatRequest;
import ai.novai.proto.inference.v1.FunctionDefinition;
import ai.novai.proto.inference.v1.Tool;
import ai.novai.proto.inference.v1.ToolChoice;
import ai.novai.proto.inference.v1.ToolChoiceMode;
import com.fasterxml.jackson.databind.JsonNode;

import static ai.novai.gateway.http.JsonFields.bool;
import static ai.novai.gateway.http.JsonFields.field;
import static ai.novai.gateway.http.JsonFields.invalidType;
import static ai.novai.gateway.http.JsonFields.invalidValue;
import static ai.novai.gateway.http.JsonFields.required;
import static ai.novai.gateway.http.JsonFields.string;

/**
 * Reads {@code tools} and {@code tool_choice}: function tools with well-formed, unique names, and a
 * choice that names one of them.
 */
final class ChatTools {

    /** What OpenAI allows as a function (and json_schema) name. */
    static final Pattern FUNCTION_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
    private static final int MAX_TOOLS = 128;

    private ChatTools() {
    }

    static void read(JsonNode body, ChatRequest.Builder request) {
        tools(body, request);
        toolChoice(body, request);
    }

    private static void tools(JsonNode body, ChatRequest.Builder request) {
        JsonNode tools = field(body, "tools").orElse(null);
        if (tools == null) {
            return;
        }
        if (!tools.isArray()) {
            throw invalidType("tools", "an array");
        }
        if (tools.size() > MAX_TOOLS) {
            throw invalidValue("tools", "at most " + MAX_TOOLS + " tools are allowed.");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < tools.size(); i++) {
            String path = "tools[" + i + "]";
            JsonNode tool = tools.get(i);
            if (!tool.isObject()) {
                throw invalidType(path, "an object");
            }
            String type = string(tool, "type", path + ".type").orElseThrow(
                    () -> ApiException.badRequest("Missing required parameter: '" + path + ".type'.", path + ".type",
                                                  "missing_required_parameter"));
            if (!type.equals("function")) {
                throw invalidValue(path + ".type", "only 'function' tools are supported.");
            }
            JsonNode function = required(tool, "function", path + ".function");
            String name = string(function, "name", path + ".function.name").orElseThrow(
                    () -> ApiException.badRequest("Missing required parameter: '" + path + ".function.name'.",
                                                  path + ".function.name", "missing_required_parameter"));
            if (!FUNCTION_NAME.matcher(name).matches()) {
                throw invalidValue(path + ".function.name", "names are 1 to 64 letters, digits, '_' or '-'.");
            }
            if (!names.add(name)) {
                throw invalidValue(path + ".function.name", "'" + name + "' is declared twice.");
            }
            FunctionDefinition.Builder definition = FunctionDefinition.newBuilder().setName(name);
            string(function, "description", path + ".function.description").ifPresent(definition::setDescription);
            field(function, "parameters").ifPresent(parameters -> {
                if (!parameters.isObject()) {
                    throw invalidType(path + ".function.parameters", "a JSON Schema object");
                }
                definition.setParametersJson(parameters.toString());
            });
            bool(function, "strict", path + ".function.strict").ifPresent(definition::setStrict);
            request.addTools(Tool.newBuilder().setFunction(definition));
        }
    }

    private static void toolChoice(JsonNode body, ChatRequest.Builder request) {
        field(body, "tool_choice").ifPresent(choice -> {
            if (choice.isTextual()) {
                ToolChoiceMode mode = switch (choice.asText()) {
                    case "none" -> ToolChoiceMode.TOOL_CHOICE_MODE_NONE;
                    case "auto" -> ToolChoiceMode.TOOL_CHOICE_MODE_AUTO;
                    case "required" -> ToolChoiceMode.TOOL_CHOICE_MODE_REQUIRED;
                    default -> throw invalidValue("tool_choice", "expected 'none', 'auto', 'required' or a function.");
                };
                if (mode == ToolChoiceMode.TOOL_CHOICE_MODE_REQUIRED && request.getToolsCount() == 0) {
                    throw invalidValue("tool_choice", "'required' needs 'tools'.");
                }
                request.setToolChoice(ToolChoice.newBuilder().setMode(mode));
                return;
            }
            if (!choice.isObject()) {
                throw invalidType("tool_choice", "a string or an object");
            }
            String name = field(choice, "function").flatMap(function -> string(function, "name",
                                                                                 "tool_choice.function.name"))
                    .orElseThrow(() -> ApiException.badRequest("Missing required parameter: 'tool_choice.function.name'.",
                                                               "tool_choice.function.name",
                                                               "missing_required_parameter"));
            boolean declared = request.getToolsList().stream().anyMatch(tool -> tool.getFunction().getName().equals(name));
            if (!declared) {
                throw invalidValue("tool_choice.function.name", "'" + name + "' is not one of 'tools'.");
            }
            request.setToolChoice(ToolChoice.newBuilder().setFunctionName(name));
        });
    }
}
