package ai.novai.tools.catalog;

import java.util.Collection;
import java.util.Optional;

/**
 * Where tools come from: the built-ins, or one MCP server. A server's list changes while the service runs
 * (reconnects, {@code notifications/tools/list_changed}); each call sees one consistent list.
 */
public interface ToolSource {

    /** The label that prefixes its tools' names. */
    String label();

    /** Whether it can run its tools now (an MCP server: connected). */
    boolean available();

    /** Its tools now. */
    Collection<ToolDefinition> tools();

    /**
     * One tool by its own name (without the label).
     *
     * @param tool the tool's name on this source
     */
    Optional<ToolDefinition> find(String tool);
}
