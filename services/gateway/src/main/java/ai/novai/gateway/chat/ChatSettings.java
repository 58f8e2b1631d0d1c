package ai.novai.gateway.chat;

import java.time.Duration;

import ai.novai.common.config.SettingsNode;
import io.helidon.config.Config;

/**
 * The chat completions settings ({@code novai.chat}).
 *
 * @param deadlines    how long a whole completion may take (streams included) before it is answered 504:
 *                     {@code deadline}, overridden per model by {@code model-deadlines}
 * @param keepAlive    how long a stream may stay silent before an SSE comment is sent, so that clients and proxies
 *                     keep the connection
 * @param streamWindow chunks inference may send a stream ahead of what its client read (the gateway gives credit as
 *                     the client reads): a slow reader slows the model down instead of filling memory or the shared
 *                     connection
 */
public record ChatSettings(ChatDeadlines deadlines, Duration keepAlive, int streamWindow) {

    public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(15);
    public static final int DEFAULT_STREAM_WINDOW = 16;

    /** The settings under {@code novai.chat}. */
    public static ChatSettings from(Config chat) {
        SettingsNode node = SettingsNode.of(chat);
        return new ChatSettings(ChatDeadlines.from(chat),
                                node.positiveDuration("keep-alive", DEFAULT_KEEP_ALIVE),
                                node.integer("stream-window", DEFAULT_STREAM_WINDOW, 1, 1024));
    }
}
