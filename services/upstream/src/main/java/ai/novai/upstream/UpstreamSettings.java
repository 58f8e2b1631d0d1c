package ai.novai.upstream;

import java.time.Duration;

import ai.novai.common.config.SettingsNode;
import ai.novai.common.models.ProviderEntry;

/**
 * How long NovAI waits for one provider, from the provider's registry entry; the same keys and defaults for
 * every service that calls it.
 *
 * @param connectTimeout {@code connect-timeout}: time to open a connection (default {@link #DEFAULT_CONNECT_TIMEOUT})
 * @param readTimeout    {@code read-timeout}: time until the response headers, and the longest silence of a
 *                       streamed body (default {@link #DEFAULT_READ_TIMEOUT}: long enough for a large
 *                       completion that is not streamed)
 */
public record UpstreamSettings(Duration connectTimeout, Duration readTimeout) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(120);

    public UpstreamSettings {
        if (connectTimeout.isNegative() || connectTimeout.isZero() || readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
    }

    /**
     * The settings of a provider entry.
     *
     * @throws ai.novai.common.config.InvalidSettingException naming the full key when a value is not a positive
     *                                                        duration
     */
    public static UpstreamSettings of(ProviderEntry provider) {
        SettingsNode settings = SettingsNode.of(provider.settings());
        return new UpstreamSettings(settings.positiveDuration("connect-timeout", DEFAULT_CONNECT_TIMEOUT),
                                    settings.positiveDuration("read-timeout", DEFAULT_READ_TIMEOUT));
    }
}
