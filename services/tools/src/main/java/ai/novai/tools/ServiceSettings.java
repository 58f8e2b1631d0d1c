package ai.novai.tools;

import java.time.Duration;

import ai.novai.common.config.SettingsNode;
import io.helidon.config.Config;

/**
 * The service's own settings ({@code tools.*} of {@code application.yaml}); what tools exist is the registry's
 * business ({@link ai.novai.tools.config.ToolsRegistry}).
 *
 * @param maxArgumentsBytes the largest {@code arguments_json} accepted
 * @param startupWait       how long start-up waits for the MCP servers' first connection before serving
 *                          (a server not ready by then keeps connecting in the background)
 */
record ServiceSettings(int maxArgumentsBytes, Duration startupWait) {

    static final int DEFAULT_MAX_ARGUMENTS_BYTES = 1024 * 1024;
    static final Duration DEFAULT_STARTUP_WAIT = Duration.ofSeconds(10);

    /** Reads {@code tools.*}. */
    static ServiceSettings from(Config tools) {
        SettingsNode node = SettingsNode.of(tools);
        return new ServiceSettings(
                node.integer("max-arguments-bytes", DEFAULT_MAX_ARGUMENTS_BYTES, 1, Integer.MAX_VALUE),
                node.duration("mcp.startup-wait", DEFAULT_STARTUP_WAIT));
    }
}
