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

    /** The name in the database. */
    String dbName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static LineState of(String dbName) {
        return valueOf(dbName.toUpperCase(java.util.Locale.ROOT));
    }
}
