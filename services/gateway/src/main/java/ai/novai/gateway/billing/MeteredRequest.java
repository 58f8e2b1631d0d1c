package ai.novai.gateway.billing;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import ai.novai.gateway.http.RequestIds;
import ai.novai.gateway.keys.ApiKey;
import ai.novai.gateway.limits.InteractiveLoad;
import ai.novai.gateway.limits.Limiter;
import ai.novai.gateway.limits.Reservation;
import ai.novai.gateway.observability.GatewayMetrics;
import ai.novai.gateway.store.RandomIds;
import ai.novai.proto.common.v1.ModelInfo;
import io.helidon.webserver.http.ServerRequest;

/**
 * One admitted request until it is billed. Exactly one of these ends it:
 * <ul>
 *     <li>{@link #bill}: the request used tokens — the ledger row is written (call it before the last
 *     byte of the response goes out), then the reservation is settled with the actual usage;</li>
 *     <li>{@link #release}: it failed before producing anything — the reservation is given back whole.</li>
 * </ul>
 * Later calls do nothing, so a failure path may release without knowing whether billing happened.
 */
public final class MeteredRequest {

    private static final System.Logger LOGGER = System.getLogger(MeteredRequest.class.getName());

    private final ServerRequest request;
    private final Reservation reservation;
    private final ApiKey key;
    private final MeteredCall call;
    private final Optional<ModelInfo> model;
    private final Instant startedAt;
    private final long startNanos;
    private final Limiter limiter;
    private final LedgerWriter ledger;
    private final Clock clock;
    private final InteractiveLoad load;
    private final String ledgerId = RandomIds.next("usage_");
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile long firstTokenNanos;

    MeteredRequest(ServerRequest request, Reservation reservation, ApiKey key, MeteredCall call,
                   Optional<ModelInfo> model, Instant startedAt, long startNanos, Limiter limiter, LedgerWriter ledger,
                   Clock clock, InteractiveLoad load) {
        this.request = request;
        this.reservation = reservation;
        this.key = key;
        this.call = call;
        this.model = model;
        this.startedAt = startedAt;
        this.startNanos = startNanos;
        this.limiter = limiter;
        this.ledger = ledger;
        this.clock = clock;
        this.load = load;
    }

    /** Notes the arrival of the first output token (time to first token); later calls are ignored. */
    public void firstToken() {
        if (firstTokenNanos == 0) {
            firstTokenNanos = System.nanoTime();
        }
    }

    /** The calling key's tier, for metrics. */
    public String tier() {
        return key.tier();
    }

    /** When the request arrived ({@link System#nanoTime()}). */
    public long startNanos() {
        return startNanos;
    }

    /** The estimated prompt tokens reserved at admission: the count billed when none is known. */
    public long estimatedPromptTokens() {
        return call.promptTokens().get();
    }

    /**
     * Bills the request: writes its ledger row, then settles its reservation.
     *
     * @param servedModel      the model that answered (may differ from the one asked for: aliases, fallbacks)
     * @param provider         the provider deployment that served it, if known
     * @param promptTokens     input tokens
     * @param completionTokens output tokens
     * @param status           how the request ended
     * @throws RuntimeException when the ledger cannot be written: the response must then not be completed
     */
    public void bill(String servedModel, Optional<String> provider, long promptTokens, long completionTokens,
                     LedgerStatus status) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        long picos = Prices.picos(model, promptTokens, completionTokens);
        BigDecimal cost = Usd.ofPicos(picos);
        Instant finishedAt = clock.instant();
        Optional<Duration> ttft = firstTokenNanos == 0 ? Optional.empty()
                : Optional.of(Duration.ofNanos(firstTokenNanos - startNanos));
        LedgerEntry entry = new LedgerEntry(ledgerId, RequestIds.of(request), key.id(), call.endpoint(),
                                            servedModel.isEmpty() ? call.model() : servedModel, provider,
                                            promptTokens, completionTokens, cost, status, call.stream(), startedAt,
                                            finishedAt, ttft, Optional.empty());
        try {
            write(entry);
        } finally {
            // even when the row could not be written the tokens were used: charge the limits for them
            limiter.settle(reservation, promptTokens + completionTokens, Usd.picosToMicrosCeil(picos));
            load.ended();
        }
        RequestOutcome.register(request, new RequestOutcome(entry.model(), promptTokens, completionTokens, cost));
        GatewayMetrics.get().billed(call.producesOutput() ? "chat" : "embeddings", entry.model(), key.tier(),
                                    promptTokens, completionTokens, cost);
    }

    /** Gives the reservation back: the request failed before producing anything. */
    public void release() {
        if (ended.compareAndSet(false, true)) {
            try {
                limiter.settle(reservation, 0, 0);
            } finally {
                load.ended();
            }
        }
    }

    // the writer already tries a row that failed in a batch once more on its own
    private void write(LedgerEntry entry) {
        try {
            ledger.write(entry);
        } catch (RuntimeException e) {
            LOGGER.log(System.Logger.Level.ERROR, "request " + entry.requestId() + " could not be written to the "
                    + "usage ledger; its response is not completed", e);
            throw e;
        }
    }
}
