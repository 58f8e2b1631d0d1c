package ai.novai.gateway.billing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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

    private static final System.Logger LOGGER = System.getLogger(LedgerWriter.class.getName());
    private static final int MAX_BATCH = 256;
    private static final Duration MAX_WAIT = Duration.ofSeconds(30);

    private final UsageLedger ledger;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closed;

    private record Pending(LedgerEntry entry, CompletableFuture<Void> committed, Span span) {
    }

    public LedgerWriter(UsageLedger ledger) {
        this.ledger = ledger;
        this.writer = Thread.ofPlatform().daemon().name("novai-ledger-writer").start(this::run);
    }

    /**
     * Writes a row and returns once it is committed (a row with the same id already there counts).
     *
     * @throws RuntimeException when it could not be written
     */
    public void write(LedgerEntry entry) {
        if (closed) {
            ledger.record(entry);
            return;
        }
        Pending pending = new Pending(entry, new CompletableFuture<>(), LedgerSpans.startWrite());
        queue.add(pending);
        try {
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

    private void run() {
        List<Pending> batch = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                commit(batch);
            } catch (InterruptedException e) {
                if (!closed) {
                    LOGGER.log(System.Logger.Level.WARNING, "ledger writer interrupted; it goes on");
                }
            } finally {
                batch.clear();
            }
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
        closed = true;
        try {
            writer.join(MAX_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
