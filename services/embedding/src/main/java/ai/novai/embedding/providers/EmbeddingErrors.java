package ai.novai.embedding.providers;

import java.time.Duration;

import ai.novai.common.grpc.BackendError;
import ai.novai.upstream.UpstreamCancelled;
import ai.novai.upstream.UpstreamException;
import ai.novai.upstream.UpstreamFailure;
import ai.novai.upstream.UpstreamRejection;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Every error the embedding service answers with, in one place so that codes and wording stay
 * consistent across adapters. Messages are for API clients: they name the input and the limit, never
 * internals; an upstream's own details go to the log.
 */
public final class EmbeddingErrors {

    /** An input over the model's token limit (without {@code truncate}). */
    public static final String INPUT_TOO_LONG = "context_length_exceeded";
    /** An input kind the model cannot take (token ids for a model with its own vocabulary). */
    public static final String UNSUPPORTED_INPUT = "unsupported_value";
    /** A parameter the model does not support ({@code dimensions}). */
    public static final String UNSUPPORTED_PARAMETER = "unsupported_parameter";
    /** A parameter outside its range. */
    public static final String INVALID_VALUE = "invalid_value";
    /** The local model's queue is full. */
    public static final String OVERLOADED = "overloaded";

    private static final String SERVER_ERROR = "server_error";
    private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);

    private EmbeddingErrors() {
    }

    /** The model is unknown, not an embedding model, or has no provider that can serve it now. */
    public static StatusRuntimeException modelNotFound(String model) {
        return BackendError.notFound("The model '" + model + "' does not exist or you do not have access to it.",
                                     "model", "model_not_found").toException();
    }

    /** A request parameter with a value the model cannot take. */
    public static StatusRuntimeException invalidValue(String message, String param) {
        return BackendError.invalidArgument(message, param, INVALID_VALUE).toException();
    }

    /** Input {@code index} has more tokens than the model takes. */
    public static StatusRuntimeException inputTooLong(int index, int tokens, String model, int limit) {
        return BackendError.invalidArgument("Input " + index + " is " + tokens + " tokens long; the model " + model
                                                    + " takes at most " + limit + ".", "input", INPUT_TOO_LONG)
                .toException();
    }

    /** Input {@code index} is a list of token ids, which this model cannot read. */
    public static StatusRuntimeException tokenIdsUnsupported(int index, String model) {
        return BackendError.invalidArgument("Input " + index + " is a list of token ids; the model " + model
                                                    + " has its own vocabulary, not OpenAI's, so it takes text only.",
                                            "input", UNSUPPORTED_INPUT).toException();
    }

    /** The request mixes text and token ids, which an OpenAI-compatible upstream cannot take in one call. */
    public static StatusRuntimeException mixedInputs() {
        return BackendError.invalidArgument("Inputs must be either all text or all token id lists, not a mix.",
                                            "input", UNSUPPORTED_INPUT).toException();
    }

    /** {@code dimensions} for a model that cannot shorten its vectors. */
    public static StatusRuntimeException dimensionsUnsupported(String model) {
        return BackendError.invalidArgument("The model " + model + " does not support 'dimensions'.", "dimensions",
                                            UNSUPPORTED_PARAMETER).toException();
    }

    /** The local model's queue cannot take the request now; the gateway answers 429 with Retry-After. */
    public static StatusRuntimeException overloaded(String model, Duration retryAfter) {
        return new BackendError(Status.Code.RESOURCE_EXHAUSTED, "The embedding queue of the model " + model
                + " is full; try again shortly.", SERVER_ERROR, OVERLOADED, null, retryAfter).toException();
    }

    /** The model is being shut down with the service. */
    public static StatusRuntimeException shuttingDown(String model) {
        return new BackendError(Status.Code.UNAVAILABLE, "The model " + model + " is shutting down; try again.",
                                SERVER_ERROR, "service_unavailable", null).toException();
    }

    /** The upstream provider rate-limits NovAI. */
    public static StatusRuntimeException providerRateLimited(Duration retryAfter) {
        return new BackendError(Status.Code.RESOURCE_EXHAUSTED, "The model's provider is rate limiting NovAI; "
                + "try again shortly.", SERVER_ERROR, "provider_rate_limited", null, retryAfter).toException();
    }

    /** The upstream provider cannot be reached, fails, or answered something unreadable. */
    public static StatusRuntimeException providerUnavailable() {
        return new BackendError(Status.Code.UNAVAILABLE, "The model's provider is unavailable; try again shortly.",
                                SERVER_ERROR, "provider_unavailable", null).toException();
    }

    /** The upstream provider did not answer within its read timeout. */
    public static StatusRuntimeException providerTimeout() {
        return new BackendError(Status.Code.DEADLINE_EXCEEDED, "The model's provider did not answer in time.",
                                SERVER_ERROR, "provider_timeout", null).toException();
    }

    /** The upstream provider refused NovAI's own credentials: an operator's problem, not the client's. */
    public static StatusRuntimeException providerMisconfigured() {
        return new BackendError(Status.Code.UNAVAILABLE, "The model's provider refused NovAI's credentials; "
                + "the operator has been told.", SERVER_ERROR, "provider_misconfigured", null).toException();
    }

    /** The upstream provider refused the request itself; its message is passed on. */
    public static StatusRuntimeException upstreamRejected(String message, String param) {
        return BackendError.invalidArgument(message, param, "upstream_rejected").toException();
    }

    /**
     * The answer for a failed upstream call, as the upstream layer classified it. A rate limit passes the
     * provider's {@code Retry-After} on (one second when it named none); the provider's own details stay in the log.
     */
    public static StatusRuntimeException of(UpstreamException failure) {
        return switch (failure) {
            case UpstreamCancelled cancelled -> cancelled();
            case UpstreamRejection rejection -> upstreamRejected(rejection.getMessage(), rejection.param());
            case UpstreamFailure unavailable -> switch (unavailable.kind()) {
                case RATE_LIMITED -> providerRateLimited(unavailable.retryAfter().orElse(DEFAULT_RETRY_AFTER));
                case AUTHENTICATION -> providerMisconfigured();
                case TIMEOUT -> providerTimeout();
                case UNREACHABLE, SERVER_ERROR, STREAM_BROKEN -> providerUnavailable();
            };
        };
    }

    /** The caller went away. */
    public static StatusRuntimeException cancelled() {
        return Status.CANCELLED.withDescription("cancelled by the caller").asRuntimeException();
    }
}
