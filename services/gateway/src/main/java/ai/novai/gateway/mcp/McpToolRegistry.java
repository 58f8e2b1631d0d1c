package ai.novai.gateway.mcp;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;

import ai.novai.gateway.errors.ApiException;
import ai.novai.gateway.keys.ApiKey;
import ai.novai.gateway.tools.ServerTool;
import ai.novai.gateway.tools.ToolCatalog;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * Keeps the SDK server's tools those of the tools service: every tool the {@link ToolCatalog} offers, to any key
 * (which of them a key sees and may call is decided per request). Brought up to date before each message, at the
 * cost of one list comparison while the catalogue is unchanged. While the tools service cannot say what it offers,
 * the tools last registered stay (their calls then fail as results, {@code unavailable}).
 */
final class McpToolRegistry {

    private static final System.Logger LOGGER = System.getLogger(McpToolRegistry.class.getName());

    private final ToolCatalog catalog;
    private final McpJsonMapper jsonMapper;
    private final BiFunction<McpTransportContext, McpSchema.CallToolRequest, McpSchema.CallToolResult> call;
    private final ReentrantLock update = new ReentrantLock();
    private volatile List<ServerTool> registered = List.of();

    McpToolRegistry(ToolCatalog catalog, McpJsonMapper jsonMapper,
                    BiFunction<McpTransportContext, McpSchema.CallToolRequest, McpSchema.CallToolResult> call) {
        this.catalog = catalog;
        this.jsonMapper = jsonMapper;
        this.call = call;
    }

    /** Whether the key may run this registered tool: what {@code tools/list} shows it. */
    boolean offers(ApiKey key, String name) {
        return registered.stream()
                .anyMatch(tool -> tool.name().equals(name) && key.mayRunTool(tool.serverLabel(), tool.tool()));
    }

    /** Registers on the server what the catalogue offers now, and unregisters what it no longer offers. */
    void refresh(McpStatelessSyncServer server) {
        List<ServerTool> offered;
        try {
            offered = catalog.all();
        } catch (ApiException unavailable) {
            LOGGER.log(System.Logger.Level.DEBUG, "MCP tools not refreshed: " + unavailable.error().message());
            return;
        }
        if (offered.equals(registered)) {
            return;
        }
        update.lock();
        try {
            List<ServerTool> previous = registered;
            if (!offered.equals(previous)) {
                replace(server, previous, offered);
                registered = offered;
            }
        } finally {
            update.unlock();
        }
    }

    private void replace(McpStatelessSyncServer server, List<ServerTool> previous, List<ServerTool> offered) {
        Set<String> names = new HashSet<>();
        offered.forEach(tool -> names.add(tool.name()));
        previous.stream().filter(tool -> !names.contains(tool.name())).forEach(tool -> server.removeTool(tool.name()));
        offered.stream().filter(tool -> !previous.contains(tool)).forEach(tool -> register(server, tool));
    }

    // the SDK replaces a tool registered under the same name
    private void register(McpStatelessSyncServer server, ServerTool tool) {
        try {
            server.addTool(new McpStatelessServerFeatures.SyncToolSpecification(McpSchema.Tool.builder()
                    .name(tool.name())
                    .description(tool.description())
                    .inputSchema(jsonMapper, tool.parametersJson())
                    .build(), call));
        } catch (IllegalArgumentException invalid) {
            LOGGER.log(System.Logger.Level.WARNING, "tool " + tool.name() + " not offered over MCP: "
                    + invalid.getMessage());
        }
    }
}
