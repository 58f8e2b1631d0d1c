package ai.novai.inference;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import ai.novai.common.server.GrpcBackendServer;
import ai.novai.inference.fakes.FakeOpenAiUpstream;
import ai.novai.inference.fakes.FakeReply;
import ai.novai.proto.inference.v1.ChatCompletionChunk;
import ai.novai.proto.inference.v1.ChatMessage;
import ai.novai.proto.inference.v1.ChatRequest;
import ai.novai.proto.inference.v1.ContentPart;
import ai.novai.proto.inference.v1.InferenceServiceGrpc;
import ai.novai.proto.inference.v1.Role;
import ai.novai.proto.inference.v1.StopStream;
import ai.novai.proto.inference.v1.StreamCompleteRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;

/**
 * {@code StreamComplete} as {@code inference.proto} describes it, over real gRPC against a fake OpenAI upstream:
 * the caller sends {@code start} and never half-closes; a {@code stop} aborts the upstream request and the
 * service ends the call with CANCELLED (no reset needed from the caller); misuse is answered, never hung.
 */
class StreamCompleteProtocolTest {

    private static FakeOpenAiUpstream upstream;
    private static GrpcBackendServer inference;
    private static ManagedChannel channel;

    @BeforeAll
    static void startServices() throws IOException {
        upstream = FakeOpenAiUpstream.start();
        Path registry = Files.createTempFile("novai-registry-", ".yaml");
        Files.writeString(registry, """
                providers:
                  fake: { type: openai, base-url: "%s", api-key-env: FAKE_KEY }
                models:
                  - { id: protocol-model, provider: fake, upstream-model: gpt-fake }
                """.formatted(upstream.baseUrl()));
        inference = InferenceMain.start(Config.just(ConfigSources.create(Map.of(
                "server.host", "127.0.0.1",
                "server.port", "0",
                "models.registry", registry.toString()))), Map.of("FAKE_KEY", "sk-fake"));
        channel = NettyChannelBuilder.forAddress("127.0.0.1", inference.port()).usePlaintext().build();
    }

    @AfterAll
    static void stopServices() {
        channel.shutdownNow();
        inference.close();
        upstream.close();
    }

    @Test
    void aStreamEndsByItselfWhileTheCallerKeepsItsSideOpen() throws Exception {
        upstream.respondWith(request -> FakeReply.text("one two three").inDeltas(3).usage(5, 3));
        Call call = Call.start(channel);
        call.requests.onNext(startMessage());

        Status ending = call.ending.get(5, TimeUnit.SECONDS);

        assertThat(ending.getCode(), is(Status.Code.OK));
        assertThat("the last chunk carries the usage", call.chunks.getLast().getUsage().getCompletionTokens(), is(3));
    }

    @Test
    void stopAbortsTheUpstreamAndTheServiceEndsTheCall() throws Exception {
        upstream.respondWith(request -> FakeReply.endless(Duration.ofMillis(20)));
        Call call = Call.start(channel);
        call.requests.onNext(startMessage());
        assertThat("chunks flowed", call.firstChunks.await(5, TimeUnit.SECONDS), is(true));

        call.requests.onNext(StreamCompleteRequest.newBuilder().setStop(StopStream.getDefaultInstance()).build());

        Status ending = call.ending.get(2, TimeUnit.SECONDS);
        assertThat(ending.getCode(), is(Status.Code.CANCELLED));
        assertThat("the upstream saw its client go", upstream.awaitDisconnect(Duration.ofSeconds(2)).isPresent(),
                   is(true));
        // the connection is intact: the next call is served on it
        upstream.respondWith(request -> FakeReply.text("after").usage(1, 1));
        Call next = Call.start(channel);
        next.requests.onNext(startMessage());
        assertThat(next.ending.get(5, TimeUnit.SECONDS).getCode(), is(Status.Code.OK));
    }

    @Test
    void aPacedStreamSendsNoMoreThanItsCreditAllows() throws Exception {
        upstream.respondWith(request -> FakeReply.text("a b c d e f g h i j k l m n o p q r s t").inDeltas(20)
                .usage(5, 20));
        Call call = Call.start(channel);
        call.requests.onNext(startMessage().toBuilder().setWindow(2).build());

        Thread.sleep(500);
        assertThat("the window's chunks, no more", call.chunks.size(), is(2));

        call.requests.onNext(StreamCompleteRequest.newBuilder().setCredit(3).build());
        Thread.sleep(500);
        assertThat("two plus three credited", call.chunks.size(), is(5));

        call.requests.onNext(StreamCompleteRequest.newBuilder().setCredit(1_000).build());
        assertThat(call.ending.get(5, TimeUnit.SECONDS).getCode(), is(Status.Code.OK));
        assertThat("20 deltas, the finish and the usage", call.chunks.size(), greaterThanOrEqualTo(21));
    }

    @Test
    void aStopReachesAStreamWaitingForCredit() throws Exception {
        upstream.respondWith(request -> FakeReply.endless(Duration.ofMillis(5)));
        Call call = Call.start(channel);
        call.requests.onNext(startMessage().toBuilder().setWindow(3).build());
        assertThat(call.firstChunks.await(5, TimeUnit.SECONDS), is(true));

        call.requests.onNext(StreamCompleteRequest.newBuilder().setStop(StopStream.getDefaultInstance()).build());

        assertThat(call.ending.get(2, TimeUnit.SECONDS).getCode(), is(Status.Code.CANCELLED));
        assertThat("the upstream saw its client go", upstream.awaitDisconnect(Duration.ofSeconds(2)).isPresent(),
                   is(true));
    }

    @Test
    void aStopBeforeTheStartEndsTheCallWithoutCallingTheUpstream() throws Exception {
        long before = upstream.requestCount();
        Call call = Call.start(channel);

        call.requests.onNext(StreamCompleteRequest.newBuilder().setStop(StopStream.getDefaultInstance()).build());

        assertThat(call.ending.get(2, TimeUnit.SECONDS).getCode(), is(Status.Code.CANCELLED));
        assertThat(upstream.requestCount(), is(before));
    }

    @Test
    void halfClosingBeforeTheStartIsAnInvalidArgument() throws Exception {
        Call call = Call.start(channel);

        call.requests.onCompleted();

        assertThat(call.ending.get(2, TimeUnit.SECONDS).getCode(), is(Status.Code.INVALID_ARGUMENT));
    }

    @Test
    void aSecondStartIsIgnored() throws Exception {
        upstream.respondWith(request -> FakeReply.text("once").usage(2, 1));
        long before = upstream.requestCount();
        Call call = Call.start(channel);
        call.requests.onNext(startMessage());
        call.requests.onNext(startMessage());

        assertThat(call.ending.get(5, TimeUnit.SECONDS).getCode(), is(Status.Code.OK));
        assertThat("one upstream request", upstream.requestCount() - before, is(1L));
        assertThat(call.chunks.size(), greaterThanOrEqualTo(2));
    }

    private static StreamCompleteRequest startMessage() {
        return StreamCompleteRequest.newBuilder().setStart(ChatRequest.newBuilder()
                .setModel("protocol-model")
                .addMessages(ChatMessage.newBuilder().setRole(Role.ROLE_USER)
                                     .addContent(ContentPart.newBuilder().setText("Hello"))))
                .build();
    }

    private record Call(StreamObserver<StreamCompleteRequest> requests, List<ChatCompletionChunk> chunks,
                        CountDownLatch firstChunks, CompletableFuture<Status> ending) {

        static Call start(ManagedChannel channel) {
            List<ChatCompletionChunk> chunks = new CopyOnWriteArrayList<>();
            CountDownLatch firstChunks = new CountDownLatch(3);
            CompletableFuture<Status> ending = new CompletableFuture<>();
            StreamObserver<StreamCompleteRequest> requests = InferenceServiceGrpc.newStub(channel)
                    .withDeadlineAfter(30, TimeUnit.SECONDS)
                    .streamComplete(new StreamObserver<>() {
                        @Override
                        public void onNext(ChatCompletionChunk chunk) {
                            chunks.add(chunk);
                            firstChunks.countDown();
                        }

                        @Override
                        public void onError(Throwable failure) {
                            ending.complete(Status.fromThrowable(failure));
                        }

                        @Override
                        public void onCompleted() {
                            ending.complete(Status.OK);
                        }
                    });
            return new Call(requests, chunks, firstChunks, ending);
        }
    }
}
