package ai.novai.gateway.billing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import ai.novai.gateway.batching.BatchingThread;
import ai.novai.gateway.keys.BudgetPeriod;
import ai.novai.gateway.keys.PeriodSpend;
import ai.novai.gateway.observability.LedgerSpans;
import io.helidon.config.Config;
import io.opentelemetry.api.trace.Span;

/**
 * Writes ledger rows in group commits: a request hands its row over and waits until that row is
 * committed, while one writer thread commits whatever rows are waiting as one multi-row insert. Nothing
 * waits for a batch to fill (an idle gateway commits each row at once); under load, the rows that arrive
 * while one commit runs go together in the next, so the database sees one statement and one commit per
 * batch instead of per request. A batch that fails is written row by row, so every request learns about
 * its own row only.
 * <p>
 * With a {@link LedgerSpool}, a batch the database cannot take (unreachable, failing to commit; not a row it
 * refuses) is appended to the spool and synced instead, and its requests are answered as billed; from then on
 * rows go to the spool, behind those waiting, until {@link SpoolReplay} has written them all to the database.
 * While the database is up the spool is not touched: it costs nothing. A full spool, or one that cannot be
 * written, makes {@link #acceptsRows()} false: new metered requests are refused before any upstream call.
 * <p>
 * Configuration ({@code novai.ledger.spool}): {@code directory} (absent or empty: no spool),
 * {@code max-bytes}, {@code retry-interval}, {@code shutdown-replay}.
 */
public final class LedgerWriter implements AutoCloseable {

    private static final System.Logger LOGGER = System.getLogger(LedgerWriter.class.getName());
    private static final int MAX_BATCH = 256;
    private static final Duration MAX_WAIT = Duration.ofSeconds(30);

    private final UsageLedger ledger;
    private final Optional<LedgerSpool> spool;
    private final Optional<SpoolReplay> replay;
    private final SpoolMetrics metrics;
    private final long retryNanos;
    private final Duration shutdownReplay;
    private final BatchingThread<Pending> writer;
    private volatile long unwritableUntilNanos = System.nanoTime();
    private final AtomicBoolean closed = new AtomicBoolean();

    private record Pending(LedgerEntry entry, CompletableFuture<Void> committed, Span span) {
    }

    /** A writer without a spool: a row the database cannot take fails its request. */
    public LedgerWriter(UsageLedger ledger) {
        this(ledger, Optional.empty(), Duration.ofSeconds(1), Duration.ZERO);
    }

    /**
     * @param ledger         the database's ledger
     * @param spool          where rows go while the database cannot take them
     * @param retryInterval  how often the database is tried again while rows wait in the spool
     * @param shutdownReplay how long {@link #close()} replays the spool before leaving rows in it
     */
    public LedgerWriter(UsageLedger ledger, Optional<LedgerSpool> spool, Duration retryInterval,
                        Duration shutdownReplay) {
        this.ledger = ledger;
        this.spool = spool;
        this.metrics = new SpoolMetrics();
        this.retryNanos = retryInterval.toNanos();
        this.shutdownReplay = shutdownReplay;
        spool.ifPresent(rows -> metrics.state(rows.pendingRows(), rows.bytes()));
        this.replay = spool.map(rows -> new SpoolReplay(rows, ledger, metrics, retryInterval));
        this.writer = new BatchingThread<>("novai-ledger-writer", Integer.MAX_VALUE, MAX_BATCH, MAX_WAIT,
                                           this::commit);
    }

    /**
     * A writer configured by the {@code novai.ledger.spool} node.
     *
     * @param ledger the database's ledger
     * @param config the {@code novai.ledger.spool} node
     * @return the writer
     */
    public static LedgerWriter create(UsageLedger ledger, Config config) {
        SpoolSettings settings = SpoolSettings.from(config);
        Optional<LedgerSpool> spool = settings.directory()
                .map(directory -> LedgerSpool.open(directory, settings.maxBytes()));
        spool.ifPresent(rows -> LOGGER.log(System.Logger.Level.INFO, "ledger rows the database cannot take are "
                + "spooled to " + rows.file()));
        return new LedgerWriter(ledger, spool, settings.retryInterval(), settings.shutdownReplay());
    }

    /**
     * Writes a row and returns once it is committed (a row with the same id already there counts) or spooled.
     *
     * @throws RuntimeException when it could not be written
     */
    public void write(LedgerEntry entry) {
        Pending pending = new Pending(entry, new CompletableFuture<>(), LedgerSpans.startWrite());
        try {
            if (!writer.offer(pending)) {
                // closing: written here, directly
                commitTraced(List.of(pending));
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

    /**
     * Whether a new metered request may start: false while the spool is full or cannot be written (after a
     * write failed, for the retry interval), so that no upstream is called for a row that could not be kept.
     */
    public boolean acceptsRows() {
        if (spool.isEmpty()) {
            return true;
        }
        boolean accepts = !spool.get().isFull() && System.nanoTime() - unwritableUntilNanos >= 0;
        if (!accepts) {
            metrics.refused();
        }
        return accepts;
    }

    /**
     * Spend as this gateway knows it: the rows in the database plus those waiting in its spool, so that a budget
     * loaded while spooled rows wait still counts them.
     */
    public PeriodSpend spend() {
        if (spool.isEmpty()) {
            return ledger;
        }
        LedgerSpool rows = spool.get();
        return (String keyId, BudgetPeriod period, Instant at) -> {
            BigDecimal spooled = rows.pendingSpend(keyId, period.start(at), period.nextStart(at));
            return ledger.of(keyId, period, at).add(spooled);
        };
    }

    private void commit(List<Pending> batch) {
        LedgerSpans.commit(batch.stream().map(Pending::span).toList(), () -> commitTraced(batch));
    }

    private void commitTraced(List<Pending> batch) {
        if (spooling()) {
            // behind the rows that wait already
            spool(batch, Optional.empty());
            return;
        }
        try {
            ledger.recordAll(batch.stream().map(Pending::entry).toList());
            batch.forEach(pending -> pending.committed().complete(null));
        } catch (RuntimeException batchFailed) {
            if (spool.isPresent() && LedgerFailures.isUnavailable(batchFailed)) {
                spool(batch, Optional.of(batchFailed));
                return;
            }
            for (Pending pending : batch) {
                commitAlone(pending);
            }
        }
    }

    private void commitAlone(Pending pending) {
        if (spooling()) {
            spool(List.of(pending), Optional.empty());
            return;
        }
        try {
            ledger.record(pending.entry());
            pending.committed().complete(null);
        } catch (RuntimeException rowFailed) {
            if (spool.isPresent() && LedgerFailures.isUnavailable(rowFailed)) {
                spool(List.of(pending), Optional.of(rowFailed));
            } else {
                pending.committed().completeExceptionally(rowFailed);
            }
        }
    }

    private boolean spooling() {
        return spool.isPresent() && spool.get().hasPending();
    }

    private void spool(List<Pending> batch, Optional<RuntimeException> databaseFailure) {
        LedgerSpool rows = spool.orElseThrow();
        boolean entering = !rows.hasPending();
        try {
            rows.append(batch.stream().map(Pending::entry).toList());
        } catch (IOException e) {
            unwritableUntilNanos = System.nanoTime() + retryNanos;
            LOGGER.log(System.Logger.Level.ERROR, "ledger rows the database could not take could not be spooled to "
                    + rows.file() + " either; new metered requests are refused for now", e);
            UncheckedIOException failure = new UncheckedIOException("the ledger row could not be spooled", e);
            databaseFailure.ifPresent(failure::addSuppressed);
            batch.forEach(pending -> pending.committed().completeExceptionally(failure));
            return;
        }
        metrics.spooled(batch.size());
        metrics.state(rows.pendingRows(), rows.bytes());
        batch.forEach(pending -> pending.committed().complete(null));
        if (entering) {
            LOGGER.log(System.Logger.Level.WARNING, "the usage ledger cannot be written ("
                    + databaseFailure.map(LedgerWriter::describe).orElse("unknown") + "); rows are spooled to "
                    + rows.file() + " and written to the database once it is back");
        }
        replay.ifPresent(SpoolReplay::wake);
    }

    private static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    /** Commits what is queued, replays the spool for a while, then stops; later rows are written directly. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        writer.close();
        replay.ifPresent(running -> running.close(shutdownReplay));
        spool.ifPresent(LedgerSpool::close);
    }
}
