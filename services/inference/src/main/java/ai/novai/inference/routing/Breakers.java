package ai.novai.inference.routing;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import ai.novai.common.models.Deployment;
import ai.novai.inference.observability.RoutingTelemetry;
import ai.novai.inference.providers.ProviderFailure;
import io.helidon.faulttolerance.CircuitBreaker;

/**
 * One circuit breaker per deployment (Helidon fault tolerance). Only provider failures count against a
 * deployment; a request the provider rejects says nothing about its health. Each breaker's state is a gauge
 * ({@link RoutingTelemetry#BREAKER_STATE}).
 */
final class Breakers {

    private final RoutingPolicy policy;
    private final ConcurrentMap<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();

    Breakers(RoutingPolicy policy) {
        this.policy = policy;
    }

    CircuitBreaker of(Deployment deployment) {
        return breakers.computeIfAbsent(deployment.name(), name -> {
            CircuitBreaker breaker = CircuitBreaker.builder()
                    .name("deployment " + name)
                    .volume(policy.breakerVolume())
                    .errorRatio(policy.breakerErrorRatio())
                    .delay(policy.breakerDelay())
                    .successThreshold(1)
                    .applyOn(Set.of(ProviderFailure.class))
                    .build();
            RoutingTelemetry.breaker(deployment, breaker);
            return breaker;
        });
    }

    boolean isOpen(Deployment deployment) {
        return of(deployment).state() == CircuitBreaker.State.OPEN;
    }
}
