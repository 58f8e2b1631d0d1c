package ai.novai.inference.routing;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import ai.novai.common.models.Deployment;
import ai.novai.inference.observability.RoutingTelemetry;
import ai.novai.upstream.UpstreamFailure;
import io.helidon.faulttolerance.CircuitBreaker;
import io.helidon.faulttolerance.CircuitBreakerOpenException;

/**
 * One circuit breaker per deployment (Helidon fault tolerance). Only a provider's ill health counts against a
 * deployment: a failure to answer (unreachable, 5xx, timeout, a broken stream). A request the provider rejects
 * says nothing about its health, and neither does a 429: that is back-pressure from a provider that answered,
 * honoured by waiting its {@code Retry-After}, so the breaker counts it as an answer. Each breaker's state is a
 * gauge ({@link RoutingTelemetry#BREAKER_STATE}).
 */
final class Breakers {

    private final RoutingPolicy policy;
    private final ConcurrentMap<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
    // per deployment, the failures (not 429s) since its last answer, calls past the breaker included
    private final ConcurrentMap<String, AtomicInteger> failuresInARow = new ConcurrentHashMap<>();

    Breakers(RoutingPolicy policy) {
        this.policy = policy;
    }

    /**
     * Whether the deployment's breaker lets calls through (closed), or a trial call (half-open). A half-open
     * breaker lets one call through at a time: {@link #call} may still refuse.
     */
    boolean admits(Deployment deployment) {
        return of(deployment).state() != CircuitBreaker.State.OPEN;
    }

    /**
     * Whether an ejected deployment is worth calling past its breaker when nothing else is left: one in a
     * brownout answers now and then, one that failed its last {@code circuit-breaker.volume} calls in a row is
     * down, and calling it would only make the caller wait for the same failure. Its breaker's trial call, once
     * half-open, finds out when it is back.
     */
    boolean worthCallingInPanic(Deployment deployment) {
        return failuresInARow(deployment).get() < policy.breakerVolume();
    }

    /**
     * Calls the deployment through its breaker, or, in {@code panic} (every deployment left for the request
     * is ejected), past it: then the breaker does not count the result, and goes on its way to half-open.
     *
     * @throws CircuitBreakerOpenException when the breaker refused the call: the provider was not called
     */
    <T> T call(Deployment deployment, boolean panic, Supplier<T> attempt) {
        AtomicInteger inARow = failuresInARow(deployment);
        Supplier<T> counted = () -> {
            try {
                T result = attempt.get();
                inARow.set(0);
                return result;
            } catch (UpstreamFailure e) {
                if (e.kind() == UpstreamFailure.Kind.RATE_LIMITED) {
                    inARow.set(0);
                } else {
                    inARow.incrementAndGet();
                }
                throw e;
            }
        };
        if (panic) {
            return counted.get();
        }
        return throughBreaker(deployment, counted);
    }

    private <T> T throughBreaker(Deployment deployment, Supplier<T> attempt) {
        try {
            return of(deployment).invoke(() -> {
                try {
                    return attempt.get();
                } catch (UpstreamFailure e) {
                    if (e.kind() == UpstreamFailure.Kind.RATE_LIMITED) {
                        throw new BackPressure(e);
                    }
                    throw e;
                }
            });
        } catch (BackPressure e) {
            throw e.failure;
        }
    }

    private AtomicInteger failuresInARow(Deployment deployment) {
        return failuresInARow.computeIfAbsent(deployment.name(), name -> new AtomicInteger());
    }

    private CircuitBreaker of(Deployment deployment) {
        return breakers.computeIfAbsent(deployment.name(), name -> {
            CircuitBreaker breaker = CircuitBreaker.builder()
                    .name("deployment " + name)
                    .volume(policy.breakerVolume())
                    .errorRatio(policy.breakerErrorRatio())
                    .delay(policy.breakerDelay())
                    .successThreshold(1)
                    .applyOn(Set.of(UpstreamFailure.class))
                    .build();
            RoutingTelemetry.breaker(deployment, breaker);
            return breaker;
        });
    }

    // Carries a 429 through the breaker, which counts only UpstreamFailure against the deployment.
    private static final class BackPressure extends RuntimeException {
        private final UpstreamFailure failure;

        BackPressure(UpstreamFailure failure) {
            super(failure.getMessage(), failure, false, false);
            this.failure = failure;
        }
    }
}
