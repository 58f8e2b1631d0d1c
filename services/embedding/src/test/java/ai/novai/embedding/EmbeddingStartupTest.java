package ai.novai.embedding;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A registry the service cannot honour stops it at start-up, naming the problem, instead of failing
 * requests later.
 */
class EmbeddingStartupTest {

    @Test
    void anUnknownLocalModelStopsTheService() {
        Map<String, String> registry = TestBackend.registry("""
                providers:
                  local-onnx:
                    type: local-onnx
                models:
                  - id: mystery
                    kind: embedding
                    provider: local-onnx
                    upstream-model: no-such-model
                """);

        IllegalStateException e = assertThrows(IllegalStateException.class,
                                               () -> TestBackend.start(registry, Map.of()));

        assertThat(e.getMessage(), containsString("has no model no-such-model"));
    }

    @Test
    void anInputLimitBeyondTheLocalModelStopsTheService() {
        Map<String, String> registry = TestBackend.registry("""
                providers:
                  local-onnx:
                    type: local-onnx
                models:
                  - id: long-minilm
                    kind: embedding
                    provider: local-onnx
                    upstream-model: all-minilm-l6-v2
                    max-output-tokens: 1024
                """);

        IllegalStateException e = assertThrows(IllegalStateException.class,
                                               () -> TestBackend.start(registry, Map.of()));

        assertThat(e.getMessage(), containsString("model long-minilm: max-output-tokens 1024 exceeds the 512"));
    }

    @Test
    void anOpenAiProviderWithoutBaseUrlStopsTheService() {
        Map<String, String> registry = TestBackend.registry("""
                providers:
                  broken:
                    type: openai
                models:
                  - id: broken-embedding
                    kind: embedding
                    provider: broken
                """);

        IllegalStateException e = assertThrows(IllegalStateException.class,
                                               () -> TestBackend.start(registry, Map.of()));

        assertThat(e.getMessage(), containsString("base-url is required"));
    }
}
