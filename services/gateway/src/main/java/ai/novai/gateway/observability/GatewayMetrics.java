package ai.novai.gateway.observability;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.DistributionStatisticsConfig;
import io.helidon.metrics.api.DistributionSummary;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;

/**
 * The GenAI meters the gateway records, in the global registry (Prometheus text at {@code /observe/metrics};
 * names follow the OpenTelemetry GenAI semantic conventions where they define one):
 * <ul>
 *     <li>{@value #TOKEN_USAGE}: tokens per request by {@code gen_ai.token.type} ({@code input},
 *     {@code output}), {@code gen_ai.operation.name}, {@code gen_ai.request.model} and {@code novai.key.tier};
 *     its {@code _sum} counts the tokens;</li>
 *     <li>{@value #TIME_TO_FIRST_TOKEN}: from the request to the first chunk of a stream, by model and tier;</li>
 *     <li>{@value #ACTIVE_STREAMS}: SSE streams open now.</li>
 * </ul>
 * Labels are bounded: models are the registry's (usage is recorded only for what a backend served), tiers
 * are the key tiers, never key ids or request ids. Other concerns (rate limits, budgets) add their meters
 * beside these.
 */
public final class GatewayMetrics {

    /** Tokens per request. */
    public static final String TOKEN_USAGE = "gen_ai.client.token.usage";
    /** Seconds until the first chunk of a stream. */
    public static final String TIME_TO_FIRST_TOKEN = "gen_ai.server.time_to_first_token";
    /** Nano-USD (1e-9 USD) billed, like inference's provider cost counter. */
    public static final String COST = "novai.billed.cost.nano_usd";
    /** Streams open now. */
    public static final String ACTIVE_STREAMS = "novai.gateway.active_streams";
    /** Chat streams ended, by how they ended. */
    public static final String STREAM_ENDINGS = "novai.gateway.stream_endings";

    // the semantic conventions' advice for gen_ai.client.token.usage
    private static final double[] TOKEN_BUCKETS = {1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576};
    private static final Duration[] TTFT_BUCKETS = {
            Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};
    private static final GatewayMetrics GLOBAL = new GatewayMetrics(Metrics.globalRegistry());

    private final MeterRegistry registry;
    private final AtomicInteger activeStreams = new AtomicInteger();
    // meters by their labels: a registry look-up builds a meter id, which the request path need not pay for
    private final Map<String, DistributionSummary> tokenUsage = new ConcurrentHashMap<>();
    private final Map<String, Timer> timesToFirstToken = new ConcurrentHashMap<>();
    private final Map<String, Counter> costs = new ConcurrentHashMap<>();
    private final Map<String, Counter> streamEndings = new ConcurrentHashMap<>();

    private GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.getOrCreate(Gauge.builder(ACTIVE_STREAMS, activeStreams::get)
                                     .description("Server-sent event streams open now"));
    }

    /** The gateway's meters. */
    public static GatewayMetrics get() {
        return GLOBAL;
    }

    /**
     * Counts what a billed request used: its tokens, and what it cost.
     *
     * @param operation        {@code chat} or {@code embeddings}
     * @param model            the model that served it
     * @param tier             the API key's tier
     * @param promptTokens     input tokens
     * @param completionTokens output tokens (none for embeddings)
     * @param costUsd          its cost
     */
    public void billed(String operation, String model, String tier, long promptTokens, long completionTokens,
                       BigDecimal costUsd) {
        tokens(operation, model, tier, "input", promptTokens);
        if (operation.equals("chat")) {
            tokens(operation, model, tier, "output", completionTokens);
        }
        costs.computeIfAbsent(model + ' ' + tier, key -> registry.getOrCreate(
                        Counter.builder(COST)
                                .description("Nano-USD (1e-9 USD) billed to API keys")
                                .tags(List.of(Tag.create("gen_ai.request.model", model),
                                              Tag.create("novai.key.tier", tier)))))
                .increment(costUsd.movePointRight(9).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact());
    }

    /** Records how long a stream took to its first chunk. */
    public void timeToFirstToken(String model, String tier, Duration elapsed) {
        timesToFirstToken.computeIfAbsent(model + ' ' + tier, key -> registry.getOrCreate(
                        Timer.builder(TIME_TO_FIRST_TOKEN)
                                .description("Time from the request to the first chunk of a stream")
                                .buckets(TTFT_BUCKETS)
                                .tags(List.of(Tag.create("gen_ai.request.model", model),
                                              Tag.create("novai.key.tier", tier)))))
                .record(elapsed);
    }

    /**
     * The meters of a chat stream, open from now until closed.
     *
     * @param tier       the API key's tier
     * @param startNanos when the request arrived ({@link System#nanoTime()}), for the time to first token
     */
    public ChatStreamMetrics chatStream(String tier, long startNanos) {
        return new ChatStreamMetrics(this, tier, startNanos);
    }

    void streamEnded(String outcome) {
        streamEndings.computeIfAbsent(outcome, key -> registry.getOrCreate(
                Counter.builder(STREAM_ENDINGS)
                        .description("Chat streams ended, by outcome: completed, interrupted (the backend failed), "
                                             + "client_disconnected, client_too_slow, failed (the gateway failed)")
                        .tags(List.of(Tag.create("outcome", outcome))))).increment();
    }

    /**
     * Counts a stream as open until the returned handle is closed.
     *
     * @return closes the stream's count
     */
    OpenStream streamOpened() {
        activeStreams.incrementAndGet();
        return new OpenStream();
    }

    private void tokens(String operation, String model, String tier, String type, long tokens) {
        tokenUsage.computeIfAbsent(operation + ' ' + model + ' ' + tier + ' ' + type, key -> registry.getOrCreate(
                        DistributionSummary.builder(TOKEN_USAGE)
                                .description("Tokens used per request")
                                .distributionStatisticsConfig(DistributionStatisticsConfig.builder()
                                                                      .buckets(TOKEN_BUCKETS))
                                .tags(List.of(Tag.create("gen_ai.operation.name", operation),
                                              Tag.create("gen_ai.request.model", model),
                                              Tag.create("gen_ai.token.type", type),
                                              Tag.create("novai.key.tier", tier)))))
                .record(tokens);
    }

    /** An open stream; closing it more than once counts once. */
    public final class OpenStream implements AutoCloseable {

        private boolean closed;

        private OpenStream() {
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                activeStreams.decrementAndGet();
            }
        }
    }
}
