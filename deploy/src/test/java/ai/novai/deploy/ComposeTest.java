package ai.novai.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/** {@code docker-compose.yml}, its configs under {@code deploy/} and {@code .env.example}. */
class ComposeTest {

    private static final JsonNode COMPOSE = Repo.yaml("docker-compose.yml");
    private static final JsonNode SERVICES = COMPOSE.path("services");
    private static final Map<String, Integer> NOVAI = Services.PORTS;

    @Test
    void onlyTheGatewayIsPublishedBeyondThisMachineAndEverythingRestarts() {
        SERVICES.fields().forEachRemaining(service -> {
            for (String port : strings(service.getValue().path("ports"))) {
                if (!service.getKey().equals("gateway")) {
                    assertThat(service.getKey() + " publishes " + port + " on loopback only", port,
                               startsWith("127.0.0.1:"));
                }
            }
            assertThat(service.getKey(), service.getValue().path("restart").asText(), is("unless-stopped"));
        });
        assertThat("Prometheus' lifecycle API (reload, quit) stays off",
                   strings(SERVICES.path("prometheus").path("command")), not(hasItem("--web.enable-lifecycle")));
        assertThat("every NovAI service exports OTLP over HTTP, the protocol it packages",
                   Services.ALL.stream()
                           .map(name -> SERVICES.path(name).path("environment").path("OTEL_EXPORTER_OTLP_PROTOCOL")
                                   .asText())
                           .distinct().toList(), is(List.of("http/protobuf")));
    }

    @Test
    void hasTheWholeStack() {
        List<String> names = new ArrayList<>();
        SERVICES.fieldNames().forEachRemaining(names::add);
        assertThat(names, containsInAnyOrder("gateway", "inference", "embedding", "tools", "postgres", "redis",
                                             "otel-collector", "jaeger", "prometheus", "grafana"));
    }

    @Test
    void novaiServicesAreBuiltFromTheDockerfileAndCheckTheirOwnHealthPort() {
        NOVAI.forEach((service, port) -> {
            JsonNode definition = SERVICES.path(service);
            assertThat(service, definition.path("build").path("dockerfile").asText(), is("Dockerfile"));
            assertThat(service, definition.path("build").path("args").path("SERVICE").asText(), is(service));
            assertThat(service, definition.path("build").path("args").path("PORT").asText(), is(port.toString()));
            // the gateway's health is on its management port, which is not published
            String healthPort = service.equals("gateway") ? "8081" : port.toString();
            List<String> test = strings(definition.path("healthcheck").path("test"));
            assertThat(service, test, is(List.of("CMD", "/app/healthcheck.sh", healthPort, "/observe/health/ready")));
            assertThat(service, definition.path("read_only").asBoolean(), is(true));
            assertThat(service, definition.path("environment").path("OTEL_EXPORTER_OTLP_ENDPOINT").asText(),
                       is("http://otel-collector:4318"));
            assertThat(service, definition.path("environment").path("OTEL_SERVICE_NAME").asText(),
                       is("novai-" + service));
            assertThat(service, definition.path("environment").path("SHUTDOWN_DRAIN_DASH_DEADLINE").asText(),
                       is("PT30S"));
        });
        assertThat(strings(SERVICES.path("gateway").path("ports")), is(List.of("${NOVAI_GATEWAY_PORT:-8080}:8080")));
        // only the gateway is published among NovAI's services
        for (String backend : Services.BACKENDS) {
            assertThat(backend, SERVICES.path(backend).path("ports").isMissingNode(), is(true));
        }
    }

    @Test
    void everyDependencyWaitsForHealthWhereThereIsAHealthCheck() {
        SERVICES.fields().forEachRemaining(service -> service.getValue().path("depends_on").fields()
                .forEachRemaining(dependency -> {
                    String condition = dependency.getValue().path("condition").asText();
                    boolean checked = SERVICES.path(dependency.getKey()).has("healthcheck");
                    assertThat(service.getKey() + " -> " + dependency.getKey(), condition,
                               is(checked ? "service_healthy" : "service_started"));
                }));
        JsonNode gateway = SERVICES.path("gateway").path("depends_on");
        List<String> dependencies = new ArrayList<>(List.of("postgres", "redis"));
        dependencies.addAll(Services.BACKENDS);
        for (String dependency : dependencies) {
            assertThat(dependency, gateway.path(dependency).path("condition").asText(), is("service_healthy"));
        }
        List<String> checked = new ArrayList<>(Services.ALL);
        checked.addAll(List.of("postgres", "redis", "prometheus", "grafana", "jaeger"));
        for (String service : checked) {
            assertThat(service, SERVICES.path(service).has("healthcheck"), is(true));
        }
    }

    @Test
    void theGatewayReachesItsBackendsAndStoresByServiceName() {
        JsonNode env = SERVICES.path("gateway").path("environment");
        for (String backend : Services.BACKENDS) {
            assertThat(env.path(Services.targetVariable(backend)).asText(),
                       is("dns:///" + backend + ":" + Services.PORTS.get(backend)));
        }
        assertThat(env.path("NOVAI_DATABASE_URL").asText(), is("jdbc:postgresql://postgres:5432/novai"));
        assertThat(env.path("NOVAI_REDIS_URL").asText(), is("redis://redis:6379"));
        assertThat(env.path("NOVAI_DATABASE_PASSWORD").asText(),
                   is(SERVICES.path("postgres").path("environment").path("POSTGRES_PASSWORD").asText()));
        // every backend reads the one registry (tools its tools section)
        for (String backend : Services.BACKENDS) {
            JsonNode backendEnv = SERVICES.path(backend).path("environment");
            assertThat(backendEnv.path("MODELS_REGISTRY").asText(), is("/etc/novai/models.yaml"));
            assertThat(strings(SERVICES.path(backend).path("volumes")),
                       hasItem("./helm/novai/files/models.yaml:/etc/novai/models.yaml:ro"));
        }
    }

    @Test
    void theToolsServiceIsBoundedAndHoldsNoProviderKey() {
        JsonNode tools = SERVICES.path("tools");
        // what models make it run (its stdio MCP servers are child processes) stays within these
        JsonNode limits = tools.path("deploy").path("resources").path("limits");
        assertThat(limits.path("memory").asText(), not(is("")));
        assertThat(limits.path("pids").asInt(), greaterThan(0));
        // the heap leaves the MCP servers their share of that memory
        assertThat(tools.path("environment").path("JDK_JAVA_OPTIONS").asText(),
                   containsString("-XX:MaxRAMPercentage=50"));
        assertThat(strings(tools.path("tmpfs")).getFirst(), startsWith("/tmp"));
        for (String providerKey : List.of("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY")) {
            assertThat(providerKey, tools.path("environment").has(providerKey), is(false));
        }
    }

    @Test
    void secretsComeFromTheEnvironmentAndOnlyTheExampleIsCommitted() {
        Set<String> secrets = Set.of("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "NOVAI_ADMIN_TOKEN");
        Pattern fromEnvironment = Pattern.compile("\\$\\{([A-Z_]+)(:-[^}]*)?}");
        SERVICES.fields().forEachRemaining(service -> service.getValue().path("environment").fields()
                .forEachRemaining(variable -> {
                    if (secrets.contains(variable.getKey())) {
                        Matcher matcher = fromEnvironment.matcher(variable.getValue().asText());
                        assertThat(variable.getKey(), matcher.matches(), is(true));
                        assertThat(variable.getKey(), matcher.group(2), is(":-")); // no default value
                    }
                }));
        String example = Repo.read(".env.example");
        secrets.forEach(secret -> assertThat(example, containsString(secret + "=\n")));
        assertThat(Repo.read(".gitignore"), containsString(".env"));
    }

    @Test
    void prometheusScrapesTheMetricsOfEveryService() {
        JsonNode prometheus = Repo.yaml("deploy/prometheus.yml");
        List<String> targets = new ArrayList<>();
        for (JsonNode job : prometheus.path("scrape_configs")) {
            assertThat(job.path("metrics_path").asText(), is("/observe/metrics"));
            job.path("static_configs").forEach(config -> targets.addAll(strings(config.path("targets"))));
        }
        List<String> expected = new ArrayList<>(List.of("gateway:8081"));
        Services.BACKENDS.forEach(backend -> expected.add(backend + ":" + Services.PORTS.get(backend)));
        assertThat(targets, containsInAnyOrder(expected.toArray()));
        assertThat(SERVICES.path("gateway").path("environment").path("NOVAI_MANAGEMENT_PORT").asText(), is("8081"));
        assertThat(SERVICES.path("gateway").path("build").path("args").path("HEALTH_PORT").asText(), is("8081"));
        assertThat(strings(SERVICES.path("prometheus").path("volumes")),
                   hasItem("./deploy/prometheus.yml:/etc/prometheus/prometheus.yml:ro"));
    }

    @Test
    void theCollectorSendsTracesToJaegerAndGrafanaIsProvisioned() {
        JsonNode collector = Repo.yaml("deploy/otel-collector.yaml");
        JsonNode traces = collector.path("service").path("pipelines").path("traces");
        assertThat(strings(traces.path("receivers")), is(List.of("otlp")));
        String exporter = strings(traces.path("exporters")).getFirst();
        assertThat(collector.path("exporters").path(exporter).path("endpoint").asText(), is("jaeger:4317"));
        assertThat(collector.path("receivers").path("otlp").path("protocols").path("grpc").path("endpoint").asText(),
                   containsString(":4317"));

        JsonNode datasources = Repo.yaml("deploy/grafana/provisioning/datasources/datasources.yaml");
        assertThat(datasources.path("datasources").findValuesAsText("type"), containsInAnyOrder("prometheus", "jaeger"));
        JsonNode dashboards = Repo.yaml("deploy/grafana/provisioning/dashboards/novai.yaml");
        String path = dashboards.path("providers").path(0).path("options").path("path").asText();
        assertThat(strings(SERVICES.path("grafana").path("volumes")),
                   hasItem("./deploy/grafana/dashboards:" + path + ":ro"));
        assertThat(strings(SERVICES.path("grafana").path("volumes")),
                   hasItem("./deploy/grafana/provisioning:/etc/grafana/provisioning:ro"));
    }

    @Test
    void everyMountedFileExists() {
        List<String> missing = new ArrayList<>();
        SERVICES.fields().forEachRemaining(service -> strings(service.getValue().path("volumes")).forEach(volume -> {
            String source = volume.split(":")[0];
            if (source.startsWith("./") && !java.nio.file.Files.exists(Repo.path(source.substring(2)))) {
                missing.add(service.getKey() + ": " + source);
            }
        }));
        assertThat(missing, is(empty()));
        assertThat(missing, not(hasItem("")));
    }

    static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
