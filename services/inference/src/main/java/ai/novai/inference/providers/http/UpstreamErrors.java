package ai.novai.inference.providers.http;

import java.time.Duration;
import java.util.Optional;

import ai.novai.common.http.RetryAfter;
import ai.novai.common.http.UpstreamErrorBody;
import ai.novai.inference.providers.ProviderFailure;
import ai.novai.inference.providers.ProviderRejection;

/**
 * Turns an upstream error response into the adapter's exception: 429 and 5xx are failures worth a retry
 * (with the provider's {@code Retry-After}), 401/403 mean NovAI's own credentials are wrong, other 4xx are
 * rejections of the request, passed on with the provider's message. Both OpenAI's and Anthropic's error
 * bodies carry {@code error.message}.
 */
public final class UpstreamErrors {

    private UpstreamErrors() {
    }

    /** The exception for a response whose status is not 2xx; reads (a bounded part of) its body. */
    public static RuntimeException of(UpstreamResponse response, String providerName) {
        int status = response.statusCode();
        UpstreamErrorBody error;
        try (response) {
            error = UpstreamErrorBody.read(status, response.body());
        }
        String message = error.message();
        String upstream = providerName + " answered " + status + ": " + message;
        if (status == 429) {
            return new ProviderFailure(ProviderFailure.Kind.RATE_LIMITED, upstream, retryAfter(response), null);
        }
        if (status == 401 || status == 403) {
            return new ProviderFailure(ProviderFailure.Kind.AUTHENTICATION, providerName
                    + " refused NovAI's credentials (" + status + ")");
        }
        if (status == 408) {
            return new ProviderFailure(ProviderFailure.Kind.TIMEOUT, upstream);
        }
        if (status >= 500) {
            return new ProviderFailure(ProviderFailure.Kind.SERVER_ERROR, upstream, retryAfter(response), null);
        }
        String param = error.param();
        return new ProviderRejection(message, param);
    }

    /** {@code Retry-After-Ms}, or {@code Retry-After} in seconds or as an HTTP date. */
    static Optional<Duration> retryAfter(UpstreamResponse response) {
        return RetryAfter.parse(response.header("retry-after-ms"), response.header("retry-after"));
    }
}
