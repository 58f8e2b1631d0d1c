package ai.novai.gateway.observability;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;

/**
 * The batch engine's meters. The queue gauges describe the shared queue (every replica reports the same numbers,
 * read from the database every few seconds: take the max, not the sum); the line counters are this replica's.
 * <ul>
 *     <li>{@value #QUEUED}, {@value #RUNNING}: lines waiting, and lines being run, across all batches;</li>
 *     <li>{@value #OLDEST_QUEUED}: seconds the oldest claimable line has been waiting;</li>
 *     <li>{@value #LINES}: lines this replica ended, by {@code endpoint} and {@code outcome} ({@code succeeded}, or
 *     the error code of a failure: {@code rate_limit_exceeded} never appears, a line over its key's share waits).</li>
 * </ul>
 */
public final class BatchMetrics {

    public static final String QUEUED = "novai.batch.lines.queued";
    public static final String RUNNING = "novai.batch.lines.running";
    public static final String OLDEST_QUEUED = "novai.batch.oldest_queued.seconds";
    public static final String LINES = "novai.batch.lines";

    private final MeterRegistry registry = Metrics.globalRegistry();
    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong running = new AtomicLong();
    private final AtomicLong oldestQueuedSeconds = new AtomicLong();
    private final Map<String, Counter> lines = new ConcurrentHashMap<>();

    public BatchMetrics() {
        registry.getOrCreate(Gauge.builder(QUEUED, queued::get).description("Batch lines waiting for a worker"));
        registry.getOrCreate(Gauge.builder(RUNNING, running::get).description("Batch lines being run"));
        registry.getOrCreate(Gauge.builder(OLDEST_QUEUED, oldestQueuedSeconds::get)
                                     .description("Seconds the oldest claimable batch line has waited"));
    }

    /** The queue as last read. */
    public void queue(long queuedLines, long runningLines, long oldestSeconds) {
        queued.set(queuedLines);
        running.set(runningLines);
        oldestQueuedSeconds.set(oldestSeconds);
    }

    /**
     * Counts a line this replica ended.
     *
     * @param endpoint {@code chat.completions} or {@code embeddings}
     * @param outcome  {@code succeeded} or the failure's error code (a bounded set: the API's codes)
     */
    public void lineEnded(String endpoint, String outcome) {
        lines.computeIfAbsent(endpoint + ' ' + outcome, key -> registry.getOrCreate(
                Counter.builder(LINES)
                        .description("Batch lines ended by this replica, by endpoint and outcome")
                        .tags(List.of(Tag.create("endpoint", endpoint), Tag.create("outcome", outcome)))))
                .increment();
    }
}
