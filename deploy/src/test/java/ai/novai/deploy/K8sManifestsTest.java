package ai.novai.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * {@code k8s/novai.yaml} is the chart rendered with its default values, for users without Helm. A chart
 * change that is not rendered again fails here; {@code deploy/render-k8s.sh} renders it again (this test
 * with {@code -Dnovai.k8s.update=true}).
 */
class K8sManifestsTest {

    static final Path MANIFESTS = Repo.path("k8s/novai.yaml");
    static final String HEADER = """
            # GENERATED from helm/novai with its default values (release "novai"): do not edit by hand.
            # Regenerate with deploy/render-k8s.sh; a stale copy fails the build (K8sManifestsTest).
            #   kubectl create namespace novai && kubectl -n novai apply -f k8s/novai.yaml
            """;

    @Test
    void k8sManifestsAreTheChartRenderedWithDefaultValues() throws IOException {
        String rendered = HEADER + Chart.template(Optional.empty(), Map.of());
        if (Boolean.getBoolean("novai.k8s.update")) {
            Files.createDirectories(MANIFESTS.getParent());
            Files.writeString(MANIFESTS, rendered);
        }
        String committed = Files.exists(MANIFESTS) ? Files.readString(MANIFESTS) : "(missing)";
        assertThat("k8s/novai.yaml is stale: run deploy/render-k8s.sh", committed.equals(rendered), is(true));
    }

    @Test
    void k8sManifestsAreValidKubernetesObjects() throws IOException {
        Repo.yamlDocuments(Files.readString(MANIFESTS)).forEach(Chart::parse);
    }
}
