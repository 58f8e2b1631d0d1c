package ai.novai.inference;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

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
 * <p>
 * The status is sent by the thread that delivers the caller's half-close, inside that delivery: Helidon
 * 4.5's HTTP/2 stream reads the caller's frames on a thread of its own until the stream is closed, and
 * checks only after each frame; a stream whose caller half-closed first and whose status then came from
 * another thread left that reader waiting for a frame that never comes, forever (one virtual thread, its
 * stream and their buffers per streamed completion: 8,000 of them after 15 minutes of the soak).
 */
final class StreamEnding {

    /** How long the status waits for the caller's half-close. */
    static final Duration HALF_CLOSE_WAIT = Duration.ofSeconds(5);

    private static final System.Logger LOGGER = System.getLogger(StreamEnding.class.getName());
    private final StreamObserver<StreamCompleteReply> response;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final ReentrantLock lock = new ReentrantLock();
    private boolean callerDone;
    private Runnable pendingClose;
    private volatile Usage unreportedUsage;

    StreamEnding(StreamObserver<StreamCompleteReply> response) {
        this.response = response;
    }

    /** What the stream used without a usage chunk to say so (it ended early): sent with {@code end}. */
    void unreportedUsage(Usage usage) {
        this.unreportedUsage = usage;
    }

    /**
     * The caller half-closed (or its call was cancelled): when {@code end} has gone, the status goes now, on
     * this thread (the one delivering the caller's messages).
     */
    void callerDone() {
        Runnable close;
        lock.lock();
        try {
            callerDone = true;
            close = pendingClose;
            pendingClose = null;
        } finally {
            lock.unlock();
        }
        if (close != null) {
            close(close);
        }
    }

    /**
     * Sends {@code end}, then leaves {@code close}, which ends the call with its status, to the caller's
     * half-close; runs it itself when none came within {@link #HALF_CLOSE_WAIT}. Blocks: never call it on the
     * thread that delivers the caller's messages. A call cancelled by its transport gets no {@code end}
     * (nobody is listening).
     */
    void end(Runnable close) {
        if (cancelledByTransport()) {
            close(close);
            return;
        }
        boolean closeNow;
        lock.lock();
        try {
            try {
                response.onNext(endMessage());
            } catch (ServerConnectionException gone) {
                LOGGER.log(System.Logger.Level.DEBUG, "the caller's connection closed before the stream's end", gone);
                return;
            }
            // a caller that half-closed before the end (not the handshake) gets its status at once
            closeNow = callerDone;
            pendingClose = closeNow ? null : close;
        } finally {
            lock.unlock();
        }
        if (closeNow) {
            close(close);
        } else if (!awaitClosed()) {
            closeUnanswered();
        }
    }

    private void closeUnanswered() {
        Runnable close;
        lock.lock();
        try {
            close = pendingClose;
            pendingClose = null;
        } finally {
            lock.unlock();
        }
        if (close != null) {
            LOGGER.log(System.Logger.Level.DEBUG, "no half-close within " + HALF_CLOSE_WAIT + "; closing anyway");
            close(close);
        }
    }

    private void close(Runnable close) {
        try {
            close.run();
        } finally {
            closed.countDown();
        }
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

    private boolean awaitClosed() {
        try {
            return closed.await(HALF_CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            // shutting down: close now
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
