package ai.novai.gateway.tools;

import java.time.Duration;

import ai.novai.proto.tools.v1.ToolDescriptor;

/**
 * A tool the tools service runs, as offered to models.
 *
 * @param name           the function name models call, {@code <serverLabel>__<tool>}
 * @param serverLabel    {@code novai} for built-ins, else the MCP server's label
 * @param tool           the tool's name on its server
 * @param description    what it does, for the model
 * @param parametersJson JSON Schema of its arguments
 * @param timeout        its execution limit
 */
public record ServerTool(String name, String serverLabel, String tool, String description, String parametersJson,
                         Duration timeout) {

    static ServerTool of(ToolDescriptor descriptor) {
        return new ServerTool(descriptor.getName(), descriptor.getServerLabel(), descriptor.getTool(),
                              descriptor.getDescription(),
                              descriptor.getParametersJson().isEmpty() ? "{\"type\":\"object\",\"properties\":{}}"
                                      : descriptor.getParametersJson(),
                              Duration.ofMillis(Math.max(0, descriptor.getLimits().getTimeoutMs())));
    }
}
