package ai.novai.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import ai.novai.common.grpc.CancelSignal;
import ai.novai.common.models.ProviderEntry;
import ai.novai.common.telemetry.TraceHeaders;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.common.buffers.DataReader;
import io.helidon.common.uri.UriInfo;
import io.helidon.common.uri.UriPath;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.ClientUri;
import io.helidon.webclient.api.HttpClientRequest;
import io.helidon.webclient.api.WebClient;

/**
 * The HTTP client of one provider (Helidon WebClient), the only one NovAI's services call providers with:
 * blocking calls on the caller's virtual thread with no hand-off between threads, pooled keep-alive
 * connections (HTTP/2 where TLS negotiates it), the timeouts of {@link UpstreamSettings}, bodies streamed and
 * never buffered whole, the exchange aborted when the caller cancels, the current trace context sent along
 * ({@code traceparent}), and every way the call can fail classified once, as an {@link UpstreamException}: a
 * failure of a cancelled call is its cancellation, whatever the aborted exchange reported.
 */
public final class UpstreamClient {

    /** The largest whole (non-streamed) answer read. */
    public static final int MAX_BODY_BYTES = 32 * 1024 * 1024;

    private final String providerName;
    private final WebClient client;
    private final Duration readTimeout;
    private final UpstreamProxies proxies = new UpstreamProxies();

    private UpstreamClient(String providerName, WebClient client, Duration readTimeout) {
        this.providerName = providerName;
        this.client = client;
        this.readTimeout = readTimeout;
    }

    /**
     * The client for a provider.
     *
     * @throws IllegalStateException when its timeouts are misconfigured
     */
    public static UpstreamClient create(ProviderEntry provider) {
        UpstreamSettings settings = UpstreamSettings.of(provider);
        WebClient client = WebClient.builder()
                .connectTimeout(settings.connectTimeout())
                .readTimeout(settings.readTimeout())
                .socketOptions(options -> options.tcpNoDelay(true))
                .followRedirects(false)
                // a provider answers a POST at once: no 100-continue round trip
                .sendExpectContinue(false)
                .build();
        return new UpstreamClient(provider.name(), client, settings.readTimeout());
    }

    /** Reads a whole response body; {@link IOException}s are classified by the client. */
    @FunctionalInterface
    public interface BodyReader<T> {
        /** Reads what it needs from the body. */
        T read(InputStream body) throws IOException;
    }

    /**
     * Takes the units of a stream (server-sent events, event-stream messages), in order.
     *
     * @param <E> what one unit is
     */
    @FunctionalInterface
    public interface StreamHandler<E> {
        /**
         * Takes one unit.
         *
         * @return whether it was the stream's last (its end marker): the upstream finished normally
         */
        boolean accept(E unit);
    }

    /**
     * Sends a request and returns the response once its headers arrived with a 2xx status, its body still to be
     * read. A cancel before then aborts the exchange (the caller's thread is interrupted, which closes its
     * socket); after it, {@link #read}, {@link #events} and {@link #eventStream} abort it.
     *
     * @throws UpstreamException the classified error status, an unreachable or silent upstream, or the cancel
     */
    public UpstreamResponse send(UpstreamRequest request, CancelSignal cancel) {
        if (cancel.isCancelled()) {
            throw new UpstreamCancelled();
        }
        HttpClientRequest call = client.post().uri(exactly(request.uri())).proxy(proxies.of(request.uri()));
        request.headers().forEach((name, value) -> call.header(HeaderNames.create(name), value));
        TraceHeaders.inject((name, value) -> call.header(HeaderNames.create(name), value));
        Thread caller = Thread.currentThread();
        UpstreamResponse response;
        try (CancelSignal.Registration ignored = cancel.onCancel(caller::interrupt)) {
            response = new UpstreamResponse(call.submit(request.body()));
        } catch (UncheckedIOException | IllegalStateException e) {
            throw cancel.isCancelled() ? new UpstreamCancelled() : transportFailure(e);
        } catch (DataReader.InsufficientDataAvailableException e) {
            // the connection closed before a status line came (a server that dropped it, a stale keep-alive)
            throw cancel.isCancelled() ? new UpstreamCancelled()
                    : new UpstreamFailure(UpstreamFailure.Kind.UNREACHABLE, providerName
                    + " closed the connection without answering", Optional.empty(), e);
        } finally {
            if (cancel.isCancelled()) {
                // the interrupt was for the exchange; the thread goes on to answer its caller
                Thread.interrupted();
            }
        }
        if (cancel.isCancelled()) {
            // cancelled while the headers came: nobody will read the body
            response.close();
            throw new UpstreamCancelled();
        }
        if (response.statusCode() / 100 != 2) {
            throw UpstreamErrors.of(response, providerName);
        }
        return response;
    }

    /**
     * Reads a response's whole body; a cancel meanwhile closes it, which ends the read at once.
     *
     * @throws UpstreamException SERVER_ERROR for a body that is not the JSON it should be, STREAM_BROKEN for a
     *                           connection that broke while the body came, or the cancel
     */
    public <T> T read(UpstreamResponse response, CancelSignal cancel, BodyReader<T> reader) {
        T value;
        try (InputStream body = response.body();
             CancelSignal.Registration ignored = cancel.onCancel(response::close)) {
            value = reader.read(body);
        } catch (JsonProcessingException e) {
            throw cancel.isCancelled() ? new UpstreamCancelled() : UpstreamJson.malformed(providerName, e);
        } catch (IOException e) {
            throw cancel.isCancelled() ? new UpstreamCancelled()
                    : new UpstreamFailure(UpstreamFailure.Kind.STREAM_BROKEN, "the connection to " + providerName
                    + " broke while reading the response: " + e.getMessage(), Optional.empty(), e);
        }
        if (cancel.isCancelled()) {
            throw new UpstreamCancelled();
        }
        return value;
    }

    /**
     * A response's whole body as a JSON object, bounded: an answer larger than {@value #MAX_BODY_BYTES} bytes is
     * the upstream's failure, not a reason to hold it in memory.
     *
     * @throws UpstreamException as {@link #read}
     */
    public JsonNode json(UpstreamResponse response, CancelSignal cancel) {
        byte[] body = read(response, cancel, in -> {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw new IOException("an answer larger than " + MAX_BODY_BYTES + " bytes");
            }
            return bytes;
        });
        return UpstreamJson.parse(body, providerName);
    }

    /**
     * Reads a response's server-sent events until the handler sees the stream's end marker; a cancel meanwhile
     * closes the body, which ends the read at once.
     *
     * @param endMarker what the format calls the end of a stream (for the message when it never comes)
     * @throws UpstreamException TIMEOUT for a body silent longer than the read timeout, STREAM_BROKEN for one that
     *                           broke or ended before its end marker, whatever the handler throws, or the cancel
     */
    public void events(UpstreamResponse response, CancelSignal cancel, String endMarker,
                       StreamHandler<SseReader.Event> handler) {
        stream(new SseReader(response.body(), readTimeout), cancel, endMarker, handler);
    }

    /**
     * Reads a response's AWS event-stream messages ({@code application/vnd.amazon.eventstream}) until the handler
     * sees the stream's end marker, as {@link #events} reads server-sent events.
     *
     * @throws UpstreamException as {@link #events}; STREAM_BROKEN also for a message that fails its checks
     */
    public void eventStream(UpstreamResponse response, CancelSignal cancel, String endMarker,
                            StreamHandler<EventStreamReader.Message> handler) {
        stream(new EventStreamReader(response.body(), readTimeout), cancel, endMarker, handler);
    }

    private <E> void stream(UpstreamStreamReader<E> stream, CancelSignal cancel, String endMarker,
                            StreamHandler<E> handler) {
        try (UpstreamStreamReader<E> reader = stream;
             CancelSignal.Registration ignored = cancel.onCancel(reader::close)) {
            while (true) {
                Optional<E> unit = next(reader, cancel);
                if (unit.isEmpty()) {
                    throw new UpstreamFailure(UpstreamFailure.Kind.STREAM_BROKEN,
                                              providerName + "'s stream ended before " + endMarker);
                }
                if (handler.accept(unit.get())) {
                    return;
                }
            }
        }
    }

    // A read that fails or ends because the caller cancelled is reported as the cancellation it is.
    private static <E> Optional<E> next(UpstreamStreamReader<E> reader, CancelSignal cancel) {
        Optional<E> unit;
        try {
            unit = reader.next();
        } catch (UpstreamFailure e) {
            throw cancel.isCancelled() ? new UpstreamCancelled() : e;
        }
        if (cancel.isCancelled()) {
            throw new UpstreamCancelled();
        }
        return unit;
    }

    // Helidon takes a URI's path decoded and encodes it again by its own rules: %3A went out as ':' (which is not what
    // a SigV4 signature of the URI covers) and a %2F inside a segment (a Bedrock model ARN) as a separator. The
    // path goes out as the request has it, byte for byte; scheme, authority and query as Helidon resolves them.
    private static ClientUri exactly(URI uri) {
        String rawPath = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return ClientUri.create(UriInfo.builder(ClientUri.create(uri)).path(UriPath.create(rawPath)).build());
    }

    private UpstreamFailure transportFailure(RuntimeException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        if (cause instanceof SocketTimeoutException) {
            return new UpstreamFailure(UpstreamFailure.Kind.TIMEOUT, providerName + " did not answer within "
                    + readTimeout.toSeconds() + " s", Optional.empty(), e);
        }
        String what = cause instanceof ConnectException || String.valueOf(cause.getMessage()).contains("onnect")
                ? "cannot connect to " : "the connection failed to ";
        return new UpstreamFailure(UpstreamFailure.Kind.UNREACHABLE, what + providerName + ": " + cause.getMessage(),
                                   Optional.empty(), e);
    }
}
