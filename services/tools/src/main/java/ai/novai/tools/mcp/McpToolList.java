package ai.novai.tools.mcp;

import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.novai.common.telemetry.LogText;
import ai.novai.tools.catalog.ToolAdmission;
import ai.novai.tools.catalog.ToolDefinition;
import ai.novai.tools.config.McpServerConfig;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * A server's tools as the service offers them: each admitted by {@link ToolAdmission} (bounded names,
 * descriptions, schemas), the first of duplicate names kept, at most {@value #MAX_TOOLS}.
 */
public final class McpToolList {

    /** The most tools offered of one server. */
    public static final int MAX_TOOLS = 512;
    /** The most pages of {@code tools/list} read. */
    static final int MAX_PAGES = 32;

    private static final System.Logger LOGGER = System.getLogger(McpToolList.class.getName());

    private McpToolList() {
    }

    /** Reads every page of the server's list (bounded) and admits its tools. */
    static Map<String, ToolDefinition> fetch(McpSyncClient client, McpServerConfig server, ToolCalls calls) {
        List<McpSchema.Tool> tools = new java.util.ArrayList<>();
        String cursor = null;
        for (int page = 0; page < MAX_PAGES && tools.size() <= MAX_TOOLS; page++) {
            McpSchema.ListToolsResult result = client.listTools(cursor);
            if (result.tools() != null) {
                tools.addAll(result.tools());
            }
            cursor = result.nextCursor();
            if (cursor == null || cursor.isEmpty()) {
                break;
            }
        }
        return admit(tools, server, calls);
    }

    /** Admits the tools of a list. */
    static Map<String, ToolDefinition> admit(Collection<McpSchema.Tool> tools, McpServerConfig server,
                                             ToolCalls calls) {
        Map<String, ToolDefinition> admitted = new LinkedHashMap<>();
        for (McpSchema.Tool tool : tools) {
            if (admitted.size() == MAX_TOOLS) {
                LOGGER.log(System.Logger.Level.WARNING, "mcp " + server.label() + " lists more than " + MAX_TOOLS
                        + " tools: only the first " + MAX_TOOLS + " are offered");
                break;
            }
            if (tool.name() == null || admitted.containsKey(tool.name())) {
                LOGGER.log(System.Logger.Level.WARNING, "mcp " + server.label() + " lists a tool without a name "
                        + "or twice: " + LogText.value(String.valueOf(tool.name())));
                continue;
            }
            schema(tool).flatMap(schema -> ToolAdmission.admit(
                            server.label(), tool.name(), tool.description() == null ? "" : tool.description(), schema,
                            server.settings(), List.of(), calls.invoker(tool.name())))
                    .ifPresent(definition -> admitted.put(tool.name(), definition));
        }
        return admitted;
    }

    private static java.util.Optional<String> schema(McpSchema.Tool tool) {
        try {
            return java.util.Optional.of(tool.inputSchema() == null ? "{\"type\":\"object\"}"
                                                 : McpTransports.JSON.writeValueAsString(tool.inputSchema()));
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    /** Makes the invoker of a server's tool. */
    @FunctionalInterface
    interface ToolCalls {
        ai.novai.tools.catalog.ToolInvoker invoker(String tool);
    }
}
