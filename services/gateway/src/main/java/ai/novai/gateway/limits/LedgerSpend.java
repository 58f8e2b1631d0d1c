package ai.novai.gateway.limits;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

import ai.novai.gateway.keys.BudgetPeriod;
import ai.novai.gateway.keys.PeriodSpend;
import io.helidon.dbclient.DbClientException;

/**
 * A key's settled spend in a budget period, in whole micro-USD rounded up: what a limiter starts from
 * when it has no count of its own for the period (first use, Redis restarted, fallback taking over). While the
 * database is down a budget that is not counted yet cannot be started: its requests get 503.
 */
final class LedgerSpend {

    private final PeriodSpend ledger;

    LedgerSpend(PeriodSpend ledger) {
        this.ledger = ledger;
    }

    /**
     * @throws LimiterUnavailableException when the ledger cannot be read (the database is down): a budget is
     *                                     never started from a guess
     */
    long micros(String keyId, BudgetPeriod period, Instant at) {
        BigDecimal spent;
        try {
            spent = ledger.of(keyId, period, at);
        } catch (DbClientException e) {
            throw new LimiterUnavailableException("the spend of " + keyId + " cannot be read from the ledger", e);
        }
        return spent.movePointRight(6).setScale(0, RoundingMode.CEILING).longValueExact();
    }
}
