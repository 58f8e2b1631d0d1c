package ai.novai.upstream;

import java.time.Duration;
import java.util.Optional;

import ai.novai.common.http.RetryAfter;

/**
 * The one classification of an upstream's error status: 429 and 5xx are failures worth a retry (with the
 * provider's {@code Retry-After}), 408 a timeout, 401/403 mean NovAI's own credentials are wrong, a redirect
 * (never followed) means a misconfigured {@code base-url}, other 4xx are rejections of the request, passed on
 * with the provider's message.
 */
final class UpstreamErrors {

    private UpstreamErrors() {
    }

    /** The exception for a response whose status is not 2xx; reads (a bounded part of) its body and closes it. */
    static UpstreamException of(UpstreamResponse response, String providerName) {
        int status = response.statusCode();
        UpstreamErrorBody error;
        try (response) {
            error = UpstreamErrorBody.read(status, response.body());
        }
        String upstream = providerName + " answered " + status + ": " + error.message();
        if (status == 429) {
            return new UpstreamFailure(UpstreamFailure.Kind.RATE_LIMITED, upstream, retryAfter(response), null);
        }
        if (status == 401 || status == 403) {
            return new UpstreamFailure(UpstreamFailure.Kind.AUTHENTICATION, providerName
                    + " refused NovAI's credentials (" + status + ")");
        }
        if (status == 408) {
            return new UpstreamFailure(UpstreamFailure.Kind.TIMEOUT, upstream);
        }
        if (status >= 500) {
            return new UpstreamFailure(UpstreamFailure.Kind.SERVER_ERROR, upstream, retryAfter(response), null);
        }
        if (status < 400) {
            return new UpstreamFailure(UpstreamFailure.Kind.SERVER_ERROR, providerName + " answered " + status
                    + " (redirects are not followed: check the provider's base-url)");
        }
        return new UpstreamRejection(error.message(), error.param());
    }

    /** {@code Retry-After-Ms}, or {@code Retry-After} in seconds or as an HTTP date. */
    private static Optional<Duration> retryAfter(UpstreamResponse response) {
        return RetryAfter.parse(response.header("retry-after-ms"), response.header("retry-after"));
    }
}
