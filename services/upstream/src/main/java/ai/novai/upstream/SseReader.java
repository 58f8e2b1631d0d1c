package ai.novai.upstream;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Reads server-sent events from an upstream body, one event at a time. A body silent for longer than the
 * idle timeout is closed and reported as an {@link UpstreamFailure} of kind TIMEOUT; closing the reader
 * aborts the upstream request. An event is bounded ({@value #MAX_EVENT_BYTES} bytes of lines): an upstream that
 * sends more without an event boundary is broken, not trusted with the service's memory.
 */
public final class SseReader implements Closeable {

    static final int MAX_EVENT_BYTES = 4 * 1024 * 1024;
    private static final int SHRINK_ABOVE = 64 * 1024;
    private static final ScheduledExecutorService WATCHDOG = watchdog();

    private final InputStream body;
    private final Duration idleTimeout;
    private final byte[] buffer = new byte[8192];
    private byte[] line = new byte[256];
    private int position;
    private int limit;
    private int eventBytes;
    private volatile boolean timedOut;

    public SseReader(InputStream body, Duration idleTimeout) {
        this.body = body;
        this.idleTimeout = idleTimeout;
    }

    /**
     * One event.
     *
     * @param event the {@code event:} name, empty when the event has none
     * @param data  the {@code data:} lines joined with newlines
     */
    public record Event(String event, String data) {
    }

    /**
     * The next event, or empty at the end of the body.
     *
     * @throws UpstreamFailure of kind TIMEOUT after a silence longer than the idle timeout, STREAM_BROKEN when the
     *                         connection broke or an event is too large
     */
    public Optional<Event> next() {
        ScheduledFuture<?> watchdog = WATCHDOG.schedule(this::expire, idleTimeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            eventBytes = 0;
            String event = "";
            StringBuilder data = null;
            String text;
            while ((text = readLine()) != null) {
                if (text.isEmpty()) {
                    if (data != null) {
                        return Optional.of(new Event(event, data.toString()));
                    }
                    event = "";
                    continue;
                }
                if (text.startsWith(":")) {
                    continue;
                }
                int colon = text.indexOf(':');
                String field = colon < 0 ? text : text.substring(0, colon);
                String value = colon < 0 ? "" : text.substring(colon + 1);
                if (value.startsWith(" ")) {
                    value = value.substring(1);
                }
                if (field.equals("event")) {
                    event = value;
                } else if (field.equals("data")) {
                    data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                }
            }
            return data == null ? Optional.empty() : Optional.of(new Event(event, data.toString()));
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

    // A line ends at LF, CR LF or CR (the SSE grammar allows all three); null at the end of the body.
    private String readLine() throws IOException {
        int length = 0;
        while (true) {
            if (position == limit && !fill()) {
                return length == 0 ? null : decode(length);
            }
            byte b = buffer[position++];
            if (b == '\n') {
                return decode(length);
            }
            if (b == '\r') {
                if (position < limit || fill()) {
                    if (buffer[position] == '\n') {
                        position++;
                    }
                }
                return decode(length);
            }
            if (++eventBytes > MAX_EVENT_BYTES) {
                throw new IOException("an event longer than " + MAX_EVENT_BYTES + " bytes");
            }
            if (length == line.length) {
                line = Arrays.copyOf(line, length * 2);
            }
            line[length++] = b;
        }
    }

    private String decode(int length) {
        String text = new String(line, 0, length, StandardCharsets.UTF_8);
        if (line.length > SHRINK_ABOVE) {
            // one large event does not keep its buffer for the rest of a long stream
            line = new byte[256];
        }
        return text;
    }

    private boolean fill() throws IOException {
        int read = body.read(buffer, 0, buffer.length);
        if (read <= 0) {
            return false;
        }
        position = 0;
        limit = read;
        return true;
    }

    private void expire() {
        timedOut = true;
        close();
    }

    /** Closes the body, which aborts the upstream request if it is still going. */
    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException e) {
            // nothing more to do: the connection is gone either way
        }
    }

    // One timer per event read, cancelled when the event comes: a cancelled timer leaves the queue at once
    // (kept until its delay, they held half a million readers after a minute of 1,000 token streams).
    private static ScheduledExecutorService watchdog() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(
                1, Thread.ofPlatform().daemon().name("novai-sse-idle-watchdog").factory());
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }
}
