package ai.novai.gateway;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import ai.novai.common.telemetry.TracingBootstrap;
import ai.novai.gateway.backends.BackendChannels;
import ai.novai.gateway.chat.ChatCompletionsService;
import ai.novai.gateway.embeddings.EmbeddingsService;
import ai.novai.gateway.errors.OpenAiErrorHandling;
import ai.novai.gateway.http.RequestIds;
import ai.novai.gateway.keys.AdminAuth;
import ai.novai.gateway.keys.AdminKeysService;
import ai.novai.gateway.keys.ApiKeyAuth;
import ai.novai.gateway.keys.ApiKeyStore;
import ai.novai.gateway.models.ModelCatalog;
import ai.novai.gateway.models.ModelsService;
import ai.novai.gateway.observability.HttpTelemetry;
import ai.novai.gateway.openapi.OpenApiJson;
import ai.novai.gateway.store.Database;
import io.helidon.config.Config;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.helidon.logging.common.LogConfig;
import io.helidon.openapi.OpenApiFeature;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;

/**
 * The gateway: NovAI's only public surface. Reads the configuration, builds the long-lived objects
 * once (database, gRPC channels, stores) and hands them to one HTTP service per API area.
 */
public final class GatewayMain {

    private static final System.Logger LOGGER = System.getLogger(GatewayMain.class.getName());

    private GatewayMain() {
    }

    /**
     * Starts the gateway with {@code application.yaml} and environment overrides.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        LogConfig.configureRuntime();
        TracingBootstrap.install("novai-gateway");
        start(Config.create());
    }

    /**
     * Starts the gateway with the given configuration.
     *
     * @param config root configuration
     * @return the running gateway
     */
    public static RunningGateway start(Config config) {
        Config novai = config.get("novai");
        Clock clock = Clock.systemUTC();
        Database database = Database.open(novai.get("database"));
        BackendChannels backends = BackendChannels.create(novai.get("backends"));
        try {
            ApiKeyStore keys = new ApiKeyStore(database.client(), clock);
            DevKey.seed(novai.get("dev.key").asString().asOptional(), keys);

            ModelsService models = new ModelsService(new ModelCatalog(backends));
            ChatCompletionsService chat = new ChatCompletionsService(backends, novai.get("chat"));
            EmbeddingsService embeddings = new EmbeddingsService(backends, novai.get("embeddings"));
            ApiKeyAuth apiKeyAuth = new ApiKeyAuth(keys, clock, novai.get("auth.cache-ttl").as(Duration.class)
                    .orElse(Duration.ofSeconds(5)));
            AdminKeysService adminKeys = new AdminKeysService(keys, clock, apiKeyAuth::forget);

            String spec = novai.get("openapi.static-file").asString().orElse("META-INF/novai/spec.yaml");
            OpenApiJson specAsJson = OpenApiJson.fromClasspath(spec);
            WebServer server = WebServer.builder()
                    .config(config.get("server"))
                    // SSE events and small responses go out at once, never held back by Nagle's algorithm
                    .connectionOptions(options -> options.tcpNoDelay(true))
                    .featuresDiscoverServices(false)
                    .addFeature(OpenApiFeature.builder()
                                        .staticFile(spec)
                                        .webContext("/openapi")
                                        .build())
                    .addFeature(ObserveFeature.builder()
                                        .addObserver(HealthObserver.builder()
                                                             .details(true)
                                                             .addCheck(() -> databaseHealth(database),
                                                                       HealthCheckType.READINESS, "database")
                                                             .build())
                                        .addObserver(MetricsObserver.create())
                                        .build())
                    .routing(routing -> {
                        OpenAiErrorHandling.register(routing);
                        routing.addFeature(new HttpTelemetry())
                                .addFeature(new RequestIds())
                                .addFeature(specAsJson)
                                .addFeature(new AdminAuth(novai.get("admin.token").asString().asOptional()))
                                .addFeature(apiKeyAuth)
                                .register("/v1/models", models)
                                .register("/v1/chat/completions", chat)
                                .register("/v1/embeddings", embeddings)
                                .register("/v1/admin/keys", adminKeys);
                    })
                    .build()
                    .start();
            LOGGER.log(System.Logger.Level.INFO, "NovAI gateway listening on http://127.0.0.1:" + server.port() + "/v1");
            return new RunningGateway(server, List.of(backends, database));
        } catch (RuntimeException e) {
            backends.close();
            database.close();
            throw e;
        }
    }

    private static HealthCheckResponse databaseHealth(Database database) {
        return HealthCheckResponse.builder()
                .status(database.isReachable())
                .build();
    }
}
