package ai.novai.embedding.openai;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

import ai.novai.common.http.RetryAfter;
import ai.novai.common.http.UpstreamErrorBody;
import ai.novai.embedding.providers.EmbeddingErrors;
import io.grpc.StatusRuntimeException;

/**
 * Turns an upstream error response into the contract's error. 429 is the provider's rate limit
 * ({@code RESOURCE_EXHAUSTED} with its {@code Retry-After}), 5xx and 401/403 are NovAI's or the provider's
 * problem ({@code UNAVAILABLE}, a generic message), other 4xx reject the request itself
 * ({@code INVALID_ARGUMENT} with the provider's message, which is written for API clients).
 */
final class UpstreamErrors {

    private static final System.Logger LOGGER = System.getLogger(UpstreamErrors.class.getName());
    private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);

    private UpstreamErrors() {
    }

    /** The error for a response whose status is not 2xx; reads (a bounded part of) its body. */
    static StatusRuntimeException of(HttpResponse<InputStream> response, String providerName) {
        int status = response.statusCode();
        UpstreamErrorBody error = UpstreamErrorBody.read(status, response.body());
        String message = error.message();
        String upstream = providerName + " answered " + status + ": " + message;
        if (status == 429) {
            LOGGER.log(System.Logger.Level.WARNING, upstream);
            return EmbeddingErrors.providerRateLimited(retryAfter(response).orElse(DEFAULT_RETRY_AFTER));
        }
        if (status == 401 || status == 403) {
            LOGGER.log(System.Logger.Level.ERROR, providerName + " refused NovAI's credentials: " + upstream);
            return EmbeddingErrors.providerMisconfigured();
        }
        if (status == 408) {
            LOGGER.log(System.Logger.Level.WARNING, upstream);
            return EmbeddingErrors.providerTimeout();
        }
        if (status >= 500 || status < 400) {
            LOGGER.log(System.Logger.Level.WARNING, upstream);
            return EmbeddingErrors.providerUnavailable();
        }
        String param = error.param();
        return EmbeddingErrors.upstreamRejected(message, param);
    }

    /** {@code Retry-After-Ms}, or {@code Retry-After} in seconds or as an HTTP date. */
    static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return RetryAfter.parse(response.headers().firstValue("retry-after-ms"),
                                response.headers().firstValue("retry-after"));
    }
}
