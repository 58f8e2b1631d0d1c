package ai.novai.common.server;

import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.health.v1.HealthGrpc;

/**
 * Counts a backend's gRPC calls in its {@link Drain}: a call is in flight from its start until the
 * server closes it or the client cancels it. While draining, new calls are refused with
 * {@code UNAVAILABLE} (the gateway's channel then tries another backend on its next call);
 * {@code grpc.health.v1} keeps answering, so probes see {@code NOT_SERVING} rather than an error.
 */
final class DrainInterceptor implements ServerInterceptor {

    private final Drain drain;

    DrainInterceptor(Drain drain) {
        this.drain = drain;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        if (HealthGrpc.SERVICE_NAME.equals(call.getMethodDescriptor().getServiceName())) {
            return next.startCall(call, headers);
        }
        Drain.Entry entry = drain.enter(() -> { });
        if (entry == null) {
            call.close(Status.UNAVAILABLE.withDescription("the server is shutting down"), new Metadata());
            return new ServerCall.Listener<>() { };
        }
        ServerCall<Q, R> counted = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                try {
                    super.close(status, trailers);
                } finally {
                    entry.close();
                }
            }
        };
        try {
            return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(counted, headers)) {
                @Override
                public void onCancel() {
                    try {
                        super.onCancel();
                    } finally {
                        entry.close();
                    }
                }

                @Override
                public void onComplete() {
                    try {
                        super.onComplete();
                    } finally {
                        entry.close();
                    }
                }
            };
        } catch (RuntimeException e) {
            entry.close();
            throw e;
        }
    }
}
