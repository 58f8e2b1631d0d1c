package ai.novai.gateway.batches;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import ai.novai.gateway.http.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Batches as the API shows them: OpenAI's {@code Batch} for the file form, the {@code InlineBatch} for the inline
 * form. Fields of stages not reached are omitted, never null.
 */
final class BatchJson {

    private BatchJson() {
    }

    /** OpenAI's {@code Batch} object. */
    static ObjectNode batch(Batch batch, RequestCounts counts) {
        ObjectNode json = Json.mapper().createObjectNode();
        json.put("id", batch.id());
        json.put("object", "batch");
        json.put("endpoint", batch.endpoint().url());
        batch.errors().ifPresent(errors -> {
            ObjectNode list = json.putObject("errors");
            list.put("object", "list");
            list.set("data", parse(errors));
        });
        json.put("input_file_id", batch.inputFileId().orElse(""));
        json.put("completion_window", batch.completionWindow());
        json.put("status", batch.status().apiName());
        batch.outputFileId().ifPresent(id -> json.put("output_file_id", id));
        batch.errorFileId().ifPresent(id -> json.put("error_file_id", id));
        Batch.Times times = batch.times();
        json.put("created_at", times.createdAt().getEpochSecond());
        time(json, "in_progress_at", times.inProgressAt());
        json.put("expires_at", times.expiresAt().getEpochSecond());
        time(json, "finalizing_at", times.finalizingAt());
        time(json, "completed_at", times.completedAt());
        time(json, "failed_at", times.failedAt());
        // expired_at is kept from the moment the window ended; the batch shows it once it ended as expired
        time(json, "expired_at", batch.status() == BatchStatus.EXPIRED ? times.expiredAt() : Optional.empty());
        time(json, "cancelling_at", times.cancellingAt());
        time(json, "cancelled_at", times.cancelledAt());
        ObjectNode requestCounts = json.putObject("request_counts");
        requestCounts.put("total", counts.total());
        requestCounts.put("completed", counts.completed());
        requestCounts.put("failed", counts.failed());
        if (counts.promptTokens() + counts.completionTokens() > 0) {
            ObjectNode usage = json.putObject("usage");
            usage.put("input_tokens", counts.promptTokens());
            usage.putObject("input_tokens_details").put("cached_tokens", 0);
            usage.put("output_tokens", counts.completionTokens());
            usage.putObject("output_tokens_details").put("reasoning_tokens", 0);
            usage.put("total_tokens", counts.promptTokens() + counts.completionTokens());
        }
        metadata(json, batch);
        return json;
    }

    /** The inline form's {@code InlineBatch}; {@code results} once it ended. */
    static ObjectNode inline(Batch batch, RequestCounts counts, Optional<List<BatchStore.LineResult>> results) {
        ObjectNode json = Json.mapper().createObjectNode();
        json.put("id", batch.id());
        json.put("object", "batch.inline");
        BatchStatus status = batch.status();
        json.put("status", status == BatchStatus.IN_PROGRESS && counts.completed() + counts.failed() == 0
                ? "pending" : status.inlineName());
        json.put("total", counts.total());
        json.put("completed", counts.completed());
        json.put("failed", counts.failed());
        Batch.Times times = batch.times();
        json.put("created_at", times.createdAt().getEpochSecond());
        json.put("expires_at", times.expiresAt().getEpochSecond());
        times.completedAt().or(times::cancelledAt).or(times::failedAt)
                .or(() -> status == BatchStatus.EXPIRED ? times.expiredAt() : Optional.empty())
                .ifPresent(ended -> json.put("ended_at", ended.getEpochSecond()));
        metadata(json, batch);
        results.ifPresent(lines -> {
            ArrayNode array = json.putArray("results");
            for (BatchStore.LineResult line : lines) {
                ObjectNode result = array.addObject();
                result.put("index", line.lineNo());
                if (line.statusCode().isPresent()) {
                    result.put("status_code", line.statusCode().get());
                    JsonNode body = parse(line.response().orElse("{}"));
                    if (line.state() == LineState.SUCCEEDED) {
                        result.set("body", body);
                    } else {
                        result.set("error", body.path("error"));
                    }
                } else {
                    result.putNull("status_code");
                    ObjectNode error = result.putObject("error");
                    error.put("message", line.state().neverRanMessage());
                    error.put("type", "invalid_request_error");
                    error.putNull("param");
                    error.put("code", line.state().neverRanCode());
                }
            }
        });
        return json;
    }

    private static void metadata(ObjectNode json, Batch batch) {
        if (!batch.metadata().isEmpty()) {
            ObjectNode metadata = json.putObject("metadata");
            batch.metadata().forEach(metadata::put);
        }
    }

    private static void time(ObjectNode json, String field, Optional<Instant> time) {
        time.ifPresent(value -> json.put(field, value.getEpochSecond()));
    }

    private static JsonNode parse(String stored) {
        try {
            return Json.mapper().readTree(stored);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored batch document is not JSON", e);
        }
    }
}
