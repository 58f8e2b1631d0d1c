package ai.novai.gateway.errors;

import java.time.Duration;

import ai.novai.gateway.backends.GrpcToHttpErrors;
import ai.novai.gateway.http.Json;
import ai.novai.gateway.http.RequestIds;
import ai.novai.gateway.http.ClientGone;
import io.grpc.StatusRuntimeException;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpException;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The one place where failures become responses. Every error body is OpenAI's
 * {@code {"error":{"message","type","param","code"}}}; an error handler never throws.
 */
public final class OpenAiErrorHandling {

    private static final HeaderName RETRY_AFTER_MS = HeaderNames.create("retry-after-ms", "Retry-After-Ms");
    private static final System.Logger LOGGER = System.getLogger(OpenAiErrorHandling.class.getName());

    private OpenAiErrorHandling() {
    }

    /** Registers the handlers on the routing. */
    public static void register(HttpRouting.Builder routing) {
        routing.error(ApiException.class, OpenAiErrorHandling::apiError)
                .error(StatusRuntimeException.class, OpenAiErrorHandling::grpcError)
                .error(HttpException.class, OpenAiErrorHandling::httpError)
                .error(ClientGone.class, OpenAiErrorHandling::clientGone)
                .error(Exception.class, OpenAiErrorHandling::unexpected);
    }

    private static void apiError(ServerRequest request, ServerResponse response, ApiException e) {
        e.retryAfter().ifPresent(wait -> writeRetryAfter(response, wait));
        send(response, e.status(), e.error());
    }

    /** When to come back, as OpenAI says it: {@code Retry-After} in whole seconds (rounded up) and in milliseconds. */
    public static void writeRetryAfter(ServerResponse response, Duration wait) {
        response.header(HeaderNames.RETRY_AFTER, Long.toString(Math.max(1, (wait.toMillis() + 999) / 1000)));
        response.header(RETRY_AFTER_MS, Long.toString(wait.toMillis()));
    }

    private static void grpcError(ServerRequest request, ServerResponse response, StatusRuntimeException e) {
        ApiException api = GrpcToHttpErrors.toApiException("backend", e);
        if (api.status().code() >= 500) {
            LOGGER.log(System.Logger.Level.WARNING, "request " + RequestIds.of(request) + " failed in a backend: "
                    + e.getStatus());
        }
        apiError(request, response, api);
    }

    // The client left before its answer: no error of anybody's. The answer (nginx's 499) goes nowhere, and its
    // write may fail: the connection is closed either way.
    private static void clientGone(ServerRequest request, ServerResponse response, ClientGone e) {
        LOGGER.log(System.Logger.Level.DEBUG, "request " + RequestIds.of(request) + ": " + e.getMessage());
        try {
            send(response, ClientGone.CLIENT_CLOSED_REQUEST, new OpenAiError("The client closed the connection.",
                                                                  "invalid_request_error", null, "client_gone"));
        } catch (CloseConnectionException | java.io.UncheckedIOException closed) {
            // as expected
        }
    }

    private static void httpError(ServerRequest request, ServerResponse response, HttpException e) {
        Status status = e.status();
        if (status.code() == Status.NOT_FOUND_404.code()) {
            send(response, status, new OpenAiError(
                    "Invalid URL (" + request.prologue().method().text() + " " + request.path().rawPath() + ")",
                    "invalid_request_error", null, "unknown_url"));
        } else if (status.code() < 500) {
            send(response, status, new OpenAiError(e.getMessage(), "invalid_request_error", null, null));
        } else {
            unexpected(request, response, e);
        }
    }

    private static void unexpected(ServerRequest request, ServerResponse response, Exception e) {
        LOGGER.log(System.Logger.Level.ERROR, "request " + RequestIds.of(request) + " failed", e);
        send(response, Status.INTERNAL_SERVER_ERROR_500, new OpenAiError(
                "The server had an error while processing your request (request id "
                        + RequestIds.of(request) + ").", "server_error", null, null));
    }

    private static void send(ServerResponse response, Status status, OpenAiError error) {
        if (response.isSent()) {
            return;
        }
        Json.send(response, status, error.asBody());
    }
}
