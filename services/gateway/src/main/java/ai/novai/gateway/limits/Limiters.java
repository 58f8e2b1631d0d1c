package ai.novai.gateway.limits;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import ai.novai.gateway.keys.PeriodSpend;
import io.helidon.config.Config;

/**
 * Builds the gateway's limiter from configuration (keys without any limit never reach it:
 * {@link UnlimitedKeysFirst}):
 * <ul>
 *     <li>{@code novai.redis.url} ({@code NOVAI_REDIS_URL}, e.g. {@code redis://redis:6379/0}): shared
 *     limits in Redis; empty = this process' own limiter (the embedded default, one replica);</li>
 *     <li>{@code novai.redis.timeout} (default 250 ms): longest wait for one Redis command;</li>
 *     <li>{@code novai.limits.redis-failure}: {@code open} (default) or {@code closed};</li>
 *     <li>{@code novai.limits.redis-retry-interval} (default 1 s): how long a failed Redis is left alone;</li>
 *     <li>{@code novai.limits.reservation-lifetime} (default 15 min): when money held by a request whose
 *     gateway died comes back; longer than any request may take.</li>
 * </ul>
 */
public final class Limiters {

    private Limiters() {
    }

    /** The limiter, and what to close with the gateway. */
    public record Built(Limiter limiter, Optional<AutoCloseable> resource) {
    }

    /**
     * @param novai   the {@code novai} configuration node
     * @param ledger  spend per key and period, from the usage ledger
     * @param clock   the time
     * @param metrics admission meters
     * @return the limiter
     */
    public static Built create(Config novai, PeriodSpend ledger, Clock clock, LimitMetrics metrics) {
        LedgerSpend spend = new LedgerSpend(ledger);
        LocalLimiter local = new LocalLimiter(spend, clock);
        Optional<String> url = novai.get("redis.url").asString().asOptional().filter(value -> !value.isBlank());
        if (url.isEmpty()) {
            return new Built(new UnlimitedKeysFirst(local), Optional.empty());
        }
        Config limits = novai.get("limits");
        RedisConnector connector = new RedisConnector(url.get(), novai.get("redis.timeout").as(Duration.class)
                .orElse(Duration.ofMillis(250)));
        connector.connectEarly();
        RedisLimiter redis = new RedisLimiter(connector, spend, clock, limits.get("reservation-lifetime")
                .as(Duration.class).orElse(Duration.ofMinutes(15)));
        RedisFailurePolicy policy = RedisFailurePolicy.valueOf(limits.get("redis-failure").asString().orElse("open")
                                                                       .toUpperCase(Locale.ROOT));
        FailoverLimiter limiter = new FailoverLimiter(redis, local, policy, limits.get("redis-retry-interval")
                .as(Duration.class).orElse(Duration.ofSeconds(1)), System::nanoTime, metrics);
        return new Built(new UnlimitedKeysFirst(limiter), Optional.of(limiter));
    }
}
