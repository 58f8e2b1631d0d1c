package ai.novai.gateway.backends;

import java.time.Duration;
import java.util.Optional;

import ai.novai.common.grpc.BackendError;
import ai.novai.gateway.errors.ApiException;
import ai.novai.gateway.errors.OpenAiError;
import io.grpc.StatusRuntimeException;
import io.helidon.http.Status;

/**
 * Turns a failed gRPC call into the HTTP error the client sees. The table is the contract documented
 * in {@code proto/README.md}: a backend's own error (status + {@code google.rpc.ErrorInfo}) keeps its
 * message, type, code and param; a bare status (transport failure, deadline) gets a generic message
 * that says which backend failed, never the internals.
 */
public final class GrpcToHttpErrors {

    private static final System.Logger LOGGER = System.getLogger(GrpcToHttpErrors.class.getName());

    // A 429 always says when to come back; the official SDKs honour it.
    private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);

    private GrpcToHttpErrors() {
    }

    /** The HTTP status for a gRPC status code. */
    public static Status httpStatus(io.grpc.Status.Code code) {
        return switch (code) {
            case INVALID_ARGUMENT, OUT_OF_RANGE, FAILED_PRECONDITION -> Status.BAD_REQUEST_400;
            case UNAUTHENTICATED -> Status.UNAUTHORIZED_401;
            case PERMISSION_DENIED -> Status.FORBIDDEN_403;
            case NOT_FOUND -> Status.NOT_FOUND_404;
            case ALREADY_EXISTS, ABORTED -> Status.CONFLICT_409;
            case RESOURCE_EXHAUSTED -> Status.TOO_MANY_REQUESTS_429;
            case CANCELLED -> Status.create(499, "Client Closed Request");
            case UNIMPLEMENTED -> Status.NOT_IMPLEMENTED_501;
            case UNAVAILABLE -> Status.SERVICE_UNAVAILABLE_503;
            case DEADLINE_EXCEEDED -> Status.GATEWAY_TIMEOUT_504;
            case OK, UNKNOWN, INTERNAL, DATA_LOSS -> Status.INTERNAL_SERVER_ERROR_500;
        };
    }

    /**
     * The API error for a failed call to a backend.
     *
     * @param backend which backend was called, for the message ({@code inference}, {@code embedding})
     * @param failure the failure of the call
     * @return the exception to answer with
     */
    public static ApiException toApiException(String backend, StatusRuntimeException failure) {
        io.grpc.Status.Code code = failure.getStatus().getCode();
        Status status = httpStatus(code);
        Optional<BackendError> detail = BackendError.from(failure);
        if (detail.isEmpty() && code != io.grpc.Status.Code.CANCELLED) {
            // not the backend's own answer: the transport or the call failed, which the client is not told
            // (one line, its cause included, without a stack: an outage repeats it for every request)
            LOGGER.log(System.Logger.Level.WARNING, "call to the " + backend + " service failed: " + failure.getStatus());
        }
        OpenAiError error = detail
                .map(found -> new OpenAiError(found.message(), found.type(), found.param(), found.code()))
                .orElseGet(() -> genericError(backend, code));
        Optional<Duration> retryAfter = detail.map(BackendError::retryAfter).map(Optional::ofNullable)
                .orElse(Optional.empty())
                .or(() -> code == io.grpc.Status.Code.RESOURCE_EXHAUSTED
                        ? Optional.of(DEFAULT_RETRY_AFTER) : Optional.empty());
        return new ApiException(status, error, retryAfter);
    }

    private static OpenAiError genericError(String backend, io.grpc.Status.Code code) {
        return switch (code) {
            case UNAVAILABLE -> new OpenAiError("The " + backend + " service is unavailable; try again shortly.",
                                                "server_error", null, "service_unavailable");
            case DEADLINE_EXCEEDED -> new OpenAiError("The " + backend + " service did not answer in time.",
                                                      "server_error", null, "timeout");
            case UNIMPLEMENTED -> new OpenAiError("This operation is not served by the " + backend + " service yet.",
                                                  "server_error", null, "not_implemented");
            case RESOURCE_EXHAUSTED -> new OpenAiError("The " + backend + " service is overloaded; try again shortly.",
                                                       "server_error", null, "overloaded");
            default -> new OpenAiError("The " + backend + " service failed (" + code + ").",
                                       "server_error", null, null);
        };
    }
}
