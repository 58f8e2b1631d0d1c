package ai.novai.gateway.billing;

import java.util.concurrent.atomic.AtomicLong;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;

/**
 * Meters of the ledger spool, in the global registry (Prometheus at {@code /observe/metrics}): gauges
 * {@code novai.ledger.spool.rows} (rows waiting for the database), {@code novai.ledger.spool.bytes} (size of
 * the spool files) and {@code novai.ledger.spool.active} (spools holding rows), counters
 * {@code novai.ledger.spooled.rows}, {@code novai.ledger.replayed.rows}, {@code novai.ledger.rejected.rows}
 * (rows the database refused on replay, kept beside the spool) and {@code novai.ledger.spool.refused}
 * (requests refused with 503 because the spool was full or could not be written).
 */
final class SpoolMetrics {

    // meters outlive a gateway (tests start several in one JVM): the gauges add up every spool of the process
    private static final AtomicLong ROWS = new AtomicLong();
    private static final AtomicLong BYTES = new AtomicLong();
    private static final AtomicLong ACTIVE = new AtomicLong();

    private final MeterRegistry registry = Metrics.globalRegistry();
    private final Counter spooled;
    private final Counter replayed;
    private final Counter rejected;
    private final Counter refused;
    private long rows;
    private long bytes;
    private boolean active;

    SpoolMetrics() {
        registry.getOrCreate(Gauge.builder("novai.ledger.spool.rows", ROWS::get)
                                     .description("Ledger rows waiting in the spool for the database"));
        registry.getOrCreate(Gauge.builder("novai.ledger.spool.bytes", BYTES::get)
                                     .description("Size of the ledger spool files"));
        registry.getOrCreate(Gauge.builder("novai.ledger.spool.active", ACTIVE::get)
                                     .description("1 while ledger rows wait in the spool for the database"));
        spooled = registry.getOrCreate(Counter.builder("novai.ledger.spooled.rows")
                                               .description("Ledger rows written to the spool"));
        replayed = registry.getOrCreate(Counter.builder("novai.ledger.replayed.rows")
                                                .description("Spooled ledger rows written to the database"));
        rejected = registry.getOrCreate(Counter.builder("novai.ledger.rejected.rows")
                                                .description("Spooled ledger rows the database refused"));
        refused = registry.getOrCreate(Counter.builder("novai.ledger.spool.refused")
                                               .description("Requests refused because the ledger spool was full"));
    }

    void spooled(int count) {
        spooled.increment(count);
    }

    void replayed(int count) {
        replayed.increment(count);
    }

    void rejected() {
        rejected.increment();
    }

    void refused() {
        refused.increment();
    }

    /** Publishes this spool's state. */
    synchronized void state(long rowsNow, long bytesNow) {
        ROWS.addAndGet(rowsNow - rows);
        BYTES.addAndGet(bytesNow - bytes);
        boolean activeNow = rowsNow > 0;
        if (activeNow != active) {
            ACTIVE.addAndGet(activeNow ? 1 : -1);
        }
        rows = rowsNow;
        bytes = bytesNow;
        active = activeNow;
    }
}
