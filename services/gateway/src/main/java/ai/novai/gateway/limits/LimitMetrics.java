package ai.novai.gateway.limits;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;

/**
 * Meters of admission, in the global registry (Prometheus at {@code /observe/metrics}):
 * {@code novai.ratelimit.rejections} by {@code reason} (rpm, tpm, budget, unavailable) and the gauge
 * {@code novai.ratelimit.redis.fallback.active} (1 while Redis is unreachable and the local limiter or
 * the fail-closed policy decides).
 */
public final class LimitMetrics {

    /** Counter of refused requests. */
    public static final String REJECTIONS = "novai.ratelimit.rejections";
    /** Gauge: limiters of this process in fallback. */
    public static final String FALLBACK_ACTIVE = "novai.ratelimit.redis.fallback.active";

    // meters outlive a gateway (tests start several in one JVM): the gauge counts limiters in fallback
    private static final AtomicInteger IN_FALLBACK = new AtomicInteger();

    private final MeterRegistry registry = Metrics.globalRegistry();

    public LimitMetrics() {
        registry.getOrCreate(Gauge.builder(FALLBACK_ACTIVE, IN_FALLBACK::get)
                                     .description("1 while Redis is unreachable and rate limits use the failure policy"));
    }

    /** Counts a request refused by a limit. */
    public void rejected(Limit limit) {
        rejected(limit.name().toLowerCase(Locale.ROOT));
    }

    /** Counts a request refused because Redis is unreachable under the fail-closed policy. */
    public void unavailable() {
        rejected("unavailable");
    }

    private void rejected(String reason) {
        registry.getOrCreate(Counter.builder(REJECTIONS)
                                     .description("Requests refused by rate limits or budgets")
                                     .tags(List.of(Tag.create("reason", reason))))
                .increment();
    }

    void fallbackActive(boolean active) {
        if (active) {
            IN_FALLBACK.incrementAndGet();
        } else {
            IN_FALLBACK.decrementAndGet();
        }
    }
}
