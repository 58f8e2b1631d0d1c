package ai.novai.tools.mcp;

import java.time.Duration;

import ai.novai.common.config.SettingsNode;
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

    public static final Duration DEFAULT_RESTART_BACKOFF = Duration.ofMillis(500);
    public static final Duration DEFAULT_MAX_RESTART_BACKOFF = Duration.ofSeconds(30);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(20);
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

    /** Reads {@code tools.mcp.*}. */
    public static McpSettings from(Config mcp) {
        SettingsNode node = SettingsNode.of(mcp);
        return new McpSettings(node.positiveDuration("restart-backoff", DEFAULT_RESTART_BACKOFF),
                               node.positiveDuration("max-restart-backoff", DEFAULT_MAX_RESTART_BACKOFF),
                               node.positiveDuration("connect-timeout", DEFAULT_CONNECT_TIMEOUT),
                               node.integer("max-message-bytes", DEFAULT_MAX_MESSAGE_BYTES, 1024, Integer.MAX_VALUE));
    }
}
