package ai.novai.tools.config;

import java.util.List;
import java.util.Optional;

/**
 * The registry's {@code tools} section: which built-ins are offered, with which limits, and which MCP
 * servers. See {@code docs/tools.md}.
 *
 * @param defaults    limits of a tool that sets none
 * @param currentTime the {@code current_time} built-in's limits; empty when it is not offered
 * @param httpFetch   the {@code http_fetch} built-in's settings; empty when it is not offered
 * @param mcpServers  the MCP servers, labels unique
 */
public record ToolsConfig(ToolSettings defaults, Optional<ToolSettings> currentTime,
                          Optional<HttpFetchSettings> httpFetch, List<McpServerConfig> mcpServers) {

    /** Copies the list. */
    public ToolsConfig {
        mcpServers = List.copyOf(mcpServers);
    }
}
