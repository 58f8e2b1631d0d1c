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

    // a chat completion that ran tools is billed once per model call: the log shows their sum
    static void register(ServerRequest request, RequestOutcome outcome) {
        RequestOutcome total = of(request).map(earlier -> new RequestOutcome(
                outcome.model(), earlier.promptTokens() + outcome.promptTokens(),
                earlier.completionTokens() + outcome.completionTokens(), earlier.costUsd().add(outcome.costUsd())))
                .orElse(outcome);
        request.context().register(CONTEXT_KEY, total);
    }

    /** The outcome of this request, when it was billed. */
    public static Optional<RequestOutcome> of(ServerRequest request) {
        return request.context().get(CONTEXT_KEY, RequestOutcome.class);
    }
}
