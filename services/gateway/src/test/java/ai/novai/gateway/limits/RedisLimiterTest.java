package ai.novai.gateway.limits;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import ai.novai.gateway.keys.BudgetPeriod;
import ai.novai.gateway.keys.KeyLimits;
import ai.novai.gateway.keys.PeriodSpend;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static ai.novai.gateway.limits.Fixtures.NOTHING_SPENT;
import static ai.novai.gateway.limits.Fixtures.admitted;
import static ai.novai.gateway.limits.Fixtures.budget;
import static ai.novai.gateway.limits.Fixtures.concurrently;
import static ai.novai.gateway.limits.Fixtures.rpm;
import static ai.novai.gateway.limits.Fixtures.tpm;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

/**
 * The limiter contract against the Redis of the machine (127.0.0.1:6379), as on the dev machine and in CI, plus
 * what only Redis shows: its own state, budgets dropped or expired there, scripts it forgot.
 */
class RedisLimiterTest extends LimiterContractTest {

    private static final String URL = "redis://127.0.0.1:6379";

    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;
    private static RedisCommands<String, String> redis;

    private final String keyId = "test-" + UUID.randomUUID();
    private RedisConnector connector;

    @BeforeAll
    static void connect() {
        client = RedisClient.create(URL);
        connection = client.connect();
        redis = connection.sync();
    }

    @AfterAll
    static void disconnect() {
        connection.close();
        client.shutdown();
    }

    @AfterEach
    void cleanUp() {
        if (connector != null) {
            connector.close();
        }
        List<String> keys = new java.util.ArrayList<>(redis.keys("novai:{" + keyId + "}:*"));
        keys.addAll(redis.keys("novai:{" + keyId + "-other}:*"));
        if (!keys.isEmpty()) {
            redis.del(keys.toArray(String[]::new));
        }
    }

    @Override
    RedisLimiter limiter(PeriodSpend ledger) {
        return limiter(ledger, Duration.ofMinutes(15));
    }

    @Override
    String keyId() {
        return keyId;
    }

    private RedisLimiter limiter(PeriodSpend ledger, Duration reservationLifetime) {
        connector = new RedisConnector(URL, Duration.ofMillis(500));
        RedisLimiter limiter = new RedisLimiter(connector, new LedgerSpend(ledger), Clock.systemUTC(),
                                                reservationLifetime);
        // connects and loads the script (no limit: touches no key), so that a burst does not wait on a cold start
        limiter.admit(demand(KeyLimits.NONE, 0, 0));
        return limiter;
    }

    @Override
    RedisLimiter limiter() {
        return limiter(NOTHING_SPENT);
    }

    private long windowTotal(String limit) {
        return redis.hgetall("novai:{" + keyId + "}:" + limit).values().stream().mapToLong(Long::parseLong).sum();
    }

    private Map<String, String> budgetHash(BudgetPeriod period) {
        return redis.hgetall("novai:{" + keyId + "}:budget:" + period.id(java.time.Instant.now()));
    }

    @Test
    void theWindowsAndTheBudgetAreKeptInRedis() throws Exception {
        RedisLimiter limiter = limiter();
        List<Verdict> verdicts = concurrently(20, () -> limiter.admit(demand(rpm(10), 0, 0)));
        assertThat(admitted(verdicts), is(10L));
        assertThat(windowTotal("rpm"), is(10L));

        Verdict tokens = limiter.admit(demand(tpm(1_000), 800, 0));
        assertThat(limiter.admit(demand(tpm(1_000), 1_001, 0)).isAdmitted(), is(false));
        assertThat(windowTotal("tpm"), is(800L));
        limiter.settle(tokens.reservation().orElseThrow(), 500, 0);
        // the settled count stays in the second of admission
        assertThat(redis.hget("novai:{" + keyId + "}:tpm", Long.toString(tokens.reservation().orElseThrow().slotSecond())),
                   is("500"));

        KeyLimits limits = budget(1_000, BudgetPeriod.DAY);
        Verdict spent = limiter.admit(demand(limits, 10, 600));
        Verdict released = limiter.admit(demand(limits, 10, 200));
        assertThat(budgetHash(BudgetPeriod.DAY).get("reserved"), is("800"));
        limiter.settle(spent.reservation().orElseThrow(), 10, 300);
        limiter.settle(released.reservation().orElseThrow(), 0, 0);
        assertThat(budgetHash(BudgetPeriod.DAY).get("spent"), is("300"));
        assertThat(budgetHash(BudgetPeriod.DAY).get("reserved"), is("0"));
    }

    @Test
    void theFirstAdmissionLoadsTheSpendFromTheLedgerIntoRedis() {
        RedisLimiter limiter = limiter((key, period, at) -> new BigDecimal("0.0009491"), Duration.ofMinutes(15));
        assertThat(budgetHash(BudgetPeriod.MONTH).isEmpty(), is(true));

        limiter.admit(demand(budget(1_000, BudgetPeriod.MONTH), 10, 51));

        assertThat(budgetHash(BudgetPeriod.MONTH).get("spent"), is("950"));
    }

    @Test
    void aBudgetDroppedFromRedisIsLoadedAgainFromTheLedger() {
        AtomicInteger lookups = new AtomicInteger();
        RedisLimiter limiter = limiter((key, period, at) -> {
            lookups.incrementAndGet();
            return new BigDecimal("0.000900");
        }, Duration.ofMinutes(15));
        KeyLimits limits = budget(1_000, BudgetPeriod.DAY);
        assertThat(limiter.admit(demand(limits, 10, 100)).isAdmitted(), is(true));

        limiter.forgetBudgets(java.util.Set.of(keyId));

        assertThat(budgetHash(BudgetPeriod.DAY).isEmpty(), is(true));
        assertThat(limiter.admit(demand(limits, 10, 100)).isAdmitted(), is(true));
        assertThat(lookups.get(), is(2));
    }

    @Test
    void aBudgetDroppedWhileBeingLoadedIsLoadedAgain() throws Exception {
        // another replica back from fallback drops budgets (forgetBudgets) at any moment, also between
        // this replica's loading of the spend and its admission
        RedisLimiter limiter = limiter(NOTHING_SPENT, Duration.ofMinutes(15));
        Demand demand = demand(budget(1_000_000, BudgetPeriod.DAY), 10, 1);
        String hash = "novai:{" + keyId + "}:budget:" + BudgetPeriod.DAY.id(java.time.Instant.now());
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread dropper = Thread.ofPlatform().start(() -> {
            try (StatefulRedisConnection<String, String> other = client.connect()) {
                while (running.get()) {
                    other.sync().del(hash, hash + ":expiry");
                }
            }
        });
        try {
            for (int i = 0; i < 500; i++) {
                assertThat(limiter.admit(demand).isAdmitted(), is(true));
            }
        } finally {
            running.set(false);
            dropper.join();
        }
    }

    @Test
    void expiredReservationsGiveTheMoneyBack() throws Exception {
        RedisLimiter limiter = limiter(NOTHING_SPENT, Duration.ofSeconds(1));
        Demand demand = demand(budget(100, BudgetPeriod.DAY), 10, 100);
        // just past a second boundary, so that the reservation surely outlives the next admission
        while (System.currentTimeMillis() % 1000 > 100) {
            Thread.sleep(10);
        }
        assertThat(limiter.admit(demand).isAdmitted(), is(true));
        assertThat(limiter.admit(demand).isAdmitted(), is(false));

        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        boolean admitted = false;
        while (!admitted && System.nanoTime() < deadline) {
            Thread.sleep(100);
            admitted = limiter.admit(demand).isAdmitted();
        }

        assertThat(admitted, is(true));
        assertThat(budgetHash(BudgetPeriod.DAY).get("reserved"), is("100"));
        assertThat(redis.zcard("novai:{" + keyId + "}:budget:" + BudgetPeriod.DAY.id(java.time.Instant.now())
                                       + ":expiry"), is(1L));
    }

    @Test
    void recoversWhenRedisForgetsItsScripts() {
        RedisLimiter limiter = limiter();
        Verdict first = limiter.admit(demand(tpm(1_000), 100, 0));

        redis.scriptFlush();
        Verdict second = limiter.admit(demand(tpm(1_000), 100, 0));
        redis.scriptFlush();
        limiter.settle(second.reservation().orElseThrow(), 50, 0);

        assertThat(first.isAdmitted(), is(true));
        assertThat(second.isAdmitted(), is(true));
        assertThat(windowTotal("tpm"), is(150L));
    }

    @Override
    void assertReservedNow(Reservation reservation) {
        long redisNow = Long.parseLong(redis.time().getFirst());
        assertThat(redisNow - reservation.slotSecond(), lessThanOrEqualTo(1L));
        assertThat(reservation.slotSecond() <= redisNow, is(true));
    }
}
