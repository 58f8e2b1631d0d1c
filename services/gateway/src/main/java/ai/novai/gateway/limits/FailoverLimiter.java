package ai.novai.gateway.limits;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;

/**
 * Redis first; while Redis fails, the {@link RedisFailurePolicy}: this replica's local limiter, or a
 * refusal. After a failure Redis is left alone for {@code retryInterval} (no request waits on a dead
 * Redis), then tried again by the next request. The switch each way is logged once and shown by the
 * {@link LimitMetrics#fallbackActive} gauge. Keys that spent against the local limiter have their Redis
 * budget counts dropped when Redis is back, so that the next admission reloads them from the ledger,
 * which holds what was spent meanwhile.
 */
final class FailoverLimiter implements Limiter, AutoCloseable {

    private static final System.Logger LOGGER = System.getLogger(FailoverLimiter.class.getName());

    private final RedisLimiter redis;
    private final LocalLimiter local;
    private final RedisFailurePolicy policy;
    private final long retryIntervalNanos;
    private final LongSupplier nanoTime;
    private final LimitMetrics metrics;
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicLong retryAt = new AtomicLong();
    private final Set<String> spentLocally = ConcurrentHashMap.newKeySet();

    FailoverLimiter(RedisLimiter redis, LocalLimiter local, RedisFailurePolicy policy, Duration retryInterval,
                    LongSupplier nanoTime, LimitMetrics metrics) {
        this.redis = redis;
        this.local = local;
        this.policy = policy;
        this.retryIntervalNanos = retryInterval.toNanos();
        this.nanoTime = nanoTime;
        this.metrics = metrics;
    }

    @Override
    public Verdict admit(Demand demand) {
        if (!down.get() || nanoTime.getAsLong() - retryAt.get() >= 0) {
            try {
                Verdict verdict = redis.admit(demand);
                recovered();
                return verdict;
            } catch (RedisException e) {
                failed(e);
            }
        }
        if (policy == RedisFailurePolicy.CLOSED) {
            throw new LimiterUnavailableException();
        }
        if (demand.limits().budgetMicroUsd().isPresent()) {
            spentLocally.add(demand.keyId());
        }
        return local.admit(demand);
    }

    /** A reservation Redis holds is settled there in the background: no request waits for that round trip. */
    @Override
    public void settle(Reservation reservation, long tokens, long costMicros) {
        if (reservation.holder() != redis) {
            reservation.holder().settle(reservation, tokens, costMicros);
            return;
        }
        try {
            redis.settleInBackground(reservation, tokens, costMicros).whenComplete((settled, failure) -> {
                if (failure != null) {
                    settleFailed(reservation, failure instanceof CompletionException ? failure.getCause() : failure);
                }
            });
        } catch (RedisException e) {
            settleFailed(reservation, e);
        }
    }

    // the ledger row is written: the spend is reloaded from it when Redis is back
    private void settleFailed(Reservation reservation, Throwable failure) {
        spentLocally.add(reservation.demand().keyId());
        if (failure instanceof RedisException redisFailure) {
            failed(redisFailure);
        } else {
            LOGGER.log(System.Logger.Level.ERROR, "settling reservation " + reservation.id() + " failed", failure);
        }
    }

    private void failed(RedisException e) {
        retryAt.set(nanoTime.getAsLong() + retryIntervalNanos);
        if (down.compareAndSet(false, true)) {
            metrics.fallbackActive(true);
            String consequence = "; rate limits " + (policy == RedisFailurePolicy.OPEN
                    ? "fall back to this replica's own limiter" : "refuse requests (fail closed)") + " until it is back";
            if (e instanceof RedisCommandExecutionException) {
                // Redis answered, with an error: out of memory, a read-only replica, or a script of ours that fails
                LOGGER.log(System.Logger.Level.ERROR, "Redis refused a limiter command" + consequence, e);
            } else {
                LOGGER.log(System.Logger.Level.WARNING, "Redis is unreachable (" + e.getMessage() + ")" + consequence);
            }
        }
    }

    private void recovered() {
        if (down.compareAndSet(true, false)) {
            metrics.fallbackActive(false);
            Set<String> reload = Set.copyOf(spentLocally);
            spentLocally.removeAll(reload);
            try {
                redis.forgetBudgets(reload);
            } catch (RedisException e) {
                spentLocally.addAll(reload);
            }
            LOGGER.log(System.Logger.Level.INFO, "Redis is reachable again; rate limits are shared again ("
                    + reload.size() + " budgets reload from the ledger)");
        }
    }

    @Override
    public void close() {
        redis.close();
    }
}
