package ai.novai.gateway.limits;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;

import ai.novai.gateway.keys.BudgetPeriod;
import ai.novai.gateway.keys.KeyLimits;
import ai.novai.gateway.keys.PeriodSpend;
import ai.novai.gateway.testing.MutableClock;
import org.junit.jupiter.api.Test;

import static ai.novai.gateway.limits.Fixtures.NOTHING_SPENT;
import static ai.novai.gateway.limits.Fixtures.admitted;
import static ai.novai.gateway.limits.Fixtures.budget;
import static ai.novai.gateway.limits.Fixtures.concurrently;
import static ai.novai.gateway.limits.Fixtures.rpm;
import static ai.novai.gateway.limits.Fixtures.tpm;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.sameInstance;

class LocalLimiterTest {

    // 2026-03-15T10:00:00.250Z
    private static final Instant START = Instant.ofEpochSecond(1_773_568_800L).plusMillis(250);

    private final MutableClock clock = new MutableClock(START);

    private LocalLimiter limiter(PeriodSpend ledger) {
        return new LocalLimiter(new LedgerSpend(ledger), clock);
    }

    private static Demand demand(KeyLimits limits, long tokens, long cost) {
        return new Demand("key_1", limits, tokens, cost);
    }

    @Test
    void admitsExactlyTheRpmUnderConcurrency() throws Exception {
        LocalLimiter limiter = limiter(NOTHING_SPENT);
        Demand demand = demand(rpm(100), 0, 0);

        List<Integer> admittedPerThread = concurrently(50, () -> {
            int admitted = 0;
            for (int i = 0; i < 10; i++) {
                if (limiter.admit(demand).isAdmitted()) {
                    admitted++;
                }
            }
            return admitted;
        });

        assertThat(admittedPerThread.stream().mapToInt(Integer::intValue).sum(), is(100));
    }

    @Test
    void aRequestRefusedByRpmMayRetryWhenTheOldestSecondLeaves() {
        LocalLimiter limiter = limiter(NOTHING_SPENT);
        Demand demand = demand(rpm(2), 0, 0);
        limiter.admit(demand);
        clock.advance(Duration.ofSeconds(10));
        Verdict last = limiter.admit(demand);

        clock.advance(Duration.ofSeconds(5));
        Verdict refused = limiter.admit(demand);

        assertThat(last.requests().remaining(), is(0L));
        assertThat(refused.isAdmitted(), is(false));
        assertThat(refused.refusedBy(), is(Optional.of(Limit.RPM)));
        assertThat(refused.retryAfter(), is(Optional.of(Duration.ofMillis(44_750))));
        assertThat(refused.requests().limit(), is(OptionalLong.of(2)));
        assertThat(refused.requests().reset(), is(Duration.ofMillis(54_750)));

        clock.advance(Duration.ofSeconds(45));
        assertThat(limiter.admit(demand).isAdmitted(), is(true));
        assertThat(limiter.admit(demand).isAdmitted(), is(false));
    }

    @Test
    void refusesTokensOverTheTpmAndSaysWhenTheyFit() {
        LocalLimiter limiter = limiter(NOTHING_SPENT);
        limiter.admit(demand(tpm(1_000), 600, 0));
        clock.advance(Duration.ofSeconds(10));
        Verdict second = limiter.admit(demand(tpm(1_000), 300, 0));
        clock.advance(Duration.ofSeconds(10));

        Verdict refused = limiter.admit(demand(tpm(1_000), 200, 0));

        assertThat(second.tokens().remaining(), is(100L));
        assertThat(refused.refusedBy(), is(Optional.of(Limit.TPM)));
        assertThat(refused.retryAfter(), is(Optional.of(Duration.ofMillis(39_750))));
        assertThat(refused.tokens().remaining(), is(100L));
        assertThat(limiter.admit(demand(tpm(1_000), 100, 0)).isAdmitted(), is(true));

        clock.advance(Duration.ofSeconds(40));
        assertThat(limiter.admit(demand(tpm(1_000), 200, 0)).isAdmitted(), is(true));
    }

    @Test
    void aDemandLargerThanTheTpmIsRefusedWithoutRetryAfter() {
        LocalLimiter limiter = limiter(NOTHING_SPENT);

        Verdict refused = limiter.admit(demand(tpm(1_000), 1_001, 0));

        assertThat(refused.refusedBy(), is(Optional.of(Limit.TPM)));
        assertThat(refused.retryAfter(), is(Optional.empty()));
        assertThat(limiter.admit(demand(tpm(1_000), 1_000, 0)).isAdmitted(), is(true));
    }

    @Test
    void settlingBelowTheReservationRefundsTokensAndLetsTheNextRequestIn() {
        LocalLimiter limiter = limiter(NOTHING_SPENT);
        Verdict first = limiter.admit(demand(tpm(1_000), 800, 0));
        assertThat(limiter.admit(demand(tpm(1_000), 300, 0)).isAdmitted(), is(false));
        clock.advance(Duration.ofSeconds(3));

        limiter.settle(first.reservation().orElseThrow(), 500, 0);

        assertThat(limiter.admit(demand(tpm(1_000), 300, 0)).isAdmitted(), is(true));
        assertThat(limiter.admit(demand(tpm(1_000), 200, 0)).isAdmitted(), is(true));
        assertThat(limiter.admit(demand(tpm(1_000), 1, 0)).isAdmitted(), is(false));
    }

    @Test
    void settlingOverTheReservationChargesTheOvershootNow() {
        LocalLimiter limiter = limiter(NOTHING_SPENT);
        Verdict first = limiter.admit(demand(tpm(1_000), 500, 0));
        clock.advance(Duration.ofSeconds(30));

        limiter.settle(first.reservation().orElseThrow(), 700, 0);

        assertThat(limiter.admit(demand(tpm(1_000), 301, 0)).isAdmitted(), is(false));
        // the reserved 500 leave at +60 s, the overshoot of 200 only at +90 s
        clock.advance(Duration.ofSeconds(30));
        assertThat(limiter.admit(demand(tpm(1_000), 801, 0)).isAdmitted(), is(false));
        assertThat(limiter.admit(demand(tpm(1_000), 800, 0)).isAdmitted(), is(true));
    }

    @Test
    void aRefundAfterTheReservationLeftTheWindowTakesNothingFromNewerSeconds() {
        LocalLimiter limiter = limiter(NOTHING_SPENT);
        Verdict old = limiter.admit(demand(tpm(1_000), 800, 0));
        clock.advance(Duration.ofSeconds(61));
        limiter.admit(demand(tpm(1_000), 900, 0));

        limiter.settle(old.reservation().orElseThrow(), 0, 0);

        assertThat(limiter.admit(demand(tpm(1_000), 101, 0)).isAdmitted(), is(false));
    }

    @Test
    void admitsExactlyTheReservationsThatFitTheBudgetUnderConcurrency() throws Exception {
        LocalLimiter limiter = limiter(NOTHING_SPENT);
        Demand demand = demand(budget(2_000, BudgetPeriod.MONTH), 10, 100);

        List<Verdict> verdicts = concurrently(200, () -> limiter.admit(demand));

        assertThat(admitted(verdicts), is(20L));
        List<Verdict> refused = verdicts.stream().filter(verdict -> !verdict.isAdmitted()).toList();
        assertThat(refused.stream().map(Verdict::refusedBy).toList(), everyItem(is(Optional.of(Limit.BUDGET))));
        assertThat(refused.stream().map(Verdict::retryAfter).toList(), everyItem(is(Optional.<Duration>empty())));
    }

    @Test
    void aReleaseGivesTheMoneyBack() {
        LocalLimiter limiter = limiter(NOTHING_SPENT);
        Demand demand = demand(budget(1_000, BudgetPeriod.DAY), 10, 500);
        Verdict first = limiter.admit(demand);
        limiter.admit(demand);
        assertThat(limiter.admit(demand).refusedBy(), is(Optional.of(Limit.BUDGET)));

        limiter.settle(first.reservation().orElseThrow(), 0, 0);

        assertThat(limiter.admit(demand).isAdmitted(), is(true));
        assertThat(limiter.admit(demand).isAdmitted(), is(false));
    }

    @Test
    void settlementChargesTheActualCost() {
        LocalLimiter limiter = limiter(NOTHING_SPENT);
        KeyLimits limits = budget(1_000, BudgetPeriod.DAY);
        Verdict first = limiter.admit(demand(limits, 10, 600));

        limiter.settle(first.reservation().orElseThrow(), 10, 300);

        assertThat(limiter.admit(demand(limits, 10, 701)).isAdmitted(), is(false));
        assertThat(limiter.admit(demand(limits, 10, 700)).isAdmitted(), is(true));
    }

    @Test
    void theBudgetStartsFromTheLedgerSpendRoundedUp() {
        AtomicInteger lookups = new AtomicInteger();
        LocalLimiter limiter = limiter((key, period, at) -> {
            lookups.incrementAndGet();
            assertThat(key, is("key_1"));
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
    void aNewBudgetPeriodStartsAgainFromTheLedger() {
        AtomicInteger lookups = new AtomicInteger();
        LocalLimiter limiter = limiter((key, period, at) -> {
            lookups.incrementAndGet();
            return BigDecimal.ZERO;
        });
        Demand demand = demand(budget(1_000, BudgetPeriod.DAY), 10, 1_000);
        assertThat(limiter.admit(demand).isAdmitted(), is(true));
        assertThat(limiter.admit(demand).isAdmitted(), is(false));

        clock.advance(Duration.ofDays(1));

        assertThat(limiter.admit(demand).isAdmitted(), is(true));
        assertThat(lookups.get(), is(2));
    }

    @Test
    void aKeyWithoutLimitsIsAlwaysAdmittedAndHasNoWindows() {
        LocalLimiter limiter = limiter(NOTHING_SPENT);

        for (int i = 0; i < 1_000; i++) {
            Verdict verdict = limiter.admit(demand(KeyLimits.NONE, 1_000_000, 1_000_000));
            assertThat(verdict.isAdmitted(), is(true));
            assertThat(verdict.requests(), is(WindowState.UNLIMITED));
            assertThat(verdict.tokens(), is(WindowState.UNLIMITED));
        }
    }

    @Test
    void theReservationIsHeldByTheLimiterInTheSecondOfAdmission() {
        LocalLimiter limiter = limiter(NOTHING_SPENT);

        Reservation reservation = limiter.admit(demand(rpm(10), 5, 0)).reservation().orElseThrow();

        assertThat(reservation.holder(), is(sameInstance(limiter)));
        assertThat(reservation.slotSecond(), is(START.getEpochSecond()));
        assertThat(reservation.periodId(), is("2026-03"));
    }

    @Test
    void keysHaveTheirOwnWindows() {
        LocalLimiter limiter = limiter(NOTHING_SPENT);

        assertThat(limiter.admit(new Demand("a", rpm(1), 0, 0)).isAdmitted(), is(true));
        assertThat(limiter.admit(new Demand("b", rpm(1), 0, 0)).isAdmitted(), is(true));
        assertThat(limiter.admit(new Demand("a", rpm(1), 0, 0)).isAdmitted(), is(false));
    }
}
