package ai.novai.common.grpc;

import java.util.Optional;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/**
 * An error as it travels between NovAI services: a gRPC status code, a message for humans, and the
 * OpenAI error {@code type}, {@code code} and {@code param} the gateway will answer with.
 * <p>
 * On the wire it is a {@code google.rpc.Status} whose single detail is a {@code google.rpc.ErrorInfo}
 * (reason = code, domain = {@value #DOMAIN}, metadata {@code type} and {@code param}); see
 * {@code proto/README.md}.
 *
 * @param status  gRPC status code, which decides the HTTP status at the gateway
 * @param message human-readable message, shown to API clients as is
 * @param type    OpenAI error type, e.g. {@code invalid_request_error}
 * @param code    OpenAI error code, e.g. {@code model_not_found}; may be null
 * @param param   request parameter at fault, e.g. {@code model}; may be null
 * @param retryAfter how long the caller should wait before trying again; may be null
 */
public record BackendError(Status.Code status, String message, String type, String code, String param,
                           java.time.Duration retryAfter) {

    /** ErrorInfo domain of NovAI's own errors. */
    public static final String DOMAIN = "novai.ai";

    private static final String TYPE_KEY = "type";
    private static final String PARAM_KEY = "param";
    private static final String RETRY_AFTER_KEY = "retry_after_ms";

    /** An error without a retry hint. */
    public BackendError(Status.Code status, String message, String type, String code, String param) {
        this(status, message, type, code, param, null);
    }

    /** A client error in a request parameter (INVALID_ARGUMENT, 400 at the gateway). */
    public static BackendError invalidArgument(String message, String param, String code) {
        return new BackendError(Status.Code.INVALID_ARGUMENT, message, "invalid_request_error", code, param);
    }

    /** Something the request names does not exist (NOT_FOUND, 404 at the gateway). */
    public static BackendError notFound(String message, String param, String code) {
        return new BackendError(Status.Code.NOT_FOUND, message, "invalid_request_error", code, param);
    }

    /** Turns this error into the exception a gRPC service answers with. */
    public StatusRuntimeException toException() {
        ErrorInfo.Builder info = ErrorInfo.newBuilder()
                .setDomain(DOMAIN)
                .putMetadata(TYPE_KEY, type);
        if (code != null) {
            info.setReason(code);
        }
        if (param != null) {
            info.putMetadata(PARAM_KEY, param);
        }
        if (retryAfter != null) {
            info.putMetadata(RETRY_AFTER_KEY, Long.toString(retryAfter.toMillis()));
        }
        com.google.rpc.Status status = com.google.rpc.Status.newBuilder()
                .setCode(this.status.value())
                .setMessage(BoundedStatus.text(message))
                .addDetails(Any.pack(info.build()))
                .build();
        return StatusProto.toStatusRuntimeException(status);
    }

    /**
     * Reads the error a failed call carries. A status without NovAI's details (a transport failure,
     * a deadline, a service that does not speak this contract) gives an empty result.
     */
    public static Optional<BackendError> from(Throwable failure) {
        com.google.rpc.Status status = StatusProto.fromThrowable(failure);
        if (status == null) {
            return Optional.empty();
        }
        for (Any detail : status.getDetailsList()) {
            if (detail.is(ErrorInfo.class)) {
                try {
                    ErrorInfo info = detail.unpack(ErrorInfo.class);
                    if (DOMAIN.equals(info.getDomain())) {
                        return Optional.of(new BackendError(
                                Status.fromCodeValue(status.getCode()).getCode(),
                                status.getMessage(),
                                info.getMetadataOrDefault(TYPE_KEY, "server_error"),
                                info.getReason().isEmpty() ? null : info.getReason(),
                                info.getMetadataOrDefault(PARAM_KEY, null),
                                retryAfter(info.getMetadataOrDefault(RETRY_AFTER_KEY, null))));
                    }
                } catch (InvalidProtocolBufferException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private static java.time.Duration retryAfter(String millis) {
        try {
            return millis == null ? null : java.time.Duration.ofMillis(Long.parseLong(millis));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
