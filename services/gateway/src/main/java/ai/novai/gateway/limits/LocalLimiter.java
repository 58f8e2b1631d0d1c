package ai.novai.gateway.limits;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import ai.novai.gateway.keys.KeyLimits;

/**
 * The limiter of one gateway process: the same windows and budget rules as the Redis scripts, held in
 * memory. Used on its own by the embedded default (no Redis), and by every replica while Redis is
 * unreachable under the fail-open policy; then each replica enforces each limit by itself, so N
 * replicas together admit up to N times a key's RPM/TPM for that time. Budgets start from the spend the
 * ledger holds, so they stay exact but for the reservations open on other replicas.
 */
final class LocalLimiter implements Limiter {

    private static final int MAX_KEYS = 100_000;

    private final ConcurrentMap<String, KeyState> keys = new ConcurrentHashMap<>();
    private final LedgerSpend ledger;
    private final Clock clock;

    LocalLimiter(LedgerSpend ledger, Clock clock) {
        this.ledger = ledger;
        this.clock = clock;
    }

    @Override
    public Verdict admit(Demand demand) {
        if (keys.size() >= MAX_KEYS) {
            keys.clear();
        }
        KeyState state = keys.computeIfAbsent(demand.keyId(), id -> new KeyState());
        Instant now = clock.instant();
        String periodId = demand.limits().period().id(now);
        Budget budget = demand.limits().budgetMicroUsd().isPresent()
                ? state.budget(periodId, () -> ledger.micros(demand.keyId(), demand.limits().period(), now))
                : null;
        synchronized (state) {
            return state.admit(demand, now.toEpochMilli(), periodId, budget, this);
        }
    }

    @Override
    public void settle(Reservation reservation, long tokens, long costMicros) {
        KeyState state = keys.get(reservation.demand().keyId());
        if (state == null) {
            return;
        }
        synchronized (state) {
            state.settle(reservation, tokens, costMicros, clock.instant().getEpochSecond());
        }
    }

    private static final class Budget {
        private final long spentAtStart;
        private long settled;
        private final Map<String, Long> held = new HashMap<>();
        private long reserved;

        Budget(long spentAtStart) {
            this.spentAtStart = spentAtStart;
        }
    }

    private static final class KeyState {
        private final SlidingWindow requests = new SlidingWindow();
        private final SlidingWindow tokens = new SlidingWindow();
        private final ConcurrentMap<String, Budget> budgets = new ConcurrentHashMap<>();

        Budget budget(String periodId, java.util.function.LongSupplier spent) {
            if (budgets.size() > 2) {
                budgets.keySet().removeIf(id -> !id.equals(periodId));
            }
            return budgets.computeIfAbsent(periodId, id -> new Budget(spent.getAsLong()));
        }

        Verdict admit(Demand demand, long nowMillis, String periodId, Budget budget, LocalLimiter owner) {
            long now = Math.floorDiv(nowMillis, 1000);
            KeyLimits limits = demand.limits();
            long rpm = limits.rpm().orElse(0);
            long tpm = limits.tpm().orElse(0);
            long rpmUsed = rpm > 0 ? requests.used(now) : 0;
            long tpmUsed = tpm > 0 ? tokens.used(now) : 0;
            if (rpm > 0 && rpmUsed + 1 > rpm) {
                return refuse(Limit.RPM, Optional.of(requests.waitMillis(nowMillis, 1, rpm)), nowMillis, rpm, tpm,
                              rpmUsed, tpmUsed);
            }
            if (tpm > 0 && tpmUsed + demand.tokens() > tpm) {
                Optional<Long> wait = demand.tokens() > tpm ? Optional.empty()
                        : Optional.of(tokens.waitMillis(nowMillis, demand.tokens(), tpm));
                return refuse(Limit.TPM, wait, nowMillis, rpm, tpm, rpmUsed, tpmUsed);
            }
            String id = UUID.randomUUID().toString();
            if (budget != null) {
                long spent = budget.spentAtStart + budget.settled;
                if (spent + budget.reserved + demand.costMicros() > limits.budgetMicroUsd().getAsLong()) {
                    return refuse(Limit.BUDGET, Optional.empty(), nowMillis, rpm, tpm, rpmUsed, tpmUsed);
                }
                budget.reserved += demand.costMicros();
                budget.held.put(id, demand.costMicros());
            }
            if (rpm > 0) {
                requests.add(now, 1);
            }
            if (tpm > 0) {
                tokens.add(now, demand.tokens());
            }
            return Verdict.admitted(new Reservation(id, demand, now, periodId, owner),
                                    window(rpm, rpmUsed + 1, requests, nowMillis),
                                    window(tpm, tpmUsed + demand.tokens(), tokens, nowMillis));
        }

        private Verdict refuse(Limit limit, Optional<Long> waitMillis, long nowMillis, long rpm, long tpm,
                               long rpmUsed, long tpmUsed) {
            return Verdict.refused(limit, waitMillis.map(Duration::ofMillis),
                                   window(rpm, rpmUsed, requests, nowMillis), window(tpm, tpmUsed, tokens, nowMillis));
        }

        private static WindowState window(long limit, long used, SlidingWindow window, long nowMillis) {
            return WindowState.of(limit, Math.max(0, limit - used), window.resetMillis(nowMillis));
        }

        void settle(Reservation reservation, long used, long costMicros, long now) {
            Demand demand = reservation.demand();
            if (demand.limits().tpm().isPresent()) {
                long delta = used - demand.tokens();
                if (delta > 0) {
                    tokens.add(now, delta);
                } else if (delta < 0) {
                    tokens.refund(reservation.slotSecond(), -delta, now);
                }
            }
            Budget budget = budgets.get(reservation.periodId());
            if (budget != null) {
                Long held = budget.held.remove(reservation.id());
                if (held != null) {
                    budget.reserved -= held;
                }
                budget.settled += costMicros;
            }
        }
    }
}
