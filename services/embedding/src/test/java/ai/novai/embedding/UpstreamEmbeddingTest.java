package ai.novai.embedding;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import ai.novai.common.grpc.BackendError;
import ai.novai.proto.common.v1.ListModelsRequest;
import ai.novai.proto.common.v1.ModelInfo;
import ai.novai.proto.embedding.v1.EmbedRequest;
import ai.novai.proto.embedding.v1.EmbedResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static ai.novai.embedding.FakeOpenAiEmbeddings.Reply;
import static ai.novai.embedding.TestBackend.error;
import static ai.novai.embedding.TestBackend.texts;
import static ai.novai.embedding.TestBackend.tokens;
import static ai.novai.embedding.TestBackend.vector;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The OpenAI-compatible adapter over gRPC, against a fake {@code /v1/embeddings}: what it sends, how it
 * reads the answer, and which error each upstream failure becomes.
 */
class UpstreamEmbeddingTest {

    private static final String KEY = "sk-fake-key";

    private static FakeOpenAiEmbeddings upstream;
    private static TestBackend backend;

    @BeforeAll
    static void start() throws IOException {
        upstream = new FakeOpenAiEmbeddings();
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String registry = """
                providers:
                  fake:
                    type: openai
                    base-url: %1$s
                    api-key-env: FAKE_OPENAI_KEY
                    read-timeout: PT0.5S
                  keyless:
                    type: openai
                    base-url: %1$s
                    api-key-env: UNSET_KEY
                  down:
                    type: openai
                    base-url: http://127.0.0.1:%2$d/v1
                  echo:
                    type: echo
                models:
                  - id: fake-embedding
                    kind: embedding
                    provider: fake
                    upstream-model: text-embedding-3-small
                    embedding-dimensions: 8
                    supports-dimensions: true
                  - id: locked-embedding
                    kind: embedding
                    provider: keyless
                  - id: down-embedding
                    kind: embedding
                    provider: down
                  - id: echo-embedding
                    kind: embedding
                    provider: echo
                """.formatted(upstream.baseUrl(), closedPort);
        backend = TestBackend.start(TestBackend.registry(registry), Map.of("FAKE_OPENAI_KEY", KEY));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        backend.close();
        upstream.close();
    }

    @BeforeEach
    void reset() {
        upstream.reset();
    }

    @Test
    void textsGoUpAsOneRequestAndComeBackInInputOrder() throws Exception {
        EmbedResponse response = backend.blocking().embed(texts("fake-embedding", "alpha", "be", "gamma!")
                                                                  .setUser("user-7").setRequestId("req-42").build());

        FakeOpenAiEmbeddings.Recorded request = upstream.nextRequest();
        assertThat(request.path(), is("/v1/embeddings"));
        assertThat(request.header("Authorization"), is("Bearer " + KEY));
        assertThat(request.header("X-Request-Id"), is("req-42"));
        assertThat(request.body().path("model").asText(), is("text-embedding-3-small"));
        assertThat(request.body().path("input").toString(), is("[\"alpha\",\"be\",\"gamma!\"]"));
        assertThat(request.body().path("encoding_format").asText(), is("float"));
        assertThat(request.body().path("user").asText(), is("user-7"));
        assertThat(request.body().has("dimensions"), is(false));

        assertThat(response.getModel(), is("fake-embedding"));
        assertThat(response.getEmbeddingsCount(), is(3));
        for (int i = 0; i < 3; i++) {
            assertThat(response.getEmbeddings(i).getIndex(), is(i));
            assertThat(response.getEmbeddings(i).getValues(0), is((float) i));
        }
        assertThat(response.getEmbeddings(2).getValues(1), is(6f));
        assertThat(response.getUsage().getPromptTokens(), is(9));
        assertThat(response.getUsage().getTotalTokens(), is(9));
    }

    @Test
    void dimensionsArePassedThrough() throws Exception {
        EmbedResponse response = backend.blocking().embed(texts("fake-embedding", "short me").setDimensions(3).build());

        assertThat(upstream.nextRequest().body().path("dimensions").asInt(), is(3));
        assertThat(response.getEmbeddings(0).getValuesCount(), is(3));
    }

    @Test
    void dimensionsBeyondTheModelsSizeAreRefusedBeforeTheUpstream() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> backend.blocking()
                .embed(texts("fake-embedding", "x").setDimensions(9).build()));

        BackendError error = error(e);
        assertThat(error.status(), is(Status.Code.INVALID_ARGUMENT));
        assertThat(error.param(), is("dimensions"));
    }

    @Test
    void tokenIdsArePassedThrough() throws Exception {
        EmbedResponse response = backend.blocking().embed(EmbedRequest.newBuilder().setModel("fake-embedding")
                                                                  .addInputs(tokens(9906, 1917, 0))
                                                                  .addInputs(tokens(42))
                                                                  .build());

        assertThat(upstream.nextRequest().body().path("input").toString(), is("[[9906,1917,0],[42]]"));
        assertThat(response.getEmbeddings(0).getValues(1), is(3f));
        assertThat(response.getEmbeddings(1).getValues(1), is(1f));
    }

    @Test
    void mixedTextAndTokenIdsAreRefused() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> backend.blocking().embed(
                texts("fake-embedding", "text").addInputs(tokens(1, 2)).build()));

        BackendError error = error(e);
        assertThat(error.status(), is(Status.Code.INVALID_ARGUMENT));
        assertThat(error.param(), is("input"));
    }

    @Test
    void theUpstreamsRateLimitIsResourceExhaustedWithItsRetryAfter() {
        upstream.enqueue(new Reply(429, Map.of("Retry-After", "3"),
                                   "{\"error\":{\"message\":\"Rate limit reached for org-secret\"}}", 0));

        BackendError error = error(assertThrows(StatusRuntimeException.class, () -> backend.blocking()
                .embed(texts("fake-embedding", "x").build())));

        assertThat(error.status(), is(Status.Code.RESOURCE_EXHAUSTED));
        assertThat(error.code(), is("provider_rate_limited"));
        assertThat(error.retryAfter(), is(Duration.ofSeconds(3)));
        assertThat(error.message(), is("The model's provider is rate limiting NovAI; try again shortly."));
    }

    @Test
    void aBadRequestIsInvalidArgumentWithTheUpstreamsMessage() {
        upstream.enqueue(Reply.json(400, "{\"error\":{\"message\":\"This model's maximum context length is 8192 "
                + "tokens.\",\"type\":\"invalid_request_error\",\"param\":\"input\",\"code\":null}}"));

        BackendError error = error(assertThrows(StatusRuntimeException.class, () -> backend.blocking()
                .embed(texts("fake-embedding", "x").build())));

        assertThat(error.status(), is(Status.Code.INVALID_ARGUMENT));
        assertThat(error.message(), is("This model's maximum context length is 8192 tokens."));
        assertThat(error.param(), is("input"));
    }

    @Test
    void serverErrorsAndMalformedAnswersAreUnavailableWithAGenericMessage() {
        upstream.enqueue(Reply.json(503, "{\"error\":{\"message\":\"overloaded shard 17\"}}"));
        upstream.enqueue(Reply.json(200, "{\"data\":[{\"index\":0,\"embedding\":\"not base64!\"}]}"));
        upstream.enqueue(Reply.json(200, "{\"data\":[]}"));

        for (int attempt = 0; attempt < 3; attempt++) {
            BackendError error = error(assertThrows(StatusRuntimeException.class, () -> backend.blocking()
                    .embed(texts("fake-embedding", "x").build())));
            assertThat(error.status(), is(Status.Code.UNAVAILABLE));
            assertThat(error.message(), is("The model's provider is unavailable; try again shortly."));
        }
    }

    @Test
    void anUnreachableUpstreamIsUnavailable() {
        BackendError error = error(assertThrows(StatusRuntimeException.class, () -> backend.blocking()
                .embed(texts("down-embedding", "x").build())));

        assertThat(error.status(), is(Status.Code.UNAVAILABLE));
        assertThat(error.code(), is("provider_unavailable"));
    }

    @Test
    void aSlowUpstreamIsDeadlineExceeded() {
        upstream.enqueue(new Reply(200, Map.of(), "{}", 2000));

        BackendError error = error(assertThrows(StatusRuntimeException.class, () -> backend.blocking()
                .embed(texts("fake-embedding", "x").build())));

        assertThat(error.status(), is(Status.Code.DEADLINE_EXCEEDED));
        assertThat(error.code(), is("provider_timeout"));
    }

    @Test
    void base64AnswersAreReadAndMissingUsageIsCounted() {
        // [1.0, -2.0] as little-endian float32
        upstream.enqueue(Reply.json(200, "{\"data\":[{\"index\":0,\"embedding\":\"AACAPwAAAMA=\"}]}"));

        EmbedResponse response = backend.blocking().embed(texts("fake-embedding", "hello world").build());

        assertThat(vector(response.getEmbeddings(0))[1], is(-2f));
        assertThat(response.getUsage().getPromptTokens(), is(2));
    }

    @Test
    void modelsWithoutAKeyOrAnEmbeddingAdapterAreNotServed() {
        List<String> listed = backend.blocking().listModels(ListModelsRequest.getDefaultInstance()).getModelsList()
                .stream().map(ModelInfo::getId).toList();
        assertThat(listed, contains("fake-embedding", "down-embedding"));

        for (String model : List.of("locked-embedding", "echo-embedding")) {
            BackendError error = error(assertThrows(StatusRuntimeException.class,
                                                    () -> backend.blocking().embed(texts(model, "x").build())));
            assertThat(error.status(), is(Status.Code.NOT_FOUND));
        }
        assertThat(upstream.nextRequestOrNull(), is(nullValue()));
    }
}
