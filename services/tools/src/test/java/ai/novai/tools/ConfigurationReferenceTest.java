package ai.novai.tools;

import java.nio.file.Path;

import ai.novai.tools.mcp.McpSettings;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** {@code docs/configuration/tools.yaml} documents every setting at its default, as the records have them. */
class ConfigurationReferenceTest {

    @Test
    void theReferenceReadsAsTheDefaults() {
        Config tools = Config.just(ConfigSources.file(Path.of("../../docs/configuration/tools.yaml"))).get("tools");
        assertThat(ServiceSettings.from(tools), is(ServiceSettings.from(Config.empty())));
        assertThat(McpSettings.from(tools.get("mcp")), is(McpSettings.from(Config.empty())));
    }
}
