package ai.novai.upstream;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.HttpClientResponse;

/**
 * A provider's answer whose headers arrived and whose body is still to be read. Closing it (or its body)
 * before the body's end drops the connection. Closed from another thread while the reading (virtual)
 * thread is blocked on the socket, it interrupts that thread, which closes the socket at once: that is
 * how a call is aborted when its caller goes away. Only a read is interrupted: a reader busy elsewhere
 * (handing a chunk on, which may wait for a lock of the gRPC connection) is left alone and finds the
 * body aborted at its next read, so the interrupt never lands in somebody else's code.
 */
public final class UpstreamResponse implements AutoCloseable {

    private final HttpClientResponse response;
    private final InputStream body;
    private final Thread reader = Thread.currentThread();
    // changed under this object's lock, so that an interrupt reaches the reader only inside a read
    private volatile boolean aborted;
    private boolean reading;

    UpstreamResponse(HttpClientResponse response) {
        this.response = response;
        InputStream entity = response.inputStream();
        this.body = new FilterInputStream(entity) {
            @Override
            public int read() throws IOException {
                enterRead();
                try {
                    return super.read();
                } catch (RuntimeException e) {
                    throw asIoException(e);
                } finally {
                    leaveRead();
                }
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                enterRead();
                try {
                    return super.read(buffer, offset, length);
                } catch (RuntimeException e) {
                    throw asIoException(e);
                } finally {
                    leaveRead();
                }
            }

            @Override
            public void close() throws IOException {
                abortIfElsewhere();
                try {
                    super.close();
                } catch (RuntimeException e) {
                    // the connection is being dropped either way
                } finally {
                    response.close();
                }
            }
        };
    }

    private synchronized void enterRead() throws IOException {
        if (aborted) {
            throw new IOException("aborted");
        }
        reading = true;
    }

    private synchronized void leaveRead() {
        reading = false;
        if (aborted) {
            // the interrupt was for the socket; the thread goes on to answer its caller
            Thread.interrupted();
        }
    }

    // Helidon reports a broken or timed-out read unchecked; readers of a body expect IOException.
    private IOException asIoException(RuntimeException e) {
        if (aborted) {
            return new IOException("aborted", e);
        }
        if (e instanceof UncheckedIOException unchecked) {
            return unchecked.getCause();
        }
        return new IOException("the connection broke: " + e.getMessage(), e);
    }

    private synchronized void abortIfElsewhere() {
        if (Thread.currentThread() != reader && !aborted) {
            aborted = true;
            if (reading) {
                reader.interrupt();
            }
        }
    }

    /** The HTTP status code. */
    public int statusCode() {
        return response.status().code();
    }

    /** The first value of a response header. */
    public Optional<String> header(String name) {
        return response.headers().first(HeaderNames.create(name));
    }

    /** The body, streamed as it arrives. */
    public InputStream body() {
        return body;
    }

    @Override
    public void close() {
        abortIfElsewhere();
        response.close();
    }
}
