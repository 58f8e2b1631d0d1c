package ai.novai.inference.providers.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;

import ai.novai.common.models.ProviderEntry;
import ai.novai.inference.providers.CancelSignal;
import ai.novai.inference.providers.ProviderFailure;

/**
 * The HTTP client of one provider: pooled connections (HTTP/2 where the upstream offers it, else
 * HTTP/1.1), a connect timeout and a time-to-first-byte timeout from the provider's settings
 * ({@code connect-timeout}, {@code read-timeout}), bodies streamed and never buffered whole, and the
 * request aborted when the caller cancels.
 */
public final class UpstreamHttp {

    private final HttpClient client;
    private final Duration readTimeout;

    private UpstreamHttp(HttpClient client, Duration readTimeout) {
        this.client = client;
        this.readTimeout = readTimeout;
    }

    /** The client for a provider. */
    public static UpstreamHttp create(ProviderEntry provider) {
        Duration connectTimeout = provider.settings().get("connect-timeout").as(Duration.class)
                .orElse(Duration.ofSeconds(10));
        Duration readTimeout = provider.settings().get("read-timeout").as(Duration.class)
                .orElse(Duration.ofSeconds(120));
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_2)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
        return new UpstreamHttp(client, readTimeout);
    }

    /** Time allowed until the response headers, and between two reads of a streamed body. */
    public Duration readTimeout() {
        return readTimeout;
    }

    /**
     * Sends a request and returns the response once its headers arrived, its body still to be read.
     * A cancel before then aborts the exchange; after it, the caller closes the body to abort.
     *
     * @throws ProviderFailure when the upstream cannot be reached or does not answer in time
     */
    public HttpResponse<InputStream> send(HttpRequest.Builder request, CancelSignal cancel) {
        CompletableFuture<HttpResponse<InputStream>> response = client.sendAsync(
                request.timeout(readTimeout).build(), HttpResponse.BodyHandlers.ofInputStream());
        try (CancelSignal.Registration ignored = cancel.onCancel(() -> response.cancel(true))) {
            return response.get();
        } catch (CancellationException e) {
            throw new ProviderFailure(ProviderFailure.Kind.STREAM_BROKEN, "cancelled by the caller");
        } catch (InterruptedException e) {
            response.cancel(true);
            Thread.currentThread().interrupt();
            throw new ProviderFailure(ProviderFailure.Kind.STREAM_BROKEN, "interrupted");
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        }
    }

    private static ProviderFailure failure(Throwable cause) {
        // the JDK reports a cancelled exchange as an ExecutionException caused by the cancellation
        if (cause instanceof CancellationException) {
            return new ProviderFailure(ProviderFailure.Kind.STREAM_BROKEN, "cancelled by the caller");
        }
        if (cause instanceof HttpConnectTimeoutException || cause instanceof ConnectException) {
            return new ProviderFailure(ProviderFailure.Kind.UNREACHABLE, "cannot connect: " + cause.getMessage(),
                                       java.util.Optional.empty(), cause);
        }
        if (cause instanceof HttpTimeoutException) {
            return new ProviderFailure(ProviderFailure.Kind.TIMEOUT, "no response in time",
                                       java.util.Optional.empty(), cause);
        }
        if (cause instanceof IOException) {
            return new ProviderFailure(ProviderFailure.Kind.UNREACHABLE, "connection failed: " + cause.getMessage(),
                                       java.util.Optional.empty(), cause);
        }
        return new ProviderFailure(ProviderFailure.Kind.SERVER_ERROR, "request failed: " + cause,
                                   java.util.Optional.empty(), cause);
    }
}
