package ai.novai.deploy;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

/** {@code skaffold.yaml}: an image per service, the chart with skaffold's image names, the gateway forwarded. */
class SkaffoldTest {

    private static final JsonNode SKAFFOLD = Repo.yaml("skaffold.yaml");
    private static final List<String> SERVICES = Services.ALL;

    @Test
    void usesACurrentSchema() {
        assertThat(SKAFFOLD.path("apiVersion").asText(), startsWith("skaffold/v4beta"));
        assertThat(Integer.parseInt(SKAFFOLD.path("apiVersion").asText().substring("skaffold/v4beta".length())),
                   is(org.hamcrest.Matchers.greaterThanOrEqualTo(11)));
        assertThat(SKAFFOLD.path("kind").asText(), is("Config"));
    }

    @Test
    void buildsEachServiceFromTheDockerfile() {
        JsonNode artifacts = SKAFFOLD.path("build").path("artifacts");
        assertThat(artifacts.size(), is(SERVICES.size()));
        for (String service : SERVICES) {
            JsonNode artifact = artifacts.valueStream()
                    .filter(candidate -> candidate.path("image").asText().equals("novai/" + service)).findFirst()
                    .orElseThrow(() -> new AssertionError("no artifact novai/" + service));
            assertThat(service, artifact.path("context").asText(), is("."));
            assertThat(service, artifact.path("docker").path("dockerfile").asText(), is("Dockerfile"));
            JsonNode args = artifact.path("docker").path("buildArgs");
            assertThat(service, args.path("SERVICE").asText(), is(service));
            assertThat(service, args.path("PORT").asText(), is(Services.PORTS.get(service).toString()));
        }
    }

    @Test
    void deploysTheChartWithTheBuiltImages() {
        JsonNode release = SKAFFOLD.path("manifests").path("helm").path("releases").path(0);
        assertThat(release.path("chartPath").asText(), is("helm/novai"));
        assertThat(Repo.path(release.path("chartPath").asText()).resolve("Chart.yaml").toFile().isFile(), is(true));
        JsonNode values = release.path("setValueTemplates");
        for (String service : SERVICES) {
            String image = "novai_" + service;
            assertThat(values.path(service + ".image.repository").asText(), is("{{.IMAGE_REPO_" + image + "}}"));
            assertThat(values.path(service + ".image.tag").asText(), is("{{.IMAGE_TAG_" + image + "}}"));
        }
        assertThat(SKAFFOLD.path("deploy").has("helm"), is(true));
    }

    @Test
    void forwardsTheGatewayService() {
        JsonNode forward = SKAFFOLD.path("portForward").path(0);
        assertThat(forward.path("resourceType").asText(), is("service"));
        assertThat(forward.path("resourceName").asText(), is("novai-gateway"));
        assertThat(forward.path("port").asInt(), is(8080));
    }

    @Test
    void theDevProfileRendersOneSmallReplicaOfEach() {
        JsonNode profile = SKAFFOLD.path("profiles").path(0);
        assertThat(profile.path("name").asText(), is("dev"));
        String valuesFile = profile.path("patches").path(0).path("value").path(0).asText();
        Chart.Rendered chart = Chart.render(Optional.of(Repo.path(valuesFile)), Map.of());
        assertThat(chart.all(HorizontalPodAutoscaler.class), is(empty()));
        for (String service : SERVICES) {
            Deployment deployment = chart.named(Deployment.class, "novai-" + service);
            assertThat(deployment.getSpec().getReplicas(), is(1));
            String memory = deployment.getSpec().getTemplate().getSpec().getContainers().getFirst().getResources()
                    .getRequests().get("memory").toString();
            // at most 1.5 GiB (the embedding model's share), requests being limits
            assertThat(service + " requests " + memory,
                       io.fabric8.kubernetes.api.model.Quantity.getAmountInBytes(
                               new io.fabric8.kubernetes.api.model.Quantity(memory)).longValue() <= 3L << 29, is(true));
        }
    }
}
