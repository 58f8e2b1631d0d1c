package ai.novai.gateway.billing;

import java.math.BigDecimal;
import java.util.Optional;

import io.helidon.webserver.http.ServerRequest;

/**
 * What a billed request used, left in the request context for the request log.
 *
 * @param model            the model that answered
 * @param promptTokens     input tokens
 * @param completionTokens output tokens
 * @param costUsd          cost
 */
public record RequestOutcome(String model, long promptTokens, long completionTokens, BigDecimal costUsd) {

    private static final String CONTEXT_KEY = "novai.request-outcome";

    static void register(ServerRequest request, RequestOutcome outcome) {
        request.context().register(CONTEXT_KEY, outcome);
    }

    /** The outcome of this request, when it was billed. */
    public static Optional<RequestOutcome> of(ServerRequest request) {
        return request.context().get(CONTEXT_KEY, RequestOutcome.class);
    }
}
