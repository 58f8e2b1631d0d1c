package ai.novai.gateway.embeddings;

import java.time.Duration;

import ai.novai.common.config.SettingsNode;
import io.helidon.config.Config;

/**
 * The embeddings settings ({@code novai.embeddings}), for {@code /v1/embeddings} and batch lines alike.
 *
 * @param deadline gRPC deadline of one embeddings request; expiry answers 504
 */
public record EmbeddingsSettings(Duration deadline) {

    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(60);

    /** The settings under {@code novai.embeddings}. */
    public static EmbeddingsSettings from(Config embeddings) {
        return new EmbeddingsSettings(SettingsNode.of(embeddings).positiveDuration("deadline", DEFAULT_DEADLINE));
    }
}
