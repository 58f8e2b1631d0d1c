package ai.novai.gateway.limits;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.sameInstance;

/** Against the Redis of the machine (127.0.0.1:6379), as on the dev machine and in CI. */
class RedisLimiterTest {

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
        List<String> keys = redis.keys("novai:{" + keyId + "}:*");
        if (!keys.isEmpty()) {
            redis.del(keys.toArray(String[]::new));
        }
    }

    private RedisLimiter limiter(PeriodSpend ledger, Duration reservationLifetime) {
        connector = new RedisConnector(URL, Duration.ofMillis(500));
        RedisLimiter limiter = new RedisLimiter(connector, new LedgerSpend(ledger), Clock.systemUTC(),
                                                reservationLifetime);
        // connects and loads the script (no limit: touches no key), so that a burst does not wait on a cold start
        limiter.admit(demand(KeyLimits.NONE, 0, 0));
        return limiter;
    }

    private RedisLimiter limiter() {
        return limiter(NOTHING_SPENT, Duration.ofMinutes(15));
    }

    private Demand demand(KeyLimits limits, long tokens, long cost) {
        return new Demand(keyId, limits, tokens, cost);
    }

    private long windowTotal(String limit) {
        return redis.hgetall("novai:{" + keyId + "}:" + limit).values().stream().mapToLong(Long::parseLong).sum();
    }

    private Map<String, String> budgetHash(BudgetPeriod period) {
        return redis.hgetall("novai:{" + keyId + "}:budget:" + period.id(java.time.Instant.now()));
    }

    @Test
    void admitsExactlyTheRpmUnderConcurrency() throws Exception {
        RedisLimiter limiter = limiter();
        Demand demand = demand(rpm(100), 0, 0);

        List<Verdict> verdicts = concurrently(200, () -> limiter.admit(demand));

        assertThat(admitted(verdicts), is(100L));
        assertThat(windowTotal("rpm"), is(100L));
        List<Verdict> refused = verdicts.stream().filter(verdict -> !verdict.isAdmitted()).toList();
        assertThat(refused.stream().map(Verdict::refusedBy).toList(), everyItem(is(Optional.of(Limit.RPM))));
        for (Verdict verdict : refused) {
            Duration retryAfter = verdict.retryAfter().orElseThrow();
            assertThat(retryAfter.toMillis(), greaterThan(0L));
            assertThat(retryAfter, lessThanOrEqualTo(Duration.ofSeconds(60)));
            assertThat(verdict.requests().remaining(), is(0L));
        }
    }

    @Test
    void theWindowStatesCountDown() {
        RedisLimiter limiter = limiter();
        KeyLimits limits = new KeyLimits(java.util.OptionalLong.of(10), java.util.OptionalLong.of(1_000),
                                         java.util.OptionalLong.empty(), Optional.empty());

        limiter.admit(demand(limits, 100, 0));
        Verdict second = limiter.admit(demand(limits, 150, 0));

        assertThat(second.requests().limit(), is(java.util.OptionalLong.of(10)));
        assertThat(second.requests().remaining(), is(8L));
        assertThat(second.tokens().remaining(), is(750L));
        assertThat(second.tokens().reset(), lessThanOrEqualTo(Duration.ofSeconds(60)));
        assertThat(second.tokens().reset(), greaterThan(Duration.ofSeconds(58)));
    }

    @Test
    void refusesTokensOverTheTpmWithRetryAfter() {
        RedisLimiter limiter = limiter();
        limiter.admit(demand(tpm(1_000), 800, 0));

        Verdict refused = limiter.admit(demand(tpm(1_000), 300, 0));

        assertThat(refused.refusedBy(), is(Optional.of(Limit.TPM)));
        assertThat(refused.retryAfter().orElseThrow(), greaterThan(Duration.ofSeconds(55)));
        assertThat(refused.retryAfter().orElseThrow(), lessThanOrEqualTo(Duration.ofSeconds(60)));
        assertThat(refused.tokens().remaining(), is(200L));
        assertThat(windowTotal("tpm"), is(800L));
    }

    @Test
    void aDemandLargerThanTheTpmIsRefusedWithoutRetryAfter() {
        RedisLimiter limiter = limiter();

        Verdict refused = limiter.admit(demand(tpm(1_000), 1_001, 0));

        assertThat(refused.refusedBy(), is(Optional.of(Limit.TPM)));
        assertThat(refused.retryAfter(), is(Optional.empty()));
        assertThat(windowTotal("tpm"), is(0L));
    }

    @Test
    void settlingBelowTheReservationRefundsTokensAndLetsTheNextRequestIn() {
        RedisLimiter limiter = limiter();
        Verdict first = limiter.admit(demand(tpm(1_000), 800, 0));
        assertThat(limiter.admit(demand(tpm(1_000), 300, 0)).isAdmitted(), is(false));

        limiter.settle(first.reservation().orElseThrow(), 500, 0);

        assertThat(windowTotal("tpm"), is(500L));
        assertThat(redis.hget("novai:{" + keyId + "}:tpm", Long.toString(first.reservation().orElseThrow().slotSecond())),
                   is("500"));
        assertThat(limiter.admit(demand(tpm(1_000), 300, 0)).isAdmitted(), is(true));
        assertThat(limiter.admit(demand(tpm(1_000), 201, 0)).isAdmitted(), is(false));
    }

    @Test
    void settlingOverTheReservationChargesTheOvershoot() {
        RedisLimiter limiter = limiter();
        Verdict first = limiter.admit(demand(tpm(1_000), 500, 0));

        limiter.settle(first.reservation().orElseThrow(), 700, 0);

        assertThat(windowTotal("tpm"), is(700L));
        assertThat(limiter.admit(demand(tpm(1_000), 301, 0)).isAdmitted(), is(false));
        assertThat(limiter.admit(demand(tpm(1_000), 300, 0)).isAdmitted(), is(true));
    }

    @Test
    void admitsExactlyTheReservationsThatFitTheBudgetUnderConcurrency() throws Exception {
        RedisLimiter limiter = limiter();
        Demand demand = demand(budget(2_000, BudgetPeriod.MONTH), 10, 100);

        List<Verdict> verdicts = concurrently(200, () -> limiter.admit(demand));

        assertThat(admitted(verdicts), is(20L));
        List<Verdict> refused = verdicts.stream().filter(verdict -> !verdict.isAdmitted()).toList();
        assertThat(refused.stream().map(Verdict::refusedBy).toList(), everyItem(is(Optional.of(Limit.BUDGET))));
        assertThat(refused.stream().map(Verdict::retryAfter).toList(), everyItem(is(Optional.<Duration>empty())));
        assertThat(budgetHash(BudgetPeriod.MONTH).get("reserved"), is("2000"));
    }

    @Test
    void aReleaseGivesTheMoneyBack() {
        RedisLimiter limiter = limiter();
        Demand demand = demand(budget(1_000, BudgetPeriod.DAY), 10, 500);
        Verdict first = limiter.admit(demand);
        limiter.admit(demand);
        assertThat(limiter.admit(demand).refusedBy(), is(Optional.of(Limit.BUDGET)));

        limiter.settle(first.reservation().orElseThrow(), 0, 0);

        assertThat(budgetHash(BudgetPeriod.DAY).get("reserved"), is("500"));
        assertThat(budgetHash(BudgetPeriod.DAY).get("spent"), is("0"));
        assertThat(limiter.admit(demand).isAdmitted(), is(true));
        assertThat(limiter.admit(demand).isAdmitted(), is(false));
    }

    @Test
    void settlementChargesTheActualCost() {
        RedisLimiter limiter = limiter();
        KeyLimits limits = budget(1_000, BudgetPeriod.DAY);
        Verdict first = limiter.admit(demand(limits, 10, 600));

        limiter.settle(first.reservation().orElseThrow(), 10, 300);

        assertThat(budgetHash(BudgetPeriod.DAY).get("spent"), is("300"));
        assertThat(budgetHash(BudgetPeriod.DAY).get("reserved"), is("0"));
        assertThat(limiter.admit(demand(limits, 10, 701)).isAdmitted(), is(false));
        assertThat(limiter.admit(demand(limits, 10, 700)).isAdmitted(), is(true));
    }

    @Test
    void theFirstAdmissionLoadsTheSpendFromTheLedger() {
        AtomicInteger lookups = new AtomicInteger();
        RedisLimiter limiter = limiter((key, period, at) -> {
            lookups.incrementAndGet();
            assertThat(key, is(keyId));
            assertThat(period, is(BudgetPeriod.MONTH));
            return new BigDecimal("0.0009491"); // 949.1 micro-USD: counts as 950
        }, Duration.ofMinutes(15));
        KeyLimits limits = budget(1_000, BudgetPeriod.MONTH);
        assertThat(budgetHash(BudgetPeriod.MONTH).isEmpty(), is(true));

        assertThat(limiter.admit(demand(limits, 10, 51)).refusedBy(), is(Optional.of(Limit.BUDGET)));

        assertThat(budgetHash(BudgetPeriod.MONTH).get("spent"), is("950"));
        assertThat(limiter.admit(demand(limits, 10, 50)).isAdmitted(), is(true));
        assertThat(limiter.admit(demand(limits, 10, 1)).isAdmitted(), is(false));
        assertThat(lookups.get(), is(1));
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

    @Test
    void theReservationIsHeldByTheLimiterInRedisTime() {
        RedisLimiter limiter = limiter();
        long redisNow = Long.parseLong(redis.time().getFirst());

        Reservation reservation = limiter.admit(demand(rpm(10), 5, 0)).reservation().orElseThrow();

        assertThat(reservation.holder(), is(sameInstance(limiter)));
        assertThat(reservation.slotSecond() - redisNow, lessThanOrEqualTo(1L));
        assertThat(reservation.slotSecond() >= redisNow, is(true));
    }
}
