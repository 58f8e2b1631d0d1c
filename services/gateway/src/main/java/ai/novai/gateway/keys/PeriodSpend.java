package ai.novai.gateway.keys;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * What a key has spent in the budget period that contains an instant, as the usage ledger records it.
 */
@FunctionalInterface
public interface PeriodSpend {

    /**
     * @param keyId  the key
     * @param period day or month
     * @param at     an instant in the period
     * @return settled spend in US dollars
     */
    BigDecimal of(String keyId, BudgetPeriod period, Instant at);
}
