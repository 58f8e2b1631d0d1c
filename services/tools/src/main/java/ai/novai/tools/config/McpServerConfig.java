package ai.novai.tools.config;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * One entry of the registry's {@code tools.mcp-servers}: an MCP server whose tools the service offers as
 * {@code <label>__<tool>}.
 */
public sealed interface McpServerConfig {

    /** The server's label, the prefix of its tools' names. */
    String label();

    /** Limits of the server's tool executions. */
    ToolSettings settings();

    /**
     * A server the service starts as a process and speaks to over its stdin and stdout.
     *
     * @param label    the server's label
     * @param command  the argv of the process (first the program)
     * @param env      variables added to the process's environment
     * @param settings limits of its tool executions
     */
    record Stdio(String label, List<String> command, Map<String, ConfiguredValue> env, ToolSettings settings)
            implements McpServerConfig {
        /** Copies the collections. */
        public Stdio {
            command = List.copyOf(command);
            env = Map.copyOf(env);
        }
    }

    /**
     * A server reached over MCP's Streamable HTTP transport.
     *
     * @param label    the server's label
     * @param url      the MCP endpoint, e.g. {@code https://mcp.example.com/mcp}
     * @param headers  headers sent on every request (e.g. {@code Authorization})
     * @param settings limits of its tool executions
     */
    record StreamableHttp(String label, URI url, Map<String, ConfiguredValue> headers, ToolSettings settings)
            implements McpServerConfig {
        /** Copies the collections. */
        public StreamableHttp {
            headers = Map.copyOf(headers);
        }
    }
}
