package ai.novai.embedding;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import ai.novai.common.grpc.BackendError;
import ai.novai.common.models.ModelRegistry;
import ai.novai.embedding.batching.BatchMetrics;
import ai.novai.embedding.batching.BatchingSettings;
import ai.novai.embedding.local.LocalModel;
import ai.novai.embedding.local.LocalOnnxProvider;
import ai.novai.proto.embedding.v1.EmbedResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.helidon.config.Config;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static ai.novai.embedding.TestBackend.error;
import static ai.novai.embedding.TestBackend.texts;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The local model's queue over gRPC, with a model that runs only when the test lets it: one input per
 * pass and two queued inputs at most, so that the queue fills on demand.
 */
class EmbeddingQueueTest {

    private static final String MODEL = "all-minilm-l6-v2";
    private static final List<Tag> TAGS = List.of(Tag.create("model", MODEL));
    private static final Duration RETRY_AFTER = Duration.ofMillis(1500);

    private GatedEncoder encoder;
    private TestBackend backend;

    @BeforeEach
    void start() {
        encoder = new GatedEncoder();
        Config config = TestBackend.config(Map.of());
        LocalModel model = new LocalModel(MODEL, encoder, 256, new BatchingSettings(1, Duration.ZERO, 2, RETRY_AFTER));
        EmbeddingProviders providers = EmbeddingProviders.of(Map.of(
                "local-onnx", new LocalOnnxProvider("local-onnx", Map.of(MODEL, model))));
        backend = TestBackend.of(EmbeddingMain.start(config, ModelRegistry.load(config), Map.of(), providers));
    }

    @AfterEach
    void stop() throws InterruptedException {
        encoder.open(1000);
        backend.close();
    }

    @Test
    void aFullQueueRefusesAtOnceWithOverloadedAndARetryHint() throws Exception {
        CompletableFuture<EmbedResponse> running = call("a");
        assertThat(encoder.passes().poll(5, TimeUnit.SECONDS), is(List.of(1L)));
        CompletableFuture<EmbedResponse> queued = call("bb", "ccc");
        awaitQueued(2);

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                                                () -> backend.blocking().embed(texts(MODEL, "dddd").build()));
        BackendError error = error(e);
        assertThat(error.status(), is(Status.Code.RESOURCE_EXHAUSTED));
        assertThat(error.code(), is("overloaded"));
        assertThat(error.message(), containsString("embedding queue"));
        assertThat(error.retryAfter(), is(RETRY_AFTER));

        encoder.open(3);
        assertThat(running.get(5, TimeUnit.SECONDS).getEmbeddings(0).getValues(0), is(1f));
        EmbedResponse split = queued.get(5, TimeUnit.SECONDS);
        assertThat(split.getEmbeddings(0).getValues(0), is(2f));
        assertThat(split.getEmbeddings(1).getValues(0), is(3f));
        assertThat(split.getEmbeddings(1).getIndex(), is(1));
        assertThat(split.getUsage().getPromptTokens(), is(6));
    }

    @Test
    void aCallCancelledWhileQueuedNeverReachesTheModel() throws Exception {
        Counter cancelled = Metrics.globalRegistry().counter(BatchMetrics.CANCELLED, TAGS).orElseThrow();
        Counter skipped = Metrics.globalRegistry().counter(BatchMetrics.SKIPPED, TAGS).orElseThrow();
        long cancelledBefore = cancelled.count();
        long skippedBefore = skipped.count();
        CompletableFuture<EmbedResponse> running = call("a");
        assertThat(encoder.passes().poll(5, TimeUnit.SECONDS), is(List.of(1L)));

        CompletableFuture<EmbedResponse> abandoned = new CompletableFuture<>();
        backend.async().withDeadlineAfter(200, TimeUnit.MILLISECONDS)
                .embed(texts(MODEL, "bb").build(), observer(abandoned));
        CompletableFuture<EmbedResponse> waiting = call("ccc");
        ExecutionException e = assertThrows(ExecutionException.class, () -> abandoned.get(5, TimeUnit.SECONDS));
        assertThat(Status.fromThrowable(e.getCause()).getCode(), is(Status.Code.DEADLINE_EXCEEDED));
        // the server learns of the cancellation a moment after the client gave up
        awaitCount(cancelled, cancelledBefore + 1);

        encoder.open(2);
        assertThat(running.get(5, TimeUnit.SECONDS).getEmbeddingsCount(), is(1));
        assertThat(waiting.get(5, TimeUnit.SECONDS).getEmbeddings(0).getValues(0), is(3f));
        assertThat(encoder.passes().poll(5, TimeUnit.SECONDS), is(List.of(3L)));
        assertThat(encoder.passes().poll(), is(nullValue()));
        assertThat(skipped.count() - skippedBefore, is(1L));
    }

    @Test
    void aRequestLargerThanTheQueueIsTakenWhenTheQueueIsEmpty() throws Exception {
        encoder.open(10);

        EmbedResponse response = backend.blocking().embed(texts(MODEL, "a", "bb", "ccc", "dddd", "eeeee").build());

        assertThat(response.getEmbeddingsCount(), is(5));
        for (int i = 0; i < 5; i++) {
            assertThat(response.getEmbeddings(i).getIndex(), is(i));
            assertThat(response.getEmbeddings(i).getValues(0), is((float) (i + 1)));
        }
        assertThat(response.getUsage().getPromptTokens(), is(15));
    }

    private CompletableFuture<EmbedResponse> call(String... texts) {
        CompletableFuture<EmbedResponse> response = new CompletableFuture<>();
        backend.async().embed(texts(MODEL, texts).build(), observer(response));
        return response;
    }

    private static void awaitQueued(int inputs) throws InterruptedException {
        Gauge<?> queued = Metrics.globalRegistry().gauge(BatchMetrics.QUEUED_INPUTS, TAGS).orElseThrow();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (queued.value().intValue() != inputs) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("queue holds " + queued.value() + " inputs, not " + inputs);
            }
            Thread.sleep(5);
        }
    }

    private static void awaitCount(Counter counter, long count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (counter.count() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("counter is at " + counter.count() + ", not " + count);
            }
            Thread.sleep(5);
        }
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
