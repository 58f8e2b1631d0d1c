package ai.novai.inference.routing;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter, bounded, and a provider's {@code Retry-After} honoured when it
 * is not too long.
 */
final class Backoff {

    private Backoff() {
    }

    /**
     * How long to wait before retry number {@code retry} (0 for the first retry).
     *
     * @return the wait, or empty when the provider asked for longer than the policy waits
     */
    static Optional<Duration> before(int retry, Optional<Duration> retryAfter, RoutingPolicy policy) {
        if (retryAfter.isPresent()) {
            Duration asked = retryAfter.get();
            return asked.compareTo(policy.maxRetryAfter()) <= 0 ? Optional.of(asked) : Optional.empty();
        }
        long ceiling = Math.min(policy.maxBackoff().toMillis(),
                                policy.initialBackoff().toMillis() << Math.min(retry, 20));
        return Optional.of(Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1)));
    }
}
