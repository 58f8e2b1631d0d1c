package ai.novai.bench;

import java.time.Duration;
import java.util.Map;

/**
 * One measured step of a closed loop: what succeeded in the measurement window, how fast, and what
 * failed (grouped by reason, so a report can say why rather than only how often).
 *
 * @param concurrency requests in flight at all times
 * @param succeeded   requests started in the window that succeeded
 * @param failures    failed requests by reason
 * @param window      length of the measurement window
 * @param latency     latency of the successful requests (for streams: time to first event)
 */
public record StepResult(int concurrency, long succeeded, Map<String, Long> failures, Duration window,
                         LatencyStats latency) {

    /** A step that did not run. */
    public static StepResult none(int concurrency) {
        return new StepResult(concurrency, 0, Map.of(), Duration.ZERO, LatencyStats.empty());
    }

    /** Whether the step ran at all. */
    public boolean ran() {
        return !window.isZero();
    }

    /** Failed requests. */
    public long failed() {
        return failures.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Successful requests per second. */
    public double perSecond() {
        return window.isZero() ? Double.NaN : succeeded / (window.toNanos() / 1e9);
    }
}
