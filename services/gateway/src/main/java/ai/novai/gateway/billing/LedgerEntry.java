package ai.novai.gateway.billing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/**
 * One billable request, as the usage ledger records it.
 *
 * @param id               unique per request, made by the gateway: writing it twice bills once
 * @param requestId        the request's {@code x-request-id}
 * @param keyId            the calling key
 * @param endpoint         {@code chat.completions} or {@code embeddings}
 * @param model            the model that answered
 * @param provider         the provider deployment that served it, if known
 * @param promptTokens     input tokens
 * @param completionTokens output tokens
 * @param costUsd          exact cost at the model's prices
 * @param status           how the request ended
 * @param stream           whether it was streamed
 * @param startedAt        when the request arrived
 * @param finishedAt       when it was settled
 * @param timeToFirstToken time to the first streamed token, for streams that produced one
 * @param batchId          the batch the request ran in, for a batch request
 */
public record LedgerEntry(String id,
                          String requestId,
                          String keyId,
                          String endpoint,
                          String model,
                          Optional<String> provider,
                          long promptTokens,
                          long completionTokens,
                          BigDecimal costUsd,
                          LedgerStatus status,
                          boolean stream,
                          Instant startedAt,
                          Instant finishedAt,
                          Optional<java.time.Duration> timeToFirstToken,
                          Optional<String> batchId) {
}
