package ai.novai.gateway.limits;

import ai.novai.common.config.ConfigName;

/** What admission does while Redis cannot be reached ({@code novai.limits.redis-failure}). */
public enum RedisFailurePolicy implements ConfigName {
    /**
     * Admit against this replica's own in-process limiter (the default): traffic keeps flowing (logged, metric
     * {@code novai_ratelimit_redis_fallback_active} = 1).
     */
    OPEN("open"),
    /** Refuse with 503 {@code rate_limiter_unavailable}: no request goes unmetered. */
    CLOSED("closed");

    private final String configName;

    RedisFailurePolicy(String configName) {
        this.configName = configName;
    }

    @Override
    public String configName() {
        return configName;
    }
}
