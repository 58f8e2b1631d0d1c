package ai.novai.inference;

import java.util.List;

import ai.novai.common.models.ModelRegistry;
import ai.novai.common.server.GrpcBackendServer;
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
        start(Config.create());
    }

    /**
     * Starts the service with the given configuration.
     *
     * @param config root configuration
     * @return the running server
     */
    public static GrpcBackendServer start(Config config) {
        ModelRegistry registry = ModelRegistry.load(config);
        InferenceGrpcService inference = new InferenceGrpcService(registry, System.getenv());
        return GrpcBackendServer.start("inference", config, List.of(inference));
    }
}
