package ai.novai.gateway.backends;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ConnectivityState;
import io.grpc.Deadline;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;

/**
 * Fails a call at once with {@code UNAVAILABLE} when its backend has had no usable connection for
 * {@code connect-timeout}. gRPC itself fails a call fast only once the channel is in
 * {@code TRANSIENT_FAILURE} (connection refused, every backend not {@code SERVING}); a backend that accepts the
 * TCP connection and never speaks HTTP/2 (a hung or black-holed pod) keeps the channel {@code CONNECTING}, and
 * every call would wait for its own deadline — 5 minutes for chat. Calls asking for wait-for-ready are let through.
 */
final class FailFastWhenDown implements ClientInterceptor {

    private static final long NOT_WAITING = Long.MIN_VALUE;

    private final String backend;
    private final ManagedChannel channel;
    private final long connectTimeoutNanos;
    // when calls first found the channel without a usable connection (idle or connecting); NOT_WAITING once usable
    private final AtomicLong connectingSinceNanos = new AtomicLong(NOT_WAITING);

    FailFastWhenDown(String backend, ManagedChannel channel, Duration connectTimeout) {
        this.backend = backend;
        this.channel = channel;
        this.connectTimeoutNanos = connectTimeout.toNanos();
    }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        if (options.isWaitForReady() || awaitDecided(options.getDeadline())) {
            return next.newCall(method, options);
        }
        return new FailedCall<>(Status.UNAVAILABLE.withDescription(
                "no connection to the " + backend + " service within " + Duration.ofNanos(connectTimeoutNanos)),
                                options.getExecutor());
    }

    // true once gRPC can decide the call at once: connected, or failing (then gRPC fails it itself)
    private boolean awaitDecided(Deadline callDeadline) {
        ConnectivityState state = channel.getState(true);
        if (decided(state)) {
            connectingSinceNanos.set(NOT_WAITING);
            return true;
        }
        long now = System.nanoTime();
        connectingSinceNanos.compareAndSet(NOT_WAITING, now);
        long deadline = connectingSinceNanos.get() + connectTimeoutNanos;
        if (callDeadline != null) {
            // never past the call's own deadline: gRPC then fails it with DEADLINE_EXCEEDED, as it would have
            deadline = Math.min(deadline, now + Math.max(0, callDeadline.timeRemaining(TimeUnit.NANOSECONDS)));
        }
        try {
            while (!decided(state) && deadline - System.nanoTime() > 0) {
                CountDownLatch changed = new CountDownLatch(1);
                channel.notifyWhenStateChanged(state, changed::countDown);
                changed.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                state = channel.getState(true);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true; // the call itself sees the interrupt
        }
        if (decided(state)) {
            connectingSinceNanos.set(NOT_WAITING);
            return true;
        }
        // the call's deadline came first: gRPC answers DEADLINE_EXCEEDED; otherwise the backend is down
        return callDeadline != null && callDeadline.isExpired();
    }

    private static boolean decided(ConnectivityState state) {
        return state == ConnectivityState.READY || state == ConnectivityState.TRANSIENT_FAILURE
                || state == ConnectivityState.SHUTDOWN;
    }

    // A call that closes with the given status as soon as it is started, on the call's executor (blocking stubs
    // drain their own), never inside start() where a caller's observer may not expect it.
    private static final class FailedCall<Q, R> extends ClientCall<Q, R> {

        private final Status status;
        private final Executor executor;

        private FailedCall(Status status, Executor executor) {
            this.status = status;
            this.executor = executor != null ? executor : command -> Thread.ofVirtual().start(command);
        }

        @Override
        public void start(Listener<R> listener, Metadata headers) {
            executor.execute(() -> listener.onClose(status, new Metadata()));
        }

        @Override
        public void request(int numMessages) {
        }

        @Override
        public void cancel(String message, Throwable cause) {
        }

        @Override
        public void halfClose() {
        }

        @Override
        public void sendMessage(Q message) {
        }
    }
}
