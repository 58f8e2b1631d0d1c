package ai.novai.inference.routing;

import java.time.Duration;

import io.helidon.config.Config;

/**
 * How hard the router tries ({@code routing.*} in the inference configuration).
 *
 * @param maxAttempts     attempts per model (first try plus retries), each at a deployment chosen by weight
 * @param initialBackoff  wait before the first retry; doubles each retry, with full jitter
 * @param maxBackoff      longest wait between two attempts
 * @param maxRetryAfter   a provider's {@code Retry-After} longer than this skips the deployment instead of waiting
 * @param breakerVolume   calls a circuit breaker looks at
 * @param breakerErrorRatio percentage of failed calls among them that opens it
 * @param breakerDelay    how long an open breaker stays open before it lets a trial call through
 */
public record RoutingPolicy(int maxAttempts,
                            Duration initialBackoff,
                            Duration maxBackoff,
                            Duration maxRetryAfter,
                            int breakerVolume,
                            int breakerErrorRatio,
                            Duration breakerDelay) {

    /** The policy the {@code routing} node configures. */
    public static RoutingPolicy from(Config routing) {
        return new RoutingPolicy(
                routing.get("max-attempts").asInt().orElse(3),
                routing.get("backoff.initial").as(Duration.class).orElse(Duration.ofMillis(200)),
                routing.get("backoff.max").as(Duration.class).orElse(Duration.ofSeconds(5)),
                routing.get("max-retry-after").as(Duration.class).orElse(Duration.ofSeconds(10)),
                routing.get("circuit-breaker.volume").asInt().orElse(10),
                routing.get("circuit-breaker.error-ratio").asInt().orElse(50),
                routing.get("circuit-breaker.delay").as(Duration.class).orElse(Duration.ofSeconds(10)));
    }
}
