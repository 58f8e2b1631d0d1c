package ai.novai.gateway.limits;

import java.time.Clock;
import java.util.Optional;

import ai.novai.gateway.keys.PeriodSpend;

/**
 * Builds the gateway's limiter from configuration ({@link RedisSettings}, {@link LimitSettings}); keys without any
 * limit never reach it ({@link UnlimitedKeysFirst}). Without a Redis URL it is this process' own limiter (the
 * embedded default, one replica); with one, shared limits in Redis that fail over to the local limiter or refuse,
 * as {@code novai.limits.redis-failure} says.
 */
public final class Limiters {

    private Limiters() {
    }

    /** The limiter, and what to close with the gateway. */
    public record Built(Limiter limiter, Optional<AutoCloseable> resource) {
    }

    /**
     * @param redis    the {@code novai.redis} settings
     * @param settings the {@code novai.limits} settings
     * @param ledger   spend per key and period, from the usage ledger
     * @param clock    the time
     * @param metrics  admission meters
     * @return the limiter
     */
    public static Built create(RedisSettings redis, LimitSettings settings, PeriodSpend ledger, Clock clock,
                               LimitMetrics metrics) {
        LedgerSpend spend = new LedgerSpend(ledger);
        LocalLimiter local = new LocalLimiter(spend, clock);
        if (redis.url().isEmpty()) {
            return new Built(new UnlimitedKeysFirst(local), Optional.empty());
        }
        RedisConnector connector = new RedisConnector(redis.url().get(), redis.timeout());
        RedisLimiter shared = new RedisLimiter(connector, spend, clock, settings.reservationLifetime());
        shared.prepare();
        FailoverLimiter limiter = new FailoverLimiter(shared, local, settings.redisFailure(),
                                                      settings.redisRetryInterval(), System::nanoTime, metrics);
        return new Built(new UnlimitedKeysFirst(limiter), Optional.of(limiter));
    }
}
