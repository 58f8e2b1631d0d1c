package ai.novai.tools.mcp;

import java.time.Duration;

import io.helidon.config.Config;

/**
 * How the service runs its MCP connections ({@code tools.mcp.*} of {@code application.yaml}).
 *
 * @param restartBackoff    the first wait before reconnecting a server that failed or died
 * @param maxRestartBackoff the longest wait (the wait doubles up to it while the server keeps failing)
 * @param connectTimeout    how long starting and initializing a connection may take
 * @param maxMessageBytes   the largest message read from a server (a stdio line, an HTTP response)
 */
public record McpSettings(Duration restartBackoff, Duration maxRestartBackoff, Duration connectTimeout,
                          int maxMessageBytes) {

    /** Reads {@code tools.mcp.*}. */
    public static McpSettings from(Config mcp) {
        return new McpSettings(mcp.get("restart-backoff").as(Duration.class).orElse(Duration.ofMillis(500)),
                               mcp.get("max-restart-backoff").as(Duration.class).orElse(Duration.ofSeconds(30)),
                               mcp.get("connect-timeout").as(Duration.class).orElse(Duration.ofSeconds(20)),
                               mcp.get("max-message-bytes").asInt().orElse(4 * 1024 * 1024));
    }
}
