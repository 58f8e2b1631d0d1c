package ai.novai.gateway.keys;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;

import ai.novai.common.config.ConfigName;

/**
 * The period a budget is spent over: each UTC day or each UTC calendar month.
 */
public enum BudgetPeriod implements ConfigName {
    DAY,
    MONTH;

    /** The name configuration gives it ({@code novai.tiers.<tier>.budget-period}): its {@link #apiName()}. */
    @Override
    public String configName() {
        return apiName();
    }

    /** The name used in the API and the database: {@code day}, {@code month}. */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The period of this name, or empty. */
    public static java.util.Optional<BudgetPeriod> ofApiName(String name) {
        for (BudgetPeriod period : values()) {
            if (period.apiName().equals(name)) {
                return java.util.Optional.of(period);
            }
        }
        return java.util.Optional.empty();
    }

    /** First day of the period that contains this instant. */
    public LocalDate start(Instant at) {
        LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
        return this == DAY ? day : day.withDayOfMonth(1);
    }

    /** First day of the next period: the budget resets at its midnight, UTC. */
    public LocalDate nextStart(Instant at) {
        LocalDate start = start(at);
        return this == DAY ? start.plusDays(1) : start.plusMonths(1);
    }

    /** A name for the period containing this instant, e.g. {@code 2026-11} or {@code 2026-11-28}. */
    public String id(Instant at) {
        LocalDate start = start(at);
        return this == DAY ? start.toString() : start.toString().substring(0, 7);
    }
}
