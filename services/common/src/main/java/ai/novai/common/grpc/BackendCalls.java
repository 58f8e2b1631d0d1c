package ai.novai.common.grpc;

import java.util.concurrent.TimeoutException;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/**
 * How a backend's gRPC handler meets its call: a {@link CancelSignal} tied to the call's cancellation,
 * and one way to end a call that failed.
 */
public final class BackendCalls {

    private static final System.Logger LOGGER = System.getLogger(BackendCalls.class.getName());

    private BackendCalls() {
    }

    /**
     * A signal that fires when the caller cancels this call (client gone) or its deadline passes (the
     * current {@link Context}'s, set from {@code grpc-timeout} by the server). Call it on the thread that
     * starts the call.
     */
    public static CancelSignal cancelSignal(StreamObserver<?> response) {
        CancelSignal cancel = new CancelSignal();
        if (response instanceof ServerCallStreamObserver<?> call) {
            call.setOnCancelHandler(cancel::cancel);
        }
        Context context = Context.current();
        if (context.getDeadline() != null) {
            context.addListener(ended -> {
                // a context released at the end of its call has no cause: only a passed deadline cancels
                if (ended.cancellationCause() instanceof TimeoutException) {
                    cancel.cancel();
                }
            }, Runnable::run);
        }
        return cancel;
    }

    /**
     * Ends a failed call: a contract error travels as it is, anything else is logged and answered INTERNAL
     * without its internals. A call its caller cancelled gets no answer, nobody is listening; one the caller
     * stopped with a message (its transport still open, waiting for the end) is ended with CANCELLED.
     *
     * @param what what failed, for the log and the message, e.g. {@code chat completion}
     */
    public static void fail(StreamObserver<?> response, RuntimeException failure, CancelSignal cancel, String what) {
        if (cancel.isCancelled()) {
            if (response instanceof ServerCallStreamObserver<?> call && !call.isCancelled()) {
                response.onError(Status.CANCELLED.withDescription("stopped by the caller").asRuntimeException());
            }
            return;
        }
        if (failure instanceof StatusRuntimeException status) {
            response.onError(status);
            return;
        }
        LOGGER.log(System.Logger.Level.ERROR, what + " failed", failure);
        response.onError(Status.INTERNAL.withDescription(what + " failed").asRuntimeException());
    }
}
