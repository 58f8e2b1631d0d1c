package ai.novai.gateway.files;

import java.util.Optional;

import ai.novai.gateway.errors.ApiException;
import ai.novai.gateway.http.QueryIntegers;
import io.helidon.common.parameters.Parameters;

/**
 * The query of {@code GET /v1/files}, as OpenAI's: {@code purpose}, {@code limit} (1 to 10,000, default
 * 10,000), {@code order} ({@code asc} or {@code desc}, by creation, default {@code desc}) and the cursor
 * {@code after} (the id of the last file of the previous page).
 *
 * @param purpose   only files of this purpose
 * @param limit     the most files
 * @param ascending oldest first
 * @param after     the cursor, not checked yet
 */
record FileListQuery(Optional<FilePurpose> purpose, int limit, boolean ascending, Optional<String> after) {

    static final int MAX_LIMIT = 10_000;

    static FileListQuery from(Parameters query) {
        Optional<FilePurpose> purpose = query.first("purpose").asOptional().map(value -> FilePurpose.of(value)
                .orElseThrow(() -> invalid("purpose", "'purpose' must be 'batch' or 'batch_output'.")));
        int limit = query.first("limit").asOptional().map(value -> QueryIntegers.inRange("limit", value, 1, MAX_LIMIT))
                .orElse(MAX_LIMIT);
        boolean ascending = query.first("order").asOptional().map(order -> switch (order) {
            case "asc" -> true;
            case "desc" -> false;
            default -> throw invalid("order", "'order' must be 'asc' or 'desc'.");
        }).orElse(false);
        return new FileListQuery(purpose, limit, ascending, query.first("after").asOptional());
    }

    static ApiException invalid(String param, String message) {
        return ApiException.badRequest(message, param, "invalid_value");
    }
}
