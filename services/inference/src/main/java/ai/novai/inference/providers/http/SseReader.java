package ai.novai.inference.providers.http;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import ai.novai.inference.providers.ProviderFailure;

/**
 * Reads server-sent events from an upstream body, one event at a time. A body silent for longer than the
 * idle timeout is closed and reported as a {@link ProviderFailure} of kind TIMEOUT; closing the reader
 * aborts the upstream request.
 */
public final class SseReader implements Closeable {

    private static final ScheduledExecutorService WATCHDOG = watchdog();

    private final InputStream body;
    private final BufferedReader reader;
    private final Duration idleTimeout;
    private volatile boolean timedOut;

    public SseReader(InputStream body, Duration idleTimeout) {
        this.body = body;
        this.reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
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

    /** The next event, or empty at the end of the body. */
    public Optional<Event> next() {
        ScheduledFuture<?> watchdog = WATCHDOG.schedule(this::expire, idleTimeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            String event = "";
            StringBuilder data = null;
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data != null) {
                        return Optional.of(new Event(event, data.toString()));
                    }
                    event = "";
                    continue;
                }
                if (line.startsWith(":")) {
                    continue;
                }
                int colon = line.indexOf(':');
                String field = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 1);
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
            if (timedOut || e instanceof java.net.SocketTimeoutException) {
                throw new ProviderFailure(ProviderFailure.Kind.TIMEOUT,
                                          "the upstream stream was silent for " + idleTimeout.toSeconds() + " s");
            }
            throw new ProviderFailure(ProviderFailure.Kind.STREAM_BROKEN, "the upstream stream broke: "
                    + e.getMessage(), Optional.empty(), e);
        } finally {
            watchdog.cancel(false);
        }
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
