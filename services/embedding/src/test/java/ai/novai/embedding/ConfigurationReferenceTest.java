package ai.novai.embedding;

import java.nio.file.Path;

import ai.novai.embedding.batching.BatchingSettings;
import ai.novai.embedding.local.OnnxSettings;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** {@code docs/configuration/embedding.yaml} documents every setting at its default, as the records have them. */
class ConfigurationReferenceTest {

    @Test
    void theReferenceReadsAsTheDefaults() {
        Config embedding = Config.just(ConfigSources.file(Path.of("../../docs/configuration/embedding.yaml")))
                .get("embedding");
        assertThat(BatchingSettings.from(embedding.get("batching")), is(BatchingSettings.DEFAULTS));
        assertThat(OnnxSettings.from(embedding.get("onnx")), is(OnnxSettings.from(Config.empty())));
    }
}
