package ai.novai.tools.catalog;

import java.util.List;

import ai.novai.tools.config.ToolSettings;

/**
 * A tool the service offers, admitted by {@link ToolAdmission}: where it lives, what the model sees, its
 * limits and how to run it.
 *
 * @param serverLabel    {@code novai} for a built-in, else the MCP server's label
 * @param tool           its own name on that server
 * @param description    what the model reads about it
 * @param parametersJson the JSON Schema of its arguments, as JSON text
 * @param schema         the same, compiled, to check arguments with
 * @param limits         timeout and output cap
 * @param allowedHosts   hosts a networked tool may reach (offered to the gateway as information)
 * @param invoker        runs it
 */
public record ToolDefinition(String serverLabel, String tool, String description, String parametersJson,
                             ArgumentSchema schema, ToolSettings limits, List<String> allowedHosts,
                             ToolInvoker invoker) {

    /** What separates a server's label from the tool's own name in {@link #name()}. */
    public static final String SEPARATOR = "__";

    /** Copies the list. */
    public ToolDefinition {
        allowedHosts = List.copyOf(allowedHosts);
    }

    /** The function name the model calls: {@code <server_label>__<tool>}. */
    public String name() {
        return serverLabel + SEPARATOR + tool;
    }
}
