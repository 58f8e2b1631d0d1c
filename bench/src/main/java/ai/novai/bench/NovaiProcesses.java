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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * NovAI as it runs in production, one JVM per service, started the way {@code ./novai dev} starts them:
 * {@code java -jar services/<svc>/target/novai-<svc>.jar} with {@code -D} properties and environment.
 * Inference gets a model registry written for the run (its one provider is the fake upstream, type
 * {@code openai}); the gateway gets a fresh H2 database and a development API key. Embedding is not
 * started: chat completions do not need it (its target is pointed at a port nobody listens on, never at a
 * service another user of the machine may be running on the default port).
 * <p>
 * Output goes to log files in the work directory. The processes are stopped on {@link #close()} and, should
 * the benchmark be stopped early, by a shutdown hook.
 */
public final class NovaiProcesses implements AutoCloseable {

    /** The model the benchmark asks for, answered at the fast pace. */
    public static final String MODEL = "bench-model";
    /** The model of the slow streams: its provider's base URL carries the slow pace. */
    public static final String SLOW_MODEL = "bench-model-slow";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final String API_KEY = "sk-novai-bench-0123456789abcdefghijklmnopqrstuvwxyz";

    private final List<Service> services = new ArrayList<>();
    private final Thread shutdownHook = new Thread(this::stopAll, "novai-processes-stop");
    private int gatewayPort;

    /** One running service. */
    public record Service(String name, Process process, int port, Path log) {
        /** Its process id. */
        public long pid() {
            return process.pid();
        }
    }

    private NovaiProcesses() {
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts inference, then the gateway, and waits until both answer {@code /observe/health}.
     *
     * @param root       the repository root (where {@code services/*}{@code /target} are)
     * @param workDir    an empty directory for the registry, the database and the logs
     * @param upstream   the fake upstream the registry points at
     * @param slowPace   the pace of {@link #SLOW_MODEL}
     * @param jvmOptions options of both service JVMs
     * @throws IllegalStateException when a service does not start; its log tail is in the message
     */
    public static NovaiProcesses start(Path root, Path workDir, FakeUpstream upstream, Pace slowPace,
                                       List<String> jvmOptions) throws IOException {
        NovaiProcesses novai = new NovaiProcesses();
        try {
            Path registry = Files.writeString(workDir.resolve("models.yaml"), registry(upstream, slowPace));
            int inferencePort = freePort();
            Service inference = novai.launch(root, workDir, "inference", inferencePort, jvmOptions, List.of(),
                                             Map.of("MODELS_REGISTRY", registry.toString(),
                                                    "BENCH_UPSTREAM_KEY", "x"));
            novai.gatewayPort = freePort();
            Service gateway = novai.launch(root, workDir, "gateway", novai.gatewayPort, jvmOptions, List.of(
                    "-Dnovai.backends.inference.target=dns:///127.0.0.1:" + inferencePort,
                    "-Dnovai.backends.embedding.target=dns:///127.0.0.1:" + freePort(),
                    "-Dnovai.database.url=jdbc:h2:file:" + workDir.resolve("db/novai")
                            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"),
                    Map.of("NOVAI_DEV_KEY", API_KEY));
            awaitHealthy(inference);
            awaitHealthy(gateway);
            return novai;
        } catch (IOException | RuntimeException e) {
            novai.close();
            throw e;
        }
    }

    /** The registry of the run: the fake upstream as an OpenAI-compatible provider, at two paces. */
    static String registry(FakeUpstream upstream, Pace slowPace) {
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
                models:
                  - id: %s
                    kind: chat
                    owned-by: bench
                    context-window: 128000
                    max-output-tokens: 4096
                    deployments:
                      - provider: bench-upstream
                  - id: %s
                    kind: chat
                    owned-by: bench
                    context-window: 128000
                    max-output-tokens: 4096
                    deployments:
                      - provider: bench-upstream-slow
                """.formatted(upstream.baseUri(), upstream.baseUri(slowPace), MODEL, SLOW_MODEL);
    }

    private Service launch(Path root, Path workDir, String name, int port, List<String> jvmOptions,
                           List<String> properties, Map<String, String> environment) throws IOException {
        Path jar = root.resolve("services/" + name + "/target/novai-" + name + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build the services first (./mvnw -DskipTests package)");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
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
                || key.startsWith("MODELS_") || key.startsWith("ROUTING_"));
        builder.environment().putAll(environment);
        Service service = new Service(name, builder.start(), port, log);
        services.add(service);
        return service;
    }

    private static void awaitHealthy(Service service) {
        URI health = URI.create("http://127.0.0.1:" + service.port() + "/observe/health");
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

    /** The gateway's chat completions endpoint with the run's API key. */
    public Target gateway(String label) {
        return new Target(label, URI.create("http://127.0.0.1:" + gatewayPort + "/v1/chat/completions"),
                          Optional.of(API_KEY));
    }

    /** The gateway process. */
    public Service gatewayService() {
        return service("gateway");
    }

    /** The inference process. */
    public Service inferenceService() {
        return service("inference");
    }

    private Service service(String name) {
        return services.stream().filter(service -> service.name().equals(name)).findFirst().orElseThrow();
    }

    /** CPU time both services have used since they started. */
    public Duration cpuTime() {
        return services.stream().map(service -> ProcessStats.cpuTime(service.pid())).reduce(Duration.ZERO, Duration::plus);
    }

    /** Whether both services are still running. */
    public boolean alive() {
        return services.stream().allMatch(service -> service.process().isAlive());
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

    // SIGTERM first, so the services shut down as they would in a cluster; SIGKILL after 10 s.
    private void stopAll() {
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
