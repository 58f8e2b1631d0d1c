package ai.novai.deploy;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.is;

/**
 * Every shipped configuration starts: the four services run from their jars with exactly the environment that
 * {@code docker-compose.yml}, and the chart rendered with each values file in {@code helm/novai/ci/}, give them
 * (their migration step first), and each becomes ready; every backend answers the gRPC health check that its
 * Kubernetes probes make (grpc.health.v1, service "") with SERVING. Only the neighbours' addresses change, to this machine's
 * stand-ins ({@link StandIns}): PostgreSQL, Redis, an OTLP/HTTP sink for the collector, free ports, and the
 * mounted files (the model registry) at their source; the gateway also gets {@code NOVAI_DEV_KEY}, to be called.
 * Then a chat completion (whole and streamed) and an embedding go through, and every metric the configuration's
 * autoscalers and the Grafana dashboards name must be one the services export. The test that would have caught
 * every service dying at start on {@code OTEL_EXPORTER_OTLP_PROTOCOL=grpc}, and an HPA on a metric that does not
 * exist.
 */
class ShippedConfigurationsStartTest {

    private static final Duration READY = Duration.ofSeconds(120);
    // backends first: the gateway's first calls find them up
    private static final List<String> SERVICES = Services.ALL;
    private static final Pattern KUBERNETES_REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");
    private static final Pattern COMPOSE_VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+)(?::?-([^}]*))?}");

    @TempDir
    Path work;

    @Test
    void dockerComposeStartsEveryService() throws Exception {
        JsonNode compose = Repo.yaml("docker-compose.yml").path("services");
        Map<String, Shipped> shipped = new LinkedHashMap<>();
        for (String service : SERVICES) {
            JsonNode definition = compose.path(service);
            Map<String, String> environment = new LinkedHashMap<>();
            definition.path("environment").fields().forEachRemaining(
                    variable -> environment.put(variable.getKey(), composeDefault(variable.getValue().asText())));
            Map<String, Path> mounts = new LinkedHashMap<>();
            mounts.put("/tmp", Files.createDirectories(work.resolve(service + "-tmp")));
            for (JsonNode volume : definition.path("volumes")) {
                String[] parts = volume.asText().split(":");
                // a file of the repository (./...), or a named volume: a fresh folder
                mounts.put(parts[1], parts[0].startsWith("./") ? Repo.path(parts[0].substring(2))
                        : Files.createDirectories(work.resolve(service + "-" + parts[0])));
            }
            shipped.put(service, new Shipped(service, environment, List.of(), mounts));
        }
        startAll("docker-compose.yml", List.of(), shipped, MetricNames.inDashboards());
    }

    static Stream<Path> chartValuesFiles() throws IOException {
        try (Stream<Path> files = Files.list(Chart.DIR.resolve("ci"))) {
            return files.filter(file -> file.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("chartValuesFiles")
    void theChartStartsEveryServiceWith(Path valuesFile) throws Exception {
        // helm-java's template leaves hooks out: the migration Job (a pre-install hook) is rendered as a plain one
        Chart.Rendered rendered = Chart.render(Optional.of(valuesFile), Map.of("migrations.jobHook", "false"));
        Map<String, Shipped> shipped = new LinkedHashMap<>();
        List<Shipped> migrations = new ArrayList<>();
        for (String service : SERVICES) {
            PodSpec pod = rendered.pod(service);
            shipped.put(service, fromPod(rendered, service, pod, pod.getContainers().getFirst()));
            for (Container init : pod.getInitContainers()) {
                migrations.add(fromPod(rendered, service, pod, init));
            }
        }
        for (Job job : rendered.all(Job.class)) {
            PodSpec pod = job.getSpec().getTemplate().getSpec();
            migrations.add(fromPod(rendered, "gateway", pod, pod.getContainers().getFirst()));
        }
        Set<String> named = new TreeSet<>(MetricNames.inDashboards());
        named.addAll(MetricNames.inAutoscalers(rendered));
        startAll(Chart.DIR.relativize(valuesFile).toString(), migrations, shipped, named);
    }

    // A chat completion, whole and streamed, an embedding, and a chat completion that runs a built-in tool (the gateway
    // reaches the tools service at its shipped target), with the stand-in key: what creates the meters.
    private static void serve(String configuration, String gateway) throws IOException, InterruptedException {
        String chat = "{\"model\":\"novai-echo\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]";
        List<String[]> calls = List.of(
                new String[] {"/v1/chat/completions", chat + "}"},
                new String[] {"/v1/chat/completions", chat + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}}"},
                new String[] {"/v1/embeddings", "{\"model\":\"all-minilm-l6-v2\",\"input\":\"Hello\"}"});
        for (String[] call : calls) {
            HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(gateway + call[0]))
                                                       .header("Authorization", "Bearer " + Local.KEY)
                                                       .header("Content-Type", "application/json")
                                                       .POST(HttpRequest.BodyPublishers.ofString(call[1])).build());
            assertThat(configuration + " " + call[0] + ": " + answer.body(), answer.statusCode(), is(200));
        }
        String withTool = "{\"model\":\"novai-echo\",\"messages\":[{\"role\":\"user\",\"content\":\"What time is it?\"}],"
                + "\"tools\":[{\"type\":\"mcp\",\"server_label\":\"novai\",\"allowed_tools\":[\"current_time\"],"
                + "\"require_approval\":\"never\"}]}";
        HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(gateway + "/v1/chat/completions"))
                                                   .header("Authorization", "Bearer " + Local.KEY)
                                                   .header("Content-Type", "application/json")
                                                   .POST(HttpRequest.BodyPublishers.ofString(withTool)).build());
        assertThat(configuration + " a tool round: " + answer.body(), answer.statusCode(), is(200));
        // the echo model calls the tool it is offered and echoes its result: the tools service ran it
        assertThat(configuration + " a tool round: " + answer.body(), answer.body(),
                   containsString("Tool novai__current_time returned"));
    }

    // the native gRPC probe of the chart (startup and readiness): grpc.health.v1 Check of the server as a whole
    private static void assertServing(String configuration, String backend, int port) throws InterruptedException {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        try {
            HealthCheckResponse health = HealthGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance());
            assertThat(configuration + ": " + backend + " gRPC health", health.getStatus(),
                       is(HealthCheckResponse.ServingStatus.SERVING));
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    // Runs the migration steps, then the backends and the gateway, and checks each is ready.
    private void startAll(String configuration, List<Shipped> migrations, Map<String, Shipped> shipped,
                          Set<String> namedMetrics) throws Exception {
        Map<String, Integer> ports = new LinkedHashMap<>();
        List<Integer> free = StandIns.freePorts(SERVICES.size() + 1);
        for (int i = 0; i < SERVICES.size(); i++) {
            ports.put(SERVICES.get(i), free.get(i));
        }
        // where each serves /observe: the gateway on its management port, the backends on their one port
        Map<String, Integer> observePorts = new LinkedHashMap<>(ports);
        observePorts.put("gateway", free.get(SERVICES.size()));
        List<ServiceProcess> running = new ArrayList<>();
        try (StandIns standIns = StandIns.start()) {
            Local local = new Local(standIns, ports, observePorts.get("gateway"));
            for (Shipped step : migrations) {
                try (ServiceProcess migration = ServiceProcess.start(step.service(), local.environment(step),
                                                                     step.args(), work)) {
                    assertThat(configuration + ": migration step exit code\n" + migration.logTail(),
                               migration.awaitExit(READY), is(0));
                }
            }
            for (String service : SERVICES) {
                Shipped definition = shipped.get(service);
                running.add(ServiceProcess.start(service, local.environment(definition), definition.args(), work));
            }
            for (int i = 0; i < SERVICES.size(); i++) {
                running.get(i).awaitReady(observePorts.get(SERVICES.get(i)), READY);
            }
            for (String backend : Services.BACKENDS) {
                assertServing(configuration, backend, ports.get(backend));
            }
            // and it serves: an unauthenticated call gets OpenAI's 401, a key's calls their answers
            String gateway = "http://127.0.0.1:" + ports.get("gateway");
            HttpResponse<String> anonymous = send(HttpRequest.newBuilder(URI.create(gateway + "/v1/models")).build());
            assertThat(configuration + ": " + anonymous.body(), anonymous.statusCode(), is(401));
            assertThat(anonymous.body(), containsString("\"error\""));
            serve(configuration, gateway);
            // the public port serves no /observe: health and metrics are on the management port only
            assertThat(configuration + ": /observe/metrics on the public port", send(HttpRequest.newBuilder(
                    URI.create(gateway + "/observe/metrics")).build()).statusCode(), is(404));
            // every metric the configuration or the dashboards name is one the services export
            Set<String> exported = new TreeSet<>();
            for (String service : SERVICES) {
                exported.addAll(MetricNames.exported(send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + observePorts.get(service) + "/observe/metrics")).build())
                                                           .body()));
            }
            for (String named : namedMetrics) {
                assertThat(configuration + " names " + named + ", which no service exports (nor is it one born of an"
                                   + " event: " + MetricNames.BORN_OF_EVENTS + ")",
                           exported.contains(named) || MetricNames.BORN_OF_EVENTS.contains(named), is(true));
            }
        } finally {
            for (ServiceProcess process : running) {
                process.close();
            }
        }
    }

    // ${VAR:-default} and ${VAR} as compose reads them with nothing set: the default, or empty
    private static String composeDefault(String value) {
        Matcher matcher = COMPOSE_VARIABLE.matcher(value);
        StringBuilder resolved = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(resolved, Matcher.quoteReplacement(matcher.group(2) == null ? "" : matcher.group(2)));
        }
        return matcher.appendTail(resolved).toString();
    }

    // A container's environment as Kubernetes would give it from the rendered objects, and its mounted files.
    private Shipped fromPod(Chart.Rendered rendered, String service, PodSpec pod, Container container)
            throws IOException {
        Map<String, String> environment = new LinkedHashMap<>();
        for (EnvVar variable : container.getEnv()) {
            if (variable.getValueFrom() == null) {
                environment.put(variable.getName(), variable.getValue() == null ? "" : variable.getValue());
            } else if (variable.getValueFrom().getSecretKeyRef() != null) {
                secret(rendered, variable.getValueFrom().getSecretKeyRef())
                        .ifPresent(value -> environment.put(variable.getName(), value));
            } else if (variable.getValueFrom().getFieldRef() != null) {
                String field = variable.getValueFrom().getFieldRef().getFieldPath();
                environment.put(variable.getName(), field.equals("metadata.namespace") ? "default" : "novai-test-pod");
            } else if (variable.getValueFrom().getResourceFieldRef() != null) {
                environment.put(variable.getName(), resource(container, variable.getValueFrom().getResourceFieldRef()));
            } else {
                throw new AssertionError("unexpected valueFrom of " + variable.getName() + ": " + variable);
            }
        }
        // $(NAME) in a value is the value of a variable defined before it, as Kubernetes expands it
        Map<String, String> expanded = new LinkedHashMap<>();
        for (Map.Entry<String, String> variable : environment.entrySet()) {
            Matcher reference = KUBERNETES_REFERENCE.matcher(variable.getValue());
            StringBuilder value = new StringBuilder();
            while (reference.find()) {
                reference.appendReplacement(value, Matcher.quoteReplacement(
                        expanded.getOrDefault(reference.group(1), reference.group(0))));
            }
            expanded.put(variable.getKey(), reference.appendTail(value).toString());
        }
        Map<String, Path> mounts = new LinkedHashMap<>();
        for (VolumeMount mount : container.getVolumeMounts()) {
            Volume volume = pod.getVolumes().stream().filter(candidate -> candidate.getName().equals(mount.getName()))
                    .findFirst().orElseThrow(() -> new AssertionError("no volume " + mount.getName()));
            Path local = Files.createDirectories(work.resolve(service + "-" + container.getName() + "-" + mount.getName()));
            if (volume.getConfigMap() != null) {
                ConfigMap map = rendered.named(ConfigMap.class, volume.getConfigMap().getName());
                for (Map.Entry<String, String> file : map.getData().entrySet()) {
                    Files.writeString(local.resolve(file.getKey()), file.getValue());
                }
            }
            mounts.put(mount.getMountPath(), local);
        }
        List<String> args = container.getArgs() == null ? List.of() : container.getArgs();
        return new Shipped(service, expanded, args, mounts);
    }

    // requests.cpu (divisor 1: whole cores, rounded up) or another resource of the container, as the downward API gives it
    private static String resource(Container container, ResourceFieldSelector selector) {
        String[] field = selector.getResource().split("\\.", 2);
        Map<String, Quantity> amounts = field[0].equals("requests") ? container.getResources().getRequests()
                : container.getResources().getLimits();
        Quantity amount = amounts.get(field[1]);
        if (amount == null) {
            throw new AssertionError("the container sets no " + selector.getResource());
        }
        BigDecimal divisor = selector.getDivisor() == null ? BigDecimal.ONE
                : Quantity.getAmountInBytes(selector.getDivisor());
        return Quantity.getAmountInBytes(amount).divide(divisor, 0, RoundingMode.CEILING).toPlainString();
    }

    // A secret's value when the release renders it; one from an existingSecret is absent here (optional) or fails
    private static Optional<String> secret(Chart.Rendered rendered, SecretKeySelector reference) {
        Optional<Secret> secret = rendered.all(Secret.class).stream()
                .filter(candidate -> candidate.getMetadata().getName().equals(reference.getName())).findFirst();
        Optional<String> value = secret.flatMap(found -> Optional.ofNullable(found.getStringData())
                        .map(data -> data.get(reference.getKey()))
                        .or(() -> Optional.ofNullable(found.getData()).map(data -> data.get(reference.getKey()))
                                .map(encoded -> new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8))));
        if (value.isEmpty() && !Boolean.TRUE.equals(reference.getOptional()) && secret.isPresent()) {
            throw new AssertionError("required key " + reference.getKey() + " missing from Secret " + reference.getName());
        }
        return value;
    }

    private record Shipped(String service, Map<String, String> environment, List<String> args,
                           Map<String, Path> mounts) {
    }

    // The shipped environment with the neighbours' addresses pointed at this machine.
    private record Local(StandIns standIns, Map<String, Integer> ports, int managementPort,
                         Map<String, String> databases) {

        Local(StandIns standIns, Map<String, Integer> ports, int managementPort) {
            this(standIns, ports, managementPort, new LinkedHashMap<>());
        }

        // the one variable added to a shipped environment: a key to call the API with
        static final String KEY = "sk-novai-shipped-configuration-test-0123456789";

        Map<String, String> environment(Shipped shipped) throws IOException, InterruptedException {
            Map<String, String> environment = new LinkedHashMap<>(shipped.environment());
            environment.put("SERVER_PORT", ports.get(shipped.service()).toString());
            if (shipped.service().equals("gateway")) {
                environment.put("NOVAI_MANAGEMENT_PORT", Integer.toString(managementPort));
            }
            if (shipped.service().equals("gateway") && shipped.args().isEmpty()) {
                environment.put("NOVAI_DEV_KEY", KEY);
                // a backend the configuration runs but does not name would be looked for at its default address
                for (String backend : Services.BACKENDS) {
                    assertThat("the gateway's " + Services.targetVariable(backend),
                               environment.containsKey(Services.targetVariable(backend)), is(true));
                }
            }
            for (Map.Entry<String, String> variable : environment.entrySet()) {
                variable.setValue(mounted(variable.getValue(), shipped.mounts()));
            }
            if (environment.containsKey("NOVAI_DATABASE_URL")) {
                // one database per configuration, shared by its migration step and its gateway
                String user = environment.getOrDefault("NOVAI_DATABASE_USERNAME", "novai");
                String url = databases.computeIfAbsent(environment.get("NOVAI_DATABASE_URL"), shippedUrl -> {
                    try {
                        return standIns.database(user);
                    } catch (IOException | InterruptedException e) {
                        throw new AssertionError("creating the stand-in database failed", e);
                    }
                });
                environment.put("NOVAI_DATABASE_URL", url);
            }
            environment.computeIfPresent("NOVAI_REDIS_URL", (name, url) -> StandIns.redis(url));
            for (String backend : Services.BACKENDS) {
                environment.computeIfPresent(Services.targetVariable(backend),
                                             (name, target) -> "dns:///127.0.0.1:" + ports.get(backend));
            }
            if (environment.containsKey("OTEL_EXPORTER_OTLP_ENDPOINT")) {
                // the protocol the services package, to the collector's port for it
                assertThat(shipped.service() + " OTEL_EXPORTER_OTLP_PROTOCOL",
                           environment.getOrDefault("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"), is("http/protobuf"));
                assertThat(shipped.service() + " OTEL_EXPORTER_OTLP_ENDPOINT",
                           environment.get("OTEL_EXPORTER_OTLP_ENDPOINT"), endsWith(":4318"));
                environment.put("OTEL_EXPORTER_OTLP_ENDPOINT", standIns.otlpEndpoint());
            }
            return environment;
        }

        // a path under a mount, at the mount's local source
        private static String mounted(String value, Map<String, Path> mounts) {
            for (Map.Entry<String, Path> mount : mounts.entrySet()) {
                if (value.equals(mount.getKey())) {
                    return mount.getValue().toString();
                }
                if (value.startsWith(mount.getKey() + "/")) {
                    return mount.getValue().resolve(value.substring(mount.getKey().length() + 1)).toString();
                }
            }
            return value;
        }
    }
}
