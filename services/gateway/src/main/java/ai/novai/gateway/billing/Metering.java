package ai.novai.gateway.billing;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

import ai.novai.gateway.errors.ApiException;
import ai.novai.gateway.errors.OpenAiError;
import ai.novai.gateway.keys.ApiKey;
import ai.novai.gateway.keys.Authenticated;
import ai.novai.gateway.keys.KeyLimits;
import ai.novai.gateway.keys.Tiers;
import ai.novai.gateway.limits.Demand;
import ai.novai.gateway.limits.InteractiveLoad;
import ai.novai.gateway.limits.Limit;
import ai.novai.gateway.limits.LimitMetrics;
import ai.novai.gateway.limits.Limiter;
import ai.novai.gateway.limits.LimiterUnavailableException;
import ai.novai.gateway.limits.RateLimitHeaders;
import ai.novai.gateway.limits.Reservation;
import ai.novai.gateway.limits.Verdict;
import ai.novai.gateway.models.ModelCatalog;
import ai.novai.proto.common.v1.ModelInfo;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * Admission of model-calling requests: the key may use the model (else 403), and its RPM, TPM and budget
 * admit the request, reserving {@code estimated prompt + output cap} tokens and the worst-case cost
 * (else 429, with {@code Retry-After}). Every admitted request gets a {@link MeteredRequest}, which
 * settles or releases what was reserved and writes the ledger row.
 */
public final class Metering {

    private final Limiter limiter;
    private final Tiers tiers;
    private final ModelPrices models;
    private final LedgerWriter ledger;
    private final Clock clock;
    private final LimitMetrics metrics;
    private final int defaultMaxOutputTokens;
    private final InteractiveLoad load;

    /**
     * @param limiter                RPM, TPM and budget admission
     * @param tiers                  default limits per tier
     * @param models                 prices and output caps of the models
     * @param ledger                 writes the usage ledger's rows
     * @param clock                  the time
     * @param metrics                admission meters
     * @param defaultMaxOutputTokens output tokens reserved when neither the request nor the model caps them
     * @param load                   counts the interactive calls admitted here, for batch work to yield to
     */
    public Metering(Limiter limiter, Tiers tiers, ModelPrices models, LedgerWriter ledger, Clock clock,
                    LimitMetrics metrics, int defaultMaxOutputTokens, InteractiveLoad load) {
        this.limiter = limiter;
        this.tiers = tiers;
        this.models = models;
        this.ledger = ledger;
        this.clock = clock;
        this.metrics = metrics;
        this.defaultMaxOutputTokens = defaultMaxOutputTokens;
        this.load = load;
    }

    /**
     * Admits a request, writing the rate-limit headers on its response.
     *
     * @throws ApiException 403 {@code model_not_allowed}, 429 {@code rate_limit_exceeded} or
     *                      {@code insufficient_quota}, 503 {@code rate_limiter_unavailable} or
     *                      {@code ledger_unavailable} (the ledger's spool is full: nothing could bill the request)
     */
    public MeteredRequest admit(ServerRequest request, ServerResponse response, MeteredCall call) {
        return admit(request, Optional.of(response), call);
    }

    /**
     * Admits a further model call of a request whose response has started (a streamed chat completion's next tool
     * round): the same checks, no headers (they went out with the first call's).
     *
     * @throws ApiException as {@link #admit(ServerRequest, ServerResponse, MeteredCall)}
     */
    public MeteredRequest admitFollowUp(ServerRequest request, MeteredCall call) {
        return admit(request, Optional.empty(), call);
    }

    private MeteredRequest admit(ServerRequest request, Optional<ServerResponse> response, MeteredCall call) {
        long startNanos = System.nanoTime();
        java.time.Instant startedAt = clock.instant();
        ApiKey key = Authenticated.key(request);
        Admission admission = reserve(key, call, 1, Prices::picos);
        response.ifPresent(headersGoHere -> RateLimitHeaders.write(headersGoHere, admission.verdict()));
        Reservation reservation = admission.reservationOrRefusal();
        load.started();
        return new MeteredRequest(request, reservation, key, call, admission.model(), startedAt, startNanos, limiter,
                                  ledger, clock, load);
    }

    /**
     * Admits one request of a batch: the key may use the model, its budget admits the request at the model's batch
     * prices, and its batch share of RPM and TPM does.
     *
     * @param key       the batch's key
     * @param call      the line's request
     * @param batchId   the batch
     * @param requestId the line's request id
     * @param rateShare the share of the key's RPM and TPM that batch requests may use
     * @throws ApiException as {@link #admit}; a 429 {@code rate_limit_exceeded} means "not now", the line may wait
     */
    public MeteredLine admitLine(ApiKey key, MeteredCall call, String batchId, String requestId, double rateShare) {
        java.time.Instant startedAt = clock.instant();
        Admission admission = reserve(key, call, rateShare, Prices::batchPicos);
        return new MeteredLine(admission.reservationOrRefusal(), key, call, admission.model(), batchId, requestId,
                               startedAt, limiter, clock);
    }

    /**
     * Admits one tool call of an MCP client ({@code tools/call}) against the key's RPM alone: it calls no model, so
     * it has no tokens, no cost and no reservation to settle later. Writes the rate-limit headers on the response.
     *
     * @throws ApiException 429 {@code rate_limit_exceeded} (RPM), 503 {@code rate_limiter_unavailable}
     */
    public void admitToolCall(ServerRequest request, ServerResponse response) {
        ApiKey key = Authenticated.key(request);
        KeyLimits limits = tiers.effective(key.tier(), key.limits());
        KeyLimits rpmOnly = new KeyLimits(limits.rpm(), OptionalLong.empty(), OptionalLong.empty(), Optional.empty());
        Verdict verdict = admitOrUnavailable(new Demand(key.id(), rpmOnly, 0, 0));
        RateLimitHeaders.write(response, verdict);
        Reservation reservation = verdict.reservation().orElseThrow(() -> {
            metrics.rejected(Limit.RPM);
            return refusal(key, rpmOnly, Limit.RPM, verdict, 0);
        });
        limiter.settle(reservation, 0, 0);
    }

    private interface Pricing {
        long picos(Optional<ModelInfo> model, long promptTokens, long completionTokens);
    }

    // what admission decided, and how to refuse if it refused
    private record Admission(Verdict verdict, Optional<ModelInfo> model, Supplier<ApiException> refusal) {

        Reservation reservationOrRefusal() {
            return verdict.reservation().orElseThrow(refusal);
        }
    }

    private Admission reserve(ApiKey key, MeteredCall call, double rateShare, Pricing pricing) {
        Optional<ModelInfo> model = models.find(call.model());
        requireAllowed(key, call.model(), model);
        KeyLimits limits = tiers.effective(key.tier(), key.limits());
        KeyLimits applied = rateShare < 1 ? limits.withRateShare(rateShare) : limits;
        // only TPM and budgets need the estimate: a key without them never pays for tokenising its prompt
        long promptTokens = limits.tpm().isPresent() || limits.budgetMicroUsd().isPresent()
                ? call.promptTokens().get() : 0;
        long outputTokens = call.producesOutput() ? outputCap(call, model) * call.choices() : 0;
        long tokens = promptTokens + outputTokens;
        long costMicros = Usd.picosToMicrosCeil(pricing.picos(model, promptTokens, outputTokens));
        if (!ledger.acceptsRows()) {
            throw new ApiException(Status.SERVICE_UNAVAILABLE_503, new OpenAiError(
                    "Usage cannot be recorded right now; please retry shortly.", "server_error", null,
                    "ledger_unavailable"), Optional.of(Duration.ofSeconds(1)));
        }
        Verdict verdict = admitOrUnavailable(new Demand(key.id(), applied, tokens, costMicros));
        return new Admission(verdict, model, () -> {
            Limit limit = verdict.refusedBy().orElseThrow();
            metrics.rejected(limit);
            return refusal(key, applied, limit, verdict, tokens);
        });
    }

    private Verdict admitOrUnavailable(Demand demand) {
        try {
            return limiter.admit(demand);
        } catch (LimiterUnavailableException e) {
            metrics.unavailable();
            throw new ApiException(Status.SERVICE_UNAVAILABLE_503, new OpenAiError(
                    "Rate limits cannot be checked right now; please retry shortly.", "server_error", null,
                    "rate_limiter_unavailable"), Optional.of(Duration.ofSeconds(1)));
        }
    }

    /**
     * Checks that the key may use the model (by its id or any alias).
     *
     * @throws ApiException 403 {@code model_not_allowed}
     */
    public void requireAllowed(ApiKey key, String model) {
        requireAllowed(key, model, models.find(model));
    }

    private static void requireAllowed(ApiKey key, String requested, Optional<ModelInfo> model) {
        if (!key.mayUse(names(requested, model))) {
            throw ApiException.forbidden("This API key is not allowed to use model '" + requested + "'.", "model",
                                         "model_not_allowed");
        }
    }

    private long outputCap(MeteredCall call, Optional<ModelInfo> model) {
        if (call.maxOutputTokens().isPresent()) {
            return call.maxOutputTokens().getAsLong();
        }
        return model.map(ModelInfo::getMaxOutputTokens).filter(cap -> cap > 0).orElse(defaultMaxOutputTokens);
    }

    private static List<String> names(String requested, Optional<ModelInfo> model) {
        List<String> names = new ArrayList<>(List.of(requested));
        model.map(ModelCatalog::names).ifPresent(names::addAll);
        return names;
    }

    private ApiException refusal(ApiKey key, KeyLimits limits, Limit limit, Verdict verdict, long tokens) {
        return switch (limit) {
            case RPM -> new ApiException(Status.TOO_MANY_REQUESTS_429, new OpenAiError(
                    "Rate limit reached for key " + key.id() + " on requests per min (RPM): Limit "
                            + limits.rpm().getAsLong() + ". Please try again in " + seconds(verdict) + ".",
                    "requests", null, "rate_limit_exceeded"), verdict.retryAfter());
            case TPM -> new ApiException(Status.TOO_MANY_REQUESTS_429, new OpenAiError(
                    (verdict.retryAfter().isEmpty() ? "Request too large" : "Rate limit reached")
                            + " for key " + key.id() + " on tokens per min (TPM): Limit " + limits.tpm().getAsLong()
                            + ", Remaining " + verdict.tokens().remaining() + ", Requested " + tokens + "."
                            + verdict.retryAfter().map(wait -> " Please try again in " + seconds(verdict) + ".")
                            .orElse(" Lower max_tokens or the prompt size."),
                    "tokens", null, "rate_limit_exceeded"),
                    Optional.of(verdict.retryAfter().orElse(Duration.ofSeconds(60))));
            case BUDGET -> {
                java.time.Instant reset = limits.period().nextStart(clock.instant()).atStartOfDay(ZoneOffset.UTC)
                        .toInstant();
                yield new ApiException(Status.TOO_MANY_REQUESTS_429, new OpenAiError(
                        "You exceeded your " + (limits.period().apiName().equals("day") ? "daily" : "monthly")
                                + " budget of $" + Usd.ofMicros(limits.budgetMicroUsd().getAsLong()).toPlainString()
                                + " (this request could cost up to its reservation). The budget resets on "
                                + reset.toString().replace("T", " ").replace("Z", " UTC") + ".",
                        "insufficient_quota", null, "insufficient_quota"),
                        Optional.of(Duration.between(clock.instant(), reset)));
            }
        };
    }

    private static String seconds(Verdict verdict) {
        return verdict.retryAfter().map(wait -> wait.toMillis() / 1000.0 + "s").orElse("60s");
    }
}
