package ai.novai.inference;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import ai.novai.common.telemetry.GenAiMetrics;
import ai.novai.inference.fakes.FakeReply;
import ai.novai.inference.fakes.TcpRelay;
import ai.novai.proto.inference.v1.ChatCompletionChunk;
import ai.novai.proto.inference.v1.ChatMessage;
import ai.novai.proto.inference.v1.ChatRequest;
import ai.novai.proto.inference.v1.ContentPart;
import ai.novai.proto.inference.v1.InferenceServiceGrpc;
import ai.novai.proto.inference.v1.Role;
import ai.novai.proto.inference.v1.StopStream;
import ai.novai.proto.inference.v1.StreamCompleteReply;
import ai.novai.proto.inference.v1.StreamCompleteRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Metrics;
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

    private static OneModelInference.Connected backend;

    @BeforeAll
    static void startServices() throws IOException {
        backend = OneModelInference.connected("protocol-model", Map.of());
    }

    @AfterAll
    static void stopServices() {
        backend.close();
    }

    @Test
    void aStreamEndsByItselfWhileTheCallerKeepsItsSideOpen() throws Exception {
        backend.upstream().respondWith(request -> FakeReply.text("one two three").inDeltas(3).usage(5, 3));
        Call call = Call.start(backend.channel());
        call.send(startMessage());

        Status ending = call.ending.get(5, TimeUnit.SECONDS);

        assertThat(ending.getCode(), is(Status.Code.OK));
        assertThat("the last chunk carries the usage", call.chunks.getLast().getUsage().getCompletionTokens(), is(3));
    }

    @Test
    void stopAbortsTheUpstreamAndTheServiceEndsTheCall() throws Exception {
        backend.upstream().respondWith(request -> FakeReply.endless(Duration.ofMillis(20)));
        Call call = Call.start(backend.channel());
        call.send(startMessage());
        assertThat("chunks flowed", call.firstChunks.await(5, TimeUnit.SECONDS), is(true));

        call.send(StreamCompleteRequest.newBuilder().setStop(StopStream.getDefaultInstance()).build());

        Status ending = call.ending.get(2, TimeUnit.SECONDS);
        assertThat(ending.getCode(), is(Status.Code.CANCELLED));
        assertThat("the upstream saw its client go", backend.upstream().awaitDisconnect(Duration.ofSeconds(2)).isPresent(),
                   is(true));
        // the connection is intact: the next call is served on it
        backend.upstream().respondWith(request -> FakeReply.text("after").usage(1, 1));
        Call next = Call.start(backend.channel());
        next.send(startMessage());
        assertThat(next.ending.get(5, TimeUnit.SECONDS).getCode(), is(Status.Code.OK));
    }

    @Test
    void aPacedStreamSendsNoMoreThanItsCreditAllows() throws Exception {
        backend.upstream().respondWith(request -> FakeReply.text("a b c d e f g h i j k l m n o p q r s t").inDeltas(20)
                .usage(5, 20));
        Call call = Call.start(backend.channel());
        call.send(startMessage().toBuilder().setWindow(2).build());

        Thread.sleep(500);
        assertThat("the window's chunks, no more", call.chunks.size(), is(2));

        call.send(StreamCompleteRequest.newBuilder().setCredit(3).build());
        Thread.sleep(500);
        assertThat("two plus three credited", call.chunks.size(), is(5));

        call.send(StreamCompleteRequest.newBuilder().setCredit(1_000).build());
        assertThat(call.ending.get(5, TimeUnit.SECONDS).getCode(), is(Status.Code.OK));
        assertThat("20 deltas, the finish and the usage", call.chunks.size(), greaterThanOrEqualTo(21));
    }

    @Test
    void aStopReachesAStreamWaitingForCredit() throws Exception {
        backend.upstream().respondWith(request -> FakeReply.endless(Duration.ofMillis(5)));
        Call call = Call.start(backend.channel());
        call.send(startMessage().toBuilder().setWindow(3).build());
        assertThat(call.firstChunks.await(5, TimeUnit.SECONDS), is(true));

        call.send(StreamCompleteRequest.newBuilder().setStop(StopStream.getDefaultInstance()).build());

        assertThat(call.ending.get(2, TimeUnit.SECONDS).getCode(), is(Status.Code.CANCELLED));
        assertThat("the upstream saw its client go", backend.upstream().awaitDisconnect(Duration.ofSeconds(2)).isPresent(),
                   is(true));
    }

    @Test
    void aStopBeforeTheStartEndsTheCallWithoutCallingTheUpstream() throws Exception {
        long before = backend.upstream().requestCount();
        Call call = Call.start(backend.channel());

        call.send(StreamCompleteRequest.newBuilder().setStop(StopStream.getDefaultInstance()).build());

        assertThat(call.ending.get(2, TimeUnit.SECONDS).getCode(), is(Status.Code.CANCELLED));
        assertThat(backend.upstream().requestCount(), is(before));
    }

    @Test
    void halfClosingBeforeTheStartIsAnInvalidArgument() throws Exception {
        Call call = Call.start(backend.channel());

        call.halfClose();

        assertThat(call.ending.get(2, TimeUnit.SECONDS).getCode(), is(Status.Code.INVALID_ARGUMENT));
    }

    @Test
    void aSecondStartIsIgnored() throws Exception {
        backend.upstream().respondWith(request -> FakeReply.text("once").usage(2, 1));
        long before = backend.upstream().requestCount();
        Call call = Call.start(backend.channel());
        call.send(startMessage());
        call.send(startMessage());

        assertThat(call.ending.get(5, TimeUnit.SECONDS).getCode(), is(Status.Code.OK));
        assertThat("one upstream request", backend.upstream().requestCount() - before, is(1L));
        assertThat(call.chunks.size(), greaterThanOrEqualTo(2));
    }

    @Test
    void creditSentWhileStreamsEndNeverEndsTheSharedConnection() throws Exception {
        // grpc-java resets a stream whose server ended while its caller's side is open, and may still write a
        // message queued just before it (DATA after RST_STREAM); Helidon ends the whole connection for that
        backend.upstream().respondWith(request -> FakeReply.text("a b c d e f").inDeltas(6).usage(5, 6));
        for (int i = 0; i < 200; i++) {
            Call call = Call.start(backend.channel());
            call.send(startMessage().toBuilder().setWindow(2).build());
            // a credit for every chunk, sent from this thread the moment the chunk is in, as the gateway does
            int credited = 0;
            while (!call.ending.isDone()) {
                if (call.chunks.size() > credited) {
                    credited++;
                    call.send(StreamCompleteRequest.newBuilder().setCredit(1).build());
                }
                Thread.onSpinWait();
            }
            assertThat("stream " + i + " ended by itself", call.ending.get(5, TimeUnit.SECONDS).getCode(),
                       is(Status.Code.OK));
        }
    }

    @Test
    void theStatusWaitsForTheCallersHalfCloseAfterEnd() throws Exception {
        backend.upstream().respondWith(request -> FakeReply.text("one two").inDeltas(2).usage(2, 2));
        Call call = Call.start(backend.channel(), false);
        call.send(startMessage());

        call.endAt.get(5, TimeUnit.SECONDS);
        Thread.sleep(300);
        assertThat("no status before the half-close", call.ending.isDone(), is(false));

        call.halfClose();
        assertThat(call.ending.get(2, TimeUnit.SECONDS).getCode(), is(Status.Code.OK));
    }

    @Test
    void aCallerThatNeverHalfClosesGetsTheStatusAfterTheWait() throws Exception {
        backend.upstream().respondWith(request -> FakeReply.text("one").usage(1, 1));
        Call call = Call.start(backend.channel(), false);
        call.send(startMessage());

        long endAt = call.endAt.get(5, TimeUnit.SECONDS);
        assertThat(call.ending.get(StreamEnding.HALF_CLOSE_WAIT.toSeconds() + 2, TimeUnit.SECONDS).getCode(),
                   is(Status.Code.OK));
        assertThat("closed after the wait", Duration.ofNanos(System.nanoTime() - endAt),
                   greaterThanOrEqualTo(StreamEnding.HALF_CLOSE_WAIT.minusMillis(100)));
    }

    @Test
    void aStreamWhoseCallerVanishedEndsAtItsDeadline() throws Exception {
        // a caller's connection that dies without a reset (its pod killed) is told to no handler by Helidon:
        // the deadline the caller set is what ends the stream, which waits for credit that will never come
        backend.upstream().respondWith(request -> FakeReply.endless(Duration.ofMillis(10)));
        try (TcpRelay relay = TcpRelay.to(backend.server().port())) {
            ManagedChannel relayed = NettyChannelBuilder.forAddress("127.0.0.1", relay.port()).usePlaintext().build();
            try {
                Call call = Call.start(relayed, true, Duration.ofSeconds(2));
                call.send(startMessage().toBuilder().setWindow(4).build());
                assertThat(call.firstChunks.await(2, TimeUnit.SECONDS), is(true));

                Instant cutAt = Instant.now();
                relay.cut();

                assertThat("the upstream request was aborted at the deadline",
                           disconnectAfter(cutAt, Duration.ofSeconds(4)), is(true));
            } finally {
                relayed.shutdownNow();
            }
        }
    }

    @Test
    void aStreamWritingToAVanishedCallerStopsAtOnce() throws Exception {
        // unpaced, so inference keeps writing: the write that finds the connection gone stops the stream as a
        // cancel (no provider error), long before the deadline
        backend.upstream().respondWith(request -> FakeReply.endless(Duration.ofMillis(5)));
        try (TcpRelay relay = TcpRelay.to(backend.server().port())) {
            ManagedChannel relayed = NettyChannelBuilder.forAddress("127.0.0.1", relay.port()).usePlaintext().build();
            try {
                double errorsBefore = providerErrors();
                Call call = Call.start(relayed, true, Duration.ofSeconds(30));
                call.send(startMessage());
                assertThat(call.firstChunks.await(2, TimeUnit.SECONDS), is(true));

                Instant cutAt = Instant.now();
                relay.cut();

                assertThat("the upstream request was aborted at once", disconnectAfter(cutAt, Duration.ofSeconds(3)),
                           is(true));
                Thread.sleep(200);
                assertThat("a caller gone is not a provider error", providerErrors(), is(errorsBefore));
            } finally {
                relayed.shutdownNow();
            }
        }
    }

    private static double providerErrors() {
        return Metrics.globalRegistry().meters().stream()
                .filter(meter -> meter.id().name().equals(GenAiMetrics.PROVIDER_ERRORS) && meter instanceof Counter)
                .mapToDouble(meter -> ((Counter) meter).count())
                .sum();
    }

    // earlier tests' disconnects may still be queued
    private static boolean disconnectAfter(Instant since, Duration timeout) {
        long until = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < until) {
            Optional<Instant> disconnect = backend.upstream().awaitDisconnect(Duration.ofNanos(until - System.nanoTime()));
            if (disconnect.isPresent() && !disconnect.get().isBefore(since)) {
                return true;
            }
        }
        return false;
    }

    private static StreamCompleteRequest startMessage() {
        return StreamCompleteRequest.newBuilder().setStart(ChatRequest.newBuilder()
                .setModel("protocol-model")
                .addMessages(ChatMessage.newBuilder().setRole(Role.ROLE_USER)
                                     .addContent(ContentPart.newBuilder().setText("Hello"))))
                .build();
    }

    // A caller as the gateway is: it answers `end` with its half-close, unless told not to.
    private static final class Call {
        final List<ChatCompletionChunk> chunks = new CopyOnWriteArrayList<>();
        final CountDownLatch firstChunks = new CountDownLatch(3);
        final CompletableFuture<Long> endAt = new CompletableFuture<>();
        final CompletableFuture<Status> ending = new CompletableFuture<>();
        private final boolean answersEnd;
        private StreamObserver<StreamCompleteRequest> requests;
        private boolean halfClosed;

        private Call(boolean answersEnd) {
            this.answersEnd = answersEnd;
        }

        static Call start(ManagedChannel channel) {
            return start(channel, true);
        }

        static Call start(ManagedChannel channel, boolean answersEnd) {
            return start(channel, answersEnd, Duration.ofSeconds(30));
        }

        static Call start(ManagedChannel channel, boolean answersEnd, Duration deadline) {
            Call call = new Call(answersEnd);
            call.requests = InferenceServiceGrpc.newStub(channel)
                    .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                    .streamComplete(new StreamObserver<>() {
                        @Override
                        public void onNext(StreamCompleteReply reply) {
                            if (reply.hasEnd()) {
                                call.endAt.complete(System.nanoTime());
                                if (call.answersEnd) {
                                    call.halfClose();
                                }
                                return;
                            }
                            call.chunks.add(reply.getChunk());
                            call.firstChunks.countDown();
                        }

                        @Override
                        public void onError(Throwable failure) {
                            call.ending.complete(Status.fromThrowable(failure));
                        }

                        @Override
                        public void onCompleted() {
                            call.ending.complete(Status.OK);
                        }
                    });
            return call;
        }

        // like the gateway: nothing is sent after the half-close
        synchronized void send(StreamCompleteRequest message) {
            if (!halfClosed) {
                requests.onNext(message);
            }
        }

        synchronized void halfClose() {
            if (!halfClosed) {
                halfClosed = true;
                requests.onCompleted();
            }
        }
    }
}
