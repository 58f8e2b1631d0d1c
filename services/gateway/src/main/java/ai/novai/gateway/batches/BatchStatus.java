package ai.novai.gateway.batches;

import ai.novai.gateway.http.ApiNames;

/** A batch's status, as OpenAI's {@code Batch.status} names it. */
public enum BatchStatus {
    VALIDATING("validating", "pending"),
    FAILED("failed", "failed"),
    IN_PROGRESS("in_progress", "running"),
    FINALIZING("finalizing", "running"),
    COMPLETED("completed", "completed"),
    EXPIRED("expired", "expired"),
    CANCELLING("cancelling", "cancelling"),
    CANCELLED("cancelled", "cancelled");

    private final String apiName;
    private final String inlineName;

    BatchStatus(String apiName, String inlineName) {
        this.apiName = apiName;
        this.inlineName = inlineName;
    }

    /** The name in OpenAI's API and in the database. */
    public String apiName() {
        return apiName;
    }

    /** The name in the inline form's {@code InlineBatch.status}. */
    public String inlineName() {
        return inlineName;
    }

    /** Whether the batch has ended: nothing about it changes any more. */
    public boolean isTerminal() {
        return this == FAILED || this == COMPLETED || this == EXPIRED || this == CANCELLED;
    }

    /** The status of that name. */
    public static BatchStatus of(String apiName) {
        return ApiNames.find(values(), BatchStatus::apiName, apiName).orElseThrow(() -> new IllegalStateException("unknown batch status " + apiName));
    }
}
