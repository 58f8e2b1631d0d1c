package ai.novai.inference.observability;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import ai.novai.common.models.Deployment;
import ai.novai.common.models.ModelEntry;
import io.helidon.faulttolerance.CircuitBreaker;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;

/**
 * What routing does about failing providers, made visible: each retry and fallback is a counter
 * ({@value #RETRIES} by model and provider, {@value #FALLBACKS} by the model given up and the model tried
 * next) and an event on the current span (the gRPC server span of the request, whose children are the
 * attempts' GenAI spans), and so is each attempt made past open breakers ({@value #PANICS}, by model); each
 * deployment's circuit breaker is a gauge ({@value #BREAKER_STATE}: 0 closed, 1 half-open, 2 open).
 */
public final class RoutingTelemetry {

    /** Attempts after a failed one, at the same model. */
    public static final String RETRIES = "novai.routing.retries";
    /** Moves from a model whose every attempt failed to its next fallback. */
    public static final String FALLBACKS = "novai.routing.fallbacks";
    /** Attempts made past open breakers: every deployment left for the request was ejected (panic). */
    public static final String PANICS = "novai.routing.panics";
    /** State of a deployment's circuit breaker. */
    public static final String BREAKER_STATE = "novai.routing.breaker.state";

    private static final AttributeKey<String> MODEL = AttributeKey.stringKey("novai.model");
    private static final AttributeKey<String> FALLBACK_MODEL = AttributeKey.stringKey("novai.fallback.model");
    private static final AttributeKey<String> DEPLOYMENT = AttributeKey.stringKey("novai.deployment");
    private static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("novai.attempt");
    private static final Supplier<CircuitBreaker.State> NEVER_OPENED = () -> CircuitBreaker.State.CLOSED;
    // A gauge cannot be re-pointed and meters outlive a router (tests build several in one JVM): each
    // deployment's gauge reads whichever breaker of that deployment is current.
    private static final Map<String, AtomicReference<Supplier<CircuitBreaker.State>>> BREAKERS =
            new ConcurrentHashMap<>();

    private RoutingTelemetry() {
    }

    /** Another attempt at a model after a failed one; {@code attempt} counts from 1 for the first. */
    public static void retry(ModelEntry model, Deployment deployment, int attempt) {
        Metrics.globalRegistry().getOrCreate(Counter.builder(RETRIES)
                                                     .description("Provider calls retried")
                                                     .tags(List.of(Tag.create("gen_ai.request.model", model.id()),
                                                                   Tag.create("gen_ai.provider.name",
                                                                              deployment.provider()))))
                .increment();
        Span.current().addEvent("novai.retry", Attributes.of(MODEL, model.id(), DEPLOYMENT, deployment.name(),
                                                               ATTEMPT, (long) attempt));
    }

    /** Every deployment left of {@code model} is ejected and no fallback is: one is called all the same. */
    public static void panic(ModelEntry model) {
        Metrics.globalRegistry().getOrCreate(Counter.builder(PANICS)
                                                     .description("Attempts made past open circuit breakers")
                                                     .tags(List.of(Tag.create("gen_ai.request.model", model.id()))))
                .increment();
        Span.current().addEvent("novai.panic", Attributes.of(MODEL, model.id()));
    }

    /** Every attempt at {@code from} failed: {@code to} is tried next. */
    public static void fallback(ModelEntry from, ModelEntry to) {
        Metrics.globalRegistry().getOrCreate(Counter.builder(FALLBACKS)
                                                     .description("Requests moved to a fallback model")
                                                     .tags(List.of(Tag.create("gen_ai.request.model", from.id()),
                                                                   Tag.create("novai.fallback.model", to.id()))))
                .increment();
        Span.current().addEvent("novai.fallback", Attributes.of(MODEL, from.id(), FALLBACK_MODEL, to.id()));
    }

    /** The state of a deployment's circuit breaker; empty while it was never called (it has none yet). */
    public static Optional<CircuitBreaker.State> breakerState(String deployment) {
        return Optional.ofNullable(BREAKERS.get(deployment)).map(current -> current.get().get());
    }

        /** Shows a deployment's circuit breaker as a gauge from now on. */
    public static void breaker(Deployment deployment, CircuitBreaker breaker) {
        BREAKERS.computeIfAbsent(deployment.name(), name -> {
            AtomicReference<Supplier<CircuitBreaker.State>> current = new AtomicReference<>(NEVER_OPENED);
            Metrics.globalRegistry().getOrCreate(
                    Gauge.builder(BREAKER_STATE, () -> switch (current.get().get()) {
                                case CLOSED -> 0;
                                case HALF_OPEN -> 1;
                                case OPEN -> 2;
                            })
                            .description("Circuit breaker of a deployment: 0 closed, 1 half-open, 2 open")
                            .tags(List.of(Tag.create("novai.deployment", name))));
            return current;
        }).set(breaker::state);
    }
}
