package ai.novai.embedding.openai;

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
import ai.novai.common.grpc.CancelSignal;
import ai.novai.common.telemetry.TraceHeaders;
import ai.novai.embedding.providers.EmbeddingErrors;
import io.grpc.StatusRuntimeException;

/**
 * The HTTP client of one provider: pooled connections (HTTP/2 where the upstream offers it, else
 * HTTP/1.1), a connect timeout and a time-to-response timeout from the provider's settings
 * ({@code connect-timeout}, default 10 s; {@code read-timeout}, default 60 s), the exchange aborted
 * when the caller cancels, and the current trace context sent along ({@code traceparent}). Transport failures become the contract's errors here; their details go to the
 * log, never to the client.
 */
final class UpstreamHttp implements AutoCloseable {

    private static final System.Logger LOGGER = System.getLogger(UpstreamHttp.class.getName());

    private final String providerName;
    private final HttpClient client;
    private final Duration readTimeout;

    private UpstreamHttp(String providerName, HttpClient client, Duration readTimeout) {
        this.providerName = providerName;
        this.client = client;
        this.readTimeout = readTimeout;
    }

    /** The client for a provider. */
    static UpstreamHttp create(ProviderEntry provider) {
        Duration connectTimeout = provider.settings().get("connect-timeout").as(Duration.class)
                .orElse(Duration.ofSeconds(10));
        Duration readTimeout = provider.settings().get("read-timeout").as(Duration.class)
                .orElse(Duration.ofSeconds(60));
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_2)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
        return new UpstreamHttp(provider.name(), client, readTimeout);
    }

    /**
     * Sends a request and returns the response once its headers arrived, its body still to be read.
     * A cancel before then aborts the exchange; after it, the caller closes the body to abort.
     *
     * @throws StatusRuntimeException when the upstream cannot be reached or does not answer in time, or
     *                                the caller cancelled
     */
    HttpResponse<InputStream> send(HttpRequest.Builder request, CancelSignal cancel) {
        TraceHeaders.inject(request::header);
        CompletableFuture<HttpResponse<InputStream>> response = client.sendAsync(
                request.timeout(readTimeout).build(), HttpResponse.BodyHandlers.ofInputStream());
        try (CancelSignal.Registration ignored = cancel.onCancel(() -> response.cancel(true))) {
            return response.get();
        } catch (CancellationException e) {
            throw EmbeddingErrors.cancelled();
        } catch (InterruptedException e) {
            response.cancel(true);
            Thread.currentThread().interrupt();
            throw EmbeddingErrors.cancelled();
        } catch (ExecutionException e) {
            throw cancel.isCancelled() ? EmbeddingErrors.cancelled() : failure(e.getCause());
        }
    }

    private StatusRuntimeException failure(Throwable cause) {
        if (cause instanceof CancellationException) {
            return EmbeddingErrors.cancelled();
        }
        if (cause instanceof HttpTimeoutException && !(cause instanceof HttpConnectTimeoutException)) {
            LOGGER.log(System.Logger.Level.WARNING, providerName + " did not answer within " + readTimeout);
            return EmbeddingErrors.providerTimeout();
        }
        if (cause instanceof IOException) {
            String what = cause instanceof ConnectException || cause instanceof HttpConnectTimeoutException
                    ? "cannot connect to " : "the connection failed to ";
            LOGGER.log(System.Logger.Level.WARNING, what + providerName + ": " + cause);
            return EmbeddingErrors.providerUnavailable();
        }
        LOGGER.log(System.Logger.Level.ERROR, "request to " + providerName + " failed", cause);
        return EmbeddingErrors.providerUnavailable();
    }

    @Override
    public void close() {
        client.shutdownNow();
    }
}
