package ai.novai.common.telemetry;

import java.util.ArrayList;
import java.util.List;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;

/**
 * What a gRPC channel to a backend carries: a client span per call whose context travels in the call's
 * metadata ({@code traceparent}, {@code tracestate}, {@code baggage}; when tracing is on, see
 * {@link Telemetry}), and the {@code rpc.client.duration} histogram by method and status.
 */
public final class GrpcClientTelemetry {

    private static final RpcDurations DURATIONS = new RpcDurations("rpc.client.duration",
                                                                   "Duration of gRPC calls to the backends");

    private GrpcClientTelemetry() {
    }

    /** The interceptors of a channel, built over the installed OpenTelemetry instance. */
    public static List<ClientInterceptor> interceptors() {
        List<ClientInterceptor> interceptors = new ArrayList<>();
        interceptors.add(new Durations());
        if (Telemetry.tracing()) {
            interceptors.add(new Tracing());
        }
        return interceptors;
    }

    /** Times every call from its start until it is closed, whatever closed it. */
    private static final class Durations implements ClientInterceptor {

        @Override
        public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options,
                                                     Channel next) {
            String name = method.getFullMethodName();
            return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
                @Override
                public void start(Listener<R> listener, Metadata headers) {
                    long start = System.nanoTime();
                    super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
                        @Override
                        public void onClose(Status status, Metadata trailers) {
                            DURATIONS.record(name, status.getCode(), System.nanoTime() - start);
                            super.onClose(status, trailers);
                        }
                    }, headers);
                }
            };
        }
    }

    /** Starts the call's client span, a child of the current context, and sends it in the call's metadata. */
    private static final class Tracing implements ClientInterceptor {

        @Override
        public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options,
                                                     Channel next) {
            Context parent = Context.current();
            Span span = GrpcSpans.start(method, SpanKind.CLIENT, parent, next.authority());
            Context context = parent.with(span);
            return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
                @Override
                public void start(Listener<R> listener, Metadata headers) {
                    Telemetry.get().getPropagators().getTextMapPropagator()
                            .inject(context, headers, GrpcMetadata.SETTER);
                    super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
                        @Override
                        public void onClose(Status status, Metadata trailers) {
                            GrpcSpans.end(span, status, SpanKind.CLIENT);
                            super.onClose(status, trailers);
                        }
                    }, headers);
                }
            };
        }
    }
}
