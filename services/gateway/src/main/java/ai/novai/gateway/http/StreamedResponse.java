package ai.novai.gateway.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.function.LongSupplier;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;

/**
 * A response body copied from a stream (a file's content) as the client takes it, a buffer at a time, each write
 * under the write timeout ({@link WriteTimeouts}): a client that stops reading is cut instead of holding its
 * thread and the stream. A client gone mid-way is {@link ClientGone}; the stream failing is an
 * {@link UncheckedIOException}.
 */
public final class StreamedResponse {

    private static final int BUFFER_BYTES = 64 * 1024;

    private StreamedResponse() {
    }

    /**
     * Sends 200 with the stream's bytes, whose number is known; the caller sets the other headers first.
     *
     * @param clientProgress when the client was last seen taking bytes ({@link WriteTimeouts#watch})
     */
    public static void send(ServerResponse response, InputStream content, long bytes, WriteTimeouts timeouts,
                            LongSupplier clientProgress) {
        response.status(Status.OK_200);
        if (bytes == 0) {
            response.send();
            return;
        }
        response.header(HeaderNames.CONTENT_LENGTH, Long.toString(bytes));
        byte[] buffer = new byte[BUFFER_BYTES];
        try (WriteTimeouts.Watch watch = timeouts.watch(clientProgress)) {
            OutputStream out = response.outputStream();
            for (int n = read(content, buffer); n >= 0; n = read(content, buffer)) {
                int length = n;
                watch.write(() -> out.write(buffer, 0, length));
            }
            watch.write(out::close);
        }
    }

    private static int read(InputStream content, byte[] buffer) {
        try {
            return content.read(buffer);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the content to send failed", e);
        }
    }
}
