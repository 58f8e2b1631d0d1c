package ai.novai.inference.routing;

import java.time.Duration;

import ai.novai.common.config.SettingsNode;
import io.helidon.config.Config;

/**
 * How hard the router tries ({@code routing.*} in the inference configuration).
 *
 * @param maxAttempts     attempts per model (first try plus retries), each at a deployment chosen by weight
 * @param initialBackoff  wait before the first retry; doubles each retry, with full jitter
 * @param maxBackoff      longest wait between two attempts
 * @param maxRetryAfter   a provider's {@code Retry-After} longer than this skips the deployment instead of waiting
 * @param breakerVolume   calls a circuit breaker (one per deployment) looks at
 * @param breakerErrorRatio percentage of failed calls among them that opens it (a 429 is not a failure); with every
 *                        deployment of a model open and no fallback, they are called anyway, but those whose last
 *                        volume calls all failed
 * @param breakerDelay    how long an open breaker stays open before it lets a trial call through
 */
public record RoutingPolicy(int maxAttempts,
                            Duration initialBackoff,
                            Duration maxBackoff,
                            Duration maxRetryAfter,
                            int breakerVolume,
                            int breakerErrorRatio,
                            Duration breakerDelay) {

    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(200);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(5);
    public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofSeconds(10);
    public static final int DEFAULT_BREAKER_VOLUME = 10;
    public static final int DEFAULT_BREAKER_ERROR_RATIO = 50;
    public static final Duration DEFAULT_BREAKER_DELAY = Duration.ofSeconds(10);

    /** The policy the {@code routing} node configures. */
    public static RoutingPolicy from(Config routing) {
        SettingsNode node = SettingsNode.of(routing);
        return new RoutingPolicy(
                node.integer("max-attempts", DEFAULT_MAX_ATTEMPTS, 1, 100),
                node.duration("backoff.initial", DEFAULT_INITIAL_BACKOFF),
                node.duration("backoff.max", DEFAULT_MAX_BACKOFF),
                node.duration("max-retry-after", DEFAULT_MAX_RETRY_AFTER),
                node.integer("circuit-breaker.volume", DEFAULT_BREAKER_VOLUME, 1, 10_000),
                node.integer("circuit-breaker.error-ratio", DEFAULT_BREAKER_ERROR_RATIO, 1, 100),
                node.positiveDuration("circuit-breaker.delay", DEFAULT_BREAKER_DELAY));
    }
}
