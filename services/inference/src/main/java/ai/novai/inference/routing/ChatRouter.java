package ai.novai.inference.routing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;

import ai.novai.common.grpc.BackendError;
import ai.novai.common.models.Deployment;
import ai.novai.common.models.ModelEntry;
import ai.novai.common.models.ModelRegistry;
import ai.novai.common.models.ProviderEntry;
import ai.novai.common.grpc.CancelSignal;
import ai.novai.inference.observability.DeploymentCalls;
import ai.novai.inference.observability.ProviderCallSpan;
import ai.novai.inference.observability.RoutingTelemetry;
import ai.novai.upstream.UpstreamCancelled;
import ai.novai.inference.providers.ChunkSink;
import ai.novai.inference.providers.ProviderCall;
import ai.novai.upstream.UpstreamFailure;
import ai.novai.inference.providers.ProviderFeatures;
import ai.novai.upstream.UpstreamRejection;
import ai.novai.inference.providers.Providers;
import ai.novai.proto.common.v1.ModelKind;
import ai.novai.proto.inference.v1.ChatCompletion;
import ai.novai.proto.inference.v1.ChatRequest;
import ai.novai.proto.inference.v1.Usage;
import io.grpc.Status;
import io.helidon.faulttolerance.CircuitBreakerOpenException;

/**
 * Serves a chat request from the registry's deployments: a weighted choice among the model's
 * deployments, retries with backoff on provider failures (never once output was streamed), then the
 * model's fallbacks in order; deployments whose circuit breaker is open are skipped, unless every deployment
 * left for the request is (the panic threshold: then they are all tried, but those that failed every recent
 * call, as a provider in a brownout still serves most requests and retries serve nearly all). Each attempt is observed
 * as a GenAI span with its meters ({@link ProviderCallSpan}); retries and fallbacks are span events and
 * counters ({@link RoutingTelemetry}). A request that needs what the model's adapters do not serve (logprobs,
 * {@code n > 1}: {@link ProviderFeatures}) is refused before any call, and skips fallbacks that cannot serve it.
 */
public final class ChatRouter {

    private static final System.Logger LOGGER = System.getLogger(ChatRouter.class.getName());
    // what "recent" means in a deployment's health: long enough to see a brownout, short enough to see it end
    private static final Duration RECENT = Duration.ofMinutes(5);

    private final ModelRegistry registry;
    private final Map<String, String> environment;
    private final Providers providers;
    private final RoutingPolicy policy;
    private final Breakers breakers;
    private final DeploymentCalls calls = new DeploymentCalls(RECENT, System::nanoTime);

    public ChatRouter(ModelRegistry registry, Map<String, String> environment, Providers providers,
                      RoutingPolicy policy) {
        this.registry = registry;
        this.environment = Map.copyOf(environment);
        this.providers = providers;
        this.policy = policy;
        this.breakers = new Breakers(policy);
    }

    /** The recent provider calls of each deployment this router made (the last {@code RECENT}). */
    public DeploymentCalls recentCalls() {
        return calls;
    }

    /** A whole completion. */
    public ChatCompletion complete(ChatRequest request, CancelSignal cancel) {
        return route(request, cancel, false,
                     (call, observed) -> observed.completion(providers.of(call.provider()).complete(call)),
                     () -> false);
    }

    /**
     * A streamed completion; a stream that completes ends with a usage chunk. One that ends early (cancelled,
     * failed) after its request reached a provider that may have served it hands what it used to
     * {@code unreportedUsage} instead; attempts answered with an error status are not counted.
     */
    public void stream(ChatRequest request, ChunkSink sink, CancelSignal cancel, Consumer<Usage> unreportedUsage) {
        StreamAccounting accounting = new StreamAccounting(sink, request);
        try {
            route(request, cancel, true, (call, observed) -> {
                accounting.providerCalled();
                try {
                    providers.of(call.provider()).stream(call, observed.observing(accounting));
                } catch (UpstreamFailure e) {
                    // an exchange the caller aborted reports whatever it saw: that provider may have served it
                    if (e.answeredWithErrorStatus() && !cancel.isCancelled()) {
                        accounting.providerServedNothing();
                    }
                    throw e;
                }
                return null;
            }, accounting::sentOutput);
            accounting.finish();
        } finally {
            accounting.unreportedUsage().ifPresent(unreportedUsage);
        }
    }

    private <T> T route(ChatRequest request,
                        CancelSignal cancel,
                        boolean stream,
                        BiFunction<ProviderCall, ProviderCallSpan, T> attempt,
                        java.util.function.BooleanSupplier outputSent) {
        ModelEntry requested = offeredModel(request.getModel());
        features(requested).refusal(request, request.getModel()).ifPresent(refusal -> {
            throw refusal.toException();
        });
        List<ModelEntry> candidates = new ArrayList<>();
        candidates.add(requested);
        // a fallback that cannot serve what the request asks for is no fallback for it
        registry.fallbacks(requested).stream()
                .filter(this::isOffered)
                .filter(model -> features(model).serve(request))
                .forEach(candidates::add);

        RuntimeException lastFailure = null;
        ModelEntry previous = null;
        for (int index = 0; index < candidates.size(); index++) {
            ModelEntry model = candidates.get(index);
            List<ModelEntry> later = candidates.subList(index + 1, candidates.size());
            List<Deployment> deployments = registry.usableDeployments(model, environment);
            Set<Deployment> tried = new HashSet<>();
            // asked to wait longer than the policy waits
            Set<Deployment> excluded = new HashSet<>();
            // whose breaker refused this request a call (opened meanwhile, or busy with its half-open trial)
            Set<Deployment> refused = new HashSet<>();
            int attemptNumber = 0;
            while (attemptNumber < policy.maxAttempts()) {
                List<Deployment> reachable = deployments.stream().filter(d -> !excluded.contains(d)).toList();
                List<Deployment> admitted = reachable.stream()
                        .filter(d -> !refused.contains(d) && breakers.admits(d))
                        .toList();
                // Envoy's panic threshold: with every deployment ejected and no fallback to go to, route to
                // all of them (but those plainly down) rather than fail a request that one in a brownout
                // would likely serve
                boolean panic = admitted.isEmpty() && later.stream().noneMatch(this::hasAdmittedDeployment);
                List<Deployment> pool = panic
                        ? reachable.stream().filter(breakers::worthCallingInPanic).toList() : admitted;
                Optional<Deployment> deployment = DeploymentPicker.pick(pool, tried);
                if (deployment.isEmpty()) {
                    break;
                }
                if (panic) {
                    RoutingTelemetry.panic(model);
                }
                tried.add(deployment.get());
                if (attemptNumber > 0) {
                    RoutingTelemetry.retry(model, deployment.get(), attemptNumber + 1);
                } else if (previous != null) {
                    RoutingTelemetry.fallback(previous, model);
                }
                ProviderCall call = call(request, model, deployment.get(), cancel);
                try {
                    return breakers.call(deployment.get(), panic, () -> ProviderCallSpan.observe(
                            call, stream, calls, observed -> cancellationAware(cancel, () -> attempt.apply(call, observed))));
                } catch (CircuitBreakerOpenException e) {
                    // the provider was not called: not an attempt
                    refused.add(deployment.get());
                    lastFailure = e;
                    continue;
                } catch (UpstreamCancelled e) {
                    throw Status.CANCELLED.withDescription("cancelled by the caller").asRuntimeException();
                } catch (UpstreamRejection e) {
                    throw BackendError.invalidArgument(e.getMessage(), e.param(), "upstream_rejected").toException();
                } catch (UpstreamFailure e) {
                    lastFailure = e;
                    LOGGER.log(System.Logger.Level.WARNING, "model " + model.id() + " at " + deployment.get().name()
                            + " failed (attempt " + (attemptNumber + 1) + "): " + e.getMessage());
                    if (outputSent.getAsBoolean() || cancel.isCancelled()) {
                        throw RoutingErrors.toStatus(e, true);
                    }
                    if (!waitBeforeRetry(attemptNumber, e, cancel)) {
                        excluded.add(deployment.get());
                    }
                }
                attemptNumber++;
            }
            LOGGER.log(System.Logger.Level.WARNING, "model " + model.id() + " failed on every attempt"
                    + (later.isEmpty() ? "" : "; falling back"));
            previous = model;
        }
        throw RoutingErrors.toStatus(lastFailure == null
                                             ? new UpstreamFailure(UpstreamFailure.Kind.UNREACHABLE,
                                                                   "no deployment of " + requested.id() + " is available")
                                             : lastFailure, false);
    }

    // What every usable deployment of the model serves: a request is refused or served whichever deployment is picked.
    private ProviderFeatures features(ModelEntry model) {
        return registry.usableDeployments(model, environment).stream()
                .map(deployment -> providers.of(registry.provider(deployment.provider()).orElseThrow()).features())
                .reduce(ProviderFeatures.ALL, ProviderFeatures::and);
    }

    private boolean hasAdmittedDeployment(ModelEntry model) {
        return registry.usableDeployments(model, environment).stream().anyMatch(breakers::admits);
    }

    // Whatever an aborted exchange reports once the caller went away (a reset, a broken stream, or an HTTP client's
    // own unchecked exception for a connection closed under its read: seen once in 254 cancels of CancelStormTest as
    // a bare java.lang.RuntimeException), it is the cancellation: reported as such inside the breaker and the
    // provider-call span, so that it never counts against the deployment nor as a provider error. A call that was not
    // cancelled goes on with what it threw.
    private static <T> T cancellationAware(CancelSignal cancel, java.util.function.Supplier<T> attempt) {
        try {
            return attempt.get();
        } catch (UpstreamCancelled e) {
            throw e;
        } catch (RuntimeException e) {
            if (cancel.isCancelled()) {
                LOGGER.log(System.Logger.Level.DEBUG, "a cancelled call ended with " + e);
                throw new UpstreamCancelled();
            }
            throw e;
        }
    }

    // Returns false when the provider asked to wait longer than the policy allows: move on instead.
    private boolean waitBeforeRetry(int attemptNumber, UpstreamFailure failure, CancelSignal cancel) {
        Optional<Duration> wait = Backoff.before(attemptNumber, failure.retryAfter(), policy);
        if (wait.isEmpty()) {
            return false;
        }
        try {
            Thread.sleep(wait.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel.cancel();
        }
        return true;
    }

    private ProviderCall call(ChatRequest request, ModelEntry model, Deployment deployment, CancelSignal cancel) {
        ProviderEntry provider = registry.provider(deployment.provider()).orElseThrow();
        return new ProviderCall(request, model, deployment, provider, provider.apiKey(environment), cancel,
                                environment);
    }

    private ModelEntry offeredModel(String id) {
        return registry.find(id)
                .filter(this::isOffered)
                .orElseThrow(() -> BackendError.notFound("The model '" + id
                        + "' does not exist or you do not have access to it.", "model", "model_not_found")
                        .toException());
    }

    private boolean isOffered(ModelEntry model) {
        return model.kind() == ModelKind.MODEL_KIND_CHAT && !registry.usableDeployments(model, environment).isEmpty();
    }
}
