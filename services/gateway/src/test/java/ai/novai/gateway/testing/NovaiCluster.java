package ai.novai.gateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import ai.novai.common.server.GrpcBackendServer;
import ai.novai.embedding.EmbeddingMain;
import ai.novai.gateway.GatewayMain;
import ai.novai.gateway.RunningGateway;
import ai.novai.inference.InferenceMain;
import ai.novai.tools.ToolsMain;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

/**
 * The four NovAI services in one JVM, each on random ports, the gateway calling the backends (inference,
 * embedding, tools) over real gRPC and keeping its state in a fresh H2 file database.
 */
public final class NovaiCluster implements AutoCloseable {

    public static final String DEV_KEY = "sk-novai-test-dev-key-0123456789abcdef";
    private static final String ECHO_CHAT =
            "{\"model\":\"novai-echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    public static final String ADMIN_TOKEN = "test-admin-token-0123456789";

    private final Path dataDir;
    private final GrpcBackendServer inference;
    private final GrpcBackendServer embedding;
    private final GrpcBackendServer tools;
    private final RunningGateway gateway;

    private NovaiCluster(Path dataDir, GrpcBackendServer inference, GrpcBackendServer embedding,
                         GrpcBackendServer tools, RunningGateway gateway) {
        this.dataDir = dataDir;
        this.inference = inference;
        this.embedding = embedding;
        this.tools = tools;
        this.gateway = gateway;
    }

    /** Starts inference, embedding, then the gateway pointed at them, with the built-in model registry. */
    public static NovaiCluster start() {
        return start(Map.of(), Map.of());
    }

    /**
     * Starts the three services with extra settings.
     *
     * @param backendSettings extra configuration of both backends, e.g. {@code models.registry}
     * @param environment     what the backends see as their environment (provider keys)
     */
    public static NovaiCluster start(Map<String, String> backendSettings, Map<String, String> environment) {
        return start(backendSettings, environment, Map.of());
    }

    /**
     * Starts the three services with extra settings.
     *
     * @param backendSettings extra configuration of both backends, e.g. {@code models.registry}
     * @param environment     what the backends see as their environment (provider keys)
     * @param gatewaySettings extra configuration of the gateway, e.g. {@code novai.chat.keep-alive}
     */
    public static NovaiCluster start(Map<String, String> backendSettings, Map<String, String> environment,
                                     Map<String, String> gatewaySettings) {
        Path dataDir = tempDir();
        GrpcBackendServer inference = InferenceMain.start(backendConfig(backendSettings), environment);
        GrpcBackendServer embedding = EmbeddingMain.start(backendConfig(backendSettings));
        GrpcBackendServer tools = ToolsMain.start(backendConfig(backendSettings), environment);
        RunningGateway gateway = GatewayMain.start(gatewayConfig(dataDir, inference.port(), embedding.port(),
                                                                 withTools(tools, gatewaySettings)));
        return new NovaiCluster(dataDir, inference, embedding, tools, gateway);
    }

    // the gateway's tools target is this cluster's tools service unless the settings name another (or none: "")
    private static Map<String, String> withTools(GrpcBackendServer tools, Map<String, String> settings) {
        Map<String, String> merged = new HashMap<>(settings);
        merged.putIfAbsent("novai.backends.tools.target", "dns:///127.0.0.1:" + tools.port());
        return merged;
    }

    /** Configuration of a backend on random local ports. */
    public static Config backendConfig() {
        return backendConfig(Map.of());
    }

    /** Configuration of a backend on random local ports, with extra settings. */
    public static Config backendConfig(Map<String, String> settings) {
        Map<String, String> config = new HashMap<>(settings);
        config.put("server.host", "127.0.0.1");
        config.put("server.port", "0");
        config.put("routing.backoff.initial", "PT0.01S");
        config.put("routing.backoff.max", "PT0.05S");
        return Config.just(ConfigSources.create(config));
    }

    /** A model registry written to a temporary file, for {@code models.registry}. */
    public static Map<String, String> registry(String yaml) {
        try {
            Path file = Files.createTempFile("novai-registry-", ".yaml");
            Files.writeString(file, yaml);
            return Map.of("models.registry", file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Configuration of a gateway on a random port with an H2 database in the given folder. */
    public static Config gatewayConfig(Path dataDir, int inferencePort, int embeddingPort) {
        return gatewayConfig(dataDir, inferencePort, embeddingPort, Map.of());
    }

    /** Configuration of a gateway on a random port, with extra settings. */
    public static Config gatewayConfig(Path dataDir, int inferencePort, int embeddingPort,
                                       Map<String, String> settings) {
        Map<String, String> config = new HashMap<>();
        config.put("server.host", "127.0.0.1");
        config.put("server.port", "0");
        config.put("novai.management.port", "0");
        config.put("novai.backends.inference.target", "dns:///127.0.0.1:" + inferencePort);
        config.put("novai.backends.embedding.target", "dns:///127.0.0.1:" + embeddingPort);
        config.put("novai.backends.list-deadline", "PT2S");
        config.put("novai.database.url", "jdbc:h2:file:" + dataDir.resolve("novai").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        config.put("novai.database.username", "sa");
        config.put("novai.ledger.spool.directory", dataDir.resolve("spool").toAbsolutePath().toString());
        config.put("novai.dev.key", DEV_KEY);
        config.put("novai.admin.token", ADMIN_TOKEN);
        config.putAll(settings);
        return Config.just(ConfigSources.create(config));
    }

    /** A fresh temporary folder. */
    public static Path tempDir() {
        try {
            return Files.createTempDirectory("novai-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts one more gateway on this cluster's backends (another replica); the caller closes it. To share
     * state with the first, give both the same {@code novai.database.*} and {@code novai.redis.url}.
     */
    public RunningGateway startGateway(Map<String, String> settings) {
        return GatewayMain.start(gatewayConfig(dataDir, inference.port(), embedding.port(),
                                               withTools(tools, settings)));
    }

    /** The official OpenAI SDK pointed at this gateway with the dev key; no retries, so tests see every answer. */
    public OpenAIClient openAiClient() {
        return OpenAIOkHttpClient.builder().baseUrl(baseUrl()).apiKey(DEV_KEY).maxRetries(0).build();
    }

    /** Base URL of the public API, e.g. {@code http://127.0.0.1:PORT/v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + gateway.port() + "/v1";
    }

    public int gatewayPort() {
        return gateway.port();
    }

    /**
     * Waits until the gateway answers a chat with the echo model (the first call waits for the backends'
     * channels and the catalogue: slow on a loaded machine); gives up after {@code timeout}, leaving it to the
     * tests to show what is wrong.
     */
    public void awaitChatServed(Duration timeout) {
        Http http = new Http(gatewayPort());
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(http.request("/v1/chat/completions").header("Authorization", "Bearer " + DEV_KEY)
                                      .header("Content-Type", "application/json")
                                      .POST(HttpRequest.BodyPublishers.ofString(ECHO_CHAT)).build())
                        .statusCode() == 200) {
                    return;
                }
            } catch (UncheckedIOException timedOut) {
                // try again
            }
        }
    }

    /** Port of the gateway's {@code /observe} (health, metrics), which the public port does not serve. */
    public int managementPort() {
        return gateway.managementPort();
    }

    public RunningGateway gateway() {
        return gateway;
    }

    public GrpcBackendServer inference() {
        return inference;
    }

    public GrpcBackendServer embedding() {
        return embedding;
    }

    public Path dataDir() {
        return dataDir;
    }

    public GrpcBackendServer tools() {
        return tools;
    }

    @Override
    public void close() {
        gateway.close();
        tools.close();
        embedding.close();
        inference.close();
    }
}
