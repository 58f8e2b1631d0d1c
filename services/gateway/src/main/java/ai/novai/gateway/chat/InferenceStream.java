package ai.novai.gateway.chat;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import ai.novai.proto.inference.v1.ChatCompletionChunk;
import ai.novai.proto.inference.v1.ChatRequest;
import ai.novai.proto.inference.v1.InferenceServiceGrpc;
import ai.novai.proto.inference.v1.StopStream;
import ai.novai.proto.inference.v1.StreamCompleteRequest;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;

/**
 * One {@code StreamComplete} call, read at the pace of its consumer: gRPC flow control asks inference for
 * at most {@code window} chunks ahead of what the consumer took, so a client that reads slowly slows
 * inference and its provider down instead of filling the gateway's memory. The queue between the two is
 * bounded by the same window.
 */
final class InferenceStream implements ClientResponseObserver<StreamCompleteRequest, ChatCompletionChunk> {

    private static final System.Logger LOGGER = System.getLogger(InferenceStream.class.getName());
    private static final StreamEvent SILENCE = new StreamEvent.Silence();
    private static final StreamCompleteRequest STOP =
            StreamCompleteRequest.newBuilder().setStop(StopStream.getDefaultInstance()).build();
    private static final StreamEvent STOPPED =
            new StreamEvent.Failed(Status.CANCELLED.withDescription("stopped by the gateway").asRuntimeException());

    private final int window;
    // the window's chunks and the one ending
    private final BlockingQueue<StreamEvent> events;
    private volatile ClientCallStreamObserver<StreamCompleteRequest> call;
    // the call ended at inference (its ending arrived): nothing is left to stop
    private volatile boolean ended;
    // this side stopped the call: the rest is dropped
    private final AtomicBoolean stopped = new AtomicBoolean();

    private InferenceStream(int window) {
        this.window = window;
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
        stub.streamComplete(stream).onNext(StreamCompleteRequest.newBuilder().setStart(request).build());
        if (window > 1) {
            stream.call.request(window - 1);
        }
        return stream;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<StreamCompleteRequest> requestStream) {
        this.call = requestStream;
        // gRPC asks for the first chunk itself when the call starts; the rest of the window is asked for once started
        requestStream.disableAutoInboundFlowControl();
    }

    @Override
    public void onNext(ChatCompletionChunk chunk) {
        deliver(new StreamEvent.Chunk(chunk));
    }

    @Override
    public void onError(Throwable failure) {
        ended = true;
        deliver(new StreamEvent.Failed(failure));
    }

    @Override
    public void onCompleted() {
        ended = true;
        deliver(new StreamEvent.Completed());
    }

    private void deliver(StreamEvent event) {
        if (stopped.get()) {
            return;
        }
        if (!events.offer(event)) {
            // cannot happen while flow control holds: never more chunks than requested, then one ending
            LOGGER.log(System.Logger.Level.ERROR, "inference stream overran its window of " + window);
            call.cancel("stream overran its window", null);
        }
    }

    /**
     * The next event, or {@link StreamEvent.Silence} when none came within the wait. Taking a chunk asks
     * inference for one more.
     *
     * @throws InterruptedException when the waiting thread is interrupted (the gateway is shutting down)
     */
    StreamEvent next(Duration wait) throws InterruptedException {
        StreamEvent event = events.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (event == null) {
            return SILENCE;
        }
        if (event instanceof StreamEvent.Chunk) {
            call.request(1);
        }
        return event;
    }

    /**
     * Stops the call: inference aborts the provider's request and ends the call; what arrives until then is
     * dropped. Sent as a message, never as a reset: see {@code StreamComplete} in {@code inference.proto}.
     * A call whose ending already arrived is left alone.
     */
    void stop() {
        if (!ended && stopped.compareAndSet(false, true)) {
            call.onNext(STOP);
            // let inference write out what it had under way, so that it reaches its end
            call.request(Integer.MAX_VALUE);
            // a consumer still waiting learns at once (at most one chunk raced in after the clear: room left)
            events.clear();
            events.offer(STOPPED);
        }
    }
}
