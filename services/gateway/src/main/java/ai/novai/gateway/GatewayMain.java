package ai.novai.gateway;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import ai.novai.common.server.Drain;
import ai.novai.common.telemetry.TracingBootstrap;
import ai.novai.common.tokens.TokenCounter;
import ai.novai.gateway.backends.BackendChannels;
import ai.novai.gateway.batches.BatchSettings;
import ai.novai.gateway.batches.Batches;
import ai.novai.gateway.billing.LedgerWriter;
import ai.novai.gateway.billing.Metering;
import ai.novai.gateway.billing.ModelPrices;
import ai.novai.gateway.billing.UsageLedger;
import ai.novai.gateway.chat.ChatCompletionsService;
import ai.novai.gateway.console.OperatorConsole;
import ai.novai.gateway.docs.ApiDocs;
import ai.novai.gateway.tools.ServerTools;
import ai.novai.gateway.files.DatabaseFileStore;
import ai.novai.gateway.files.FileCatalog;
import ai.novai.gateway.files.FileLibrary;
import ai.novai.gateway.http.ClientConnections;
import ai.novai.gateway.http.ConnectionGuard;
import ai.novai.gateway.http.RequestHeadLimits;
import ai.novai.gateway.http.TransportErrors;
import ai.novai.gateway.http.UnreadBodies;
import ai.novai.gateway.http.WriteTimeouts;
import ai.novai.gateway.embeddings.EmbeddingsService;
import ai.novai.gateway.errors.OpenAiErrorHandling;
import ai.novai.gateway.files.FileSettings;
import ai.novai.gateway.files.FileSweeper;
import ai.novai.gateway.files.FilesService;
import ai.novai.gateway.http.ApiVersions;
import ai.novai.gateway.http.BodySizeLimit;
import ai.novai.gateway.http.Draining;
import ai.novai.gateway.http.CorsSettings;
import ai.novai.gateway.http.GatewayCors;
import ai.novai.gateway.http.HttpSettings;
import ai.novai.gateway.http.RequestIds;
import ai.novai.gateway.http.RequestLog;
import ai.novai.gateway.keys.AdminAuth;
import ai.novai.gateway.keys.AdminKeysService;
import ai.novai.gateway.keys.ApiKeyAuth;
import ai.novai.gateway.keys.ApiKeyStore;
import ai.novai.gateway.keys.Tiers;
import ai.novai.gateway.limits.InteractiveLoad;
import ai.novai.gateway.limits.LimitMetrics;
import ai.novai.gateway.limits.LimitSettings;
import ai.novai.gateway.limits.Limiters;
import ai.novai.gateway.limits.RedisSettings;
import ai.novai.gateway.mcp.McpEndpoint;
import ai.novai.gateway.models.AdminModelsService;
import ai.novai.gateway.models.ModelCatalog;
import ai.novai.gateway.models.ModelsService;
import ai.novai.gateway.observability.HttpTelemetry;
import ai.novai.gateway.openapi.OpenApiJson;
import ai.novai.gateway.store.Database;
import ai.novai.gateway.usage.UsageService;
import io.helidon.common.socket.SocketOptions;
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
    /** The named socket of {@code /observe} (health, metrics): {@code novai.management.port}. */
    static final String MANAGEMENT_SOCKET = "management";

    private GatewayMain() {
    }

    /**
     * Starts the gateway with {@code application.yaml} and environment overrides.
     *
     * @param args {@code --migrate-only}: apply the database migrations, then exit
     */
    public static void main(String[] args) {
        LogConfig.configureRuntime();
        if (List.of(args).contains("--migrate-only")) {
            Database.migrateOnly(Config.create().get("novai.database"));
            return;
        }
        TracingBootstrap.install("novai-gateway");
        // SIGTERM: readiness down, refuse new requests, drain those in flight, then stop
        Drain.onTermination("gateway", start(Config.create())::shutdown);
    }

    /**
     * Starts the gateway with the given configuration.
     *
     * @param config root configuration
     * @return the running gateway
     */
    public static RunningGateway start(Config config) {
        Config novai = config.get("novai");
        // a wrong setting stops the start (InvalidSettingException naming the key): these before anything opens, the
        // rest (database, backends, chat, tools, embeddings, ledger spool) as their parts are built, still before the
        // server listens
        GatewaySettings settings = GatewaySettings.from(novai);
        HttpSettings http = HttpSettings.from(novai.get("http"));
        LimitSettings limits = LimitSettings.from(novai.get("limits"));
        RedisSettings redis = RedisSettings.from(novai.get("redis"));
        CorsSettings cors = CorsSettings.from(novai.get("cors"));
        BatchSettings batchSettings = BatchSettings.from(novai.get("batches"));
        FileSettings fileSettings = FileSettings.from(novai.get("files"));
        Tiers tiers = Tiers.from(novai.get("tiers"));
        TokenCounter.load();
        Clock clock = Clock.systemUTC();
        Database database = Database.open(novai.get("database"));
        BackendChannels backends = BackendChannels.create(novai.get("backends"));
        List<AutoCloseable> resources = new ArrayList<>(List.of(backends, database));
        Drain drain = Drain.create(config);
        Draining draining = new Draining(drain);
        try {
            ApiKeyStore keys = new ApiKeyStore(database.client(), clock);
            DevKey.seed(settings.devKey(), keys);
            UsageLedger ledger = new UsageLedger(database.client());
            ModelCatalog catalog = new ModelCatalog(backends);
            ModelPrices prices = new ModelPrices(catalog::listings, settings.modelsCacheTtl(), System::nanoTime);
            LedgerWriter ledgerWriter = LedgerWriter.create(ledger, novai.get("ledger.spool"));
            resources.addFirst(ledgerWriter);
            LimitMetrics limitMetrics = new LimitMetrics();
            Limiters.Built limiter = Limiters.create(redis, limits, ledgerWriter.spend(), clock, limitMetrics);
            // closed after the ledger writer, which flushes its rows first
            limiter.resource().ifPresent(resource -> resources.add(1, resource));
            RequestLog requestLog = new RequestLog();
            resources.add(requestLog);
            InteractiveLoad interactiveLoad = new InteractiveLoad(batchSettings.interactiveQuiet());
            Metering metering = new Metering(limiter.limiter(), tiers, prices, ledgerWriter, clock, limitMetrics,
                                             limits.defaultMaxOutputTokens(),
                                             interactiveLoad);

            ModelsService models = new ModelsService(catalog);
            WriteTimeouts writeTimeouts = new WriteTimeouts(http.writeTimeout());
            resources.add(writeTimeouts);
            ClientConnections clientConnections = ClientConnections.create(http.clientCheckPeriod());
            resources.add(clientConnections);
            ConnectionGuard connectionGuard = new ConnectionGuard(http.connections(), Duration.ofMillis(100));
            resources.add(connectionGuard);
            ServerTools serverTools = ServerTools.create(backends, novai.get("tools"));
            ChatCompletionsService chat = new ChatCompletionsService(backends, metering, novai.get("chat"),
                                                                     writeTimeouts, clientConnections, serverTools);
            EmbeddingsService embeddings = new EmbeddingsService(backends, metering, novai.get("embeddings"));
            UsageService usage = new UsageService(ledger);
            FileLibrary files = new FileLibrary(new DatabaseFileStore(database.client(), clock),
                                                new FileCatalog(database.client()), clock);
            // stopped before the database closes
            resources.addFirst(FileSweeper.start(files, fileSettings.sweepInterval()));
            FilesService filesApi = new FilesService(files, fileSettings, writeTimeouts, clientConnections);
            Batches batches = Batches.start(novai, batchSettings, database.client(), backends, metering,
                                            interactiveLoad, drain, keys, files, clock);
            // the workers stop first: their lines still need the backends, the limiter and the database
            resources.addFirst(batches.workers());
            ApiKeyAuth apiKeyAuth = new ApiKeyAuth(keys, clock, settings.authCacheTtl());
            AdminKeysService adminKeys = new AdminKeysService(keys, clock, tiers, model -> prices.find(model).isPresent(),
                                                              ledgerWriter.spend(), apiKeyAuth::forget);

            long maxBodySize = http.maxBodySize();
            String spec = settings.openApiStaticFile();
            OpenApiJson specAsJson = OpenApiJson.fromClasspath(spec);
            ApiDocs apiDocs = ApiDocs.create();
            OperatorConsole console = OperatorConsole.create();
            WebServer server = WebServer.builder()
                    .config(config.get("server"))
                    .connectionOptions(connectionOptions(config.get("server.connection-options")))
                    .update(builder -> connectionGuard.install(builder, config.get("server.protocols.http_1_1")))
                    .directHandlers(TransportErrors.handlers())
                    .shutdownHook(false)
                    .featuresDiscoverServices(false)
                    .update(builder -> GatewayCors.from(cors).ifPresent(builder::addFeature))
                    .addFeature(OpenApiFeature.builder()
                                        .staticFile(spec)
                                        .webContext("/openapi")
                                        .build())
                    // health and metrics on their own port, which no Ingress or public Service exposes
                    .putSocket(MANAGEMENT_SOCKET, socket -> socket
                            .host(config.get("server.host").asString().orElse("0.0.0.0"))
                            .port(settings.managementPort()))
                    .addFeature(ObserveFeature.builder()
                                        .sockets(List.of(MANAGEMENT_SOCKET))
                                        .addObserver(HealthObserver.builder()
                                                             .details(true)
                                                             .addCheck(() -> databaseHealth(database),
                                                                       HealthCheckType.STARTUP, "database")
                                                             .addCheck(draining::readiness,
                                                                       HealthCheckType.READINESS, "draining")
                                                             .build())
                                        .addObserver(MetricsObserver.create())
                                        .build())
                    .routing(routing -> {
                        OpenAiErrorHandling.register(routing);
                        routing.addFeature(new HttpTelemetry())
                                .addFeature(draining)
                                .addFeature(new RequestIds())
                                .addFeature(requestLog)
                                .addFeature(new ApiVersions())
                                .addFeature(new RequestHeadLimits(http.maxUrlLength(), http.maxHeadersSize()))
                                .addFeature(new BodySizeLimit(maxBodySize,
                                                              List.of(FilesService.uploadCap(fileSettings))))
                                .addFeature(new UnreadBodies(maxBodySize))
                                .addFeature(specAsJson)
                                .addFeature(new AdminAuth(settings.adminToken()))
                                .addFeature(apiKeyAuth)
                                .register("/v1/models", models)
                                .register("/v1/chat/completions", chat)
                                .register("/v1/embeddings", embeddings)
                                .register("/v1/usage", usage)
                                .register("/v1/batches", batches.service())
                                .register(FilesService.PATH, filesApi)
                                .register("/v1/admin/keys", adminKeys)
                                .register("/v1/admin/models", new AdminModelsService(catalog, backends))
                                .register(ApiDocs.PATH, apiDocs)
                                .register(OperatorConsole.PATH, console);
                        if (settings.mcpEnabled()) {
                            routing.register(McpEndpoint.PATH, McpEndpoint.create(serverTools, metering,
                                                                                  cors.allowedOrigins()));
                        }
                    })
                    .build()
                    .start();
            LOGGER.log(System.Logger.Level.INFO, "NovAI gateway listening on http://127.0.0.1:" + server.port()
                    + "/v1 (health and metrics: http://127.0.0.1:" + server.port(MANAGEMENT_SOCKET) + "/observe)");
            return new RunningGateway(server, drain, resources);
        } catch (RuntimeException e) {
            RunningGateway.closeAll(resources);
            throw e;
        }
    }

    private static HealthCheckResponse databaseHealth(Database database) {
        return HealthCheckResponse.builder()
                .status(database.isReachable())
                .build();
    }

    // server.connection-options as configured (send buffer size, timeouts...), with Nagle's algorithm off unless
    // configured on: SSE events and small responses go out at once
    private static SocketOptions connectionOptions(Config options) {
        SocketOptions.Builder builder = SocketOptions.builder().config(options);
        if (!options.get("tcp-no-delay").exists()) {
            builder.tcpNoDelay(true);
        }
        return builder.build();
    }
}
