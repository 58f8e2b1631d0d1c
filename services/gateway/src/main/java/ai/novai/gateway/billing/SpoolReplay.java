package ai.novai.gateway.billing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * The background thread that writes spooled ledger rows to the database, in spool order, a chunk per
 * statement ({@code ON CONFLICT DO NOTHING}: a row committed before is kept once). While the database cannot
 * take them it is tried again every {@code retryInterval}; a row the database refuses (not a failure to reach
 * it) is put beside the spool ({@code .rejected}) with an error, so that it never blocks the rows behind it.
 */
final class SpoolReplay implements AutoCloseable {

    private static final System.Logger LOGGER = System.getLogger(SpoolReplay.class.getName());
    private static final int CHUNK = 256;
    private static final long IDLE_NANOS = 100_000_000L;

    private final LedgerSpool spool;
    private final UsageLedger ledger;
    private final SpoolMetrics metrics;
    private final long retryNanos;
    private final Thread thread;
    private volatile boolean closed;
    // touched by the replaying thread only (the replay thread, then close())
    private long episodeRows;
    private long firstReplayNanos;

    SpoolReplay(LedgerSpool spool, UsageLedger ledger, SpoolMetrics metrics, Duration retryInterval) {
        this.spool = spool;
        this.ledger = ledger;
        this.metrics = metrics;
        this.retryNanos = retryInterval.toNanos();
        this.thread = Thread.ofPlatform().daemon().name("novai-ledger-replay").start(this::run);
    }

    /** Rows were just spooled: look at once rather than at the next idle check. */
    void wake() {
        LockSupport.unpark(thread);
    }

    private void run() {
        while (!closed) {
            if (!spool.hasPending()) {
                LockSupport.parkNanos(IDLE_NANOS);
                continue;
            }
            boolean replayed;
            try {
                replayed = replayChunk();
            } catch (RuntimeException defect) {
                // not the database failing (handled above): a defect; the rows stay in the spool, tried again later
                LOGGER.log(System.Logger.Level.ERROR, "replaying the ledger spool " + spool.file() + " failed", defect);
                replayed = false;
            }
            if (!replayed) {
                LockSupport.parkNanos(retryNanos);
            }
        }
    }

    /**
     * Writes the next chunk of spooled rows to the database.
     *
     * @return false when the database could not take them (try again later)
     */
    private boolean replayChunk() {
        Optional<LedgerSpool.Chunk> next;
        try {
            next = spool.next(CHUNK);
        } catch (UncheckedIOException e) {
            LOGGER.log(System.Logger.Level.ERROR, "the ledger spool " + spool.file() + " cannot be read", e);
            return false;
        }
        if (next.isEmpty()) {
            return true;
        }
        LedgerSpool.Chunk chunk = next.get();
        try {
            ledger.recordAllOnce(chunk.entries());
        } catch (RuntimeException failed) {
            if (LedgerFailures.isUnavailable(failed) || !rowByRow(chunk)) {
                return false;
            }
        }
        if (firstReplayNanos == 0) {
            firstReplayNanos = System.nanoTime();
        }
        episodeRows += chunk.entries().size();
        metrics.replayed(chunk.entries().size());
        try {
            if (spool.replayed(chunk)) {
                LOGGER.log(System.Logger.Level.INFO, "the ledger spool is replayed: " + episodeRows + " rows written "
                        + "to the database in " + Duration.ofNanos(System.nanoTime() - firstReplayNanos).toMillis()
                        + " ms; rows go to the database directly again");
                episodeRows = 0;
                firstReplayNanos = 0;
            }
        } catch (IOException e) {
            // the rows are in the database; the file keeps them and they are replayed again (once each, by id)
            LOGGER.log(System.Logger.Level.ERROR, "the ledger spool " + spool.file() + " could not be emptied", e);
        } finally {
            metrics.state(spool.pendingRows(), spool.bytes());
        }
        return true;
    }

    // A chunk the database refused as a whole: its rows one by one, the refused ones put aside.
    private boolean rowByRow(LedgerSpool.Chunk chunk) {
        for (LedgerEntry entry : chunk.entries()) {
            try {
                ledger.record(entry);
            } catch (RuntimeException failed) {
                if (LedgerFailures.isUnavailable(failed) || !LedgerFailures.isDatabaseFailure(failed)) {
                    LOGGER.log(System.Logger.Level.WARNING, "a spooled ledger row could not be written; "
                            + "tried again later", failed);
                    return false;
                }
                if (!reject(entry, failed)) {
                    return false;
                }
            }
        }
        return true;
    }

    private boolean reject(LedgerEntry entry, RuntimeException refusal) {
        try {
            spool.reject(entry);
        } catch (IOException e) {
            LOGGER.log(System.Logger.Level.ERROR, "a ledger row the database refused could not be kept in "
                    + spool.rejectedFile() + "; it stays in the spool", e);
            return false;
        }
        metrics.rejected();
        LOGGER.log(System.Logger.Level.ERROR, "the database refused the spooled ledger row " + entry.id()
                + " of request " + entry.requestId() + " (" + entry.costUsd().toPlainString() + " USD); it is kept in "
                + spool.rejectedFile() + " for an operator", refusal);
        return true;
    }

    /**
     * Stops the thread, then replays what waits for at most {@code limit} (a gateway shutting down); rows that
     * stay are replayed by the next gateway on this spool directory.
     */
    void close(Duration limit) {
        closed = true;
        LockSupport.unpark(thread);
        try {
            thread.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        long until = System.nanoTime() + limit.toNanos();
        while (spool.hasPending() && System.nanoTime() - until < 0) {
            if (!replayChunk()) {
                break;
            }
        }
        if (spool.hasPending()) {
            LOGGER.log(System.Logger.Level.WARNING, spool.pendingRows() + " ledger rows stay in the spool "
                    + spool.file() + "; a gateway started on this directory replays them");
        }
    }

    @Override
    public void close() {
        close(Duration.ZERO);
    }
}
