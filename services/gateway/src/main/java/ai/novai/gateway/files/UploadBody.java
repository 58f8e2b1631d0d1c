package ai.novai.gateway.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import ai.novai.gateway.http.ClientGone;
import ai.novai.gateway.http.ConnectionGuard;
import io.helidon.common.buffers.DataReader;

/**
 * An upload's body as it is read: each read reported to the slow-sender limits ({@link ConnectionGuard}), the
 * whole cut off past its cap (413 {@code file_too_large}, also for a chunked body, whose size nobody declared),
 * and a connection that breaks (the client left, or was cut for sending too slowly) reported as
 * {@link ClientGone}.
 */
final class UploadBody extends InputStream {

    private final InputStream body;
    private final ConnectionGuard.BodyRead read;
    private final long maxBodyBytes;
    private final long maxFileBytes;
    private long total;

    /**
     * @param body         the request body
     * @param read         its read under the slow-sender limits
     * @param maxBodyBytes the most read
     * @param maxFileBytes the file cap a longer body exceeds, for the refusal
     */
    UploadBody(InputStream body, ConnectionGuard.BodyRead read, long maxBodyBytes, long maxFileBytes) {
        this.body = body;
        this.read = read;
        this.maxBodyBytes = maxBodyBytes;
        this.maxFileBytes = maxFileBytes;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        int n;
        try {
            n = body.read(into, offset, length);
        } catch (IOException | UncheckedIOException | DataReader.InsufficientDataAvailableException e) {
            throw new ClientGone(read.cut() ? ClientGone.Reason.SENDS_TOO_SLOWLY : ClientGone.Reason.DISCONNECTED, e);
        }
        if (n > 0) {
            read.read(n);
            total += n;
            if (total > maxBodyBytes) {
                throw new FileTooLargeException(maxFileBytes);
            }
        }
        return n;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }
}
