package ai.novai.embedding.local;

import java.util.List;

import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

/**
 * The batched ONNX encoder against langchain4j's own all-MiniLM-L6-v2, which runs the same files one
 * text per pass: a padded batch must give each text the vector it gets alone.
 */
class OnnxSentenceEncoderTest {

    private static final double TOLERANCE = 1e-5;
    private static final List<String> TEXTS = List.of(
            "Hi",
            "The quick brown fox jumps over the lazy dog.",
            "NovAI routes embedding requests to a local ONNX model or to an upstream provider, batching "
                    + "concurrent calls so that the model runs once for many inputs.",
            "naïve café résumé",
            "1234 5678 90",
            "Short.");

    private static OnnxSentenceEncoder encoder;
    private static AllMiniLmL6V2EmbeddingModel reference;

    @BeforeAll
    static void load() {
        encoder = OnnxSentenceEncoder.load(LocalModelSpec.ALL_MINILM_L6_V2, new OnnxSettings(2, false));
        reference = new AllMiniLmL6V2EmbeddingModel();
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    @Test
    void aPaddedBatchGivesEachTextLangchain4jsVector() {
        List<float[]> vectors = encoder.embed(encoder.tokenize(TEXTS));

        for (int i = 0; i < TEXTS.size(); i++) {
            float[] expected = reference.embed(TEXTS.get(i)).content().vector();
            assertThat(TEXTS.get(i), maxDifference(vectors.get(i), expected), lessThan(TOLERANCE));
        }
    }

    @Test
    void aBatchGivesTheVectorsOfOneTextAtATime() {
        List<float[]> batched = encoder.embed(encoder.tokenize(TEXTS));

        for (int i = 0; i < TEXTS.size(); i++) {
            float[] single = encoder.embed(encoder.tokenize(List.of(TEXTS.get(i)))).getFirst();
            assertThat(maxDifference(batched.get(i), single), lessThan(TOLERANCE));
        }
    }

    @Test
    void tokensIncludeTheSpecialOnesAndAreNotCutAtTheTokenizerFilesLimit() {
        List<long[]> ids = encoder.tokenize(List.of("Hello world", "word ".repeat(300)));

        assertThat(ids.getFirst().length, is(4));
        assertThat(ids.getFirst()[0], is(101L));
        assertThat(ids.getFirst()[3], is(102L));
        assertThat(ids.get(1).length, is(302));
    }

    @Test
    void truncationKeepsTheClosingSeparator() {
        long[] ids = encoder.tokenize(List.of("word ".repeat(300))).getFirst();

        long[] cut = encoder.truncate(ids, 256);

        assertThat(cut.length, is(256));
        assertThat(cut[0], is(101L));
        assertThat(cut[254], is(ids[254]));
        assertThat(cut[255], is(102L));
        assertThat(encoder.truncate(cut, 256), is(cut));
    }

    private static double maxDifference(float[] a, float[] b) {
        assertThat(a.length, is(b.length));
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
