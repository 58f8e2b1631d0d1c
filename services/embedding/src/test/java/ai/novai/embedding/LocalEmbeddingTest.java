package ai.novai.embedding;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import ai.novai.common.grpc.BackendError;
import ai.novai.embedding.batching.BatchMetrics;
import ai.novai.proto.common.v1.ListModelsRequest;
import ai.novai.proto.common.v1.ModelInfo;
import ai.novai.proto.embedding.v1.EmbedRequest;
import ai.novai.proto.embedding.v1.EmbedResponse;
import ai.novai.proto.embedding.v1.Embedding;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.output.Response;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import io.helidon.metrics.api.DistributionSummary;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static ai.novai.embedding.TestBackend.error;
import static ai.novai.embedding.TestBackend.texts;
import static ai.novai.embedding.TestBackend.vector;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The local model end to end over gRPC, on the built-in registry: the vectors are all-MiniLM-L6-v2's
 * (as langchain4j computes them), concurrent calls share model passes, and the contract's errors come
 * back as BackendErrors.
 */
class LocalEmbeddingTest {

    private static final String MODEL = "all-minilm-l6-v2";
    private static final double TOLERANCE = 1e-5;

    private static TestBackend backend;
    private static AllMiniLmL6V2EmbeddingModel reference;

    @BeforeAll
    static void start() {
        backend = TestBackend.start(Map.of(), Map.of());
        reference = new AllMiniLmL6V2EmbeddingModel();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        backend.close();
    }

    @Test
    void vectorsEqualLangchain4jsOneTextAtATime() {
        // lengths differ, so the batch is padded; langchain4j cuts at 128 tokens, so all stay below that
        String[] texts = {
                "Hello world",
                "The quick brown fox jumps over the lazy dog.",
                "Embeddings map text to vectors so that similar meanings end up close together, which is what "
                        + "semantic search, clustering and retrieval-augmented generation rely on.",
                "Zürich ist eine Stadt in der Schweiz.",
                "🙂 emoji and punctuation!?"};
        EmbedResponse response = backend.blocking().embed(texts(MODEL, texts).build());

        assertThat(response.getModel(), is(MODEL));
        assertThat(response.getEmbeddingsCount(), is(texts.length));
        for (int i = 0; i < texts.length; i++) {
            Embedding embedding = response.getEmbeddings(i);
            assertThat(embedding.getIndex(), is(i));
            assertThat(embedding.getValuesCount(), is(384));
            float[] expected = reference.embed(texts[i]).content().vector();
            assertThat(texts[i], Vectors.maxDifference(vector(embedding), expected), lessThan(TOLERANCE));
        }
    }

    @Test
    void usageCountsWordPiecesWithSpecialTokens() {
        // [CLS] hello world [SEP] and [CLS] em ##bed ##ding ##s [SEP]
        EmbedResponse response = backend.blocking().embed(texts(MODEL, "Hello world", "embeddings").build());

        assertThat(response.getUsage().getPromptTokens(), is(4 + 6));
        assertThat(response.getUsage().getTotalTokens(), is(4 + 6));
    }

    @Test
    void similarSentencesAreCloserThanUnrelatedOnes() {
        EmbedResponse response = backend.blocking().embed(texts(
                MODEL, "A cat sits on the mat.", "A kitten is resting on a rug.",
                "Quarterly revenue grew by eight percent.").build());
        float[] cat = vector(response.getEmbeddings(0));
        float[] kitten = vector(response.getEmbeddings(1));
        float[] revenue = vector(response.getEmbeddings(2));

        assertThat(Vectors.cosine(cat, kitten), greaterThan(Vectors.cosine(cat, revenue) + 0.3));
        assertThat(Vectors.cosine(cat, kitten), greaterThan(Vectors.cosine(kitten, revenue) + 0.3));
        assertThat(Math.abs(Vectors.norm(cat) - 1), lessThan(1e-5));
    }

    @Test
    void aBatchGivesTheVectorsOfSingleCalls() {
        String[] texts = {"one", "two words", "a sentence of several more words than the others", "four", "five!"};
        EmbedResponse batched = backend.blocking().embed(texts(MODEL, texts).build());

        for (int i = 0; i < texts.length; i++) {
            EmbedResponse single = backend.blocking().embed(texts(MODEL, texts[i]).build());
            assertThat(Vectors.maxDifference(vector(batched.getEmbeddings(i)), vector(single.getEmbeddings(0))),
                       lessThan(TOLERANCE));
        }
    }

    @Test
    void concurrentCallsShareModelPassesAndEachGetsItsOwnVectors() throws Exception {
        DistributionSummary batchSizes = Metrics.globalRegistry()
                .summary(BatchMetrics.BATCH_SIZE, List.of(Tag.create("model", MODEL))).orElseThrow();
        long batchesBefore = batchSizes.count();
        double inputsBefore = batchSizes.totalAmount();

        List<String> texts = new ArrayList<>();
        List<CompletableFuture<EmbedResponse>> responses = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String text = "Concurrent request number " + i + (i % 3 == 0 ? " with a somewhat longer tail" : "");
            texts.add(text);
            CompletableFuture<EmbedResponse> response = new CompletableFuture<>();
            backend.async().embed(texts(MODEL, text).build(), observer(response));
            responses.add(response);
        }
        for (int i = 0; i < texts.size(); i++) {
            EmbedResponse response = responses.get(i).get(60, TimeUnit.SECONDS);
            Response<dev.langchain4j.data.embedding.Embedding> expected = reference.embed(texts.get(i));
            assertThat(texts.get(i), Vectors.maxDifference(vector(response.getEmbeddings(0)),
                                                           expected.content().vector()), lessThan(TOLERANCE));
            // langchain4j leaves out [CLS] and [SEP]
            assertThat(response.getUsage().getPromptTokens(), is(expected.tokenUsage().inputTokenCount() + 2));
        }

        long batches = batchSizes.count() - batchesBefore;
        double inputs = batchSizes.totalAmount() - inputsBefore;
        assertThat(inputs, is(100.0));
        assertThat("mean batch size", inputs / batches, greaterThan(1.5));
    }

    @Test
    void batchSizesAreOnTheMetricsEndpoint() throws Exception {
        backend.blocking().embed(texts(MODEL, "make sure there is a batch").build());
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + backend.port() + "/observe/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(metrics.body(), containsString(
                "novai_embedding_batch_size_count{model=\"" + MODEL + "\""));
    }

    @Test
    void anInputOverTheLimitIsRefusedUnlessTruncateIsSet() {
        String words254 = "word ".repeat(254);
        String tooLong = "word ".repeat(300);

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> backend.blocking()
                .embed(texts(MODEL, "short", tooLong).build()));
        BackendError error = error(e);
        assertThat(error.status(), is(Status.Code.INVALID_ARGUMENT));
        assertThat(error.message(), is("Input 1 is 302 tokens long; the model all-minilm-l6-v2 takes at most 256."));
        assertThat(error.param(), is("input"));
        assertThat(error.code(), is("context_length_exceeded"));

        EmbedResponse truncated = backend.blocking().embed(texts(MODEL, tooLong).setTruncate(true).build());
        EmbedResponse fitting = backend.blocking().embed(texts(MODEL, words254).build());
        assertThat(truncated.getUsage().getPromptTokens(), is(256));
        assertThat(fitting.getUsage().getPromptTokens(), is(256));
        assertThat(Vectors.maxDifference(vector(truncated.getEmbeddings(0)), vector(fitting.getEmbeddings(0))),
                   lessThan(TOLERANCE));
    }

    @Test
    void tokenIdsAreRefusedBecauseTheVocabularyIsNotOpenAis() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> backend.blocking().embed(
                EmbedRequest.newBuilder().setModel(MODEL).addInputs(TestBackend.tokens(9906, 1917)).build()));

        BackendError error = error(e);
        assertThat(error.status(), is(Status.Code.INVALID_ARGUMENT));
        assertThat(error.param(), is("input"));
        assertThat(error.code(), is("unsupported_value"));
        assertThat(error.message(), containsString("takes text only"));
    }

    @Test
    void dimensionsAreRefusedForAModelThatCannotShorten() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> backend.blocking()
                .embed(texts(MODEL, "hello").setDimensions(128).build()));

        BackendError error = error(e);
        assertThat(error.status(), is(Status.Code.INVALID_ARGUMENT));
        assertThat(error.param(), is("dimensions"));
        assertThat(error.code(), is("unsupported_parameter"));
    }

    @Test
    void unknownModelsAndChatModelsAreNotFound() {
        for (String model : List.of("no-such-model", "novai-echo", "text-embedding-3-small")) {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                                                    () -> backend.blocking().embed(texts(model, "hi").build()));
            BackendError error = error(e);
            assertThat(model, error.status(), is(Status.Code.NOT_FOUND));
            assertThat(error.code(), is("model_not_found"));
            assertThat(error.param(), is("model"));
        }
    }

    @Test
    void inputCountAndEmptyInputsAreChecked() {
        EmbedRequest none = EmbedRequest.newBuilder().setModel(MODEL).build();
        EmbedRequest emptyText = texts(MODEL, "fine", "").build();
        EmbedRequest tooMany = texts(MODEL, Collections.nCopies(2049, "x").toArray(String[]::new)).build();

        for (EmbedRequest request : List.of(none, emptyText, tooMany)) {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                                                    () -> backend.blocking().embed(request));
            BackendError error = error(e);
            assertThat(error.status(), is(Status.Code.INVALID_ARGUMENT));
            assertThat(error.param(), is("input"));
            assertThat(error.code(), is("invalid_value"));
        }
    }

    @Test
    void listsOnlyTheModelsItCanServeAndReportsServing() {
        List<String> models = backend.blocking().listModels(ListModelsRequest.getDefaultInstance()).getModelsList()
                .stream().map(ModelInfo::getId).toList();

        assertThat(models, contains(MODEL));
        assertThat(HealthGrpc.newBlockingStub(backend.channel()).check(HealthCheckRequest.getDefaultInstance())
                           .getStatus(), is(ServingStatus.SERVING));
    }

    private static <T> StreamObserver<T> observer(CompletableFuture<T> result) {
        return new StreamObserver<>() {
            @Override
            public void onNext(T value) {
                result.complete(value);
            }

            @Override
            public void onError(Throwable t) {
                result.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
            }
        };
    }
}
