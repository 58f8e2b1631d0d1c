package ai.novai.inference.routing;

import java.nio.file.Path;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** {@code docs/configuration/inference.yaml} documents every setting at its default, as the records have them. */
class ConfigurationReferenceTest {

    @Test
    void theReferenceReadsAsTheDefaults() {
        Config reference = Config.just(ConfigSources.file(Path.of("../../docs/configuration/inference.yaml")));
        assertThat(RoutingPolicy.from(reference.get("routing")), is(RoutingPolicy.from(Config.empty())));
    }
}
