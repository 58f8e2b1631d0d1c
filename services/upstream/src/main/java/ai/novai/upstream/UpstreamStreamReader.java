package ai.novai.upstream;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Reads one framed upstream stream (server-sent events, AWS event-stream messages), one unit at a time, with what
 * every framing shares: a body silent for longer than the idle timeout is closed and reported as an
 * {@link UpstreamFailure} of kind TIMEOUT, a broken connection or a malformed or oversized frame as STREAM_BROKEN,
 * and closing the reader aborts the upstream request. Subclasses only decode their framing.
 *
 * @param <E> what one unit of the stream is
 */
public abstract sealed class UpstreamStreamReader<E> implements Closeable permits SseReader, EventStreamReader {

    private static final ScheduledExecutorService WATCHDOG = watchdog();

    private final InputStream body;
    private final Duration idleTimeout;
    private volatile boolean timedOut;

    UpstreamStreamReader(InputStream body, Duration idleTimeout) {
        this.body = body;
        this.idleTimeout = idleTimeout;
    }

    /**
     * The next unit, or empty at the end of the body.
     *
     * @throws UpstreamFailure of kind TIMEOUT after a silence longer than the idle timeout, STREAM_BROKEN when the
     *                         connection broke or the framing is broken (too large, corrupt)
     */
    public final Optional<E> next() {
        ScheduledFuture<?> watchdog = WATCHDOG.schedule(this::expire, idleTimeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            return read();
        } catch (IOException e) {
            if (timedOut || e instanceof SocketTimeoutException) {
                throw new UpstreamFailure(UpstreamFailure.Kind.TIMEOUT,
                                          "the upstream stream was silent for " + idleTimeout.toSeconds() + " s");
            }
            throw new UpstreamFailure(UpstreamFailure.Kind.STREAM_BROKEN, "the upstream stream broke: "
                    + e.getMessage(), Optional.empty(), e);
        } finally {
            watchdog.cancel(false);
        }
    }

    /**
     * Decodes the next unit from the body.
     *
     * @return empty at a clean end of the body
     * @throws IOException when the connection broke, or the framing is broken
     */
    abstract Optional<E> read() throws IOException;

    /** The body being read. */
    final InputStream body() {
        return body;
    }

    private void expire() {
        timedOut = true;
        close();
    }

    /** Closes the body, which aborts the upstream request if it is still going. */
    @Override
    public final void close() {
        try {
            body.close();
        } catch (IOException e) {
            // nothing more to do: the connection is gone either way
        }
    }

    // One timer per unit read, cancelled when the unit comes: a cancelled timer leaves the queue at once
    // (kept until its delay, they held half a million readers after a minute of 1,000 token streams).
    private static ScheduledExecutorService watchdog() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(
                1, Thread.ofPlatform().daemon().name("novai-stream-idle-watchdog").factory());
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }
}
