package ai.novai.gateway.billing;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import ai.novai.gateway.keys.ApiKey;
import ai.novai.gateway.limits.Limiter;
import ai.novai.gateway.limits.Reservation;
import ai.novai.gateway.observability.GatewayMetrics;
import ai.novai.gateway.store.RandomIds;
import ai.novai.proto.common.v1.ModelInfo;

/**
 * One admitted request of a batch until it is billed, at the model's batch prices. Unlike an interactive request's,
 * its ledger row is not written here: the batch engine commits it together with the line's result (so that a line
 * is answered and billed exactly once, whatever crashes), then {@linkplain #settle settles} the reservation.
 * Exactly one of {@link #settle} and {@link #release} ends it; later calls do nothing.
 */
public final class MeteredLine {

    private final Reservation reservation;
    private final ApiKey key;
    private final MeteredCall call;
    private final Optional<ModelInfo> model;
    private final String batchId;
    private final String requestId;
    private final Instant startedAt;
    private final Limiter limiter;
    private final Clock clock;
    private final AtomicBoolean ended = new AtomicBoolean();

    MeteredLine(Reservation reservation, ApiKey key, MeteredCall call, Optional<ModelInfo> model, String batchId,
                String requestId, Instant startedAt, Limiter limiter, Clock clock) {
        this.reservation = reservation;
        this.key = key;
        this.call = call;
        this.model = model;
        this.batchId = batchId;
        this.requestId = requestId;
        this.startedAt = startedAt;
        this.limiter = limiter;
        this.clock = clock;
    }

    /** The estimated prompt tokens: the count billed when the backend reports none. */
    public long estimatedPromptTokens() {
        return call.promptTokens().get();
    }

    /**
     * The ledger row of the line's usage, at the model's batch prices, for the engine to commit with its result.
     *
     * @param servedModel      the model that answered
     * @param provider         the provider deployment that served it, if known
     * @param promptTokens     input tokens
     * @param completionTokens output tokens
     */
    public LedgerEntry entry(String servedModel, Optional<String> provider, long promptTokens,
                             long completionTokens) {
        BigDecimal cost = Usd.ofPicos(Prices.batchPicos(model, promptTokens, completionTokens));
        return new LedgerEntry(RandomIds.next("usage_"), requestId, key.id(), call.endpoint(),
                               servedModel.isEmpty() ? call.model() : servedModel, provider, promptTokens,
                               completionTokens, cost, LedgerStatus.COMPLETED, false, startedAt, clock.instant(),
                               Optional.empty(), Optional.of(batchId));
    }

    /** Settles the reservation with the usage of a committed row. */
    public void settle(LedgerEntry committed) {
        if (ended.compareAndSet(false, true)) {
            long picos = Prices.batchPicos(model, committed.promptTokens(), committed.completionTokens());
            limiter.settle(reservation, committed.promptTokens() + committed.completionTokens(),
                           Usd.picosToMicrosCeil(picos));
            GatewayMetrics.get().billed(call.producesOutput() ? "chat" : "embeddings", committed.model(), key.tier(),
                                        committed.promptTokens(), committed.completionTokens(), committed.costUsd());
        }
    }

    /** Gives the reservation back: the line produced nothing, or its result was not committed by this worker. */
    public void release() {
        if (ended.compareAndSet(false, true)) {
            limiter.settle(reservation, 0, 0);
        }
    }
}
