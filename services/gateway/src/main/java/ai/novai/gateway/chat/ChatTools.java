package ai.novai.gateway.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import ai.novai.common.openai.ToolsWire;
import ai.novai.gateway.errors.ApiException;
import ai.novai.gateway.tools.ToolRequest;
import ai.novai.proto.inference.v1.ChatRequest;
import ai.novai.proto.inference.v1.ToolChoice;
import ai.novai.proto.inference.v1.ToolChoiceMode;
import com.fasterxml.jackson.databind.JsonNode;

import static ai.novai.common.openai.WireFields.field;
import static ai.novai.common.openai.OpenAiWireException.invalidType;
import static ai.novai.common.openai.OpenAiWireException.invalidValue;
import static ai.novai.common.openai.WireFields.required;
import static ai.novai.common.openai.WireFields.string;

/**
 * The gateway's policy for the tools of a request (their wire shape is {@link ToolsWire}'s): besides function
 * tools, {@code mcp} entries (OpenAI's remote-MCP tool shape) naming servers whose tools NovAI runs itself, and a
 * {@code tool_choice} that names a declared function. Only configured servers can be named: a request cannot point
 * NovAI at a URL of its own.
 */
final class ChatTools implements ToolsWire.OtherTools {

    private static final Pattern SERVER_LABEL = Pattern.compile("[a-zA-Z0-9-]{1,32}");
    private static final Pattern TOOL_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,60}");
    // what OpenAI's remote-MCP tool may carry that would make NovAI call a server the request names itself
    private static final List<String> CLIENT_SERVERS = List.of("server_url", "connector_id", "headers",
                                                               "authorization");

    private final List<ToolRequest> serverTools = new ArrayList<>();

    /** The request's {@code mcp} entries, in order. */
    List<ToolRequest> serverTools() {
        return List.copyOf(serverTools);
    }

    @Override
    public void read(String type, JsonNode tool, String path) {
        if (!type.equals("mcp")) {
            throw invalidValue(path + ".type", "only 'function' and 'mcp' tools are supported.");
        }
        serverTools.add(serverTool(tool, path));
    }

    /** Checks that the request's tool choice can be followed: a declared function, or some tool when required. */
    void checkChoice(ChatRequest.Builder request) {
        if (!request.hasToolChoice()) {
            return;
        }
        ToolChoice choice = request.getToolChoice();
        if (choice.getChoiceCase() == ToolChoice.ChoiceCase.MODE) {
            if (choice.getMode() == ToolChoiceMode.TOOL_CHOICE_MODE_REQUIRED && request.getToolsCount() == 0
                    && serverTools.isEmpty()) {
                throw invalidValue("tool_choice", "'required' needs 'tools'.");
            }
            return;
        }
        String name = choice.getFunctionName();
        if (request.getToolsList().stream().noneMatch(tool -> tool.getFunction().getName().equals(name))) {
            throw invalidValue("tool_choice.function.name", "'" + name + "' is not one of 'tools'.");
        }
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
        if (!names.isArray() || names.isEmpty() || names.size() > ToolsWire.MAX_TOOLS) {
            throw invalidType(param, "a non-empty array of at most " + ToolsWire.MAX_TOOLS + " tool names");
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
}
