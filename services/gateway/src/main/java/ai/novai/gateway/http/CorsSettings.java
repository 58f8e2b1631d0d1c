package ai.novai.gateway.http;

import java.time.Duration;
import java.util.List;

import ai.novai.common.config.SettingsNode;
import io.helidon.config.Config;

/**
 * Which browser origins may call the gateway ({@code novai.cors}): {@code /v1} and {@code /mcp}.
 *
 * @param allowedOrigins origins allowed, e.g. {@code https://app.example.com}; none = CORS off
 * @param maxAge         how long a browser may reuse a preflight answer
 */
public record CorsSettings(List<String> allowedOrigins, Duration maxAge) {

    public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(10);

    /** The settings under {@code novai.cors}. */
    public static CorsSettings from(Config cors) {
        SettingsNode node = SettingsNode.of(cors);
        return new CorsSettings(node.strings("allowed-origins").stream().filter(origin -> !origin.isBlank()).toList(),
                                node.duration("max-age", DEFAULT_MAX_AGE));
    }
}
