package ai.novai.gateway.billing;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import ai.novai.gateway.batching.BatchingThread;
import ai.novai.gateway.observability.LedgerSpans;
import io.opentelemetry.api.trace.Span;

/**
 * Writes ledger rows in group commits: a request hands its row over and waits until that row is
 * committed, while one writer thread commits whatever rows are waiting as one multi-row insert. Nothing
 * waits for a batch to fill (an idle gateway commits each row at once); under load, the rows that arrive
 * while one commit runs go together in the next, so the database sees one statement and one commit per
 * batch instead of per request. A batch that fails is written row by row, so every request learns about
 * its own row only.
 */
public final class LedgerWriter implements AutoCloseable {

    private static final int MAX_BATCH = 256;
    private static final Duration MAX_WAIT = Duration.ofSeconds(30);

    private final UsageLedger ledger;
    private final BatchingThread<Pending> writer;

    private record Pending(LedgerEntry entry, CompletableFuture<Void> committed, Span span) {
    }

    public LedgerWriter(UsageLedger ledger) {
        this.ledger = ledger;
        this.writer = new BatchingThread<>("novai-ledger-writer", Integer.MAX_VALUE, MAX_BATCH, MAX_WAIT,
                                           this::commit);
    }

    /**
     * Writes a row and returns once it is committed (a row with the same id already there counts).
     *
     * @throws RuntimeException when it could not be written
     */
    public void write(LedgerEntry entry) {
        Pending pending = new Pending(entry, new CompletableFuture<>(), LedgerSpans.startWrite());
        try {
            if (!writer.offer(pending)) {
                // closing: written here, directly
                ledger.record(entry);
                return;
            }
            pending.committed().get(MAX_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the ledger row of " + entry.requestId() + " was not committed within "
                                                    + MAX_WAIT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the ledger row was written", e);
        } finally {
            pending.span().end();
        }
    }

    private void commit(List<Pending> batch) {
        LedgerSpans.commit(batch.stream().map(Pending::span).toList(), () -> commitTraced(batch));
    }

    private void commitTraced(List<Pending> batch) {
        try {
            ledger.recordAll(batch.stream().map(Pending::entry).toList());
            batch.forEach(pending -> pending.committed().complete(null));
        } catch (RuntimeException batchFailed) {
            for (Pending pending : batch) {
                try {
                    ledger.record(pending.entry());
                    pending.committed().complete(null);
                } catch (RuntimeException rowFailed) {
                    pending.committed().completeExceptionally(rowFailed);
                }
            }
        }
    }

    /** Commits what is queued, then stops; later rows are written directly. */
    @Override
    public void close() {
        writer.close();
    }
}
