package ai.novai.common.server;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * Gives each call the deadline its caller set ({@code grpc-timeout}), which Helidon 4.5's gRPC server ignores:
 * the call runs in an {@link io.grpc.Context} that is cancelled when the deadline passes, and
 * {@link ai.novai.common.grpc.BackendCalls#cancelSignal} turns that into the call's cancel signal (its upstream
 * request is aborted, a stream waiting for credit stops). It matters most when the caller's connection died
 * without a reset (a gateway killed, a network cut): Helidon then tells no handler, and the deadline is what
 * ends the call. The context is released when the call ends, so that finished calls hold no timer.
 */
final class DeadlineInterceptor implements ServerInterceptor {

    private static final Metadata.Key<String> TIMEOUT = Metadata.Key.of("grpc-timeout", Metadata.ASCII_STRING_MARSHALLER);

    // one timer thread for every server of the JVM: it only cancels contexts
    private static final ScheduledExecutorService TIMERS = timers();

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        Long timeoutNanos = GrpcTimeout.nanos(headers.get(TIMEOUT)).orElse(null);
        if (timeoutNanos == null) {
            return next.startCall(call, headers);
        }
        Context.CancellableContext context = Context.current()
                .withDeadlineAfter(timeoutNanos, TimeUnit.NANOSECONDS, TIMERS);
        ServerCall<Q, R> releasing = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                try {
                    super.close(status, trailers);
                } finally {
                    context.cancel(null);
                }
            }
        };
        ServerCall.Listener<Q> listener = Contexts.interceptCall(context, releasing, headers, next);
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
            @Override
            public void onCancel() {
                try {
                    super.onCancel();
                } finally {
                    context.cancel(null);
                }
            }
        };
    }

    private static ScheduledExecutorService timers() {
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform()
                .name("grpc-deadlines").daemon().factory());
        // a call that ends before its deadline takes its timer with it
        timers.setRemoveOnCancelPolicy(true);
        return Executors.unconfigurableScheduledExecutorService(timers);
    }
}
