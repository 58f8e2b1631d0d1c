package ai.novai.gateway;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import ai.novai.gateway.testing.Http;
import ai.novai.gateway.testing.NovaiCluster;
import ai.novai.gateway.testing.OpenAiSchemas;
import com.openai.client.OpenAIClient;
import com.openai.errors.NotFoundException;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Embeddings through the whole system with the official OpenAI SDK: gateway → gRPC → embedding service
 * → the real all-MiniLM-L6-v2 model running in process.
 */
class EmbeddingsEndToEndTest {

    private static final String MODEL = "all-minilm-l6-v2";

    private static NovaiCluster cluster;
    private static OpenAIClient openai;
    private static Http http;

    @BeforeAll
    static void start() {
        cluster = NovaiCluster.start();
        openai = cluster.openAiClient();
        http = new Http(cluster.gatewayPort());
    }

    @AfterAll
    static void stop() {
        openai.close();
        cluster.close();
    }

    @Test
    void embedsOneText() {
        CreateEmbeddingResponse response = openai.embeddings().create(EmbeddingCreateParams.builder()
                .model(MODEL).input("NovAI turns text into vectors.").build());

        assertThat(response.data().size(), is(1));
        assertThat(response.data().getFirst().embedding().size(), is(384));
        assertThat(response.data().getFirst().index(), is(0L));
        assertThat(response.model(), is(MODEL));
        assertThat(response.usage().promptTokens(), greaterThan(0L));
        assertThat(response.usage().totalTokens(), is(response.usage().promptTokens()));
        assertThat(norm(response.data().getFirst().embedding()), is(closeToOne()));
    }

    @Test
    void embedsABatchInInputOrder() {
        List<String> texts = List.of("first", "second sentence", "the third and last input");
        CreateEmbeddingResponse batch = openai.embeddings().create(EmbeddingCreateParams.builder()
                .model(MODEL).inputOfArrayOfStrings(texts).build());

        assertThat(batch.data().stream().map(item -> item.index()).toList(), is(List.of(0L, 1L, 2L)));
        for (int i = 0; i < texts.size(); i++) {
            List<Float> alone = openai.embeddings().create(EmbeddingCreateParams.builder()
                    .model(MODEL).input(texts.get(i)).build()).data().getFirst().embedding();
            assertThat(cosine(batch.data().get(i).embedding(), alone), is(closeToOne()));
        }
    }

    @Test
    void base64AndFloatCarryTheSameVector() {
        EmbeddingCreateParams.Builder params = EmbeddingCreateParams.builder().model(MODEL).input("same vector");
        List<Float> floats = openai.embeddings().create(params.encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT)
                                                                .build()).data().getFirst().embedding();
        List<Float> decoded = openai.embeddings().create(params.encodingFormat(EmbeddingCreateParams.EncodingFormat.BASE64)
                                                                 .build()).data().getFirst().embedding();

        assertThat(decoded, is(floats));
    }

    @Test
    void similarSentencesAreCloserThanUnrelatedOnes() {
        List<Float> cat = vector("The cat sits on the mat.");
        List<Float> kitten = vector("A kitten is sitting on a rug.");
        List<Float> finance = vector("Quarterly revenue grew by eight percent.");

        assertThat(cosine(cat, kitten), greaterThan(cosine(cat, finance) + 0.2));
    }

    @Test
    void responsesValidateAgainstOpenAisSchema() {
        for (String format : List.of("float", "base64")) {
            HttpResponse<String> response = http.send(embed("{\"model\":\"" + MODEL + "\",\"input\":[\"a\",\"b\"],"
                    + "\"encoding_format\":\"" + format + "\"}"));
            assertThat(response.body(), response.statusCode(), is(200));
            // OpenAI's published schema shows only the float form, although its API answers base64 as a string
            if (format.equals("float")) {
                OpenAiSchemas.assertValidOpenAi("CreateEmbeddingResponse", response.body());
            }
            OpenAiSchemas.assertValidNovai("CreateEmbeddingResponse", response.body());
        }
    }

    @Test
    void badInputsAreA400NamingTheParameter() {
        String tooMany = "[" + String.join(",", IntStream.range(0, 2049).mapToObj(i -> "\"x\"").toList()) + "]";
        Map<String, String> cases = Map.of(
                "{\"model\":\"" + MODEL + "\",\"input\":\"\"}", "input",
                "{\"model\":\"" + MODEL + "\",\"input\":[]}", "input",
                "{\"model\":\"" + MODEL + "\",\"input\":[\"ok\",\"\"]}", "input[1]",
                "{\"model\":\"" + MODEL + "\",\"input\":" + tooMany + "}", "input",
                "{\"model\":\"" + MODEL + "\",\"input\":[\"ok\",{\"text\":\"no\"}]}", "input[1]",
                "{\"model\":\"" + MODEL + "\",\"input\":\"x\",\"encoding_format\":\"hex\"}", "encoding_format",
                "{\"model\":\"" + MODEL + "\",\"input\":\"x\",\"dimensions\":128}", "dimensions",
                "{\"model\":\"" + MODEL + "\",\"input\":[101,2023,102]}", "input",
                "{\"input\":\"x\"}", "model");
        for (Map.Entry<String, String> entry : cases.entrySet()) {
            HttpResponse<String> response = http.send(embed(entry.getKey()));
            assertThat(entry.getKey(), response.statusCode(), is(400));
            assertThat(entry.getKey(), Http.json(response).path("error").path("param").asText(), is(entry.getValue()));
        }
        NotFoundException unknown = assertThrows(NotFoundException.class, () -> openai.embeddings().create(
                EmbeddingCreateParams.builder().model("no-such-embedder").input("x").build()));
        assertThat(unknown.code().orElseThrow(), is("model_not_found"));
        assertThat(vector("still serving").size(), is(384));
    }

    private static List<Float> vector(String text) {
        return openai.embeddings().create(EmbeddingCreateParams.builder().model(MODEL).input(text).build())
                .data().getFirst().embedding();
    }

    private static HttpRequest embed(String body) {
        return http.request("/v1/embeddings")
                .header("Authorization", "Bearer " + NovaiCluster.DEV_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private static double cosine(List<Float> a, List<Float> b) {
        double dot = 0;
        for (int i = 0; i < a.size(); i++) {
            dot += a.get(i) * b.get(i);
        }
        return dot / (norm(a) * norm(b));
    }

    private static double norm(List<Float> vector) {
        double sum = 0;
        for (float value : vector) {
            sum += value * value;
        }
        return Math.sqrt(sum);
    }

    private static org.hamcrest.Matcher<Double> closeToOne() {
        return org.hamcrest.Matchers.closeTo(1.0, 1e-4);
    }
}
