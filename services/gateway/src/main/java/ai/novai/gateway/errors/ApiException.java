package ai.novai.gateway.errors;

import ai.novai.common.openai.OpenAiWireException;
import java.time.Duration;
import java.util.Optional;

import io.helidon.http.Status;

/**
 * A request that ends in an OpenAI-shaped error response. Thrown anywhere in request handling and
 * answered in one place ({@link OpenAiErrorHandling}).
 */
public final class ApiException extends RuntimeException {

    private final Status status;
    private final OpenAiError error;
    private final transient Optional<Duration> retryAfter;

    public ApiException(Status status, OpenAiError error) {
        this(status, error, Optional.empty());
    }

    public ApiException(Status status, OpenAiError error, Optional<Duration> retryAfter) {
        super(error.message());
        this.status = status;
        this.error = error;
        this.retryAfter = retryAfter;
    }

    /** 400: the request is malformed or a parameter is invalid. */
    /** A 400 for a body that is not the wire format it should be, as the OpenAI codec (or a parser using it) found. */
    public static ApiException badRequest(OpenAiWireException invalid) {
        return badRequest(invalid.getMessage(), invalid.param(), invalid.code());
    }

    public static ApiException badRequest(String message, String param, String code) {
        return new ApiException(Status.BAD_REQUEST_400,
                                new OpenAiError(message, "invalid_request_error", param, code));
    }

    /** 401: no valid API key. */
    public static ApiException unauthorized(String message) {
        return unauthorized(message, "invalid_api_key");
    }

    /** 401: no valid credential of the kind the code names. */
    public static ApiException unauthorized(String message, String code) {
        return new ApiException(Status.UNAUTHORIZED_401,
                                new OpenAiError(message, "invalid_request_error", null, code));
    }

    /** 403: the credential is valid but may not do this. */
    public static ApiException forbidden(String message, String code) {
        return forbidden(message, null, code);
    }

    /** 403: the credential is valid but may not do this with the named parameter. */
    public static ApiException forbidden(String message, String param, String code) {
        return new ApiException(Status.FORBIDDEN_403, new OpenAiError(message, "permission_error", param, code));
    }

    /** 404: the thing the request names does not exist. */
    public static ApiException notFound(String message, String param, String code) {
        return new ApiException(Status.NOT_FOUND_404,
                                new OpenAiError(message, "invalid_request_error", param, code));
    }

    /** HTTP status of the response. */
    public Status status() {
        return status;
    }

    /** Error object of the response. */
    public OpenAiError error() {
        return error;
    }

    /** How long the client should wait before retrying, answered as {@code Retry-After}. */
    public Optional<Duration> retryAfter() {
        return retryAfter;
    }
}
