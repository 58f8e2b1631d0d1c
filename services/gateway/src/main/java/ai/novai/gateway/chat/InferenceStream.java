package ai.novai.gateway.chat;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import ai.novai.proto.inference.v1.ChatRequest;
import ai.novai.proto.inference.v1.InferenceServiceGrpc;
import ai.novai.proto.inference.v1.StopStream;
import ai.novai.proto.inference.v1.StreamCompleteReply;
import ai.novai.proto.inference.v1.StreamCompleteRequest;
import ai.novai.proto.inference.v1.Usage;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;

/**
 * One {@code StreamComplete} call, read at the pace of its consumer: inference sends at most {@code window}
 * chunks ahead of what the consumer took, and this side gives credit for more as the consumer takes them
 * ({@code window} and {@code credit} in {@code inference.proto}). So a client that reads slowly slows
 * inference and its provider down and holds a window of chunks in the queue here, never bytes of the shared
 * HTTP/2 connection's window (gRPC delivers every message at once), which would stall the other streams on it.
 * Inference's {@code end} is answered with this side's half-close, the last thing it sends, so that no credit
 * or stop crosses the call's status on the wire (the ending handshake in {@code inference.proto}).
 */
final class InferenceStream implements ClientResponseObserver<StreamCompleteRequest, StreamCompleteReply> {

    private static final System.Logger LOGGER = System.getLogger(InferenceStream.class.getName());
    private static final StreamEvent SILENCE = new StreamEvent.Silence();
    private static final StreamCompleteRequest STOP =
            StreamCompleteRequest.newBuilder().setStop(StopStream.getDefaultInstance()).build();
    private static final StreamEvent STOPPED =
            new StreamEvent.Failed(Status.CANCELLED.withDescription("stopped by the gateway").asRuntimeException());

    private final int window;
    // credit is given back in batches of this many chunks
    private final int creditBatch;
    // the window's chunks and the one ending
    private final BlockingQueue<StreamEvent> events;
    private volatile ClientCallStreamObserver<StreamCompleteRequest> call;
    // the call ended at inference (its status arrived): nothing is left to stop
    private volatile boolean ended;
    // guarded by this: messages to inference are sent one at a time, none after the half-close
    private boolean stopped;
    private boolean halfClosed;
    private int taken;
    // inference's end (or the call's status, should the end never come) arrived
    private final CountDownLatch endArrived = new CountDownLatch(1);
    private volatile Usage unreportedUsage;

    private InferenceStream(int window) {
        this.window = window;
        this.creditBatch = Math.max(1, window / 4);
        this.events = new ArrayBlockingQueue<>(window + 1);
    }

    /**
     * Starts the call.
     *
     * @param stub    the stub to call with, its deadline set
     * @param request the request
     * @param window  how many chunks may be in flight ahead of the consumer
     */
    static InferenceStream start(InferenceServiceGrpc.InferenceServiceStub stub, ChatRequest request, int window) {
        InferenceStream stream = new InferenceStream(window);
        // no half-close: inference ends the call, this side stops it in-band (inference.proto)
        stub.streamComplete(stream).onNext(StreamCompleteRequest.newBuilder().setStart(request).setWindow(window).build());
        return stream;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<StreamCompleteRequest> requestStream) {
        this.call = requestStream;
    }

    @Override
    public void onNext(StreamCompleteReply reply) {
        switch (reply.getStepCase()) {
            case CHUNK -> deliver(new StreamEvent.Chunk(reply.getChunk()));
            case END -> {
                if (reply.getEnd().hasUnreportedUsage()) {
                    unreportedUsage = reply.getEnd().getUnreportedUsage();
                }
                endArrived.countDown();
                halfClose();
            }
            case STEP_NOT_SET -> LOGGER.log(System.Logger.Level.DEBUG, "StreamComplete reply without a step ignored");
        }
    }

    // inference's stream is over and its status waits for this: nothing more is sent
    private synchronized void halfClose() {
        if (!halfClosed) {
            halfClosed = true;
            call.onCompleted();
        }
    }

    @Override
    public void onError(Throwable failure) {
        ended = true;
        endArrived.countDown();
        deliver(new StreamEvent.Failed(failure));
    }

    @Override
    public void onCompleted() {
        ended = true;
        endArrived.countDown();
        deliver(new StreamEvent.Completed());
    }

    private void deliver(StreamEvent event) {
        synchronized (this) {
            if (stopped) {
                return;
            }
        }
        if (!events.offer(event)) {
            // cannot happen while inference keeps to the credit: never more chunks than the window, then one ending
            LOGGER.log(System.Logger.Level.ERROR, "inference stream overran its window of " + window);
            call.cancel("stream overran its window", null);
        }
    }

    /**
     * The next event, or {@link StreamEvent.Silence} when none came within the wait. Taking chunks gives
     * inference credit for as many more.
     *
     * @throws InterruptedException when the waiting thread is interrupted (the gateway is shutting down)
     */
    StreamEvent next(Duration wait) throws InterruptedException {
        StreamEvent event = events.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (event == null) {
            return SILENCE;
        }
        if (event instanceof StreamEvent.Chunk) {
            took();
        }
        return event;
    }

    private synchronized void took() {
        if (++taken >= creditBatch && !stopped && !halfClosed && !ended) {
            call.onNext(StreamCompleteRequest.newBuilder().setCredit(taken).build());
            taken = 0;
        }
    }

    /**
     * What inference used for a stream that ended early without a usage chunk (its {@code end} says, see
     * {@code StreamEnd} in {@code inference.proto}), waiting at most {@code wait} for that end: after a stop,
     * so that a stream cut before its first chunk is billed for the prompt its provider was sent.
     */
    Optional<Usage> awaitUnreportedUsage(Duration wait) {
        try {
            endArrived.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            // shutting down: bill with what is known now
            Thread.currentThread().interrupt();
        }
        return Optional.ofNullable(unreportedUsage);
    }

    /**
     * Stops the call: inference aborts the provider's request and ends the call; what arrives until then is
     * dropped. Sent as a message, never as a reset: see {@code StreamComplete} in {@code inference.proto}.
     * A call that is ending already (its {@code end} or its status arrived) is left alone.
     */
    void stop() {
        synchronized (this) {
            if (ended || stopped || halfClosed) {
                return;
            }
            stopped = true;
            call.onNext(STOP);
        }
        // a consumer still waiting learns at once (at most one event raced in after the clear: room left)
        events.clear();
        events.offer(STOPPED);
    }
}
