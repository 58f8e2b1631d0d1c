package ai.novai.inference;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

import ai.novai.common.grpc.CancelSignal;
import ai.novai.proto.inference.v1.ChatRequest;
import ai.novai.proto.inference.v1.StreamCompleteRequest;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.context.Context;

/**
 * The caller's side of one {@code StreamComplete} call (see {@code inference.proto}): {@code start} runs the
 * completion on a virtual thread of its own, so that this call's later messages are still read while it
 * streams; {@code credit} lets it send more chunks ({@link ChunkCredits}); {@code stop} fires the call's
 * {@link CancelSignal}, which aborts the upstream request, and the completion then ends the call with
 * CANCELLED. Every ending goes through the call's {@link StreamEnding}, which this side tells of the caller's
 * half-close.
 */
final class StreamCompleteCall implements StreamObserver<StreamCompleteRequest> {

    private static final System.Logger LOGGER = System.getLogger(StreamCompleteCall.class.getName());

    private final StreamObserver<?> response;
    private final CancelSignal cancel;
    private final StreamEnding ending;
    private final BiConsumer<ChatRequest, ChunkCredits> completion;
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile ChunkCredits credits;

    /**
     * @param response   the call's response side
     * @param cancel     the call's cancel signal, fired by {@code stop} as by a cancel
     * @param ending     the call's ending, told when the caller half-closes
     * @param completion streams the completion of a request, a chunk per credit, and ends the call
     */
    StreamCompleteCall(StreamObserver<?> response, CancelSignal cancel, StreamEnding ending,
                       BiConsumer<ChatRequest, ChunkCredits> completion) {
        this.response = response;
        this.cancel = cancel;
        this.ending = ending;
        this.completion = completion;
    }

    @Override
    public void onNext(StreamCompleteRequest message) {
        switch (message.getStepCase()) {
            case START -> start(message.getStart(), message.getWindow());
            case CREDIT -> credit(message.getCredit());
            case STOP -> stop();
            case STEP_NOT_SET -> LOGGER.log(System.Logger.Level.DEBUG, "StreamComplete message without a step ignored");
        }
    }

    private void start(ChatRequest request, int window) {
        if (!started.compareAndSet(false, true)) {
            LOGGER.log(System.Logger.Level.DEBUG, "second start of a StreamComplete call ignored");
            return;
        }
        ChunkCredits granted = ChunkCredits.window(window);
        credits = granted;
        cancel.onCancel(granted::open);
        Thread.ofVirtual().name("stream-complete")
                .start(Context.current().wrap(() -> completion.accept(request, granted)));
    }

    private void credit(int chunks) {
        ChunkCredits granted = credits;
        if (granted != null) {
            granted.grant(chunks);
        }
    }

    private void stop() {
        if (started.compareAndSet(false, true)) {
            // stopped before it started: nothing runs that would end the call; not on this thread, which
            // delivers the half-close the ending waits for
            Thread.ofVirtual().name("stream-complete-stopped").start(() -> ending.end(() -> response.onError(
                    Status.CANCELLED.withDescription("stopped by the caller").asRuntimeException())));
            return;
        }
        cancel.cancel();
    }

    @Override
    public void onError(Throwable cancelled) {
        // the call was cancelled (or its connection broke): the completion hears of it through its CancelSignal
        ending.callerDone();
    }

    @Override
    public void onCompleted() {
        ending.callerDone();
        if (started.compareAndSet(false, true)) {
            ending.end(() -> response.onError(Status.INVALID_ARGUMENT
                    .withDescription("StreamComplete was half-closed before its start was sent")
                    .asRuntimeException()));
        }
    }
}
