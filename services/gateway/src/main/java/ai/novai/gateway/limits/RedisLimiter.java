package ai.novai.gateway.limits;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

import ai.novai.gateway.keys.BudgetPeriod;
import ai.novai.gateway.keys.KeyLimits;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * The limiter every gateway replica shares: windows and budgets in Redis, each admission and each
 * settlement one Lua script, so one round trip and atomic across replicas (see {@code admit.lua} for
 * the algorithm). Keys of one API key share a hash tag ({@code novai:{key_…}:…}), so a Redis Cluster
 * keeps them in one slot. Throws Lettuce's exceptions when Redis cannot be reached.
 */
final class RedisLimiter implements Limiter, AutoCloseable {

    private static final System.Logger LOGGER = System.getLogger(RedisLimiter.class.getName());
    private static final RedisScripts ADMIT = RedisScripts.load("admit.lua");
    private static final RedisScripts SETTLE = RedisScripts.load("settle.lua");
    private static final int SEEDED = -1;
    private static final int ADMITTED = 1;
    // how long close() waits for settlements sent in the background (a lost one: its reservation expires)
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private final RedisConnector redis;
    private final LedgerSpend ledger;
    private final Clock clock;
    private final Duration reservationLifetime;
    private final AtomicInteger settling = new AtomicInteger();

    RedisLimiter(RedisConnector redis, LedgerSpend ledger, Clock clock, Duration reservationLifetime) {
        this.redis = redis;
        this.ledger = ledger;
        this.clock = clock;
        this.reservationLifetime = reservationLifetime;
    }

    /**
     * Connects and loads the scripts now, while the gateway starts: the first connection (Lettuce's and Netty's
     * classes, the handshake) took over 5 s on a busy machine, and the requests that waited longer than the timeout
     * for it fell back to the replica's own limiter. With the scripts loaded, a settlement sent in the background
     * never meets NOSCRIPT (which would send it again later, after commands sent after it) until Redis loses its
     * scripts. Redis unreachable: logged, and the first request tries again.
     */
    void prepare() {
        try {
            RedisCommands<String, String> commands = redis.commands();
            ADMIT.load(commands);
            SETTLE.load(commands);
        } catch (RedisException unreachable) {
            LOGGER.log(System.Logger.Level.INFO, "Redis is not reachable while the gateway starts ("
                    + unreachable.getMessage() + "); the first request connects");
        }
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
        SETTLE.run(redis.commands(), settleKeys(reservation), settleArgs(reservation, tokens, costMicros));
    }

    /**
     * Settles without waiting for Redis' answer: the request that used the reservation need not wait a round trip
     * after its ledger row is written. The settlement goes out on the shared connection before this returns, so
     * every command sent after it, by any request, finds it done (unless Redis lost its scripts since
     * {@link #prepare()}: then it is sent again once the script is loaded). {@link #close()} waits a little for those
     * in flight.
     *
     * @return completes when Redis has settled, or exceptionally with Lettuce's exception
     * @throws io.lettuce.core.RedisException when it could not even be sent
     */
    CompletionStage<Void> settleInBackground(Reservation reservation, long tokens, long costMicros) {
        CompletionStage<List<Long>> answer = SETTLE.runAsync(redis.asyncCommands(), settleKeys(reservation),
                                                             settleArgs(reservation, tokens, costMicros));
        settling.incrementAndGet();
        return answer.handle((settled, failure) -> {
            settling.decrementAndGet();
            if (failure != null) {
                throw failure instanceof CompletionException completion ? completion
                        : new CompletionException(failure);
            }
            return null;
        });
    }

    private static String[] settleKeys(Reservation reservation) {
        String keyId = reservation.demand().keyId();
        String budget = budget(keyId, reservation.periodId());
        return new String[] {window(keyId, "tpm"), budget, budget + ":expiry"};
    }

    private static String[] settleArgs(Reservation reservation, long tokens, long costMicros) {
        Demand demand = reservation.demand();
        return new String[] {
                String.valueOf(reservation.slotSecond()),
                String.valueOf(tokens - demand.tokens()),
                reservation.id(),
                String.valueOf(costMicros),
                demand.limits().tpm().isPresent() ? "1" : "0",
                demand.limits().budgetMicroUsd().isPresent() ? "1" : "0"};
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
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
        while (settling.get() > 0 && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
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
