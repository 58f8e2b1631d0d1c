package ai.novai.inference.routing;

import java.time.Duration;

import ai.novai.common.grpc.BackendError;
import ai.novai.upstream.UpstreamFailure;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.helidon.faulttolerance.CircuitBreakerOpenException;

/**
 * The gRPC status a request gets when no deployment could serve it, per the contract in
 * {@code proto/README.md}.
 */
final class RoutingErrors {

    private RoutingErrors() {
    }

    static StatusRuntimeException toStatus(RuntimeException failure, boolean afterOutput) {
        if (afterOutput) {
            return new BackendError(Status.Code.UNAVAILABLE, "The model's stream was interrupted: "
                    + failure.getMessage(), "server_error", "stream_interrupted", null).toException();
        }
        if (failure instanceof CircuitBreakerOpenException) {
            return new BackendError(Status.Code.UNAVAILABLE, "Every provider of this model is failing; "
                    + "try again shortly.", "server_error", "provider_unavailable", null).toException();
        }
        UpstreamFailure providerFailure = (UpstreamFailure) failure;
        BackendError error = switch (providerFailure.kind()) {
            case RATE_LIMITED -> new BackendError(Status.Code.RESOURCE_EXHAUSTED,
                    "The model's provider is rate limiting NovAI; try again shortly.", "server_error",
                    "provider_rate_limited", null, providerFailure.retryAfter().orElse(Duration.ofSeconds(1)));
            case TIMEOUT -> new BackendError(Status.Code.DEADLINE_EXCEEDED,
                    "The model's provider did not answer in time.", "server_error", "provider_timeout", null);
            case AUTHENTICATION -> new BackendError(Status.Code.UNAVAILABLE,
                    "The model's provider refused NovAI's credentials; the operator has been told.",
                    "server_error", "provider_misconfigured", null);
            case UNREACHABLE, SERVER_ERROR, STREAM_BROKEN -> new BackendError(Status.Code.UNAVAILABLE,
                    "The model's provider is unavailable; try again shortly.", "server_error",
                    "provider_unavailable", null);
        };
        return error.toException();
    }
}
