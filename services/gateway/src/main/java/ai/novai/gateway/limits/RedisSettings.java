package ai.novai.gateway.limits;

import java.time.Duration;
import java.util.Optional;

import ai.novai.common.config.SettingsNode;
import io.helidon.config.Config;

/**
 * The Redis that holds every replica's shared rate limits and budget counters ({@code novai.redis}).
 *
 * @param url     {@code redis://host:6379/0} ({@code NOVAI_REDIS_URL}); empty = this process' own in-process limiter
 *                (the embedded default: one replica, no Redis)
 * @param timeout longest wait for one Redis command before {@link LimitSettings#redisFailure()} decides
 */
public record RedisSettings(Optional<String> url, Duration timeout) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(250);

    /** The settings under {@code novai.redis}. */
    public static RedisSettings from(Config redis) {
        SettingsNode node = SettingsNode.of(redis);
        return new RedisSettings(node.optionalString("url"), node.positiveDuration("timeout", DEFAULT_TIMEOUT));
    }
}
