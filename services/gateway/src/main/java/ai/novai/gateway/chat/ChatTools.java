package ai.novai.gateway.chat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import ai.novai.gateway.errors.ApiException;
import ai.novai.gateway.tools.ToolRequest;
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
 * Reads {@code tools} and {@code tool_choice}: function tools with well-formed, unique names, a choice that
 * names one of them, and {@code mcp} entries (OpenAI's remote-MCP tool shape) naming servers whose tools NovAI
 * runs itself. Only configured servers can be named: a request cannot point NovAI at a URL of its own.
 */
final class ChatTools {

    /** What OpenAI allows as a function (and json_schema) name. */
    static final Pattern FUNCTION_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
    private static final int MAX_TOOLS = 128;
    private static final Pattern SERVER_LABEL = Pattern.compile("[a-zA-Z0-9-]{1,32}");
    private static final Pattern TOOL_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,60}");
    // what OpenAI's remote-MCP tool may carry that would make NovAI call a server the request names itself
    private static final List<String> CLIENT_SERVERS = List.of("server_url", "connector_id", "headers",
                                                               "authorization");

    private ChatTools() {
    }

    /** Reads the function tools onto the request; returns its {@code mcp} entries. */
    static List<ToolRequest> read(JsonNode body, ChatRequest.Builder request) {
        List<ToolRequest> serverTools = tools(body, request);
        toolChoice(body, request, !serverTools.isEmpty());
        return serverTools;
    }

    private static List<ToolRequest> tools(JsonNode body, ChatRequest.Builder request) {
        JsonNode tools = field(body, "tools").orElse(null);
        List<ToolRequest> serverTools = new ArrayList<>();
        if (tools == null) {
            return serverTools;
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
            if (type.equals("mcp")) {
                serverTools.add(serverTool(tool, path));
                continue;
            }
            if (!type.equals("function")) {
                throw invalidValue(path + ".type", "only 'function' and 'mcp' tools are supported.");
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
        return serverTools;
    }

    private static ToolRequest serverTool(JsonNode tool, String path) {
        for (String field : CLIENT_SERVERS) {
            if (tool.has(field)) {
                throw ApiException.badRequest("'" + path + "." + field + "' is not supported: NovAI runs the MCP "
                                                      + "servers its operator configured; name one by 'server_label'.",
                                              path + "." + field, "unsupported_parameter");
            }
        }
        String label = string(tool, "server_label", path + ".server_label").orElseThrow(
                () -> ApiException.badRequest("Missing required parameter: '" + path + ".server_label'.",
                                              path + ".server_label", "missing_required_parameter"));
        if (!SERVER_LABEL.matcher(label).matches()) {
            throw invalidValue(path + ".server_label", "labels are 1 to 32 letters, digits or '-'.");
        }
        field(tool, "require_approval").ifPresent(approval -> {
            if (!approval.isTextual() || !approval.asText().equals("never")) {
                throw ApiException.badRequest("'" + path + ".require_approval' must be 'never': NovAI runs "
                                                      + "server-side tools without asking.",
                                              path + ".require_approval", "unsupported_value");
            }
        });
        string(tool, "server_description", path + ".server_description");
        return new ToolRequest(path, label, allowedTools(tool, path));
    }

    // a list of names, or OpenAI's filter object {"tool_names": [...]}; absent or null: every tool
    private static Optional<List<String>> allowedTools(JsonNode tool, String path) {
        Optional<JsonNode> field = field(tool, "allowed_tools");
        if (field.isEmpty()) {
            return Optional.empty();
        }
        String param = path + ".allowed_tools";
        JsonNode names = field.get();
        if (names.isObject()) {
            param += ".tool_names";
            names = required(names, "tool_names", param);
        }
        if (!names.isArray() || names.isEmpty() || names.size() > MAX_TOOLS) {
            throw invalidType(param, "a non-empty array of at most " + MAX_TOOLS + " tool names");
        }
        List<String> list = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            JsonNode name = names.get(i);
            if (!name.isTextual() || !TOOL_NAME.matcher(name.asText()).matches()) {
                throw invalidValue(param + "[" + i + "]", "tool names are 1 to 60 letters, digits, '_' or '-'.");
            }
            if (!list.contains(name.asText())) {
                list.add(name.asText());
            }
        }
        return Optional.of(List.copyOf(list));
    }

    private static void toolChoice(JsonNode body, ChatRequest.Builder request, boolean serverTools) {
        field(body, "tool_choice").ifPresent(choice -> {
            if (choice.isTextual()) {
                ToolChoiceMode mode = switch (choice.asText()) {
                    case "none" -> ToolChoiceMode.TOOL_CHOICE_MODE_NONE;
                    case "auto" -> ToolChoiceMode.TOOL_CHOICE_MODE_AUTO;
                    case "required" -> ToolChoiceMode.TOOL_CHOICE_MODE_REQUIRED;
                    default -> throw invalidValue("tool_choice", "expected 'none', 'auto', 'required' or a function.");
                };
                if (mode == ToolChoiceMode.TOOL_CHOICE_MODE_REQUIRED && request.getToolsCount() == 0 && !serverTools) {
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
