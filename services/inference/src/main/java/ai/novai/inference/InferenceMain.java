package ai.novai.inference;

import java.util.List;
import java.util.Map;

import ai.novai.common.models.ModelRegistry;
import ai.novai.common.server.Drain;
import ai.novai.common.server.GrpcBackendServer;
import ai.novai.common.telemetry.TracingBootstrap;
import ai.novai.common.tokens.TokenCounter;
import ai.novai.inference.providers.Providers;
import ai.novai.inference.routing.ChatRouter;
import ai.novai.inference.routing.RoutingPolicy;
import io.helidon.config.Config;
import io.helidon.logging.common.LogConfig;

/**
 * The inference service: chat completions over gRPC for the gateway.
 */
public final class InferenceMain {

    private InferenceMain() {
    }

    /**
     * Starts the service with {@code application.yaml} and environment overrides.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        LogConfig.configureRuntime();
        TracingBootstrap.install("novai-inference");
        // SIGTERM: NOT_SERVING, refuse new calls, drain those in flight, then stop
        Drain.onTermination("inference", start(Config.create())::shutdown);
    }

    /**
     * Starts the service with the given configuration.
     *
     * @param config root configuration
     * @return the running server
     */
    public static GrpcBackendServer start(Config config) {
        return start(config, System.getenv());
    }

    /**
     * Starts the service with the given configuration and provider credentials.
     *
     * @param config      root configuration
     * @param environment where provider keys are looked up ({@code api-key-env} of each provider)
     * @return the running server
     */
    public static GrpcBackendServer start(Config config, Map<String, String> environment) {
        TokenCounter.load();
        ModelRegistry registry = ModelRegistry.load(config);
        ChatRouter router = new ChatRouter(registry, environment, Providers.create(registry),
                                           RoutingPolicy.from(config.get("routing")));
        InferenceGrpcService inference = new InferenceGrpcService(registry, environment, router);
        return GrpcBackendServer.start("inference", config, List.of(inference));
    }
}
