package ai.novai.gateway.batches;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import ai.novai.gateway.files.FileLibrary;
import ai.novai.gateway.files.FilePurpose;
import ai.novai.gateway.files.StoredFile;

/**
 * The end of a batch whose lines are all done: for a file batch, writes the output file (requests that succeeded)
 * and the error file (the others, when there are any), then records the batch's final status — {@code completed},
 * {@code expired} (its window ended first) or {@code cancelled}. The files' ids are derived from the batch's, so a
 * finalization cut short by a crash and done again by another worker rewrites the same files.
 */
final class BatchFinalization {

    private final BatchStore store;
    private final FileLibrary files;
    private final BatchSettings settings;
    private final Clock clock;

    BatchFinalization(BatchStore store, FileLibrary files, BatchSettings settings, Clock clock) {
        this.store = store;
        this.files = files;
        this.settings = settings;
        this.clock = clock;
    }

    void finalize(Batch batch, String owner) throws IOException {
        store.cancelPendingLines(batch.id(), clock.instant());
        BatchStatus end = batch.status() == BatchStatus.CANCELLING ? BatchStatus.CANCELLED
                : batch.times().expiredAt().isPresent() ? BatchStatus.EXPIRED : BatchStatus.COMPLETED;
        if (batch.status() == BatchStatus.IN_PROGRESS) {
            store.markFinalizing(batch.id(), owner, clock.instant());
        }
        Optional<String> output = Optional.empty();
        Optional<String> errors = Optional.empty();
        RequestCounts counts = store.counts(batch.id());
        if (!batch.inline() && counts.total() > 0) {
            Duration keep = batch.outputExpiresAfter().map(Duration::ofSeconds).orElse(settings.outputExpiresAfter());
            if (counts.completed() > 0) {
                output = Optional.of(write(batch, "output", keep,
                                           new LineResults(store, batch.id(),
                                                           line -> line.state() == LineState.SUCCEEDED)).id());
            }
            if (counts.failed() > 0) {
                errors = Optional.of(write(batch, "error", keep,
                                           new LineResults(store, batch.id(),
                                                           line -> line.state() != LineState.SUCCEEDED)).id());
            }
        }
        store.finish(batch.id(), owner, end, output, errors, clock.instant());
    }

    private StoredFile write(Batch batch, String kind, Duration keep, InputStream content) throws IOException {
        try (content) {
            return files.store(fileId(batch.id(), kind), batch.keyId(), batch.id() + "_" + kind + ".jsonl",
                               FilePurpose.BATCH_OUTPUT, Optional.of(keep), content, Long.MAX_VALUE);
        }
    }

    // file-<24 hex>: the same for the same batch and kind
    private static String fileId(String batchId, String kind) {
        return DerivedIds.of("file-", batchId + "/" + kind);
    }
}
