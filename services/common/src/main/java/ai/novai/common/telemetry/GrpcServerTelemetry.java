package ai.novai.common.telemetry;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

/**
 * What a gRPC backend puts in front of its services: a server span per call whose parent is the trace
 * context in the call's metadata (when tracing is on, see {@link Telemetry}), and the
 * {@code rpc.server.duration} histogram by method and status.
 */
public final class GrpcServerTelemetry {

    private static final RpcDurations DURATIONS = new RpcDurations("rpc.server.duration",
                                                                   "Duration of gRPC calls served");

    private GrpcServerTelemetry() {
    }

    /** The interceptors of a backend's gRPC routing, built over the installed OpenTelemetry instance. */
    public static ServerInterceptor[] interceptors() {
        List<ServerInterceptor> interceptors = new ArrayList<>();
        interceptors.add(new Durations());
        if (Telemetry.tracing()) {
            interceptors.add(new Tracing());
        }
        return interceptors.toArray(ServerInterceptor[]::new);
    }

    /** Times every call from its start until it is closed or cancelled. */
    private static final class Durations implements ServerInterceptor {

        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                           ServerCallHandler<Q, R> next) {
            long start = System.nanoTime();
            String method = call.getMethodDescriptor().getFullMethodName();
            AtomicBoolean recorded = new AtomicBoolean();
            Runnable cancelled = () -> {
                if (recorded.compareAndSet(false, true)) {
                    DURATIONS.record(method, Status.Code.CANCELLED, System.nanoTime() - start);
                }
            };
            ServerCall<Q, R> timed = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
                @Override
                public void close(Status status, Metadata trailers) {
                    if (recorded.compareAndSet(false, true)) {
                        DURATIONS.record(method, status.getCode(), System.nanoTime() - start);
                    }
                    super.close(status, trailers);
                }
            };
            return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(timed, headers)) {
                @Override
                public void onCancel() {
                    cancelled.run();
                    super.onCancel();
                }
            };
        }
    }

    /**
     * Starts the call's server span, a child of the context in its metadata, and makes it current in
     * every callback of the call (the handler runs in {@code onHalfClose} or {@code onMessage}).
     */
    private static final class Tracing implements ServerInterceptor {

        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                           ServerCallHandler<Q, R> next) {
            Context parent = Telemetry.get().getPropagators().getTextMapPropagator()
                    .extract(Context.root(), headers, GrpcMetadata.GETTER);
            Span span = GrpcSpans.start(call.getMethodDescriptor(), SpanKind.SERVER, parent, call.getAuthority());
            Context context = parent.with(span);
            AtomicBoolean ended = new AtomicBoolean();
            ServerCall<Q, R> traced = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
                @Override
                public void close(Status status, Metadata trailers) {
                    if (ended.compareAndSet(false, true)) {
                        GrpcSpans.end(span, status, SpanKind.SERVER);
                    }
                    super.close(status, trailers);
                }
            };
            ServerCall.Listener<Q> listener;
            try (Scope ignored = context.makeCurrent()) {
                listener = next.startCall(traced, headers);
            }
            return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
                @Override
                public void onMessage(Q message) {
                    try (Scope ignored = context.makeCurrent()) {
                        super.onMessage(message);
                    }
                }

                @Override
                public void onHalfClose() {
                    try (Scope ignored = context.makeCurrent()) {
                        super.onHalfClose();
                    }
                }

                @Override
                public void onCancel() {
                    try (Scope ignored = context.makeCurrent()) {
                        super.onCancel();
                    }
                    if (ended.compareAndSet(false, true)) {
                        GrpcSpans.end(span, Status.CANCELLED, SpanKind.SERVER);
                    }
                }

                @Override
                public void onComplete() {
                    try (Scope ignored = context.makeCurrent()) {
                        super.onComplete();
                    }
                }

                @Override
                public void onReady() {
                    try (Scope ignored = context.makeCurrent()) {
                        super.onReady();
                    }
                }
            };
        }
    }
}
