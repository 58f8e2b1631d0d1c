package ai.novai.common.telemetry;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import ai.novai.common.models.Price;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;

/**
 * The meters of calls to model providers, recorded by the backends that make them (inference, embedding)
 * in the global registry:
 * <ul>
 *     <li>{@value #OPERATION_DURATION}: every provider call by {@code gen_ai.operation.name} ({@code chat},
 *     {@code embeddings}), {@code gen_ai.request.model} (NovAI's model id), {@code gen_ai.provider.name}
 *     (the registry's provider) and {@code error.type} ({@code none} when it succeeded);</li>
 *     <li>{@value #PROVIDER_ERRORS}: failed provider calls by the same labels;</li>
 *     <li>{@value #COST}: what the tokens of successful calls cost at the registry's prices, in nano-USD
 *     (1e-9 USD: meters count whole numbers, and a token of a cheap model costs a fraction of a micro-USD);
 *     Prometheus {@code novai_gen_ai_cost_nano_usd_total}.</li>
 * </ul>
 * Every label comes from the model registry or a fixed set of error types: bounded.
 */
public final class GenAiMetrics {

    /** Seconds per provider call. */
    public static final String OPERATION_DURATION = "gen_ai.client.operation.duration";
    /** Failed provider calls. */
    public static final String PROVIDER_ERRORS = "novai.provider.errors";
    /** Spend in nano-USD. */
    public static final String COST = "novai.gen_ai.cost";

    private static final Duration[] BUCKETS = {
            Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(40), Duration.ofMillis(80),
            Duration.ofMillis(160), Duration.ofMillis(320), Duration.ofMillis(640), Duration.ofMillis(1280),
            Duration.ofMillis(2560), Duration.ofMillis(5120), Duration.ofMillis(10240), Duration.ofMillis(20480),
            Duration.ofMillis(40960), Duration.ofMillis(81920), Duration.ofSeconds(300)};
    // prices are micro-USD per million tokens: tokens * price / 1e6 micro-USD = tokens * price / 1e3 nano-USD
    private static final double NANO_USD_PER_PRICE_UNIT = 1e-3;

    // meters by their labels: a registry look-up builds a meter id, which the request path need not pay for
    private static final Map<String, Timer> DURATIONS = new ConcurrentHashMap<>();
    private static final Map<String, Counter> ERRORS = new ConcurrentHashMap<>();
    private static final Map<String, Counter> COSTS = new ConcurrentHashMap<>();

    private GenAiMetrics() {
    }

    /**
     * Records one provider call.
     *
     * @param operation {@code chat} or {@code embeddings}
     * @param model     NovAI's model id
     * @param provider  the registry's provider name
     * @param errorType what went wrong, e.g. {@code rate_limited}; empty when the call succeeded
     * @param elapsed   how long the call took
     */
    public static void call(String operation, String model, String provider, Optional<String> errorType,
                            Duration elapsed) {
        String error = errorType.orElse("none");
        String key = operation + ' ' + model + ' ' + provider + ' ' + error;
        DURATIONS.computeIfAbsent(key, ignored -> Metrics.globalRegistry().getOrCreate(
                        Timer.builder(OPERATION_DURATION)
                                .description("Duration of calls to model providers")
                                .buckets(BUCKETS)
                                .tags(tags(operation, model, provider, error))))
                .record(elapsed);
        if (errorType.isPresent()) {
            ERRORS.computeIfAbsent(key, ignored -> Metrics.globalRegistry().getOrCreate(
                            Counter.builder(PROVIDER_ERRORS)
                                    .description("Failed calls to model providers")
                                    .tags(tags(operation, model, provider, error))))
                    .increment();
        }
    }

    /**
     * Counts what a successful call's tokens cost.
     *
     * @param operation    {@code chat} or {@code embeddings}
     * @param model        NovAI's model id
     * @param provider     the registry's provider name
     * @param price        the model's price
     * @param inputTokens  prompt tokens
     * @param outputTokens completion tokens
     */
    public static void cost(String operation, String model, String provider, Price price, long inputTokens,
                            long outputTokens) {
        long nanoUsd = Math.round((inputTokens * (double) price.inputMicroUsdPerMillion()
                + outputTokens * (double) price.outputMicroUsdPerMillion()) * NANO_USD_PER_PRICE_UNIT);
        COSTS.computeIfAbsent(operation + ' ' + model + ' ' + provider, ignored -> Metrics.globalRegistry().getOrCreate(
                        Counter.builder(COST)
                                .description("Cost of the tokens used at the registry's prices")
                                .baseUnit("nano_usd")
                                .tags(List.of(Tag.create("gen_ai.operation.name", operation),
                                              Tag.create("gen_ai.request.model", model),
                                              Tag.create("gen_ai.provider.name", provider)))))
                .increment(nanoUsd);
    }

    private static List<Tag> tags(String operation, String model, String provider, String error) {
        return List.of(Tag.create("gen_ai.operation.name", operation), Tag.create("gen_ai.request.model", model),
                       Tag.create("gen_ai.provider.name", provider), Tag.create("error.type", error));
    }
}
