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
import io.opentelemetry.instrumentation.grpc.v1_6.GrpcTelemetry;

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
            interceptors.add(GrpcTelemetry.builder(Telemetry.get())
                                     // a stream's chunks as span events would bloat every streamed span
                                     .setEmitMessageEvents(false)
                                     .build()
                                     .createServerInterceptor());
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
}
