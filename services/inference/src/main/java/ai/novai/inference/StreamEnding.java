package ai.novai.inference;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import ai.novai.proto.inference.v1.StreamCompleteReply;
import ai.novai.proto.inference.v1.StreamEnd;
import ai.novai.proto.inference.v1.Usage;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.helidon.webserver.ServerConnectionException;

/**
 * The end of one {@code StreamComplete} call as {@code inference.proto} describes it: {@code end} first, the
 * caller's half-close in answer, then the status. So nothing the caller sends can cross the status on the
 * wire: grpc-java resets a stream whose server closed first and may still write a credit it had queued,
 * and Helidon 4.5 ends the whole shared connection for data on a closed stream. A caller that does not
 * half-close in time (gone, or not speaking the handshake) gets the status after {@link #HALF_CLOSE_WAIT}.
 */
final class StreamEnding {

    /** How long the status waits for the caller's half-close. */
    static final Duration HALF_CLOSE_WAIT = Duration.ofSeconds(5);

    private static final System.Logger LOGGER = System.getLogger(StreamEnding.class.getName());
    private final StreamObserver<StreamCompleteReply> response;
    private final CountDownLatch halfClosed = new CountDownLatch(1);
    private volatile Usage unreportedUsage;

    StreamEnding(StreamObserver<StreamCompleteReply> response) {
        this.response = response;
    }

    /** What the stream used without a usage chunk to say so (it ended early): sent with {@code end}. */
    void unreportedUsage(Usage usage) {
        this.unreportedUsage = usage;
    }

    /** The caller half-closed (or its call was cancelled): the status may go. */
    void callerDone() {
        halfClosed.countDown();
    }

    /**
     * Sends {@code end}, waits for the caller's half-close (at most {@link #HALF_CLOSE_WAIT}), then runs
     * {@code close}, which ends the call with its status. Blocks: never call it on the thread that delivers
     * the caller's messages. A call cancelled by its transport gets nothing (nobody is listening).
     */
    void end(Runnable close) {
        if (!cancelledByTransport()) {
            try {
                response.onNext(endMessage());
            } catch (ServerConnectionException gone) {
                LOGGER.log(System.Logger.Level.DEBUG, "the caller's connection closed before the stream's end", gone);
                return;
            }
            awaitHalfClose();
        }
        close.run();
    }

    private StreamCompleteReply endMessage() {
        StreamEnd.Builder end = StreamEnd.newBuilder();
        Usage usage = unreportedUsage;
        if (usage != null) {
            end.setUnreportedUsage(usage);
        }
        return StreamCompleteReply.newBuilder().setEnd(end).build();
    }

    private boolean cancelledByTransport() {
        return response instanceof ServerCallStreamObserver<?> call && call.isCancelled();
    }

    private void awaitHalfClose() {
        try {
            if (!halfClosed.await(HALF_CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOGGER.log(System.Logger.Level.DEBUG, "no half-close within " + HALF_CLOSE_WAIT + "; closing anyway");
            }
        } catch (InterruptedException e) {
            // shutting down: close now
            Thread.currentThread().interrupt();
        }
    }
}
