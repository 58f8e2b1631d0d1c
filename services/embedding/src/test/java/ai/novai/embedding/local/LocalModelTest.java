package ai.novai.embedding.local;

import java.time.Duration;
import java.util.List;

import ai.novai.common.models.Deployment;
import ai.novai.common.models.ModelEntry;
import ai.novai.common.models.Price;
import ai.novai.embedding.batching.BatchingSettings;
import ai.novai.proto.common.v1.ModelKind;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Which input limit a registry entry gets from the local model it is deployed on.
 */
class LocalModelTest {

    @Test
    void theRegistryLimitWinsAndTheModelsDefaultFillsIn() {
        try (LocalModel model = model()) {
            assertThat(model.maxTokens(entry(128)), is(128));
            assertThat(model.maxTokens(entry(0)), is(256));
            assertThat(model.maxTokens(entry(512)), is(512));
        }
    }

    @Test
    void aRegistryLimitBeyondTheNetworksPositionsIsAConfigurationError() {
        try (LocalModel model = model()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> model.maxTokens(entry(1024)));

            assertThat(e.getMessage(), containsString("max-output-tokens 1024"));
        }
    }

    private static LocalModel model() {
        return new LocalModel("fake", new FixedEncoder(), 256, new BatchingSettings(4, Duration.ZERO, 16,
                                                                                   Duration.ofSeconds(1)));
    }

    private static ModelEntry entry(int maxTokens) {
        return new ModelEntry("fake-model", ModelKind.MODEL_KIND_EMBEDDING, List.of(new Deployment("local", "fake", 1)),
                              "novai", 0, List.of(), 0, maxTokens, Price.FREE, Price.FREE, 3, false, List.of());
    }

    /** An encoder that only knows its limit. */
    private static final class FixedEncoder implements TextEncoder {

        @Override
        public List<long[]> tokenize(List<String> texts) {
            return texts.stream().map(text -> new long[text.length()]).toList();
        }

        @Override
        public long[] truncate(long[] ids, int maxTokens) {
            return ids;
        }

        @Override
        public List<float[]> embed(List<long[]> batch) {
            return batch.stream().map(ids -> new float[3]).toList();
        }

        @Override
        public int maxPositions() {
            return 512;
        }

        @Override
        public void close() {
        }
    }
}
