package ai.novai.inference.providers.bedrock;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ai.novai.common.models.ModelEntry;
import ai.novai.common.models.ModelRegistry;
import ai.novai.inference.providers.Providers;
import ai.novai.inference.providers.ProviderFeatures;
import ai.novai.proto.common.v1.ModelKind;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * The commented-out Bedrock example of the built-in registry, uncommented as its comment says, is a registry the
 * service starts with, and offers its model only while the AWS secret is set.
 */
class BedrockRegistryExampleTest {

    @Test
    void theUncommentedExampleStartsAndIsOfferedWithTheSecret() throws IOException {
        ModelRegistry registry = ModelRegistry.parse(Config.just(ConfigSources.create(uncommented(builtIn()),
                                                                                       MediaTypes.APPLICATION_YAML)));

        Providers providers = Providers.create(registry);

        assertThat(providers.of(registry.provider("bedrock").orElseThrow()).features(), is(ProviderFeatures.NONE));
        assertThat(offered(registry, Map.of("AWS_SECRET_ACCESS_KEY", "s3cret")), hasItem("claude-bedrock"));
        assertThat(offered(registry, Map.of()), not(hasItem("claude-bedrock")));
    }

    private static List<String> offered(ModelRegistry registry, Map<String, String> environment) {
        return registry.offered(ModelKind.MODEL_KIND_CHAT, environment).stream().map(ModelEntry::id).toList();
    }

    // The block from "# bedrock:" and the one from "# - id: claude-bedrock", without their "# ".
    private static String uncommented(String registry) {
        List<String> lines = new ArrayList<>();
        boolean inBlock = false;
        for (String line : registry.split("\n", -1)) {
            String stripped = line.strip();
            if (stripped.equals("# bedrock:") || stripped.equals("# - id: claude-bedrock")) {
                inBlock = true;
            } else if (!stripped.startsWith("#   ")) {
                inBlock = false;
            }
            lines.add(inBlock ? line.replaceFirst("# ", "") : line);
        }
        String result = String.join("\n", lines);
        assertThat("the registry's Bedrock example is where this test looks for it",
                   result.contains("  bedrock:\n    type: bedrock\n"), is(true));
        return result;
    }

    private static String builtIn() throws IOException {
        try (InputStream in = ModelRegistry.class.getClassLoader().getResourceAsStream(ModelRegistry.BUILT_IN)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
