package ai.novai.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import ai.novai.common.models.ModelRegistry;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * The registry the chart mounts (ConfigMap) and compose mounts ({@code helm/novai/files/models.yaml}) is
 * the one NovAI ships: same text, and a registry the services can load.
 */
class ModelRegistryFileTest {

    @Test
    void theDeployedRegistryIsTheBuiltInOne() throws IOException {
        try (InputStream builtIn = ModelRegistry.class.getResourceAsStream("/" + ModelRegistry.BUILT_IN)) {
            assertThat("helm/novai/files/models.yaml differs from the built-in registry",
                       Repo.read("helm/novai/files/models.yaml"),
                       is(new String(builtIn.readAllBytes(), StandardCharsets.UTF_8)));
        }
    }

    @Test
    void theDeployedRegistryLoadsAsTheServicesLoadIt() {
        ModelRegistry registry = ModelRegistry.load(Config.just(ConfigSources.create(java.util.Map.of(
                "models.registry", Repo.path("helm/novai/files/models.yaml").toString()))));
        assertThat(registry.find("novai-echo").isPresent(), is(true));
        assertThat(registry.find("all-minilm-l6-v2").isPresent(), is(true));
    }
}
