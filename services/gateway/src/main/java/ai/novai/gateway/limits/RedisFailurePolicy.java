package ai.novai.gateway.limits;

/** What admission does while Redis cannot be reached ({@code novai.limits.redis-failure}). */
public enum RedisFailurePolicy {
    /** Admit against this replica's own in-process limiter (the default): traffic keeps flowing. */
    OPEN,
    /** Refuse with 503 {@code rate_limiter_unavailable}: no request goes unmetered. */
    CLOSED
}
