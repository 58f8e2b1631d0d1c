package ai.novai.gateway.tools;

import ai.novai.gateway.backends.BackendChannels;
import io.helidon.config.Config;

/**
 * The gateway's side of server-side tools, for chat completions and the MCP endpoint alike.
 *
 * @param catalog  the tools the tools service offers
 * @param executor runs them
 * @param settings {@code novai.tools}
 */
public record ServerTools(ToolCatalog catalog, ToolExecutor executor, ToolSettings settings) {

    /** Over the backends' tools channel, with {@code novai.tools}. */
    public static ServerTools create(BackendChannels backends, Config tools) {
        ToolSettings settings = ToolSettings.from(tools);
        return new ServerTools(new ToolCatalog(backends, settings), new ToolExecutor(backends, settings), settings);
    }
}
