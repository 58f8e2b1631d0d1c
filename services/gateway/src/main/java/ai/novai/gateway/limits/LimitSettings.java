package ai.novai.gateway.limits;

import java.time.Duration;

import ai.novai.common.config.SettingsNode;
import io.helidon.config.Config;

/**
 * How admission meters requests ({@code novai.limits}).
 *
 * @param redisFailure           what admission does while Redis cannot be reached
 * @param redisRetryInterval     after a Redis failure, how long requests follow that policy before Redis is tried
 *                               again
 * @param reservationLifetime    when money held by a request whose gateway died comes back; longer than any request
 * @param defaultMaxOutputTokens output tokens reserved (TPM, budget) when neither the request nor the model caps them
 */
public record LimitSettings(RedisFailurePolicy redisFailure, Duration redisRetryInterval,
                            Duration reservationLifetime, int defaultMaxOutputTokens) {

    public static final Duration DEFAULT_REDIS_RETRY_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_RESERVATION_LIFETIME = Duration.ofMinutes(15);
    public static final int DEFAULT_MAX_OUTPUT_TOKENS = 4096;

    /** The settings under {@code novai.limits}. */
    public static LimitSettings from(Config limits) {
        SettingsNode node = SettingsNode.of(limits);
        return new LimitSettings(node.oneOf("redis-failure", RedisFailurePolicy.class, RedisFailurePolicy.OPEN),
                                 node.positiveDuration("redis-retry-interval", DEFAULT_REDIS_RETRY_INTERVAL),
                                 node.positiveDuration("reservation-lifetime", DEFAULT_RESERVATION_LIFETIME),
                                 node.integer("default-max-output-tokens", DEFAULT_MAX_OUTPUT_TOKENS, 1,
                                              Integer.MAX_VALUE));
    }
}
