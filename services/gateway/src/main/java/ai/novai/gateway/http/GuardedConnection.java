package ai.novai.gateway.http;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import ai.novai.gateway.errors.OpenAiError;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.helidon.common.buffers.BufferData;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.common.task.InterruptableTask;
import io.helidon.http.Status;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.spi.ServerConnection;

/**
 * One client connection as {@link ConnectionGuard} watches it: which part of a request it is sending (the
 * head, a body the gateway reads, or nothing the gateway waits for), since when, and how fast. A connection
 * that sends too slowly is answered 408 and closed.
 */
final class GuardedConnection implements ServerConnection, InterruptableTask<Void> {

    private static final System.Logger LOGGER = System.getLogger(GuardedConnection.class.getName());
    private static final ThreadLocal<GuardedConnection> CURRENT = new ThreadLocal<>();

    private enum Phase { WAITING, HEAD, BODY }

    private final ServerConnection delegate;
    private final ConnectionContext context;
    private final ConnectionLimits limits;
    private final Object cutLock = new Object();
    private volatile Phase phase = Phase.WAITING;
    private volatile long phaseStart;
    private volatile long lastRead;
    private volatile long bodyBytes;
    private volatile boolean closing;
    private boolean cut;

    GuardedConnection(ServerConnection delegate, ConnectionContext context, ConnectionLimits limits) {
        this.delegate = delegate;
        this.context = context;
        this.limits = limits;
    }

    /** The connection whose request the current thread serves, if it is a guarded one. */
    static Optional<GuardedConnection> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    @Override
    public void handle(Limit limit) throws InterruptedException {
        CURRENT.set(this);
        try {
            delegate.handle(limit);
        } finally {
            CURRENT.remove();
        }
    }

    ConnectionContext context() {
        return context;
    }

    void headStarted() {
        begin(Phase.HEAD);
    }

    void headDone() {
        phase = Phase.WAITING;
    }

    void bodyStarted() {
        begin(Phase.BODY);
    }

    void bodyRead(int bytes) {
        bodyBytes += bytes;
        lastRead = System.nanoTime();
    }

    void bodyDone() {
        phase = Phase.WAITING;
    }

    /** A response that closes the connection is being sent: no request may follow it on this connection. */
    void answeredWithClose() {
        closing = true;
    }

    /** Whether a response that closes the connection was sent. */
    boolean closing() {
        return closing;
    }

    /** Whether this connection was cut for sending too slowly. */
    boolean wasCut() {
        synchronized (cutLock) {
            return cut;
        }
    }

    private void begin(Phase next) {
        long now = System.nanoTime();
        phaseStart = now;
        lastRead = now;
        bodyBytes = 0;
        phase = next;
    }

    /** Why this connection is sending too slowly at {@code now}, if it is. */
    Optional<String> overdue(long now) {
        Phase current = phase;
        if (current == Phase.HEAD && now - phaseStart > limits.headerTimeout().toNanos()) {
            return Optional.of("The request headers did not arrive within " + seconds(limits.headerTimeout())
                                       + " of the request line.");
        }
        if (current == Phase.BODY) {
            if (now - lastRead > limits.bodyIdleTimeout().toNanos()) {
                return Optional.of("The request body stalled: nothing arrived for "
                                           + seconds(limits.bodyIdleTimeout()) + ".");
            }
            long allowed = limits.bodyGrace().toNanos()
                    + bodyBytes * 1_000_000_000L / Math.max(1, limits.bodyMinBytesPerSecond());
            if (now - phaseStart > allowed) {
                return Optional.of("The request body arrived slower than " + limits.bodyMinBytesPerSecond()
                                           + " bytes per second.");
            }
        }
        return Optional.empty();
    }

    /** Answers 408 with this message (best effort: the client may not read it) and closes the connection. */
    void cut(String message) {
        synchronized (cutLock) {
            if (cut) {
                return;
            }
            cut = true;
        }
        try {
            context.dataWriter().writeNow(BufferData.create(rawResponse(Status.REQUEST_TIMEOUT_408, new OpenAiError(
                    message, "invalid_request_error", null, "request_timeout"))));
        } catch (RuntimeException e) {
            LOGGER.log(System.Logger.Level.DEBUG, "the 408 of a slow sender could not be written", e);
        }
        try {
            context.serverSocket().close();
        } catch (UncheckedIOException alreadyClosed) {
            // the client closed the connection first (ClosedChannelException): nothing left to cut
            LOGGER.log(System.Logger.Level.DEBUG, "a slow sender's connection was closed already", alreadyClosed);
        }
    }

    /** A whole HTTP/1.1 response that closes the connection, for answers written outside a request's routing. */
    static byte[] rawResponse(Status status, OpenAiError error) {
        byte[] body;
        try {
            body = Json.mapper().writeValueAsBytes(error.asBody());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("error not serialisable", e);
        }
        byte[] head = ("HTTP/1.1 " + status.code() + " " + status.reasonPhrase() + "\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] response = new byte[head.length + body.length];
        System.arraycopy(head, 0, response, 0, head.length);
        System.arraycopy(body, 0, response, head.length, body.length);
        return response;
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    @Override
    public Duration idleTime() {
        return delegate.idleTime();
    }

    @Override
    public void close(boolean interrupt) {
        delegate.close(interrupt);
    }

    @Override
    public boolean canInterrupt() {
        return delegate instanceof InterruptableTask<?> task && task.canInterrupt();
    }
}
