package ai.novai.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * NovAI as it runs in production, one JVM per service, started the way {@code ./novai dev} starts them:
 * {@code java -jar services/<svc>/target/novai-<svc>.jar} with {@code -D} properties and environment.
 * Inference gets a model registry written for the run (its providers are the fake upstream at three
 * paces, type {@code openai}); the gateway gets a fresh H2 database and a development API key (the
 * embedded defaults), or the production backends it is given ({@link GatewayBackends}). Embedding,
 * when the run embeds, runs its built-in registry (the local all-MiniLM-L6-v2) and unpacks its native
 * libraries into the work directory; otherwise the gateway's embedding target is a port nobody listens on,
 * never a service another user of the machine may be running on the default port.
 * <p>
 * Chat needs inference and the gateway: when either does not start, nothing runs through NovAI. The
 * embedding service is needed by one phase only: when it does not start, it is left out, the rest runs,
 * and {@link #embeddingProblem()} says why.
 * <p>
 * Output goes to log files in the work directory. The processes are stopped on {@link #close()} and, should
 * the benchmark be stopped early, by a shutdown hook.
 */
public final class NovaiProcesses implements AutoCloseable {

    /** The model the benchmark asks for, answered at the fast pace. */
    public static final String MODEL = "bench-model";
    /** The model of the slow streams: its provider's base URL carries the slow pace. */
    public static final String SLOW_MODEL = "bench-model-slow";
    /** The brownouts measured, in percent of the requests failing ({@link BrownoutPhase}). */
    public static final List<Integer> BROWNOUTS = List.of(5, 20, 50);
    /** The model of the slow readers' fast streams: its provider's base URL carries their pace. */
    public static final String READER_MODEL = "bench-model-slow-readers";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final int MAX_CONNECTIONS_FROM_LOOPBACK = 20_000;
    private static final String API_KEY = "sk-novai-bench-0123456789abcdefghijklmnopqrstuvwxyz";

    private final List<Service> services = new ArrayList<>();
    private final Function<String, List<String>> serviceOptions;
    private final Thread shutdownHook = new Thread(this::stopAll, "novai-processes-stop");
    private int gatewayPort;
    private Optional<String> embeddingProblem = Optional.empty();

    /**
     * One running service.
     *
     * @param port        its API (gateway) or gRPC port
     * @param observePort where it serves {@code /observe}: the gateway's management port, a backend's one port
     */
    public record Service(String name, Process process, int port, int observePort, Path log) {
        /** Its process id. */
        public long pid() {
            return process.pid();
        }

        /** Its {@code /observe/metrics} (Prometheus text). */
        public URI metrics() {
            return URI.create("http://127.0.0.1:" + observePort + "/observe/metrics");
        }
    }

    private NovaiProcesses(Function<String, List<String>> serviceOptions) {
        this.serviceOptions = serviceOptions;
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts inference, the embedding service if asked for, and the gateway, and waits until they answer
     * {@code /observe/health}.
     *
     * @param root          the repository root (where {@code services/*}{@code /target} are)
     * @param workDir       an empty directory for the registry, the database, native libraries and the logs
     * @param upstream      the fake upstream the registry points at
     * @param slowPace      the pace of {@link #SLOW_MODEL}
     * @param readerPace    the pace of {@link #READER_MODEL}
     * @param jvmOptions    options of every service JVM
     * @param withEmbedding whether to start the embedding service too
     * @throws IllegalStateException when inference or the gateway does not start; its log tail is in the
     *                               message
     */
    public static NovaiProcesses start(Path root, Path workDir, FakeUpstream upstream, Pace slowPace,
                                       Pace readerPace, List<String> jvmOptions, boolean withEmbedding)
            throws IOException {
        return start(root, workDir, upstream, slowPace, readerPace, jvmOptions, withEmbedding, Map.of());
    }

    // The gateway's properties: its backends', the run's, then bench.gateway-jvm-options: options of the
    // gateway's JVM only (e.g. its server.connection-options), space-separated
    private static List<String> withGatewayOnlyOptions(List<String> backends, String... properties) {
        List<String> options = new ArrayList<>(backends);
        options.addAll(List.of(properties));
        String extra = System.getProperty("bench.gateway-jvm-options", "").trim();
        if (!extra.isEmpty()) {
            options.addAll(List.of(extra.split("\\s+")));
        }
        return options;
    }

    /**
     * Starts the services as {@link #start(Path, Path, FakeUpstream, Pace, Pace, List, boolean)} does, with
     * more environment for inference and the gateway (e.g. {@code OTEL_*} to trace them).
     */
    public static NovaiProcesses start(Path root, Path workDir, FakeUpstream upstream, Pace slowPace,
                                       Pace readerPace, List<String> jvmOptions, boolean withEmbedding,
                                       Map<String, String> environment) throws IOException {
        return start(root, workDir, upstream, slowPace, readerPace, jvmOptions, withEmbedding, environment,
                     GatewayBackends.embedded(workDir, API_KEY), service -> List.of());
    }

    /**
     * Starts the services as {@link #start(Path, Path, FakeUpstream, Pace, Pace, List, boolean, Map)} does,
     * the gateway on {@code backends} rather than the embedded defaults. Only the embedded defaults make the
     * development key exist: for other backends, {@link #gateway(String, String)} takes a key issued by the
     * gateway.
     */
    static NovaiProcesses start(Path root, Path workDir, FakeUpstream upstream, Pace slowPace, Pace readerPace,
                                List<String> jvmOptions, boolean withEmbedding, Map<String, String> environment,
                                GatewayBackends backends) throws IOException {
        return start(root, workDir, upstream, slowPace, readerPace, jvmOptions, withEmbedding, environment, backends,
                     service -> List.of());
    }

    /**
     * Starts the services as {@link #start(Path, Path, FakeUpstream, Pace, Pace, List, boolean, Map)} does, with
     * more JVM options for some services: {@code serviceOptions} maps a service's name ({@code inference},
     * {@code gateway}, {@code embedding}) to options of its JVM only (e.g. a file of its own to write).
     */
    public static NovaiProcesses start(Path root, Path workDir, FakeUpstream upstream, Pace slowPace,
                                       Pace readerPace, List<String> jvmOptions, boolean withEmbedding,
                                       Map<String, String> environment,
                                       Function<String, List<String>> serviceOptions) throws IOException {
        return start(root, workDir, upstream, slowPace, readerPace, jvmOptions, withEmbedding, environment,
                     GatewayBackends.embedded(workDir, API_KEY), serviceOptions);
    }

    private static NovaiProcesses start(Path root, Path workDir, FakeUpstream upstream, Pace slowPace,
                                        Pace readerPace, List<String> jvmOptions, boolean withEmbedding,
                                        Map<String, String> environment, GatewayBackends backends,
                                        Function<String, List<String>> serviceOptions) throws IOException {
        NovaiProcesses novai = new NovaiProcesses(serviceOptions);
        try {
            Path registry = Files.writeString(workDir.resolve("models.yaml"),
                                              registry(upstream, slowPace, readerPace));
            int inferencePort = freePort();
            Service inference = novai.launch(root, workDir, "inference", inferencePort, jvmOptions, List.of(),
                                             plus(environment, Map.of("MODELS_REGISTRY", registry.toString(),
                                                                      "BENCH_UPSTREAM_KEY", "x")));
            int embeddingPort = freePort();
            Optional<Service> embedding = withEmbedding
                    ? Optional.of(novai.launchEmbedding(root, workDir, embeddingPort, jvmOptions)) : Optional.empty();
            novai.gatewayPort = freePort();
            int managementPort = freePort();
            Service gateway = novai.launch(root, workDir, "gateway", novai.gatewayPort, managementPort, jvmOptions,
                                           withGatewayOnlyOptions(backends.properties(),
                    "-Dnovai.management.port=" + managementPort,
                    // every client of the benchmark comes from 127.0.0.1: the per-address cap (1,024) would refuse
                    // the held streams and slow readers beyond it with 429 too_many_connections
                    "-Dnovai.http.max-connections-per-address=" + MAX_CONNECTIONS_FROM_LOOPBACK,
                    "-Dnovai.backends.inference.target=dns:///127.0.0.1:" + inferencePort,
                    "-Dnovai.backends.embedding.target=dns:///127.0.0.1:" + embeddingPort),
                    plus(environment, backends.environment()));
            awaitHealthy(inference);
            awaitHealthy(gateway);
            embedding.ifPresent(novai::awaitEmbedding);
            return novai;
        } catch (IOException | RuntimeException e) {
            novai.close();
            throw e;
        }
    }

    /**
     * The registry of the run: the fake upstream as an OpenAI-compatible provider at three paces and in
     * brownouts. {@link #MODEL} has a price, so that a key with a budget reserves and settles money on it.
     */
    static String registry(FakeUpstream upstream, Pace slowPace, Pace readerPace) {
        return """
                # written by the NovAI benchmark for one run
                providers:
                  bench-upstream:
                    type: openai
                    base-url: %s
                    api-key-env: BENCH_UPSTREAM_KEY
                  bench-upstream-slow:
                    type: openai
                    base-url: %s
                    api-key-env: BENCH_UPSTREAM_KEY
                  bench-upstream-slow-readers:
                    type: openai
                    base-url: %s
                    api-key-env: BENCH_UPSTREAM_KEY
                %s
                models:
                  - id: %s
                    kind: chat
                    owned-by: bench
                    context-window: 128000
                    max-output-tokens: 4096
                    # priced like a small hosted model: a request reserves and settles a real amount of budget
                    price: { input-usd-per-million: "0.15", output-usd-per-million: "0.60" }
                    deployments:
                      - provider: bench-upstream
                  - id: %s
                    kind: chat
                    owned-by: bench
                    context-window: 128000
                    max-output-tokens: 4096
                    deployments:
                      - provider: bench-upstream-slow
                  - id: %s
                    kind: chat
                    owned-by: bench
                    context-window: 128000
                    max-output-tokens: 4096
                    deployments:
                      - provider: bench-upstream-slow-readers
                %s
                """.formatted(upstream.baseUri(), upstream.baseUri(slowPace), upstream.slowReaderBaseUri(readerPace),
                              brownoutProviders(upstream), MODEL, SLOW_MODEL, READER_MODEL, brownoutModels());
    }

    /** The model whose one deployment is the fake upstream in a brownout of {@code percent}. */
    public static String brownoutModel(int percent) {
        return MODEL + "-brownout-" + percent;
    }

    // per brownout one provider, and one model on it (one deployment, no fallback)
    private static String brownoutProviders(FakeUpstream upstream) {
        StringBuilder providers = new StringBuilder();
        for (int percent : BROWNOUTS) {
            providers.append("  bench-upstream-brownout-").append(percent).append(": { type: openai, base-url: \"")
                    .append(upstream.brownoutBaseUri(percent)).append("\", api-key-env: BENCH_UPSTREAM_KEY }\n");
        }
        return providers.toString().stripTrailing();
    }

    private static String brownoutModels() {
        StringBuilder models = new StringBuilder();
        for (int percent : BROWNOUTS) {
            models.append("  - { id: ").append(brownoutModel(percent)).append(", kind: chat, owned-by: bench, ")
                    .append("deployments: [ { provider: bench-upstream-brownout-").append(percent).append(" } ] }\n");
        }
        return models.toString().stripTrailing();
    }

    // onnxruntime unpacks its native library under java.io.tmpdir, DJL's tokenizer under DJL_CACHE_DIR
    // (else the home directory): both into the run's work directory, owned and removed with it.
    private Service launchEmbedding(Path root, Path workDir, int port, List<String> jvmOptions) throws IOException {
        Path tmp = Files.createDirectories(workDir.resolve("tmp"));
        Path djl = Files.createDirectories(workDir.resolve("djl"));
        return launch(root, workDir, "embedding", port, jvmOptions, List.of("-Djava.io.tmpdir=" + tmp),
                      Map.of("DJL_CACHE_DIR", djl.toString()));
    }

    // The embedding service is one phase's: when it does not come up, the run goes on without it.
    private void awaitEmbedding(Service embedding) {
        try {
            awaitHealthy(embedding);
        } catch (IllegalStateException e) {
            embeddingProblem = Optional.of(e.getMessage());
            services.remove(embedding);
            stop(List.of(embedding));
        }
    }

    private Service launch(Path root, Path workDir, String name, int port, List<String> jvmOptions,
                           List<String> properties, Map<String, String> environment) throws IOException {
        return launch(root, workDir, name, port, port, jvmOptions, properties, environment);
    }

    private Service launch(Path root, Path workDir, String name, int port, int observePort, List<String> jvmOptions,
                           List<String> properties, Map<String, String> environment) throws IOException {
        Path jar = root.resolve("services/" + name + "/target/novai-" + name + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build the services first (./mvnw -DskipTests package)");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(serviceOptions.apply(name));
        command.addAll(profiling(workDir, name));
        command.add("-Dserver.host=127.0.0.1");
        command.add("-Dserver.port=" + port);
        command.addAll(properties);
        command.add("-jar");
        command.add(jar.toString());
        Path log = Files.writeString(workDir.resolve(name + ".log"), String.join(" ", command) + "\n");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // settings of the caller's shell must not leak into the run: only what is given here applies
        builder.environment().keySet().removeIf(key -> key.startsWith("NOVAI_") || key.startsWith("SERVER_")
                || key.startsWith("MODELS_") || key.startsWith("ROUTING_") || key.startsWith("EMBEDDING_")
                || key.startsWith("OTEL_"));
        builder.environment().putAll(environment);
        Service service = new Service(name, builder.start(), port, observePort, log);
        services.add(service);
        return service;
    }

    // bench.profile-dir (run.sh sets it for BENCH_PROFILE=1): a JFR recording of the service, with the profile
    // settings (execution and allocation samples), written when it exits: <dir>/<work dir's name>-<service>.jfr
    private static List<String> profiling(Path workDir, String name) {
        String dir = System.getProperty("bench.profile-dir", "").trim();
        if (dir.isEmpty()) {
            return List.of();
        }
        Path recording = Path.of(dir, workDir.getFileName() + "-" + name + ".jfr");
        return List.of("-XX:StartFlightRecording=filename=" + recording + ",settings=profile,dumponexit=true");
    }

    private static void awaitHealthy(Service service) {
        URI health = URI.create("http://127.0.0.1:" + service.observePort() + "/observe/health");
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            while (System.nanoTime() - deadline < 0) {
                if (!service.process().isAlive()) {
                    throw new IllegalStateException(service.name() + " exited with " + service.process().exitValue()
                                                            + " during start-up:\n" + tail(service.log()));
                }
                try {
                    HttpResponse<Void> response = client.send(
                            HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build(),
                            HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + service.name(), e);
        }
        throw new IllegalStateException(service.name() + " not healthy after " + START_TIMEOUT.toSeconds() + " s:\n"
                                                + tail(service.log()));
    }

    /** The gateway's chat completions endpoint with the run's development key. */
    public Target gateway(String label) {
        return gateway(label, API_KEY);
    }

    /** The gateway's chat completions endpoint with {@code apiKey}. */
    public Target gateway(String label, String apiKey) {
        return new Target(label, api("chat/completions"), Optional.of(apiKey));
    }

    /** The gateway's inline batches ({@code /v1/batches}) with the run's development key. */
    public Target batches(String label) {
        return new Target(label, api("batches"), Optional.of(API_KEY));
    }

    /** The gateway's embeddings endpoint with the run's development key. */
    public Target embeddings(String label) {
        return new Target(label, api("embeddings"), Optional.of(API_KEY));
    }

    /** A URL of the gateway's API, {@code path} relative to {@code /v1/} (e.g. {@code admin/keys}). */
    public URI api(String path) {
        return URI.create("http://127.0.0.1:" + gatewayPort + "/v1/" + path);
    }

    /** The gateway process. */
    public Service gatewayService() {
        return service("gateway");
    }

    /** The inference process. */
    public Service inferenceService() {
        return service("inference");
    }

    /** The embedding process, when it was asked for and started. */
    public Optional<Service> embeddingService() {
        return services.stream().filter(service -> service.name().equals("embedding")).findFirst();
    }

    /** Why the embedding service was asked for but is not running: its start-up failure and log tail. */
    public Optional<String> embeddingProblem() {
        return embeddingProblem;
    }

    private Service service(String name) {
        return services.stream().filter(service -> service.name().equals(name)).findFirst().orElseThrow();
    }

    /** CPU time the running services have used since they started. */
    public Duration cpuTime() {
        return services.stream().map(service -> ProcessStats.cpuTime(service.pid())).reduce(Duration.ZERO, Duration::plus);
    }

    /** Whether every service started is still running. */
    public boolean alive() {
        return services.stream().allMatch(service -> service.process().isAlive());
    }

    private static Map<String, String> plus(Map<String, String> map, Map<String, String> more) {
        Map<String, String> all = new HashMap<>(map);
        all.putAll(more);
        return all;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }

    /** The last lines of a log, for error messages. */
    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 25), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log at " + log + ")";
        }
    }

    private void stopAll() {
        stop(List.copyOf(services));
    }

    // SIGTERM first, so the services shut down as they would in a cluster; SIGKILL after 10 s.
    private static void stop(List<Service> services) {
        services.forEach(service -> service.process().destroy());
        for (Service service : services) {
            try {
                if (!service.process().waitFor(10, TimeUnit.SECONDS)) {
                    service.process().destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                service.process().destroyForcibly();
            }
        }
    }

    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: it stops them
        }
    }
}
