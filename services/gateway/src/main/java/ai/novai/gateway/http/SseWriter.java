package ai.novai.gateway.http;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.ServerResponse;

/**
 * Server-sent events exactly as OpenAI frames them ({@code data: <json>\n\n}, comments as keep-alives),
 * written straight to the response, each event flushed as it is written. Served whatever the request's
 * {@code Accept} says: the official SDKs send {@code Accept: application/json} on streams too, and OpenAI
 * ignores it.
 * <p>
 * A write that fails because the client is gone, or that {@link WriteTimeouts} cut, is reported as
 * {@link ClientGone}; nothing else is caught here.
 */
public final class SseWriter implements AutoCloseable {

    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END_OF_EVENT = "\n\n".getBytes(StandardCharsets.US_ASCII);

    private final OutputStream out;
    private final WriteTimeouts.Watch watch;

    private SseWriter(OutputStream out, WriteTimeouts.Watch watch) {
        this.out = out;
        this.watch = watch;
    }

    /**
     * Commits the response as an event stream (200, {@code text/event-stream}, not cached, not buffered by
     * proxies).
     *
     * @param clientProgress when the client was last seen taking bytes, for the write timeout
     *                       ({@link WriteTimeouts#watch(java.util.function.LongSupplier)})
     */
    public static SseWriter open(ServerResponse response, WriteTimeouts timeouts, LongSupplier clientProgress) {
        response.status(Status.OK_200);
        response.header(HeaderValues.create(HeaderNames.CONTENT_TYPE, "text/event-stream"));
        response.header(HeaderNames.CACHE_CONTROL, "no-cache");
        response.header(HeaderNames.create("X-Accel-Buffering"), "no");
        WriteTimeouts.Watch watch = timeouts.watch(clientProgress);
        return new SseWriter(response.outputStream(), watch);
    }

    /** One {@code data:} event. */
    public void data(String data) {
        byte[] payload = data.getBytes(StandardCharsets.UTF_8);
        write(DATA, payload, END_OF_EVENT);
    }

    /** A comment, which SSE readers ignore: keeps the connection and any proxy on it alive. */
    public void comment(String text) {
        write((": " + text).getBytes(StandardCharsets.US_ASCII), END_OF_EVENT);
    }

    private void write(byte[]... parts) {
        watch.write(() -> {
            for (byte[] part : parts) {
                out.write(part);
            }
            out.flush();
        });
    }

    /** Ends the response. A client that left meanwhile is no error: there is nobody to tell. */
    @Override
    public void close() {
        watch.close();
        try {
            out.close();
        } catch (IOException | UncheckedIOException | CloseConnectionException e) {
            // the client is gone; the stream's outcome was decided before
        }
    }
}
