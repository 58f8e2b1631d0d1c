package ai.novai.inference;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import ai.novai.inference.fakes.FakeReply;
import ai.novai.proto.inference.v1.ChatMessage;
import ai.novai.proto.inference.v1.ChatRequest;
import ai.novai.proto.inference.v1.ContentPart;
import ai.novai.proto.inference.v1.InferenceServiceGrpc;
import ai.novai.proto.inference.v1.Role;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

/**
 * Backends answer uncompressed although gRPC clients (the gateway's too) offer gzip: Helidon's gRPC server
 * compresses by default, which gzipped every answer and every streamed chunk (a new deflater per message) for
 * messages of a few hundred bytes on the cluster's own network, and cost the gateway an inflater per message.
 */
class UncompressedMessagesTest {

    private static final Metadata.Key<String> ENCODING = Metadata.Key.of("grpc-encoding",
                                                                        Metadata.ASCII_STRING_MARSHALLER);

    private static OneModelInference.Connected backend;

    @BeforeAll
    static void startServices() throws IOException {
        backend = OneModelInference.connected("plain-model", Map.of());
    }

    @AfterAll
    static void stopServices() {
        backend.close();
    }

    @Test
    void answersAreNotCompressedThoughTheClientAcceptsGzip() {
        backend.upstream().respondWith(request -> FakeReply.text("one two three").usage(3, 3));
        AtomicReference<String> encoding = new AtomicReference<>("(no headers)");
        Channel observed = ClientInterceptors.intercept(backend.channel(), responseEncoding(encoding));

        InferenceServiceGrpc.newBlockingStub(observed)
                .withDeadlineAfter(10, TimeUnit.SECONDS)
                .complete(ChatRequest.newBuilder()
                                  .setModel("plain-model")
                                  .addMessages(ChatMessage.newBuilder().setRole(Role.ROLE_USER)
                                                       .addContent(ContentPart.newBuilder().setText("Hello")))
                                  .build());

        assertThat(encoding.get(), anyOf(nullValue(), is("identity")));
    }

    private static ClientInterceptor responseEncoding(AtomicReference<String> encoding) {
        return new ClientInterceptor() {
            @Override
            public <Q, A> ClientCall<Q, A> interceptCall(MethodDescriptor<Q, A> method, CallOptions options,
                                                         Channel next) {
                return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
                    @Override
                    public void start(Listener<A> listener, Metadata headers) {
                        super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
                            @Override
                            public void onHeaders(Metadata answer) {
                                encoding.set(answer.get(ENCODING));
                                super.onHeaders(answer);
                            }
                        }, headers);
                    }
                };
            }
        };
    }
}
