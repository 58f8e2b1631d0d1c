package ai.novai.embedding;

import java.util.List;
import java.util.Map;

import ai.novai.common.models.ModelRegistry;
import ai.novai.common.server.Drain;
import ai.novai.common.server.GrpcBackendServer;
import ai.novai.common.telemetry.TracingBootstrap;
import ai.novai.common.tokens.TokenCounter;
import io.helidon.config.Config;
import io.helidon.logging.common.LogConfig;

/**
 * The embedding service: vectors for the gateway over gRPC, from the local ONNX model and from
 * OpenAI-compatible upstreams. Local models are loaded before the server starts, so health reports
 * SERVING only once they can embed.
 */
public final class EmbeddingMain {

    private EmbeddingMain() {
    }

    /**
     * Starts the service with {@code application.yaml} and environment overrides.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        LogConfig.configureRuntime();
        TracingBootstrap.install("novai-embedding");
        // SIGTERM: NOT_SERVING, refuse new calls, drain those in flight, then stop
        Drain.onTermination("embedding", start(Config.create())::shutdown);
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
     * @return the running server; closing it also frees the local models
     */
    public static GrpcBackendServer start(Config config, Map<String, String> environment) {
        ModelRegistry registry = ModelRegistry.load(config);
        return start(config, registry, environment,
                     EmbeddingProviders.create(registry, environment, config.get("embedding")));
    }

    /** Starts the service over adapters already created (tests bring their own); they close with it. */
    static GrpcBackendServer start(Config config, ModelRegistry registry, Map<String, String> environment,
                                   EmbeddingProviders providers) {
        TokenCounter.load();
        EmbeddingGrpcService embedding = new EmbeddingGrpcService(new EmbeddingRouter(registry, environment,
                                                                                      providers));
        return GrpcBackendServer.start("embedding", config, List.of(embedding), List.of(providers));
    }
}
