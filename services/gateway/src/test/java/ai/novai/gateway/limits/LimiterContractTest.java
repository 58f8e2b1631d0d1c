package ai.novai.gateway.limits;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;

import ai.novai.gateway.keys.BudgetPeriod;
import ai.novai.gateway.keys.KeyLimits;
import ai.novai.gateway.keys.PeriodSpend;
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

/**
 * What every {@link Limiter} promises, run against each implementation (this process' own, Redis): sliding
 * one-minute windows of requests and tokens, budgets started from the ledger, reservations settled to what was used.
 * Each subclass adds what only its implementation can show (time moved by hand, Redis' own state and failures).
 */
abstract class LimiterContractTest {

    /** A fresh limiter whose budgets start from the given ledger. */
    abstract Limiter limiter(PeriodSpend ledger);

    /** The key this test's demands are for (its own, so that tests do not share windows). */
    abstract String keyId();

    /** Asserts that the reservation was made in the current second of the limiter's time. */
    abstract void assertReservedNow(Reservation reservation);

    Limiter limiter() {
        return limiter(NOTHING_SPENT);
    }

    Demand demand(KeyLimits limits, long tokens, long cost) {
        return new Demand(keyId(), limits, tokens, cost);
    }

    @Test
    void admitsExactlyTheRpmUnderConcurrency() throws Exception {
        Limiter limiter = limiter();
        Demand demand = demand(rpm(100), 0, 0);

        List<Verdict> verdicts = concurrently(200, () -> limiter.admit(demand));

        assertThat(admitted(verdicts), is(100L));
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
        Limiter limiter = limiter();
        KeyLimits limits = new KeyLimits(OptionalLong.of(10), OptionalLong.of(1_000), OptionalLong.empty(),
                                         Optional.empty());

        limiter.admit(demand(limits, 100, 0));
        Verdict second = limiter.admit(demand(limits, 150, 0));

        assertThat(second.requests().limit(), is(OptionalLong.of(10)));
        assertThat(second.requests().remaining(), is(8L));
        assertThat(second.tokens().remaining(), is(750L));
        assertThat(second.tokens().reset(), lessThanOrEqualTo(Duration.ofSeconds(60)));
        assertThat(second.tokens().reset(), greaterThan(Duration.ofSeconds(58)));
    }

    @Test
    void refusesTokensOverTheTpmWithRetryAfter() {
        Limiter limiter = limiter();
        limiter.admit(demand(tpm(1_000), 800, 0));

        Verdict refused = limiter.admit(demand(tpm(1_000), 300, 0));

        assertThat(refused.refusedBy(), is(Optional.of(Limit.TPM)));
        assertThat(refused.retryAfter().orElseThrow(), greaterThan(Duration.ofSeconds(55)));
        assertThat(refused.retryAfter().orElseThrow(), lessThanOrEqualTo(Duration.ofSeconds(60)));
        assertThat(refused.tokens().remaining(), is(200L));
        assertThat(limiter.admit(demand(tpm(1_000), 200, 0)).isAdmitted(), is(true));
    }

    @Test
    void aDemandLargerThanTheTpmIsRefusedWithoutRetryAfter() {
        Limiter limiter = limiter();

        Verdict refused = limiter.admit(demand(tpm(1_000), 1_001, 0));

        assertThat(refused.refusedBy(), is(Optional.of(Limit.TPM)));
        assertThat(refused.retryAfter(), is(Optional.empty()));
        // nothing of it was counted
        assertThat(limiter.admit(demand(tpm(1_000), 1_000, 0)).isAdmitted(), is(true));
    }

    @Test
    void settlingBelowTheReservationRefundsTokensAndLetsTheNextRequestIn() {
        Limiter limiter = limiter();
        Verdict first = limiter.admit(demand(tpm(1_000), 800, 0));
        assertThat(limiter.admit(demand(tpm(1_000), 300, 0)).isAdmitted(), is(false));

        limiter.settle(first.reservation().orElseThrow(), 500, 0);

        assertThat(limiter.admit(demand(tpm(1_000), 300, 0)).isAdmitted(), is(true));
        assertThat(limiter.admit(demand(tpm(1_000), 201, 0)).isAdmitted(), is(false));
    }

    @Test
    void settlingOverTheReservationChargesTheOvershoot() {
        Limiter limiter = limiter();
        Verdict first = limiter.admit(demand(tpm(1_000), 500, 0));

        limiter.settle(first.reservation().orElseThrow(), 700, 0);

        assertThat(limiter.admit(demand(tpm(1_000), 301, 0)).isAdmitted(), is(false));
        assertThat(limiter.admit(demand(tpm(1_000), 300, 0)).isAdmitted(), is(true));
    }

    @Test
    void admitsExactlyTheReservationsThatFitTheBudgetUnderConcurrency() throws Exception {
        Limiter limiter = limiter();
        Demand demand = demand(budget(2_000, BudgetPeriod.MONTH), 10, 100);

        List<Verdict> verdicts = concurrently(200, () -> limiter.admit(demand));

        assertThat(admitted(verdicts), is(20L));
        List<Verdict> refused = verdicts.stream().filter(verdict -> !verdict.isAdmitted()).toList();
        assertThat(refused.stream().map(Verdict::refusedBy).toList(), everyItem(is(Optional.of(Limit.BUDGET))));
        assertThat(refused.stream().map(Verdict::retryAfter).toList(), everyItem(is(Optional.<Duration>empty())));
    }

    @Test
    void aReleaseGivesTheMoneyBack() {
        Limiter limiter = limiter();
        Demand demand = demand(budget(1_000, BudgetPeriod.DAY), 10, 500);
        Verdict first = limiter.admit(demand);
        limiter.admit(demand);
        assertThat(limiter.admit(demand).refusedBy(), is(Optional.of(Limit.BUDGET)));

        limiter.settle(first.reservation().orElseThrow(), 0, 0);

        assertThat(limiter.admit(demand).isAdmitted(), is(true));
        assertThat(limiter.admit(demand).isAdmitted(), is(false));
    }

    @Test
    void aFreeModelUnderABudgetSettlesAndExpires() {
        // a reservation of nothing: Redis' Lua turned "-0" into an argument HINCRBY refuses, failing every
        // settlement of a free model's request and sending the whole replica to its fallback limiter
        Limiter limiter = limiter();
        KeyLimits limits = budget(1_000, BudgetPeriod.DAY);
        Verdict free = limiter.admit(demand(limits, 10, 0));

        limiter.settle(free.reservation().orElseThrow(), 10, 0);

        assertThat(limiter.admit(demand(limits, 10, 1_000)).isAdmitted(), is(true));
    }

    @Test
    void settlementChargesTheActualCost() {
        Limiter limiter = limiter();
        KeyLimits limits = budget(1_000, BudgetPeriod.DAY);
        Verdict first = limiter.admit(demand(limits, 10, 600));

        limiter.settle(first.reservation().orElseThrow(), 10, 300);

        assertThat(limiter.admit(demand(limits, 10, 701)).isAdmitted(), is(false));
        assertThat(limiter.admit(demand(limits, 10, 700)).isAdmitted(), is(true));
    }

    @Test
    void theBudgetStartsFromTheLedgerSpendRoundedUp() {
        AtomicInteger lookups = new AtomicInteger();
        Limiter limiter = limiter((key, period, at) -> {
            lookups.incrementAndGet();
            assertThat(key, is(keyId()));
            assertThat(period, is(BudgetPeriod.MONTH));
            return new BigDecimal("0.0009491"); // 949.1 micro-USD: counts as 950
        });
        KeyLimits limits = budget(1_000, BudgetPeriod.MONTH);

        assertThat(limiter.admit(demand(limits, 10, 51)).refusedBy(), is(Optional.of(Limit.BUDGET)));
        assertThat(limiter.admit(demand(limits, 10, 50)).isAdmitted(), is(true));
        assertThat(limiter.admit(demand(limits, 10, 1)).isAdmitted(), is(false));
        assertThat(lookups.get(), is(1));
    }

    @Test
    void aKeyWithoutLimitsIsAlwaysAdmittedAndHasNoWindows() {
        Limiter limiter = limiter();

        for (int i = 0; i < 100; i++) {
            Verdict verdict = limiter.admit(demand(KeyLimits.NONE, 1_000_000, 1_000_000));
            assertThat(verdict.isAdmitted(), is(true));
            assertThat(verdict.requests(), is(WindowState.UNLIMITED));
            assertThat(verdict.tokens(), is(WindowState.UNLIMITED));
        }
    }

    @Test
    void keysHaveTheirOwnWindows() {
        Limiter limiter = limiter();
        String other = keyId() + "-other";

        assertThat(limiter.admit(demand(rpm(1), 0, 0)).isAdmitted(), is(true));
        assertThat(limiter.admit(new Demand(other, rpm(1), 0, 0)).isAdmitted(), is(true));
        assertThat(limiter.admit(demand(rpm(1), 0, 0)).isAdmitted(), is(false));
    }

    @Test
    void theReservationIsHeldByTheLimiterInTheSecondOfAdmission() {
        Limiter limiter = limiter();

        Reservation reservation = limiter.admit(demand(rpm(10), 5, 0)).reservation().orElseThrow();

        assertThat(reservation.holder(), is(sameInstance(limiter)));
        assertReservedNow(reservation);
    }
}
