package ai.novai.gateway.limits;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import ai.novai.gateway.keys.BudgetPeriod;
import ai.novai.gateway.keys.PeriodSpend;
import ai.novai.gateway.testing.RedisServer;
import io.helidon.metrics.api.Metrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static ai.novai.gateway.limits.Fixtures.NOTHING_SPENT;
import static ai.novai.gateway.limits.Fixtures.budget;
import static ai.novai.gateway.limits.Fixtures.rpm;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Against a redis-server of its own, started and stopped by each test. Time for the retry interval is
 * the test's: it moves only when the test says so.
 */
class FailoverLimiterTest {

    private static final Duration RETRY_INTERVAL = Duration.ofMillis(200);

    private final RedisServer redis = new RedisServer();
    private final String keyId = "test-" + UUID.randomUUID();
    private final AtomicLong nanoTime = new AtomicLong();
    private FailoverLimiter limiter;

    @AfterEach
    void stop() throws Exception {
        try {
            if (limiter != null) {
                limiter.close();
            }
        } finally {
            redis.stop();
        }
    }

    @Test
    void underPolicyOpenAdmitsLocallyWhileRedisIsDownAndReturnsToRedis() throws Exception {
        redis.start();
        limiter = failover(RedisFailurePolicy.OPEN, NOTHING_SPENT);
        double baseline = fallbackGauge();
        Demand demand = new Demand(keyId, rpm(100), 0, 0);
        assertThat(holderOf(limiter.admit(demand)), instanceOf(RedisLimiter.class));
        assertThat(redisRpmCount(), is(1L));

        redis.stop();
        Verdict whileDown = limiter.admit(demand);

        assertThat(whileDown.isAdmitted(), is(true));
        assertThat(holderOf(whileDown), instanceOf(LocalLimiter.class));
        assertThat(fallbackGauge(), is(baseline + 1));

        redis.start();
        // within the retry interval Redis is left alone
        assertThat(holderOf(limiter.admit(demand)), instanceOf(LocalLimiter.class));

        assertThat(holderOf(admitOnceRedisAnswers(demand)), instanceOf(RedisLimiter.class));
        assertThat(fallbackGauge(), is(baseline));
        // a fresh Redis: the one admission that went to it is counted there
        assertThat(redisRpmCount(), is(1L));
    }

    @Test
    void theLocalLimiterEnforcesTheLimitsWhileRedisIsDown() throws Exception {
        redis.start();
        limiter = failover(RedisFailurePolicy.OPEN, NOTHING_SPENT);
        redis.stop();
        Demand demand = new Demand(keyId, rpm(3), 0, 0);

        List<Boolean> admitted = java.util.stream.IntStream.range(0, 5)
                .mapToObj(i -> limiter.admit(demand).isAdmitted())
                .toList();

        assertThat(admitted, is(List.of(true, true, true, false, false)));
    }

    @Test
    void theLocalLimiterStartsBudgetsFromTheLedger() throws Exception {
        redis.start();
        PeriodSpend ledger = (key, period, at) -> new BigDecimal("0.000900");
        limiter = failover(RedisFailurePolicy.OPEN, ledger);
        redis.stop();
        Demand demand = new Demand(keyId, budget(1_000, BudgetPeriod.DAY), 10, 100);

        Verdict first = limiter.admit(demand);
        Verdict second = limiter.admit(demand);

        assertThat(holderOf(first), instanceOf(LocalLimiter.class));
        assertThat(first.isAdmitted(), is(true));
        assertThat(second.refusedBy(), is(java.util.Optional.of(Limit.BUDGET)));
    }

    @Test
    void underPolicyClosedRefusesWhileRedisIsDownAndReturnsToRedis() throws Exception {
        redis.start();
        limiter = failover(RedisFailurePolicy.CLOSED, NOTHING_SPENT);
        double baseline = fallbackGauge();
        Demand demand = new Demand(keyId, rpm(100), 0, 0);
        assertThat(limiter.admit(demand).isAdmitted(), is(true));

        redis.stop();

        assertThrows(LimiterUnavailableException.class, () -> limiter.admit(demand));
        assertThat(fallbackGauge(), is(baseline + 1));

        redis.start();
        assertThrows(LimiterUnavailableException.class, () -> limiter.admit(demand));

        assertThat(holderOf(admitOnceRedisAnswers(demand)), instanceOf(RedisLimiter.class));
        assertThat(fallbackGauge(), is(baseline));
        assertThat(redisRpmCount(), is(1L));
    }

    @Test
    void settlingAReservationOfRedisWhileItIsDownDoesNotFail() throws Exception {
        redis.start();
        limiter = failover(RedisFailurePolicy.OPEN, NOTHING_SPENT);
        double baseline = fallbackGauge();
        Verdict verdict = limiter.admit(new Demand(keyId, budget(1_000, BudgetPeriod.DAY), 10, 100));
        assertThat(holderOf(verdict), instanceOf(RedisLimiter.class));

        redis.stop();
        limiter.settle(verdict.reservation().orElseThrow(), 10, 50);

        // settled in the background: its failure may arrive once the connection has noticed Redis is gone
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (fallbackGauge() != baseline + 1 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(fallbackGauge(), is(baseline + 1));
    }

    @Test
    void aSettlementSentInTheBackgroundIsDoneForTheNextAdmission() throws Exception {
        redis.start();
        limiter = failover(RedisFailurePolicy.CLOSED, NOTHING_SPENT);
        Demand expensive = new Demand(keyId, budget(1_000, BudgetPeriod.DAY), 10, 600);
        Verdict first = limiter.admit(expensive);
        assertThat(limiter.admit(expensive).isAdmitted(), is(false));

        limiter.settle(first.reservation().orElseThrow(), 10, 100);

        // no wait: the settlement went out on the shared connection before the next admission
        assertThat(limiter.admit(expensive).isAdmitted(), is(true));
        assertThat(limiter.admit(new Demand(keyId, budget(1_000, BudgetPeriod.DAY), 10, 301)).isAdmitted(),
                   is(false));
    }

    private FailoverLimiter failover(RedisFailurePolicy policy, PeriodSpend ledger) {
        LedgerSpend spend = new LedgerSpend(ledger);
        RedisLimiter shared = new RedisLimiter(new RedisConnector(redis.url(), Duration.ofMillis(500)),
                                               spend, Clock.systemUTC(), Duration.ofMinutes(15));
        shared.prepare();
        return new FailoverLimiter(shared, new LocalLimiter(spend, Clock.systemUTC()), policy, RETRY_INTERVAL,
                                   nanoTime::get, new LimitMetrics());
    }

    // lets the retry interval pass until an admission goes to Redis again (the client reconnects by itself)
    private Verdict admitOnceRedisAnswers(Demand demand) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            nanoTime.addAndGet(RETRY_INTERVAL.toNanos());
            try {
                Verdict verdict = limiter.admit(demand);
                if (holderOf(verdict) instanceof RedisLimiter) {
                    return verdict;
                }
            } catch (LimiterUnavailableException e) {
                // still reconnecting
            }
            Thread.sleep(50);
        }
        throw new AssertionError("admissions did not return to Redis within 10 s");
    }

    private static Limiter holderOf(Verdict verdict) {
        return verdict.reservation().orElseThrow().holder();
    }

    private static double fallbackGauge() {
        return Metrics.globalRegistry().gauge(LimitMetrics.FALLBACK_ACTIVE, List.of()).orElseThrow()
                .value().doubleValue();
    }

    private long redisRpmCount() throws Exception {
        String values = redis.cli("HVALS", "novai:{" + keyId + "}:rpm");
        return values.isBlank() ? 0 : Arrays.stream(values.split("\\s+")).mapToLong(Long::parseLong).sum();
    }




}
