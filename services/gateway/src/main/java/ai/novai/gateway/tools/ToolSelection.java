package ai.novai.gateway.tools;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import ai.novai.gateway.errors.ApiException;
import ai.novai.gateway.errors.OpenAiError;
import ai.novai.gateway.keys.ApiKey;
import io.helidon.http.Status;

/**
 * Which server-side tools one chat request offers its model: its {@code mcp} entries resolved against the tools
 * service's catalogue and the key's {@code allowed_tools}. An entry naming a server or tool that does not exist is
 * a 400; one naming a tool the key may not run is a 403 ({@code tool_not_allowed}); a configured server that has not
 * connected yet (so that its tools are not known) is a 503 ({@code tool_server_unavailable}); an entry without
 * {@code allowed_tools} offers every tool of its server the key may run.
 */
public final class ToolSelection {

    /** Most tools of one request, client functions included (OpenAI's limit). */
    public static final int MAX_TOOLS = 128;
    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private ToolSelection() {
    }

    /**
     * The tools to offer, by function name.
     *
     * @param requests        the request's {@code mcp} entries
     * @param key             the calling key
     * @param catalog         the tools service's catalogue
     * @param clientFunctions the names of the request's own function tools (they must not collide)
     */
    public static Map<String, ServerTool> resolve(List<ToolRequest> requests, ApiKey key, ToolCatalog catalog,
                                                  Set<String> clientFunctions) {
        Map<String, ServerTool> offered = new LinkedHashMap<>();
        if (requests.isEmpty()) {
            return offered;
        }
        List<ServerTool> all = catalog.forKey(key);
        List<String> labels = catalog.serverLabels();
        for (ToolRequest request : requests) {
            if (!labels.contains(request.serverLabel())) {
                throw ApiException.badRequest("No MCP server '" + request.serverLabel() + "' is configured; "
                                                      + "available: " + String.join(", ", labels) + ".",
                                              request.param() + ".server_label", "invalid_value");
            }
            List<ServerTool> ofServer = all.stream()
                    .filter(tool -> tool.serverLabel().equals(request.serverLabel())).toList();
            if (ofServer.isEmpty() && !catalog.serverAvailable(request.serverLabel()).orElse(true)) {
                // never connected since the tools service started: its tools are not known yet
                throw new ApiException(Status.SERVICE_UNAVAILABLE_503, new OpenAiError(
                        "The MCP server '" + request.serverLabel() + "' is not connected right now; try again shortly.",
                        "server_error", request.param() + ".server_label", "tool_server_unavailable"),
                        Optional.of(RETRY_AFTER));
            }
            List<ServerTool> chosen = request.allowedTools()
                    .map(names -> named(request, names, ofServer, key, catalog))
                    .orElse(ofServer);
            if (chosen.isEmpty()) {
                throw ApiException.forbidden("This API key may not run any tool of '" + request.serverLabel() + "'.",
                                             request.param() + ".server_label", "tool_not_allowed");
            }
            for (ServerTool tool : chosen) {
                if (clientFunctions.contains(tool.name())) {
                    throw ApiException.badRequest("The function '" + tool.name() + "' is declared in 'tools' and "
                                                          + "offered by the server '" + request.serverLabel() + "'.",
                                                  request.param(), "invalid_value");
                }
                offered.putIfAbsent(tool.name(), tool);
            }
        }
        if (offered.size() + clientFunctions.size() > MAX_TOOLS) {
            throw ApiException.badRequest("At most " + MAX_TOOLS + " tools are allowed; the request's MCP servers "
                                                  + "offer " + offered.size() + " and it declares "
                                                  + clientFunctions.size() + " functions. Narrow 'allowed_tools'.",
                                          "tools", "invalid_value");
        }
        return offered;
    }

    private static List<ServerTool> named(ToolRequest request, List<String> names, List<ServerTool> ofServer,
                                          ApiKey key, ToolCatalog catalog) {
        List<ServerTool> chosen = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            String param = request.param() + ".allowed_tools[" + i + "]";
            ServerTool tool = ofServer.stream().filter(candidate -> candidate.tool().equals(name)).findFirst()
                    .orElse(null);
            if (tool == null) {
                boolean exists = catalog.exists(request.serverLabel(), name);
                if (exists && !key.mayRunTool(request.serverLabel(), name)) {
                    throw ApiException.forbidden("This API key may not run the tool '" + name + "' of '"
                                                         + request.serverLabel() + "'.", param, "tool_not_allowed");
                }
                throw ApiException.badRequest("The server '" + request.serverLabel() + "' has no tool '" + name
                                                      + "'.", param, "invalid_value");
            }
            chosen.add(tool);
        }
        return chosen;
    }
}
