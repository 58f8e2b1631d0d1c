package ai.novai.gateway.batches;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One batch as stored ({@code batches}).
 *
 * @param id                 {@code batch_…}
 * @param keyId              its owner
 * @param inline             created with the inline form (else from a file)
 * @param endpoint           what every line calls
 * @param inputFileId        the input file (file form)
 * @param completionWindow   {@code 24h}
 * @param status             where it stands
 * @param metadata           the caller's key-value pairs
 * @param outputExpiresAfter seconds its output files are kept, when the caller said
 * @param errors             validation errors as a JSON array, when it failed validation
 * @param outputFileId       the output file, once written
 * @param errorFileId        the error file, once written (only when lines failed)
 * @param traceparent        the creating request's trace context
 * @param times              its lifecycle timestamps
 */
public record Batch(String id,
                    String keyId,
                    boolean inline,
                    BatchEndpoint endpoint,
                    Optional<String> inputFileId,
                    String completionWindow,
                    BatchStatus status,
                    Map<String, String> metadata,
                    Optional<Long> outputExpiresAfter,
                    Optional<String> errors,
                    Optional<String> outputFileId,
                    Optional<String> errorFileId,
                    Optional<String> traceparent,
                    Times times) {

    /**
     * The lifecycle timestamps; absent until reached.
     */
    public record Times(Instant createdAt, Instant expiresAt, Optional<Instant> inProgressAt,
                        Optional<Instant> finalizingAt, Optional<Instant> completedAt, Optional<Instant> failedAt,
                        Optional<Instant> expiredAt, Optional<Instant> cancellingAt,
                        Optional<Instant> cancelledAt) {
    }
}
