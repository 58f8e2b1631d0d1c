package ai.novai.gateway.batches;

/**
 * A batch's lines by outcome, and the tokens its billed lines used.
 *
 * @param total            every line
 * @param completed        answered successfully
 * @param failed           failed, or never ran (cancelled, expired)
 * @param open             still queued or running
 * @param promptTokens     input tokens of the lines that ran
 * @param completionTokens output tokens of the lines that ran
 */
record RequestCounts(long total, long completed, long failed, long open, long promptTokens, long completionTokens) {

    static final RequestCounts NONE = new RequestCounts(0, 0, 0, 0, 0, 0);
}
