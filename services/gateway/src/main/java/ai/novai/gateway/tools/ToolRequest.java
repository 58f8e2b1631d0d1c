package ai.novai.gateway.tools;

import java.util.List;
import java.util.Optional;

/**
 * One {@code {"type": "mcp", ...}} entry of a chat request's {@code tools}: the tools of a configured server the
 * request offers to its model, run by NovAI (OpenAI's remote-MCP tool shape).
 *
 * @param param        where the entry is in the request, e.g. {@code tools[2]}, for errors
 * @param serverLabel  the configured server ({@code novai}: the built-ins)
 * @param allowedTools the server's tools to offer; empty = every one the key may run
 */
public record ToolRequest(String param, String serverLabel, Optional<List<String>> allowedTools) {
}
