package ai.novai.inference.providers.http;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;

import ai.novai.common.models.ProviderEntry;
import ai.novai.common.grpc.CancelSignal;
import ai.novai.common.telemetry.TraceHeaders;
import ai.novai.inference.providers.CallCancelled;
import ai.novai.inference.providers.ProviderFailure;
import io.helidon.common.buffers.DataReader;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.HttpClientRequest;
import io.helidon.webclient.api.WebClient;

/**
 * The HTTP client of one provider (Helidon WebClient): blocking calls on the caller's virtual thread, with
 * no hand-off between threads, pooled keep-alive connections (HTTP/2 where TLS negotiates it), a connect
 * timeout and a read timeout from the provider's settings ({@code connect-timeout}, {@code read-timeout};
 * the read timeout bounds the wait for the headers and every silence of a streamed body), bodies streamed
 * and never buffered whole, the exchange aborted when the caller cancels, and the current trace context sent
 * along ({@code traceparent}).
 */
public final class UpstreamHttp {

    private final WebClient client;
    private final Duration readTimeout;

    private UpstreamHttp(WebClient client, Duration readTimeout) {
        this.client = client;
        this.readTimeout = readTimeout;
    }

    /** The client for a provider. */
    public static UpstreamHttp create(ProviderEntry provider) {
        Duration connectTimeout = provider.settings().get("connect-timeout").as(Duration.class)
                .orElse(Duration.ofSeconds(10));
        Duration readTimeout = provider.settings().get("read-timeout").as(Duration.class)
                .orElse(Duration.ofSeconds(120));
        WebClient client = WebClient.builder()
                .connectTimeout(connectTimeout)
                .readTimeout(readTimeout)
                .socketOptions(options -> options.tcpNoDelay(true))
                .followRedirects(false)
                // a provider answers a POST at once: no 100-continue round trip
                .sendExpectContinue(false)
                .build();
        return new UpstreamHttp(client, readTimeout);
    }

    /** Time allowed until the response headers, and between two reads of a streamed body. */
    public Duration readTimeout() {
        return readTimeout;
    }

    /**
     * Sends a request and returns the response once its headers arrived, its body still to be read.
     * A cancel before then aborts the exchange (the caller's thread is interrupted, which closes its
     * socket); after it, the caller closes the response or its body to abort.
     *
     * @throws ProviderFailure when the upstream cannot be reached or does not answer in time
     */
    public UpstreamResponse send(UpstreamRequest request, CancelSignal cancel) {
        HttpClientRequest call = client.post().uri(request.uri());
        request.headers().forEach((name, value) -> call.header(HeaderNames.create(name), value));
        TraceHeaders.inject((name, value) -> call.header(HeaderNames.create(name), value));
        Thread caller = Thread.currentThread();
        try (CancelSignal.Registration ignored = cancel.onCancel(caller::interrupt)) {
            return new UpstreamResponse(call.submit(request.body()));
        } catch (UncheckedIOException | IllegalStateException e) {
            throw cancel.isCancelled() ? new CallCancelled() : failure(e);
        } catch (DataReader.InsufficientDataAvailableException e) {
            // the connection closed before a status line came (a server that dropped it, a stale keep-alive)
            throw cancel.isCancelled() ? new CallCancelled()
                    : new ProviderFailure(ProviderFailure.Kind.UNREACHABLE,
                                          "the upstream closed the connection without answering", Optional.empty(), e);
        } finally {
            if (cancel.isCancelled()) {
                // the interrupt was for the exchange; the thread goes on to answer its caller
                Thread.interrupted();
            }
        }
    }

    private static ProviderFailure failure(RuntimeException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        if (cause instanceof ConnectException || String.valueOf(cause.getMessage()).contains("onnect")) {
            return new ProviderFailure(ProviderFailure.Kind.UNREACHABLE, "cannot connect: " + cause.getMessage(),
                                       Optional.empty(), e);
        }
        if (cause instanceof SocketTimeoutException) {
            return new ProviderFailure(ProviderFailure.Kind.TIMEOUT, "no response in time", Optional.empty(), e);
        }
        return new ProviderFailure(ProviderFailure.Kind.UNREACHABLE, "connection failed: " + cause.getMessage(),
                                   Optional.empty(), e);
    }
}
