package ai.novai.gateway.batches;

/** Where one request of a batch stands ({@code batch_lines.state}). */
enum LineState {
    /** Stored while its batch is validated: not claimable yet. */
    PENDING,
    /** Waiting for a worker. */
    QUEUED,
    /** Claimed by a worker, under a lease. */
    RUNNING,
    /** Answered with 2xx; billed. */
    SUCCEEDED,
    /** Answered with an error, or failed for good. */
    FAILED,
    /** Never ran: its batch was cancelled first. */
    CANCELLED,
    /** Never ran: its batch's completion window ended first. */
    EXPIRED;

    /** The error code of a line that never ran: its batch was cancelled, or its window ended, first. */
    String neverRanCode() {
        return this == CANCELLED ? "batch_cancelled" : "batch_expired";
    }

    /** The message of a line that never ran. */
    String neverRanMessage() {
        return this == CANCELLED ? "This request was not run: its batch was cancelled first."
                : "This request could not be run before the batch's completion window ended.";
    }

    /** The name in the database. */
    String dbName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static LineState of(String dbName) {
        return valueOf(dbName.toUpperCase(java.util.Locale.ROOT));
    }
}
