package ai.novai.tools.catalog;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import ai.novai.common.telemetry.LogText;
import ai.novai.tools.config.ToolSettings;

/**
 * Decides whether a tool may be offered. What an MCP server sends is bounded input: a tool whose full name
 * is not a valid function name, whose description or schema is too large, or whose schema does not compile
 * is left out with a warning, and the server's other tools are offered.
 */
public final class ToolAdmission {

    /** A function name OpenAI accepts. */
    public static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
    /** The largest description, in UTF-8 bytes. */
    public static final int MAX_DESCRIPTION_BYTES = 4 * 1024;
    /** The largest schema, in UTF-8 bytes of its JSON text. */
    public static final int MAX_SCHEMA_BYTES = 64 * 1024;

    private static final System.Logger LOGGER = System.getLogger(ToolAdmission.class.getName());

    private ToolAdmission() {
    }

    /**
     * The tool, when it is within bounds.
     *
     * @param serverLabel    its source's label
     * @param tool           its own name
     * @param description    its description (may be empty)
     * @param parametersJson its input schema as JSON text
     * @param limits         its limits
     * @param allowedHosts   hosts it may reach
     * @param invoker        runs it
     * @return the definition, or empty (and a warning logged) when it is left out
     */
    public static Optional<ToolDefinition> admit(String serverLabel, String tool, String description,
                                                 String parametersJson, ToolSettings limits,
                                                 List<String> allowedHosts, ToolInvoker invoker) {
        String name = serverLabel + ToolDefinition.SEPARATOR + tool;
        if (!NAME.matcher(name).matches()) {
            return refuse(serverLabel, tool, "its name " + serverLabel + ToolDefinition.SEPARATOR + "<tool> is not "
                    + "1 to 64 letters, digits, '_' or '-'");
        }
        if (description.length() > MAX_DESCRIPTION_BYTES
                || description.getBytes(StandardCharsets.UTF_8).length > MAX_DESCRIPTION_BYTES) {
            return refuse(serverLabel, tool, "its description is larger than " + MAX_DESCRIPTION_BYTES + " bytes");
        }
        if (parametersJson.length() > MAX_SCHEMA_BYTES
                || parametersJson.getBytes(StandardCharsets.UTF_8).length > MAX_SCHEMA_BYTES) {
            return refuse(serverLabel, tool, "its input schema is larger than " + MAX_SCHEMA_BYTES + " bytes");
        }
        ArgumentSchema schema;
        try {
            schema = ArgumentSchema.compile(parametersJson);
        } catch (IllegalArgumentException e) {
            return refuse(serverLabel, tool, e.getMessage());
        }
        return Optional.of(new ToolDefinition(serverLabel, tool, description, parametersJson, schema, limits,
                                              allowedHosts, invoker));
    }

    private static Optional<ToolDefinition> refuse(String serverLabel, String tool, String why) {
        LOGGER.log(System.Logger.Level.WARNING, "tool " + LogText.value(tool) + " of " + serverLabel
                + " is not offered: " + LogText.value(why));
        return Optional.empty();
    }
}
