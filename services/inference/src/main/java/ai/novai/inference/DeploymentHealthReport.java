package ai.novai.inference;

import java.util.Map;

import ai.novai.common.models.Deployment;
import ai.novai.common.models.ModelEntry;
import ai.novai.common.models.ModelRegistry;
import ai.novai.inference.observability.DeploymentCalls;
import ai.novai.inference.observability.RoutingTelemetry;
import ai.novai.proto.common.v1.ModelKind;
import ai.novai.proto.inference.v1.BreakerState;
import ai.novai.proto.inference.v1.DeploymentHealth;
import ai.novai.proto.inference.v1.DeploymentHealthResponse;

/**
 * The answer to {@code DeploymentHealth}: every deployment of the chat models served now, with its breaker and
 * what its recent calls measured. One entry per registry deployment, so it is as bounded as the registry.
 */
final class DeploymentHealthReport {

    private final ModelRegistry registry;
    private final Map<String, String> environment;
    private final DeploymentCalls calls;

    DeploymentHealthReport(ModelRegistry registry, Map<String, String> environment, DeploymentCalls calls) {
        this.registry = registry;
        this.environment = Map.copyOf(environment);
        this.calls = calls;
    }

    DeploymentHealthResponse now() {
        DeploymentHealthResponse.Builder response = DeploymentHealthResponse.newBuilder()
                .setWindowSeconds((int) calls.window().toSeconds());
        for (ModelEntry model : registry.offered(ModelKind.MODEL_KIND_CHAT, environment)) {
            for (Deployment deployment : model.deployments()) {
                DeploymentCalls.Summary recent = calls.summary(deployment.name());
                response.addDeployments(DeploymentHealth.newBuilder()
                                                .setModel(model.id())
                                                .setDeployment(deployment.name())
                                                .setProvider(deployment.provider())
                                                .setWeight(deployment.weight())
                                                .setBreaker(breaker(deployment))
                                                .setCalls(recent.calls())
                                                .setErrors(recent.errors())
                                                .setLatencyP50Ms(recent.latencyP50Ms())
                                                .setLatencyP99Ms(recent.latencyP99Ms())
                                                .setTtftP50Ms(recent.ttftP50Ms())
                                                .setTtftP99Ms(recent.ttftP99Ms()));
            }
        }
        return response.build();
    }

    private static BreakerState breaker(Deployment deployment) {
        return RoutingTelemetry.breakerState(deployment.name())
                .map(state -> switch (state) {
                    case CLOSED -> BreakerState.BREAKER_STATE_CLOSED;
                    case HALF_OPEN -> BreakerState.BREAKER_STATE_HALF_OPEN;
                    case OPEN -> BreakerState.BREAKER_STATE_OPEN;
                })
                .orElse(BreakerState.BREAKER_STATE_UNSPECIFIED);
    }
}
