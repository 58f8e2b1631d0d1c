package ai.novai.gateway.limits;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import ai.novai.gateway.keys.BudgetPeriod;
import ai.novai.gateway.keys.KeyLimits;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * The limiter every gateway replica shares: windows and budgets in Redis, each admission and each
 * settlement one Lua script, so one round trip and atomic across replicas (see {@code admit.lua} for
 * the algorithm). Keys of one API key share a hash tag ({@code novai:{key_…}:…}), so a Redis Cluster
 * keeps them in one slot. Throws Lettuce's exceptions when Redis cannot be reached.
 */
final class RedisLimiter implements Limiter, AutoCloseable {

    private static final RedisScripts ADMIT = RedisScripts.load("admit.lua");
    private static final RedisScripts SETTLE = RedisScripts.load("settle.lua");
    private static final int SEEDED = -1;
    private static final int ADMITTED = 1;

    private final RedisConnector redis;
    private final LedgerSpend ledger;
    private final Clock clock;
    private final Duration reservationLifetime;

    RedisLimiter(RedisConnector redis, LedgerSpend ledger, Clock clock, Duration reservationLifetime) {
        this.redis = redis;
        this.ledger = ledger;
        this.clock = clock;
        this.reservationLifetime = reservationLifetime;
    }

    @Override
    public Verdict admit(Demand demand) {
        RedisCommands<String, String> commands = redis.commands();
        Instant now = clock.instant();
        KeyLimits limits = demand.limits();
        BudgetPeriod period = limits.period();
        String periodId = period.id(now);
        String reservationId = UUID.randomUUID().toString();
        String[] keys = {window(demand.keyId(), "rpm"), window(demand.keyId(), "tpm"),
                budget(demand.keyId(), periodId), budget(demand.keyId(), periodId) + ":expiry"};
        String[] args = {
                String.valueOf(limits.rpm().orElse(0)),
                String.valueOf(limits.tpm().orElse(0)),
                String.valueOf(demand.tokens()),
                String.valueOf(limits.budgetMicroUsd().orElse(-1)),
                String.valueOf(demand.costMicros()),
                reservationId,
                String.valueOf(budgetLifetime(period, now).toSeconds()),
                String.valueOf(reservationLifetime.toSeconds())};
        List<Long> answer = ADMIT.run(commands, keys, args);
        if (answer.getFirst() == SEEDED) {
            // the budget is loaded by the admission itself (one script): a budget dropped between a separate
            // load and the admission would leave it without one
            String[] seeded = java.util.Arrays.copyOf(args, args.length + 1);
            seeded[args.length] = String.valueOf(ledger.micros(demand.keyId(), period, now));
            answer = ADMIT.run(commands, keys, seeded);
        }
        WindowState requests = WindowState.of(limits.rpm().orElse(0), answer.get(3), answer.get(4));
        WindowState tokens = WindowState.of(limits.tpm().orElse(0), answer.get(5), answer.get(6));
        if (answer.getFirst() == ADMITTED) {
            return Verdict.admitted(new Reservation(reservationId, demand, answer.get(7), periodId, this),
                                    requests, tokens);
        }
        Limit limit = Limit.values()[answer.get(1).intValue() - 1];
        Optional<Duration> retryAfter = answer.get(2) < 0 ? Optional.empty() : Optional.of(Duration.ofMillis(answer.get(2)));
        return Verdict.refused(limit, retryAfter, requests, tokens);
    }

    @Override
    public void settle(Reservation reservation, long tokens, long costMicros) {
        Demand demand = reservation.demand();
        String budget = budget(demand.keyId(), reservation.periodId());
        SETTLE.run(redis.commands(), new String[] {window(demand.keyId(), "tpm"), budget, budget + ":expiry"},
                   String.valueOf(reservation.slotSecond()),
                   String.valueOf(tokens - demand.tokens()),
                   reservation.id(),
                   String.valueOf(costMicros),
                   demand.limits().tpm().isPresent() ? "1" : "0",
                   demand.limits().budgetMicroUsd().isPresent() ? "1" : "0");
    }

    /**
     * Drops the budget counts (this day's and month's) of these keys, so that the next admission of each
     * reloads its spend from the ledger.
     */
    void forgetBudgets(java.util.Set<String> keyIds) {
        if (keyIds.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        RedisCommands<String, String> commands = redis.commands();
        for (String keyId : keyIds) {
            for (BudgetPeriod period : BudgetPeriod.values()) {
                String budget = budget(keyId, period.id(now));
                commands.del(budget, budget + ":expiry");
            }
        }
    }

    @Override
    public void close() {
        redis.close();
    }

    private static String window(String keyId, String limit) {
        return "novai:{" + keyId + "}:" + limit;
    }

    private static String budget(String keyId, String periodId) {
        return "novai:{" + keyId + "}:budget:" + periodId;
    }

    // kept a day past the period's end, so that late settlements of the period still find it
    private static Duration budgetLifetime(BudgetPeriod period, Instant now) {
        Instant end = period.nextStart(now).atStartOfDay(ZoneOffset.UTC).toInstant();
        return Duration.between(now, end).plusDays(1);
    }
}
