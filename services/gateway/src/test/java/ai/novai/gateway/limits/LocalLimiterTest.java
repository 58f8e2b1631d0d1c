package ai.novai.gateway.limits;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;

import ai.novai.gateway.keys.BudgetPeriod;
import ai.novai.gateway.keys.PeriodSpend;
import ai.novai.gateway.testing.MutableClock;
import org.junit.jupiter.api.Test;

import static ai.novai.gateway.limits.Fixtures.budget;
import static ai.novai.gateway.limits.Fixtures.rpm;
import static ai.novai.gateway.limits.Fixtures.tpm;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** The limiter contract in this process, plus what a clock moved by hand shows: when seconds leave the window. */
class LocalLimiterTest extends LimiterContractTest {

    // 2026-03-15T10:00:00.250Z
    private static final Instant START = Instant.ofEpochSecond(1_773_568_800L).plusMillis(250);

    private final MutableClock clock = new MutableClock(START);

    @Override
    LocalLimiter limiter(PeriodSpend ledger) {
        return new LocalLimiter(new LedgerSpend(ledger), clock);
    }

    @Override
    String keyId() {
        return "key_1";
    }

    @Override
    void assertReservedNow(Reservation reservation) {
        assertThat(reservation.slotSecond(), is(START.getEpochSecond()));
        assertThat(reservation.periodId(), is("2026-03"));
    }

    @Test
    void aRequestRefusedByRpmMayRetryWhenTheOldestSecondLeaves() {
        Limiter limiter = limiter();
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
    void refusedTokensAreToldWhenTheyFit() {
        Limiter limiter = limiter();
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
    void aSettlementsOvershootLeavesTheWindowAMinuteAfterTheSettlement() {
        Limiter limiter = limiter();
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
        Limiter limiter = limiter();
        Verdict old = limiter.admit(demand(tpm(1_000), 800, 0));
        clock.advance(Duration.ofSeconds(61));
        limiter.admit(demand(tpm(1_000), 900, 0));

        limiter.settle(old.reservation().orElseThrow(), 0, 0);

        assertThat(limiter.admit(demand(tpm(1_000), 101, 0)).isAdmitted(), is(false));
    }

    @Test
    void aNewBudgetPeriodStartsAgainFromTheLedger() {
        AtomicInteger lookups = new AtomicInteger();
        Limiter limiter = limiter((key, period, at) -> {
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
}
