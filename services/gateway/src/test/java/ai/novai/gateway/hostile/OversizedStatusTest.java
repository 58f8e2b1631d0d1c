package ai.novai.gateway.hostile;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import ai.novai.common.grpc.BoundedStatus;
import ai.novai.common.server.GrpcBackendServer;
import ai.novai.embedding.EmbeddingMain;
import ai.novai.gateway.testing.NovaiCluster;
import ai.novai.inference.InferenceMain;
import ai.novai.proto.embedding.v1.EmbedInput;
import ai.novai.proto.embedding.v1.EmbedRequest;
import ai.novai.proto.embedding.v1.EmbeddingServiceGrpc;
import ai.novai.proto.inference.v1.ChatMessage;
import ai.novai.proto.inference.v1.ChatRequest;
import ai.novai.proto.inference.v1.ContentPart;
import ai.novai.proto.inference.v1.InferenceServiceGrpc;
import ai.novai.proto.inference.v1.Role;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A status description or trailer larger than HPACK's 4,096-byte dynamic table sends Helidon 4.5's
 * encoder into an endless loop (docs/hpack-header-loop.md): the call never ends and a core spins. Each
 * backend, called directly over gRPC (no gateway checks in front), answers a 3,000-character model id with a
 * bounded NOT_FOUND at once, and serves the next request.
 */
class OversizedStatusTest {

    private static final String LONG_MODEL = "m".repeat(3_000);
    private static final Duration PROMPTLY = Duration.ofSeconds(5);

    private static GrpcBackendServer inference;
    private static GrpcBackendServer embedding;
    private static ManagedChannel inferenceChannel;
    private static ManagedChannel embeddingChannel;

    @BeforeAll
    static void start() {
        inference = InferenceMain.start(NovaiCluster.backendConfig());
        embedding = EmbeddingMain.start(NovaiCluster.backendConfig());
        inferenceChannel = ManagedChannelBuilder.forAddress("127.0.0.1", inference.port()).usePlaintext().build();
        embeddingChannel = ManagedChannelBuilder.forAddress("127.0.0.1", embedding.port()).usePlaintext().build();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        inferenceChannel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        embeddingChannel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        inference.close();
        embedding.close();
    }

    @Test
    void inferenceAnswersAnOverlongModelAtOnceThenServesTheNextRequest() {
        InferenceServiceGrpc.InferenceServiceBlockingStub stub = InferenceServiceGrpc.newBlockingStub(inferenceChannel)
                .withDeadlineAfter(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS);

        StatusRuntimeException refused = assertTimeoutPreemptively(PROMPTLY, () -> assertThrows(
                StatusRuntimeException.class, () -> stub.complete(chat(LONG_MODEL))));

        assertBounded(refused);
        assertThat(InferenceServiceGrpc.newBlockingStub(inferenceChannel)
                           .withDeadlineAfter(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS)
                           .complete(chat("novai-echo")).getChoices(0).getMessage().getContent(0).getText(),
                   is("You said: hi"));
    }

    @Test
    void embeddingAnswersAnOverlongModelAtOnceThenServesTheNextRequest() {
        EmbeddingServiceGrpc.EmbeddingServiceBlockingStub stub = EmbeddingServiceGrpc.newBlockingStub(embeddingChannel)
                .withDeadlineAfter(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS);

        StatusRuntimeException refused = assertTimeoutPreemptively(PROMPTLY, () -> assertThrows(
                StatusRuntimeException.class, () -> stub.embed(embed(LONG_MODEL))));

        assertBounded(refused);
        assertThat(EmbeddingServiceGrpc.newBlockingStub(embeddingChannel)
                           .withDeadlineAfter(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS)
                           .embed(embed("all-minilm-l6-v2")).getEmbeddingsCount(), is(1));
    }

    private static void assertBounded(StatusRuntimeException refused) {
        assertThat(refused.getStatus().getCode(), is(Status.Code.NOT_FOUND));
        assertThat(refused.getStatus().getDescription().getBytes(java.nio.charset.StandardCharsets.UTF_8).length,
                   lessThanOrEqualTo(BoundedStatus.MAX_BYTES));
    }

    private static ChatRequest chat(String model) {
        return ChatRequest.newBuilder()
                .setModel(model)
                .addMessages(ChatMessage.newBuilder().setRole(Role.ROLE_USER)
                                     .addContent(ContentPart.newBuilder().setText("hi")))
                .build();
    }

    private static EmbedRequest embed(String model) {
        return EmbedRequest.newBuilder().setModel(model).addInputs(EmbedInput.newBuilder().setText("hi")).build();
    }
}
