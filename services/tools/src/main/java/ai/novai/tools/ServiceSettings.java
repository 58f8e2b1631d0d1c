package ai.novai.tools;

import java.time.Duration;

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
        return new ServiceSettings(
                tools.get("max-arguments-bytes").asInt().orElse(DEFAULT_MAX_ARGUMENTS_BYTES),
                tools.get("mcp.startup-wait").as(Duration.class).orElse(DEFAULT_STARTUP_WAIT));
    }
}
