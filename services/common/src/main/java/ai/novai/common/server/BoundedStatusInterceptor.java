package ai.novai.common.server;

import ai.novai.common.grpc.BoundedStatus;
import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * Bounds the status and the metadata of every call a backend answers ({@link BoundedStatus}), whichever
 * handler or interceptor produced them, so that no error can carry an unbounded header value.
 */
final class BoundedStatusInterceptor implements ServerInterceptor {

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        return next.startCall(new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void sendHeaders(Metadata responseHeaders) {
                super.sendHeaders(BoundedStatus.of(responseHeaders));
            }

            @Override
            public void close(Status status, Metadata trailers) {
                super.close(BoundedStatus.of(status), BoundedStatus.of(trailers));
            }
        }, headers);
    }
}
