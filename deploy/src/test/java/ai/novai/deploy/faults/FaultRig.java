package ai.novai.deploy.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import ai.novai.deploy.ServiceProcess;
import ai.novai.deploy.StandIns;
import ai.novai.inference.fakes.FakeOpenAiUpstream;
import ai.novai.inference.fakes.FakeReply;
import ai.novai.inference.fakes.RecordedRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A NovAI deployment of real processes on this machine, for fault tests: a slow fake OpenAI upstream (streams of
 * {@value #STREAM_CHUNKS} chunks {@link #CHUNK_PAUSE} apart, whole answers after {@link #ANSWER_PAUSE}), inference
 * replicas started from the built jar and serving one priced model from it, and gateway replicas on a fresh
 * PostgreSQL database and the machine's Redis. Inference replicas listen on one port at different loopback
 * addresses, and a hosts file the gateways read ({@code jdk.net.hosts.file}) names them all
 * {@value #INFERENCE_HOST}: a headless Service's DNS name, which the gateway's {@code dns:///} target resolves
 * to every replica. Everything started is stopped on {@link #close()}.
 */
final class FaultRig implements AutoCloseable {

    static final String MODEL = "fault-model";
    static final String INFERENCE_HOST = "novai-inference-headless";
    static final int STREAM_CHUNKS = 25;
    static final Duration CHUNK_PAUSE = Duration.ofMillis(80);
    static final Duration ANSWER_PAUSE = Duration.ofMillis(1200);
    static final int PROMPT_TOKENS = 12;
    static final Duration READY = Duration.ofSeconds(90);

    // C1 only and the serial collector: these JVMs start in a third of the CPU time on a busy 2-core machine, and
    // nothing under test depends on the JIT; the gateways also read the hosts file that stands in for DNS
    private static final String JVM_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";
    private static final String ADMIN_TOKEN = "fault-test-admin-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final Path work;
    private final StandIns standIns;
    private final FakeOpenAiUpstream upstream;
    private final String databaseUrl;
    private final Path registry;
    private final Path hosts;
    private final int inferencePort;
    private final List<ServiceProcess> started = new ArrayList<>();
    private final Map<String, String> gatewaySettings = new LinkedHashMap<>();
    // each gateway's management port (health, metrics), kept for its public port across restarts
    private final Map<Integer, Integer> managementPorts = new ConcurrentHashMap<>();

    private FaultRig(Path work, StandIns standIns, FakeOpenAiUpstream upstream, String databaseUrl, int inferencePort)
            throws IOException {
        this.work = work;
        this.standIns = standIns;
        this.upstream = upstream;
        this.databaseUrl = databaseUrl;
        this.inferencePort = inferencePort;
        this.registry = Files.writeString(work.resolve("models.yaml"), """
                providers:
                  fake:
                    type: openai
                    base-url: %s
                    api-key-env: FAKE_OPENAI_KEY
                models:
                  - id: %s
                    kind: chat
                    provider: fake
                    owned-by: faults
                    created: 1767225600
                    context-window: 16384
                    max-output-tokens: 64
                    price: { input-usd-per-million: "1.00", output-usd-per-million: "3.00" }
                """.formatted(upstream.baseUrl(), MODEL));
        this.hosts = work.resolve("hosts");
    }

    /**
     * Starts the stand-ins and the fake upstream; services are started by the test.
     *
     * @param reservationLifetime the gateways' {@code novai.limits.reservation-lifetime}
     */
    static FaultRig start(Path work, Duration reservationLifetime) throws IOException, InterruptedException {
        StandIns standIns = StandIns.start();
        FakeOpenAiUpstream upstream = FakeOpenAiUpstream.start();
        upstream.respondWith(FaultRig::slowReply);
        FaultRig rig = new FaultRig(work, standIns, upstream, standIns.database("novai"),
                                    StandIns.freePorts(1).getFirst());
        rig.gatewaySettings.put("NOVAI_LIMITS_RESERVATION_DASH_LIFETIME", reservationLifetime.toString());
        return rig;
    }

    // every answer slow enough to be in flight when a process dies; usage reported as a real upstream does
    private static FakeReply slowReply(RecordedRequest request) {
        String text = "tick ".repeat(STREAM_CHUNKS).trim();
        FakeReply reply = FakeReply.text(text).inDeltas(STREAM_CHUNKS).usage(PROMPT_TOKENS, STREAM_CHUNKS);
        return request.stream() ? reply.chunkDelay(CHUNK_PAUSE) : reply.delayHeaders(ANSWER_PAUSE);
    }

    /** A setting of every gateway started from now on, as an environment variable ({@code NOVAI_BATCHES_LEASE}). */
    void gatewaySetting(String variable, String value) {
        gatewaySettings.put(variable, value);
    }

    FakeOpenAiUpstream upstream() {
        return upstream;
    }

    String databaseUrl() {
        return databaseUrl;
    }

    /** The gateways' inference target: every replica, by the headless name. */
    String inferenceTarget() {
        return "dns:///" + INFERENCE_HOST + ":" + inferencePort;
    }

    /** The processes of a deployment, in the order asked for. */
    record Deployment(List<ServiceProcess> inference, List<ServiceProcess> gateways) {
    }

    /**
     * Starts inference replicas at these loopback addresses (127.0.0.N, all on the rig's inference port, all named
     * {@value #INFERENCE_HOST}) and gateway replicas on these ports, all at once, and waits until each is ready.
     */
    Deployment deploy(List<String> inferenceAddresses, List<Integer> gatewayPorts)
            throws IOException, InterruptedException {
        Files.write(hosts, inferenceAddresses.stream().map(ip -> ip + " " + INFERENCE_HOST).toList());
        List<ServiceProcess> inference = new ArrayList<>();
        for (String address : inferenceAddresses) {
            inference.add(startInference(address));
        }
        List<ServiceProcess> gateways = new ArrayList<>();
        for (int port : gatewayPorts) {
            gateways.add(startGatewayProcess(port));
        }
        for (int i = 0; i < inference.size(); i++) {
            inference.get(i).awaitReady(inferenceAddresses.get(i), inferencePort, READY);
        }
        for (int i = 0; i < gateways.size(); i++) {
            gateways.get(i).awaitReady(managementPort(gatewayPorts.get(i)), READY);
        }
        return new Deployment(inference, gateways);
    }

    private ServiceProcess startInference(String address) throws IOException {
        ServiceProcess inference = ServiceProcess.start("inference", Map.of(
                "SERVER_HOST", address,
                "SERVER_PORT", String.valueOf(inferencePort),
                "MODELS_REGISTRY", registry.toString(),
                "FAKE_OPENAI_KEY", "sk-fake-upstream",
                "SHUTDOWN_DRAIN_DASH_DEADLINE", "PT20S",
                "JAVA_TOOL_OPTIONS", JVM_OPTIONS), List.of(), work);
        started.add(inference);
        return inference;
    }

    /** Starts a gateway replica on this port (a replacement, say) and waits until it is ready. */
    ServiceProcess startGateway(int port) throws IOException, InterruptedException {
        ServiceProcess gateway = startGatewayProcess(port);
        gateway.awaitReady(managementPort(port), READY);
        return gateway;
    }

    /** Where the gateway serving on this public port answers its probes and metrics. */
    int managementPort(int gatewayPort) {
        return managementPorts.computeIfAbsent(gatewayPort, port -> {
            try {
                return StandIns.freePorts(1).getFirst();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private ServiceProcess startGatewayProcess(int port) throws IOException {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("SERVER_HOST", "127.0.0.1");
        environment.put("SERVER_PORT", String.valueOf(port));
        environment.put("NOVAI_MANAGEMENT_PORT", String.valueOf(managementPort(port)));
        environment.put("NOVAI_DATABASE_URL", databaseUrl);
        environment.put("NOVAI_DATABASE_USERNAME", "novai");
        environment.put("NOVAI_REDIS_URL", "redis://127.0.0.1:6379");
        // a busy CI machine is not a Redis outage: no fallback to a replica's own limiter mid-test
        environment.put("NOVAI_REDIS_TIMEOUT", "PT5S");
        environment.put("NOVAI_BACKENDS_INFERENCE_TARGET", inferenceTarget());
        environment.put("NOVAI_BACKENDS_EMBEDDING_TARGET", "dns:///127.0.0.1:9");
        environment.put("NOVAI_ADMIN_TOKEN", ADMIN_TOKEN);
        environment.put("SHUTDOWN_DRAIN_DASH_DEADLINE", "PT20S");
        // the headless Service's DNS: the name resolves to every inference replica
        environment.put("JAVA_TOOL_OPTIONS", JVM_OPTIONS + " -Djdk.net.hosts.file=" + hosts);
        environment.putAll(gatewaySettings);
        ServiceProcess gateway = ServiceProcess.start("gateway", environment, List.of(), work);
        started.add(gateway);
        return gateway;
    }

    /**
     * One whole answer and one stream through the gateway, repeated until both succeed: the first calls of a
     * fresh JVM load classes and open connections (Redis, PostgreSQL, inference), which on a busy machine takes
     * longer than any timeout a fault test should allow.
     */
    void warmUp(int gatewayPort, ApiKey key) throws InterruptedException {
        SdkLikeClient client = SdkLikeClient.once(key.secret());
        long until = System.nanoTime() + READY.toNanos();
        int attempt = 0;
        for (boolean stream : new boolean[] {false, true}) {
            SdkLikeClient.Call call;
            do {
                if (System.nanoTime() > until) {
                    throw new AssertionError("the gateway on " + gatewayPort + " did not answer within " + READY);
                }
                call = client.chat("http://127.0.0.1:" + gatewayPort, "warm-up-" + gatewayPort + "-" + ++attempt, stream);
            } while (call.result() != SdkLikeClient.Result.OK);
        }
    }

    /** An API key with a monthly budget, made through a gateway's admin API. */
    ApiKey createKey(int gatewayPort, String budgetUsd) throws IOException, InterruptedException {
        HttpResponse<String> created = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gatewayPort + "/v1/admin/keys"))
                        .header("Authorization", "Bearer " + ADMIN_TOKEN)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"name\":\"faults\",\"budget_usd\":" + budgetUsd + ",\"budget_period\":\"month\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 200 && created.statusCode() != 201) {
            throw new AssertionError("creating a key failed: " + created.statusCode() + " " + created.body());
        }
        JsonNode key = JSON.readTree(created.body());
        return new ApiKey(key.path("id").asText(), key.path("key").asText(), Long.parseLong(
                new java.math.BigDecimal(budgetUsd).movePointRight(6).toBigIntegerExact().toString()));
    }

    /** A key: its id (in the ledger and Redis), its secret, its budget in micro-USD. */
    record ApiKey(String id, String secret, long budgetMicros) {
    }

    @Override
    public void close() throws Exception {
        for (ServiceProcess process : started.reversed()) {
            if (process.isAlive()) {
                process.kill();
            }
        }
        upstream.close();
        standIns.close();
    }
}
