package ai.novai.common.server;

import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.health.v1.HealthGrpc;
import io.helidon.http.http2.Http2ErrorCode;
import io.helidon.http.http2.Http2Exception;
import io.helidon.webserver.CloseConnectionException;

/**
 * Counts a backend's gRPC calls in its {@link Drain}: a call is in flight from its start until the
 * server closes it or the client cancels it. While draining, new calls are refused with
 * {@code RST_STREAM(REFUSED_STREAM)}, which a gRPC client retries on another backend at once (it surfaces as
 * {@code UNAVAILABLE} only when there is none); the draining backend's health already said NOT_SERVING, so
 * clients with health checking stop picking it;
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
            // RST_STREAM(REFUSED_STREAM): "not processed, try elsewhere" (RFC 9113 8.7), which grpc-java retries on
            // another backend by itself; Helidon writes it for this exception thrown while the call starts
            throw new CloseConnectionException("the server is shutting down",
                                               new Http2Exception(Http2ErrorCode.REFUSED_STREAM, "shutting down"));
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
