package ai.novai.inference;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import ai.novai.inference.fakes.FakeReply;
import ai.novai.proto.inference.v1.ChatMessage;
import ai.novai.proto.inference.v1.ChatRequest;
import ai.novai.proto.inference.v1.ContentPart;
import ai.novai.proto.inference.v1.InferenceServiceGrpc;
import ai.novai.proto.inference.v1.Role;
import ai.novai.proto.inference.v1.StreamCompleteReply;
import ai.novai.proto.inference.v1.StreamCompleteRequest;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * A finished {@code StreamComplete} call gives its HTTP/2 stream back. Helidon 4.5 keeps a stream (its reader
 * thread, its buffers) until that reader sees the stream closed, and it looks only after each frame from the
 * caller: when the caller half-closed in answer to {@code end} and the status then came from another thread,
 * the stream stayed open forever, counted against the connection's concurrent streams (8,192 by default):
 * after that many streamed completions every new call on the gateway's connection was refused. Here the
 * server allows 8 concurrent streams and 40 calls run one after another on one connection.
 */
class StreamEndingReleasesStreamsTest {

    private static final int MAX_CONCURRENT_STREAMS = 8;

    private static OneModelInference.Connected backend;

    @BeforeAll
    static void startServices() throws IOException {
        backend = OneModelInference.connected("ending-model",
                                            Map.of("server.http2.max-concurrent-streams",
                                                   Integer.toString(MAX_CONCURRENT_STREAMS)));
    }

    @AfterAll
    static void stopServices() {
        backend.close();
    }

    @Test
    void callsEndedByTheHandshakeLeaveNoStreamOpen() throws Exception {
        backend.upstream().respondWith(request -> FakeReply.text("one two three").usage(3, 3));
        for (int i = 0; i < 5 * MAX_CONCURRENT_STREAMS; i++) {
            assertThat("call " + i, handshakeCall().get(10, TimeUnit.SECONDS).getCode(), is(Status.Code.OK));
        }
    }

    // A caller as the gateway is: start, then its half-close in answer to `end`; the status completes it.
    private static CompletableFuture<Status> handshakeCall() {
        CompletableFuture<Status> ending = new CompletableFuture<>();
        StreamObserver<StreamCompleteRequest>[] requests = new StreamObserver[1];
        requests[0] = InferenceServiceGrpc.newStub(backend.channel())
                .withDeadlineAfter(30, TimeUnit.SECONDS)
                .streamComplete(new StreamObserver<>() {
                    @Override
                    public void onNext(StreamCompleteReply reply) {
                        if (reply.hasEnd()) {
                            requests[0].onCompleted();
                        }
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
        requests[0].onNext(StreamCompleteRequest.newBuilder().setStart(ChatRequest.newBuilder()
                .setModel("ending-model")
                .addMessages(ChatMessage.newBuilder().setRole(Role.ROLE_USER)
                                     .addContent(ContentPart.newBuilder().setText("Hello"))))
                .build());
        return ending;
    }
}
