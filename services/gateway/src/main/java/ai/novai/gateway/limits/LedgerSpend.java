package ai.novai.gateway.limits;

import java.math.RoundingMode;
import java.time.Instant;

import ai.novai.gateway.keys.BudgetPeriod;
import ai.novai.gateway.keys.PeriodSpend;

/**
 * A key's settled spend in a budget period, in whole micro-USD rounded up: what a limiter starts from
 * when it has no count of its own for the period (first use, Redis restarted, fallback taking over).
 */
final class LedgerSpend {

    private final PeriodSpend ledger;

    LedgerSpend(PeriodSpend ledger) {
        this.ledger = ledger;
    }

    long micros(String keyId, BudgetPeriod period, Instant at) {
        return ledger.of(keyId, period, at).movePointRight(6).setScale(0, RoundingMode.CEILING).longValueExact();
    }
}
