package ai.novai.deploy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The chart: strict lint, then the invariants of what it renders, for the default values and for the
 * production-like values file ({@code ci/production-values.yaml}).
 */
class HelmChartTest {

    private static final List<String> SERVICES = Services.ALL;
    private static final List<String> BACKENDS = Services.BACKENDS;

    static Stream<Arguments> valueSets() {
        return Stream.of(Arguments.of("default values", Optional.empty()),
                         Arguments.of("production values", Optional.of(Chart.PRODUCTION_VALUES)));
    }

    private static Chart.Rendered render(Optional<java.nio.file.Path> values) {
        return Chart.render(values, Map.of());
    }

    @Test
    void lintsCleanInStrictMode() {
        LintResult lint = new Helm(Chart.DIR).lint().strict().call();
        assertThat(String.join("\n", lint.getMessages()), lint.isFailed(), is(false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void everyObjectCarriesTheStandardLabels(String name, Optional<java.nio.file.Path> values) {
        for (JsonNode object : render(values).raw()) {
            JsonNode labels = object.path("metadata").path("labels");
            for (String label : List.of("app.kubernetes.io/name", "app.kubernetes.io/instance",
                                        "app.kubernetes.io/version", "app.kubernetes.io/managed-by",
                                        "app.kubernetes.io/part-of", "helm.sh/chart")) {
                assertThat(object.path("kind") + " " + object.path("metadata").path("name") + " " + label,
                           labels.path(label).isMissingNode(), is(false));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void everyPodRunsAsNonRootReadOnlyWithoutCapabilitiesAndWithResources(String name,
                                                                         Optional<java.nio.file.Path> values) {
        Chart.Rendered chart = render(values);
        List<PodSpec> pods = Stream.concat(
                chart.all(Deployment.class).stream().map(deployment -> deployment.getSpec().getTemplate().getSpec()),
                chart.all(Job.class).stream().map(job -> job.getSpec().getTemplate().getSpec())).toList();
        assertThat(pods, not(empty()));
        for (PodSpec pod : pods) {
            assertThat(pod.getSecurityContext().getRunAsNonRoot(), is(true));
            assertThat(pod.getSecurityContext().getRunAsUser(), greaterThan(0L));
            assertThat(pod.getAutomountServiceAccountToken(), is(false));
            // the API server refuses lifecycle hooks on init containers
            pod.getInitContainers().forEach(init -> assertThat(init.getName(), init.getLifecycle(), nullValue()));
            for (Container container : Stream.concat(pod.getContainers().stream(),
                                                     pod.getInitContainers().stream()).toList()) {
                String what = container.getName();
                assertThat(what, container.getSecurityContext().getRunAsNonRoot(), is(true));
                assertThat(what, container.getSecurityContext().getReadOnlyRootFilesystem(), is(true));
                assertThat(what, container.getSecurityContext().getAllowPrivilegeEscalation(), is(false));
                assertThat(what, container.getSecurityContext().getCapabilities().getDrop(), hasItem("ALL"));
                assertThat(what, container.getResources().getRequests(), hasKey("cpu"));
                assertThat(what, container.getResources().getRequests(), hasKey("memory"));
                assertThat(what, container.getResources().getLimits(), hasKey("memory"));

            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void servicesHaveProbesADrainLongerGracePeriodAWritableTmpAndSpread(String name,
                                                                        Optional<java.nio.file.Path> values) {
        Chart.Rendered chart = render(values);
        for (String service : SERVICES) {
            PodSpec pod = chart.pod(service);
            Container container = pod.getContainers().getFirst();
            assertThat(container.getStartupProbe(), notNullValue());
            assertThat(container.getReadinessProbe(), notNullValue());
            assertThat(container.getLivenessProbe(), notNullValue());
            for (Probe probe : List.of(container.getStartupProbe(), container.getReadinessProbe(),
                                       container.getLivenessProbe())) {
                assertThat("an explicit probe timeout", probe.getTimeoutSeconds(), notNullValue());
            }

            long drain = Duration.parse(env(container, "SHUTDOWN_DRAIN_DASH_DEADLINE")).toSeconds();
            long preStop = Long.parseLong(container.getLifecycle().getPreStop().getExec().getCommand().get(1));
            assertThat(container.getLifecycle().getPreStop().getExec().getCommand().getFirst(), is("sleep"));
            assertThat(service, pod.getTerminationGracePeriodSeconds(), greaterThan(drain + preStop));
            if (!name.contains("dev")) {
                // a drain shorter than the chat deadline (novai.chat.deadline, PT5M) cuts the longest streams
                assertThat(name + " " + service + " drain", drain, greaterThanOrEqualTo(300L));
            }

            assertThat(container.getVolumeMounts().stream().filter(mount -> mount.getMountPath().equals("/tmp"))
                               .count(), is(1L));
            assertThat(pod.getVolumes().stream().filter(volume -> volume.getName().equals("tmp"))
                               .findFirst().orElseThrow().getEmptyDir(), notNullValue());
            assertThat(pod.getTopologySpreadConstraints(), not(empty()));
            assertThat(pod.getTopologySpreadConstraints().getFirst().getLabelSelector().getMatchLabels()
                               .get("app.kubernetes.io/component"), is(service));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void gatewayProbesHttpHealthAndBackendsUseNativeGrpcProbes(String name, Optional<java.nio.file.Path> values) {
        Chart.Rendered chart = render(values);
        Container gateway = chart.container("gateway");
        assertThat(gateway.getReadinessProbe().getHttpGet().getPath(), is("/observe/health/ready"));
        assertThat(gateway.getLivenessProbe().getHttpGet().getPath(), is("/observe/health/live"));
        assertThat("the database is a start-up check, never readiness", gateway.getStartupProbe().getHttpGet().getPath(),
                   is("/observe/health/started"));
        for (Probe probe : List.of(gateway.getStartupProbe(), gateway.getReadinessProbe(), gateway.getLivenessProbe())) {
            assertThat(probe.getHttpGet().getPort().getStrVal(), is("management"));
        }

        for (String backend : BACKENDS) {
            Container container = chart.container(backend);
            int port = container.getPorts().getFirst().getContainerPort();
            for (Probe probe : List.of(container.getStartupProbe(), container.getReadinessProbe())) {
                assertThat(backend, probe.getGrpc(), notNullValue());
                assertThat(backend, probe.getGrpc().getPort(), is(port));
            }
            assertThat(container.getLivenessProbe().getHttpGet().getPath(), is("/observe/health/live"));
        }
        // the embedding model loads before the pod turns ready: minutes, not seconds
        Probe embeddingStartup = chart.container("embedding").getStartupProbe();
        assertThat(embeddingStartup.getPeriodSeconds() * embeddingStartup.getFailureThreshold(),
                   greaterThanOrEqualTo(180));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void backendsAreHeadlessAndTheGatewayBalancesOverTheirDns(String name, Optional<java.nio.file.Path> values) {
        Chart.Rendered chart = render(values);
        Container gateway = chart.container("gateway");
        for (String backend : BACKENDS) {
            Service headless = chart.named(Service.class, "novai-" + backend + "-headless");
            Deployment deployment = chart.named(Deployment.class, "novai-" + backend);
            assertThat(headless.getSpec().getClusterIP(), is("None"));
            assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels().entrySet()
                               .containsAll(headless.getSpec().getSelector().entrySet()), is(true));
            int port = headless.getSpec().getPorts().getFirst().getPort();
            assertThat(env(gateway, "NOVAI_BACKENDS_" + backend.toUpperCase() + "_TARGET"),
                       is("dns:///novai-" + backend + "-headless:" + port));
        }
        assertThat(chart.named(Service.class, "novai-gateway").getSpec().getClusterIP(), nullValue());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void healthAndMetricsAreNeverOnThePublicServiceOrTheIngress(String name, Optional<java.nio.file.Path> values) {
        Chart.Rendered chart = render(values);
        Service service = chart.named(Service.class, "novai-gateway");
        assertThat(service.getSpec().getPorts().stream().map(port -> port.getTargetPort().getStrVal()).toList(),
                   contains("http"));
        Service management = chart.named(Service.class, "novai-gateway-management");
        assertThat(management.getSpec().getType(), is("ClusterIP"));
        assertThat(management.getSpec().getPorts().stream().map(port -> port.getTargetPort().getStrVal()).toList(),
                   contains("management"));
        int managementPort = chart.container("gateway").getPorts().stream()
                .filter(port -> port.getName().equals("management")).findFirst().orElseThrow().getContainerPort();
        assertThat(env(chart.container("gateway"), "NOVAI_MANAGEMENT_PORT"), is(Integer.toString(managementPort)));
        for (Ingress ingress : chart.all(Ingress.class)) {
            ingress.getSpec().getRules().forEach(rule -> rule.getHttp().getPaths().forEach(path -> assertThat(
                    path.getBackend().getService().getName(), is("novai-gateway"))));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void onlyTheGatewayIsReachableAndBackendsOnlyFromIt(String name, Optional<java.nio.file.Path> values) {
        Chart.Rendered chart = render(values);
        Map<String, String> gatewayPods = chart.named(Deployment.class, "novai-gateway").getSpec().getTemplate()
                .getMetadata().getLabels();
        for (String backend : BACKENDS) {
            NetworkPolicy policy = chart.named(NetworkPolicy.class, "novai-" + backend);
            assertThat(policy.getSpec().getPodSelector().getMatchLabels().get("app.kubernetes.io/component"),
                       is(backend));
            assertThat(policy.getSpec().getPolicyTypes(), is(List.of("Ingress", "Egress")));
            List<NetworkPolicyPeer> from = policy.getSpec().getIngress().getFirst().getFrom();
            NetworkPolicyPeer gateway = from.getFirst();
            assertThat(gatewayPods.entrySet().containsAll(gateway.getPodSelector().getMatchLabels().entrySet()),
                       is(true));
            assertThat(gateway.getNamespaceSelector(), nullValue());
            // anything else admitted is a namespace of scrapers, never "everyone"
            from.stream().skip(1).forEach(peer -> assertThat(peer.getNamespaceSelector(), notNullValue()));
        }
        assertThat(chart.named(NetworkPolicy.class, "novai-gateway").getSpec().getIngress().getFirst().getPorts()
                           .getFirst().getPort().getStrVal(), is("http"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void everyServiceHasAnAutoscalerAndADisruptionBudget(String name, Optional<java.nio.file.Path> values) {
        Chart.Rendered chart = render(values);
        for (String service : SERVICES) {
            Deployment deployment = chart.named(Deployment.class, "novai-" + service);
            HorizontalPodAutoscaler hpa = chart.named(HorizontalPodAutoscaler.class, "novai-" + service);
            assertThat(hpa.getSpec().getScaleTargetRef().getName(), is(deployment.getMetadata().getName()));
            assertThat(hpa.getSpec().getMetrics().getLast().getResource().getName(), is("cpu"));
            assertThat(deployment.getSpec().getReplicas(), nullValue()); // the HPA owns the count

            PodDisruptionBudget pdb = chart.named(PodDisruptionBudget.class, "novai-" + service);
            assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels().entrySet()
                               .containsAll(pdb.getSpec().getSelector().getMatchLabels().entrySet()), is(true));
            assertThat(pdb.getSpec().getMinAvailable().getIntVal(), greaterThanOrEqualTo(1));
        }
    }

    @Test
    void worksAsASubchartAndPullsByRegistryAndDigest() {
        String digest = "sha256:" + "a1".repeat(32);
        Chart.Rendered chart = Chart.render(Optional.empty(), Map.of("global.team", "platform",
                                                                     "image.registry", "registry.example.com/mirror/",
                                                                     "gateway.image.digest", digest));
        assertThat(chart.container("gateway").getImage(), is("registry.example.com/mirror/novai/gateway@" + digest));
        assertThat(chart.container("inference").getImage(), is("registry.example.com/mirror/novai/inference:1.0.0"));
        assertThat(chart.container("tools").getImage(), is("registry.example.com/mirror/novai/tools:1.0.0"));
        // a rollout's pods spread among themselves, not with the pods going away
        assertThat(chart.pod("gateway").getTopologySpreadConstraints().getFirst().getMatchLabelKeys(),
                   is(List.of("pod-template-hash")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void memoryIsNotOvercommittedAndTheJvmSizesItselfByTheRequests(String name, Optional<java.nio.file.Path> values) {
        Chart.Rendered chart = render(values);
        for (String service : SERVICES) {
            Container container = chart.container(service);
            // a pod gets the memory it may use: never OOM-killed because a neighbour used more than it asked for
            assertThat(service + " memory request = limit", container.getResources().getRequests().get("memory"),
                       is(container.getResources().getLimits().get("memory")));
            String jvm = env(container, "JDK_JAVA_OPTIONS");
            // thread pools (and onnxruntime's) by the CPU request, not the node's cores
            assertThat(service, jvm, containsString("-XX:ActiveProcessorCount=$(CPU_REQUEST)"));
            // onnxruntime's native memory lives outside the heap; the tools service's MCP servers are child
            // processes under its memory limit
            assertThat(service, jvm, containsString(List.of("embedding", "tools").contains(service)
                    ? "-XX:MaxRAMPercentage=50" : "-XX:MaxRAMPercentage=75"));
            List<String> names = container.getEnv().stream().map(EnvVar::getName).toList();
            assertThat("CPU_REQUEST is defined before it is used", names.indexOf("CPU_REQUEST"),
                       lessThan(names.indexOf("JDK_JAVA_OPTIONS")));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void aSecretWithoutTheDatabasePasswordStopsThePodOptionalKeysDoNot(String name,
                                                                       Optional<java.nio.file.Path> values) {
        Chart.Rendered chart = render(values);
        Map<String, Boolean> optional = new java.util.TreeMap<>();
        for (String service : SERVICES) {
            PodSpec pod = chart.pod(service);
            Stream.concat(pod.getContainers().stream(), pod.getInitContainers().stream())
                    .flatMap(container -> container.getEnv().stream())
                    .filter(variable -> variable.getValueFrom() != null && variable.getValueFrom().getSecretKeyRef() != null)
                    .forEach(variable -> optional.put(variable.getValueFrom().getSecretKeyRef().getKey(),
                                                      variable.getValueFrom().getSecretKeyRef().getOptional()));
        }
        assertThat(optional, is(Map.of("database-password", false, "admin-token", true,
                                       "openai-api-key", true, "anthropic-api-key", true,
                                       "gemini-api-key", true)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void egressIsWhatEachComponentNeedsAndNeverTheMetadataAddress(String name, Optional<java.nio.file.Path> values) {
        Chart.Rendered chart = render(values);
        for (NetworkPolicy policy : chart.all(NetworkPolicy.class)) {
            assertThat(policy.getMetadata().getName(), policy.getSpec().getPolicyTypes(), hasItem("Egress"));
        }
        for (String backend : Services.MODEL_BACKENDS) {
            List<io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule> egress =
                    chart.named(NetworkPolicy.class, "novai-" + backend).getSpec().getEgress();
            var providers = egress.stream().flatMap(rule -> rule.getTo().stream())
                    .filter(peer -> peer.getIpBlock() != null).findFirst().orElseThrow().getIpBlock();
            assertThat(providers.getCidr(), is("0.0.0.0/0"));
            assertThat(backend + ": no cloud metadata, no private ranges", providers.getExcept(),
                       org.hamcrest.Matchers.hasItems("169.254.0.0/16", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"));
        }
        // the gateway reaches its backends (and DNS), by pod, on their ports
        List<io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule> gateway =
                chart.named(NetworkPolicy.class, "novai-gateway").getSpec().getEgress();
        for (String backend : BACKENDS) {
            int port = chart.container(backend).getPorts().getFirst().getContainerPort();
            assertThat(backend, gateway.stream().anyMatch(rule -> rule.getTo().stream().anyMatch(
                    peer -> peer.getPodSelector() != null && backend.equals(peer.getPodSelector().getMatchLabels()
                            .get("app.kubernetes.io/component")))
                    && rule.getPorts().stream().anyMatch(allowed -> allowed.getPort().getIntVal() == port)), is(true));
        }
        assertThat("DNS", gateway.getFirst().getPorts().getFirst().getPort().getIntVal(), is(53));
        if (values.isPresent()) {
            assertThat("production allows its managed stores and collector", gateway.stream()
                    .anyMatch(rule -> rule.getPorts().stream().anyMatch(port -> port.getPort().getIntVal() == 5432)),
                       is(true));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void theToolsServiceIsReachedByTheGatewayAloneAndReachesDnsAndItsAllowListAlone(
            String name, Optional<java.nio.file.Path> values) throws java.io.IOException {
        Chart.Rendered chart = render(values);
        JsonNode given = values.isPresent() ? Repo.yamlDocuments(java.nio.file.Files.readString(values.get())).getFirst()
                : Repo.yaml("helm/novai/values.yaml");
        NetworkPolicy policy = chart.named(NetworkPolicy.class, "novai-tools");
        assertThat(policy.getSpec().getPodSelector().getMatchLabels().get("app.kubernetes.io/component"), is("tools"));
        assertThat(policy.getSpec().getPolicyTypes(), is(List.of("Ingress", "Egress")));
        // in: the gateway's pods on the gRPC port; besides them only the scrapers' namespaces, when some are named
        assertThat(policy.getSpec().getIngress().size(), is(1));
        NetworkPolicyIngressRule ingress = policy.getSpec().getIngress().getFirst();
        assertThat(ingress.getPorts().stream().map(port -> port.getPort().getStrVal()).toList(), is(List.of("grpc")));
        NetworkPolicyPeer gateway = ingress.getFrom().getFirst();
        assertThat(gateway.getPodSelector().getMatchLabels().get("app.kubernetes.io/component"), is("gateway"));
        assertThat(gateway.getNamespaceSelector(), nullValue());
        assertThat(ingress.getFrom().size(), is(1 + given.path("networkPolicy").path("metricsFrom").size()));

        // out: DNS first, then exactly tools.egress (as CIDR rules), then networkPolicy.extraEgress (every pod's)
        List<NetworkPolicyEgressRule> egress = policy.getSpec().getEgress();
        NetworkPolicyEgressRule dns = egress.getFirst();
        assertThat(dns.getTo().getFirst().getPodSelector().getMatchLabels().get("k8s-app"), is("kube-dns"));
        assertThat(dns.getPorts().stream().map(port -> port.getPort().getIntVal()).distinct().toList(), is(List.of(53)));
        JsonNode allowed = given.path("tools").path("egress");
        JsonNode everyPod = given.path("networkPolicy").path("extraEgress");
        assertThat(egress.size(), is(1 + allowed.size() + everyPod.size()));
        for (int i = 0; i < allowed.size(); i++) {
            NetworkPolicyEgressRule rule = egress.get(1 + i);
            assertThat(rule.getTo().size(), is(1));
            assertThat(rule.getTo().getFirst().getIpBlock().getCidr(), is(allowed.path(i).path("cidr").asText()));
            List<Integer> ports = new java.util.ArrayList<>();
            allowed.path(i).path("ports").forEach(port -> ports.add(port.asInt()));
            assertThat(rule.getPorts().stream().map(port -> port.getPort().getIntVal()).toList(), is(ports));
        }
        // never the providers' open HTTPS of inference and embedding
        assertThat(egress.stream().flatMap(rule -> rule.getTo().stream())
                           .filter(peer -> peer.getIpBlock() != null)
                           .map(peer -> peer.getIpBlock().getCidr()).toList(), not(hasItem("0.0.0.0/0")));
        if (values.isEmpty()) {
            assertThat("by default DNS and nothing else", egress.size(), is(1));
        } else {
            assertThat("production lists its MCP servers", allowed.size(), greaterThan(0));
        }
    }

    @Test
    void theToolsServiceGetsItsMcpCredentialsMountsAndAllowListAndNoProviderKey(@TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        java.nio.file.Path values = java.nio.file.Files.writeString(dir.resolve("tools.yaml"), """
                secrets:
                  openaiApiKey: sk-openai
                  extra: {mcp-github-token: ghp-token}
                tools:
                  secretEnv: {GITHUB_TOKEN: mcp-github-token}
                  extraVolumes: [{name: mcp, emptyDir: {}}]
                  extraVolumeMounts: [{name: mcp, mountPath: /opt/mcp, readOnly: true}]
                  egress:
                    - {cidr: 203.0.113.0/24, ports: [443, 8443]}
                    - {cidr: 198.51.100.0/24, except: [198.51.100.1/32], ports: [53], protocol: UDP}
                """);
        Chart.Rendered chart = Chart.render(Optional.of(values), Map.of());
        Container tools = chart.container("tools");
        EnvVar token = tools.getEnv().stream().filter(variable -> variable.getName().equals("GITHUB_TOKEN"))
                .findFirst().orElseThrow();
        assertThat(token.getValueFrom().getSecretKeyRef().getName(), is("novai-secrets"));
        assertThat(token.getValueFrom().getSecretKeyRef().getKey(), is("mcp-github-token"));
        assertThat("a missing credential stops the pod at once", token.getValueFrom().getSecretKeyRef().getOptional(),
                   is(false));
        assertThat(chart.named(Secret.class, "novai-secrets").getStringData().get("mcp-github-token"), is("ghp-token"));
        // the provider keys stay with the model backends
        List<String> names = tools.getEnv().stream().map(EnvVar::getName).toList();
        assertThat(names, not(hasItem("OPENAI_API_KEY")));
        assertThat(names, not(hasItem("ANTHROPIC_API_KEY")));
        assertThat(chart.container("inference").getEnv().stream().map(EnvVar::getName).toList(),
                   hasItem("OPENAI_API_KEY"));
        // it reads the one registry (its tools section), as the other backends do
        assertThat(env(tools, "MODELS_REGISTRY"), is("/etc/novai/models.yaml"));
        assertThat(tools.getVolumeMounts().stream().anyMatch(mount -> mount.getName().equals("models")), is(true));
        // a stdio MCP server mounted rather than built into the image
        assertThat(tools.getVolumeMounts().stream().anyMatch(mount -> mount.getMountPath().equals("/opt/mcp")
                && Boolean.TRUE.equals(mount.getReadOnly())), is(true));
        assertThat(chart.pod("tools").getVolumes().stream().anyMatch(volume -> volume.getName().equals("mcp")),
                   is(true));
        List<NetworkPolicyEgressRule> egress = chart.named(NetworkPolicy.class, "novai-tools").getSpec().getEgress();
        assertThat(egress.size(), is(3));
        assertThat(egress.get(1).getPorts().stream().map(port -> port.getPort().getIntVal() + "/" + port.getProtocol())
                           .toList(), is(List.of("443/TCP", "8443/TCP")));
        assertThat(egress.get(2).getTo().getFirst().getIpBlock().getExcept(), is(List.of("198.51.100.1/32")));
        assertThat(egress.get(2).getPorts().getFirst().getProtocol(), is("UDP"));
    }

    @Test
    void withoutTheToolsServiceNothingOfItIsRenderedAndTheGatewayHasAnEmptyTarget() {
        Chart.Rendered chart = Chart.render(Optional.of(Chart.PRODUCTION_VALUES), Map.of("tools.enabled", "false"));
        assertThat(chart.raw().stream().filter(object -> object.path("metadata").path("labels")
                .path("app.kubernetes.io/component").asText().equals("tools")).toList(), empty());
        // empty = no server-side tools; unset, the gateway would look for them at its default 127.0.0.1:50053
        assertThat(env(chart.container("gateway"), Services.targetVariable("tools")), is(""));
        assertThat(chart.named(NetworkPolicy.class, "novai-gateway").getSpec().getEgress().stream()
                           .flatMap(rule -> rule.getTo().stream())
                           .filter(peer -> peer.getPodSelector() != null)
                           .map(peer -> peer.getPodSelector().getMatchLabels().get("app.kubernetes.io/component"))
                           .toList(), not(hasItem("tools")));
        assertThat(chart.rawOfKind("ServiceMonitor").getFirst().path("spec").path("selector").path("matchExpressions")
                           .path(0).path("values").toString(), not(containsString("tools")));
    }

    @Test
    void aRotatedExistingSecretRollsThePodsThroughReloader() {
        Chart.Rendered production = render(Optional.of(Chart.PRODUCTION_VALUES));
        for (String service : SERVICES) {
            assertThat(service, production.named(Deployment.class, "novai-" + service).getSpec().getTemplate()
                               .getMetadata().getAnnotations().get("secret.reloader.stakater.com/reload"),
                       is("novai-provider-keys"));
        }
    }

    @Test
    void theIngressTakesTheBodiesTheGatewayTakes() {
        String limit = Repo.yaml("helm/novai/values.yaml").path("ingress").path("annotations")
                .path("nginx.ingress.kubernetes.io/proxy-body-size").asText();
        // the gateway's default (its settings record; the reference document is tested against it)
        long gateway = Repo.yaml("docs/configuration/gateway.yaml").path("novai").path("http")
                .path("max-body-size").asLong();
        assertThat("nginx's " + limit + " is the gateway's " + gateway + " bytes",
                   Long.parseLong(limit.replace("m", "")) * 1024 * 1024, is(gateway));
    }

    @Test
    void inProductionTheGatewayScalesOnOpenStreamsFirst() {
        HorizontalPodAutoscaler hpa = render(Optional.of(Chart.PRODUCTION_VALUES))
                .named(HorizontalPodAutoscaler.class, "novai-gateway");
        assertThat(hpa.getSpec().getMetrics().getFirst().getPods().getMetric().getName(),
                   is("novai_gateway_active_streams"));
        assertThat(hpa.getSpec().getMetrics().getFirst().getPods().getTarget().getAverageValue().toString(), is("200"));
        // the backends' autoscalers never take the gateway's metric, and the defaults stay on CPU alone
        assertThat(render(Optional.of(Chart.PRODUCTION_VALUES)).named(HorizontalPodAutoscaler.class, "novai-inference")
                           .getSpec().getMetrics().size(), is(1));
        assertThat(render(Optional.empty()).named(HorizontalPodAutoscaler.class, "novai-gateway").getSpec().getMetrics()
                           .size(), is(1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void theGatewayNeverMigratesWhileServingAndTheMigrationRunsOnce(String name,
                                                                   Optional<java.nio.file.Path> values) {
        // helm-java's template leaves hooks out: render the Job (mode job) as a plain one to see it
        Chart.Rendered chart = Chart.render(values, Map.of("migrations.jobHook", "false"));
        PodSpec gateway = chart.pod("gateway");
        assertThat(env(gateway.getContainers().getFirst(), "NOVAI_DATABASE_MIGRATE"), is("false"));
        List<Container> migrations = Stream.concat(
                gateway.getInitContainers().stream(),
                chart.all(Job.class).stream().flatMap(job -> job.getSpec().getTemplate().getSpec().getContainers()
                        .stream())).toList();
        assertThat(migrations.size(), is(1));
        assertThat(migrations.getFirst().getArgs(), is(List.of("--migrate-only")));
        assertThat(env(migrations.getFirst(), "NOVAI_DATABASE_URL"), containsString("jdbc:postgresql://"));
    }

    @Test
    void productionMigratesInAHookJobAndUsesTheExistingSecret() {
        Chart.Rendered chart = render(Optional.of(Chart.PRODUCTION_VALUES));
        // a hook is not part of the release manifest (helm-java's template, like helm get manifest)
        assertThat(chart.all(Job.class), empty());
        assertThat(Repo.read("helm/novai/templates/migration-job.yaml"),
                   containsString("helm.sh/hook: pre-install,pre-upgrade"));
        Job plain = Chart.render(Optional.of(Chart.PRODUCTION_VALUES), Map.of("migrations.jobHook", "false"))
                .all(Job.class).getFirst();
        assertThat(plain.getMetadata().getAnnotations() == null || plain.getMetadata().getAnnotations().isEmpty(),
                   is(true));
        assertThat(plain.getSpec().getTemplate().getSpec().getRestartPolicy(), is("Never"));
        assertThat(chart.pod("gateway")
                           .getInitContainers(), empty());
        assertThat(chart.all(Secret.class), empty());
        Container inference = chart.container("inference");
        EnvVar openAiKey = inference.getEnv().stream().filter(env -> env.getName().equals("OPENAI_API_KEY"))
                .findFirst().orElseThrow();
        assertThat(openAiKey.getValueFrom().getSecretKeyRef().getName(), is("novai-provider-keys"));
        assertThat(env(inference, "OTEL_EXPORTER_OTLP_ENDPOINT"), containsString(":4318"));
        assertThat(env(inference, "OTEL_SERVICE_NAME"), is("novai-inference"));
        // no in-cluster databases
        assertThat(chart.all(Deployment.class).size(), is(SERVICES.size()));
    }

    @Test
    void defaultsRunSelfContainedWithDevDatabasesAndTheirOwnSecret() {
        Chart.Rendered chart = render(Optional.empty());
        assertThat(chart.all(Deployment.class).stream().map(d -> d.getMetadata().getName()).sorted().toList(),
                   is(List.of("novai-embedding", "novai-gateway", "novai-inference", "novai-postgresql",
                              "novai-redis", "novai-tools")));
        Secret secret = chart.named(Secret.class, "novai-secrets");
        assertThat(secret.getStringData(), hasKey("database-password"));
        assertThat(secret.getStringData(), not(hasKey("admin-token")));
        Container gateway = chart.container("gateway");
        assertThat(env(gateway, "NOVAI_DATABASE_URL"), is("jdbc:postgresql://novai-postgresql:5432/novai"));
        assertThat(env(gateway, "NOVAI_REDIS_URL"), is("redis://novai-redis:6379"));
        for (String database : List.of("postgresql", "redis")) {
            NetworkPolicy policy = chart.named(NetworkPolicy.class, "novai-" + database);
            assertThat(policy.getSpec().getIngress().getFirst().getFrom().getFirst().getPodSelector()
                               .getMatchLabels().get("app.kubernetes.io/component"), is("gateway"));
        }
        assertThat(chart.all(Ingress.class), empty());
        assertThat(chart.rawOfKind("ServiceMonitor"), empty());
    }

    @Test
    void theIngressIsSseFriendly() {
        Ingress ingress = render(Optional.of(Chart.PRODUCTION_VALUES)).all(Ingress.class).getFirst();
        Map<String, String> annotations = ingress.getMetadata().getAnnotations();
        assertThat(annotations.get("nginx.ingress.kubernetes.io/proxy-buffering"), is("off"));
        assertThat(Integer.parseInt(annotations.get("nginx.ingress.kubernetes.io/proxy-read-timeout")),
                   greaterThanOrEqualTo(600));
        assertThat(ingress.getSpec().getRules().getFirst().getHttp().getPaths().getFirst().getBackend().getService()
                           .getName(), is("novai-gateway"));
    }

    @Test
    void theServiceMonitorScrapesObserveMetrics() {
        JsonNode monitor = render(Optional.of(Chart.PRODUCTION_VALUES)).rawOfKind("ServiceMonitor").getFirst();
        assertThat(monitor.path("apiVersion").asText(), is("monitoring.coreos.com/v1"));
        for (JsonNode endpoint : monitor.path("spec").path("endpoints")) {
            assertThat(endpoint.path("path").asText(), is("/observe/metrics"));
        }
        assertThat(monitor.path("spec").path("endpoints").size(), is(2));
        assertThat(monitor.path("spec").path("endpoints").findValuesAsText("port"), contains("management", "grpc"));
        List<String> components = new java.util.ArrayList<>();
        monitor.path("spec").path("selector").path("matchExpressions").path(0).path("values")
                .forEach(component -> components.add(component.asText()));
        assertThat(components, org.hamcrest.Matchers.containsInAnyOrder(SERVICES.toArray()));
    }

    @Test
    void aChangedModelRegistryRollsTheBackends() {
        String before = modelsChecksum(Map.of());
        String after = modelsChecksum(Map.of("modelRegistry.content", "providers: {}\nmodels: []\n"));
        assertThat(before, notNullValue());
        assertThat(after, not(is(before)));
        HasMetadata configMap = Chart.render(Optional.empty(), Map.of("modelRegistry.content", "models: []\n"))
                .named(io.fabric8.kubernetes.api.model.ConfigMap.class, "novai-models");
        assertThat(((io.fabric8.kubernetes.api.model.ConfigMap) configMap).getData().get("models.yaml"),
                   is("models: []\n"));
    }

    @Test
    void valuesOutsideTheSchemaAndUnsafeCombinationsAreRefused() {
        assertThrows(RuntimeException.class, () -> Chart.template(Optional.empty(), Map.of("gatewy.replicas", "3")));
        assertThrows(RuntimeException.class, () -> Chart.template(Optional.empty(),
                                                                   Map.of("migrations.mode", "sometimes")));
        // a hook Job runs before the release's Secret exists
        assertThrows(RuntimeException.class, () -> Chart.template(Optional.empty(), Map.of("migrations.mode", "job")));
        assertThrows(RuntimeException.class, () -> Chart.template(Optional.empty(),
                                                                   Map.of("devPostgresql.enabled", "false")));
        // tools.egress: CIDR ranges with their ports, never a bare "everywhere on every port"
        assertThrows(RuntimeException.class, () -> Chart.template(Optional.empty(), Map.of(
                "tools.egress[0].cidr", "everywhere", "tools.egress[0].ports[0]", "443")));
        assertThrows(RuntimeException.class, () -> Chart.template(Optional.empty(), Map.of(
                "tools.egress[0].cidr", "203.0.113.0/24")));
        assertThrows(RuntimeException.class, () -> Chart.template(Optional.empty(), Map.of(
                "tools.secretEnv.NOT-A-NAME", "mcp-token")));
        // an extra key never replaces one the chart writes
        assertThrows(RuntimeException.class, () -> Chart.template(Optional.empty(), Map.of(
                "secrets.extra.database-password", "other")));
    }

    @Test
    void strictParsingRejectsMisplacedFieldsThatKubernetesWouldDrop() {
        String probeOnThePod = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  selector: {matchLabels: {a: b}}
                  template:
                    metadata: {labels: {a: b}}
                    spec:
                      readinessProbe: {httpGet: {path: /, port: 80}}
                      containers: [{name: x, image: x}]
                """;
        String valid = probeOnThePod.replace("      readinessProbe: {httpGet: {path: /, port: 80}}\n", "");
        assertThat(Chart.parse(Repo.yamlDocuments(valid).getFirst()), notNullValue());
        assertThrows(AssertionError.class, () -> Chart.parse(Repo.yamlDocuments(probeOnThePod).getFirst()));
        assertThrows(AssertionError.class, () -> Chart.parse(Repo.yamlDocuments(
                valid.replace("apps/v1", "extensions/v1beta1")).getFirst()));
    }

    // the registry's checksum on the backends' pods: one value, the same on every backend
    private String modelsChecksum(Map<String, String> set) {
        Chart.Rendered chart = Chart.render(Optional.empty(), set);
        List<String> checksums = BACKENDS.stream().map(backend -> chart.named(Deployment.class, "novai-" + backend)
                .getSpec().getTemplate().getMetadata().getAnnotations().get("checksum/models")).distinct().toList();
        assertThat(checksums.size(), is(1));
        return checksums.getFirst();
    }

    private static String env(Container container, String name) {
        return container.getEnv().stream().filter(env -> env.getName().equals(name)).findFirst()
                .map(EnvVar::getValue)
                .orElseThrow(() -> new AssertionError(container.getName() + " has no env " + name));
    }
}
