package ai.novai.gateway.keys;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * Limits of a key: its own settings (each may be absent) or, once merged with its tier's defaults,
 * the limits in effect. Absent in effect means unlimited.
 *
 * @param rpm            requests per minute
 * @param tpm            tokens per minute
 * @param budgetMicroUsd spend per budget period, in micro-USD
 * @param budgetPeriod   the budget period
 */
public record KeyLimits(OptionalLong rpm, OptionalLong tpm, OptionalLong budgetMicroUsd,
                        Optional<BudgetPeriod> budgetPeriod) {

    /** No limit at all. */
    public static final KeyLimits NONE = new KeyLimits(OptionalLong.empty(), OptionalLong.empty(),
                                                       OptionalLong.empty(), Optional.empty());

    /** These limits where set, the defaults' where not. */
    public KeyLimits orElse(KeyLimits defaults) {
        return new KeyLimits(rpm.isPresent() ? rpm : defaults.rpm,
                             tpm.isPresent() ? tpm : defaults.tpm,
                             budgetMicroUsd.isPresent() ? budgetMicroUsd : defaults.budgetMicroUsd,
                             budgetPeriod.or(defaults::budgetPeriod));
    }

    /** The budget period in effect: month unless set. */
    public BudgetPeriod period() {
        return budgetPeriod.orElse(BudgetPeriod.MONTH);
    }

    /**
     * These limits with RPM and TPM cut to a share (at least 1 each): what a key's batch requests may use of its rate,
     * so that its interactive requests always keep the rest. The budget is not shared out.
     *
     * @param share between 0 (exclusive) and 1
     */
    public KeyLimits withRateShare(double share) {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("a rate share must be in (0, 1], not " + share);
        }
        return new KeyLimits(shareOf(rpm, share), shareOf(tpm, share), budgetMicroUsd, budgetPeriod);
    }

    private static OptionalLong shareOf(OptionalLong limit, double share) {
        return limit.isEmpty() ? limit : OptionalLong.of(Math.max(1, (long) Math.floor(limit.getAsLong() * share)));
    }
}
