package ai.novai.gateway.batches;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import ai.novai.gateway.billing.LedgerEntry;
import ai.novai.gateway.billing.UsageLedger;
import ai.novai.gateway.store.Columns;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;
import io.helidon.dbclient.DbTransaction;

/**
 * Batches and their lines in the database ({@code batches}, {@code batch_lines}). Every state change is one
 * conditional statement or one transaction, so that any number of workers in any number of replicas can share the
 * tables: lines are claimed with {@code FOR UPDATE SKIP LOCKED} and held under leases; a result commits only while
 * its worker still holds the line's lease.
 */
final class BatchStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int INSERT_ROWS = 200;
    private static final String BATCH_COLUMNS = "id, key_id, form, endpoint, input_file_id, completion_window, "
            + "status, metadata, output_expires_after, errors, output_file_id, error_file_id, traceparent, created_at, "
            + "expires_at, in_progress_at, finalizing_at, completed_at, failed_at, expired_at, cancelling_at, "
            + "cancelled_at";
    private static final String OPEN = "('queued', 'running')";
    private static final String INSERT_BATCH = "INSERT INTO batches (" + BATCH_COLUMNS + ") VALUES "
            + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final DbClient db;

    BatchStore(DbClient db) {
        this.db = db;
    }

    /** A line to store: its position, caller id and request body (JSON). */
    record NewLine(int lineNo, String customId, String body) {
    }

    /** A line a worker claimed. */
    record ClaimedLine(String batchId, int lineNo, String keyId, String customId, String body, int attempts) {
    }

    /** A line as the output files and the inline form show it. */
    record LineResult(int lineNo, String customId, LineState state, Optional<Integer> statusCode,
                      Optional<String> requestId, Optional<String> response, Optional<String> errorCode) {
    }

    /** Stores a new batch (file form: {@code validating}, its lines come with validation). */
    void create(Batch batch) {
        db.execute().insert(INSERT_BATCH, batchValues(batch).toArray());
    }

    /** Stores a new inline batch with its lines, queued, in one transaction. */
    void createWithLines(Batch batch, List<NewLine> lines, Instant now) {
        inTransaction(tx -> {
            tx.insert(INSERT_BATCH, batchValues(batch).toArray());
            insertLines(tx, batch, lines, LineState.QUEUED, now);
            return true;
        });
    }

    /** How many of the key's batches have not ended. */
    long activeBatches(String keyId) {
        return db.execute().get("SELECT COUNT(*) AS n FROM batches WHERE key_id = ? AND status IN ('validating', "
                                        + "'in_progress', 'finalizing', 'cancelling')", keyId)
                .map(row -> number(row, "n")).orElse(0L);
    }

    Optional<Batch> find(String id) {
        return db.execute().get("SELECT " + BATCH_COLUMNS + " FROM batches WHERE id = ?", id).map(BatchStore::batch);
    }

    /** File-form batches, newest first, after the given one. */
    List<Batch> page(Optional<String> keyId, Optional<Batch> after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + BATCH_COLUMNS + " FROM batches WHERE form = 'file'");
        List<Object> params = new ArrayList<>();
        keyId.ifPresent(key -> {
            sql.append(" AND key_id = ?");
            params.add(key);
        });
        after.ifPresent(batch -> {
            sql.append(" AND (created_at < ? OR (created_at = ? AND id < ?))");
            params.add(Columns.timestamp(batch.times().createdAt()));
            params.add(Columns.timestamp(batch.times().createdAt()));
            params.add(batch.id());
        });
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT ?");
        params.add(limit);
        return db.execute().query(sql.toString(), params.toArray()).map(BatchStore::batch).toList();
    }

    RequestCounts counts(String batchId) {
        long[] byState = new long[LineState.values().length];
        long[] tokens = new long[2];
        db.execute().query("SELECT state, COUNT(*) AS n, SUM(prompt_tokens) AS p, SUM(completion_tokens) AS c "
                                   + "FROM batch_lines WHERE batch_id = ? GROUP BY state", batchId)
                .forEach(row -> {
                    byState[LineState.of(row.column("state").getString()).ordinal()] = number(row, "n");
                    tokens[0] += number(row, "p");
                    tokens[1] += number(row, "c");
                });
        long total = Arrays.stream(byState).sum();
        return new RequestCounts(total, byState[LineState.SUCCEEDED.ordinal()],
                                 byState[LineState.FAILED.ordinal()] + byState[LineState.CANCELLED.ordinal()]
                                         + byState[LineState.EXPIRED.ordinal()],
                                 byState[LineState.QUEUED.ordinal()] + byState[LineState.RUNNING.ordinal()]
                                         + byState[LineState.PENDING.ordinal()],
                                 tokens[0], tokens[1]);
    }

    // ---- steps of a whole batch: validation, expiry, finalization, each under the batch's lease -------------------

    /**
     * Claims a batch that needs a step (validating; finalizing; in progress or cancelling with no open line left or
     * past its window) and whose lease is free, taking its lease.
     */
    Optional<Batch> claimStep(String owner, Instant now, Instant leaseUntil) {
        return inTransaction(tx -> {
            Optional<String> id = tx.query(
                    "SELECT b.id FROM batches b WHERE b.status IN ('validating', 'in_progress', 'cancelling', "
                            + "'finalizing') AND (b.lease_until IS NULL OR b.lease_until < ?) AND (b.status IN "
                            + "('validating', 'finalizing') OR (b.status = 'in_progress' AND b.expires_at < ? AND "
                            + "b.expired_at IS NULL) OR NOT EXISTS (SELECT 1 FROM batch_lines l WHERE l.batch_id = "
                            + "b.id AND l.state IN " + OPEN + ")) ORDER BY b.created_at LIMIT 1 FOR UPDATE SKIP LOCKED",
                    Columns.timestamp(now), Columns.timestamp(now))
                    .map(row -> row.column("id").getString())
                    .findFirst();
            if (id.isEmpty()) {
                return Optional.<Batch>empty();
            }
            tx.update("UPDATE batches SET lease_owner = ?, lease_until = ? WHERE id = ?", owner,
                      Columns.timestamp(leaseUntil), id.get());
            return tx.get("SELECT " + BATCH_COLUMNS + " FROM batches WHERE id = ?", id.get()).map(BatchStore::batch);
        });
    }

    /** Gives a batch's lease back without a change (the step found nothing to do yet). */
    void releaseStep(String batchId, String owner) {
        db.execute().update("UPDATE batches SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?",
                            batchId, owner);
    }

    /** Validation found the input invalid: {@code failed}, with the errors. */
    boolean failValidation(String batchId, String owner, String errorsJson, Instant now) {
        return db.execute().update("UPDATE batches SET status = 'failed', errors = ?, failed_at = ?, lease_owner = "
                                           + "NULL, lease_until = NULL WHERE id = ? AND status = 'validating' AND "
                                           + "lease_owner = ?", errorsJson, Columns.timestamp(now), batchId, owner) == 1;
    }

    /** Stores a chunk of validated lines, not claimable yet (a validation done again first deletes them). */
    void addPendingLines(Batch batch, List<NewLine> lines, Instant now) {
        inTransaction(tx -> {
            insertLines(tx, batch, lines, LineState.PENDING, now);
            return true;
        });
    }

    void deleteLines(String batchId) {
        db.execute().delete("DELETE FROM batch_lines WHERE batch_id = ?", batchId);
    }

    /** Validation passed: the lines become claimable and the batch {@code in_progress}, together. */
    boolean start(String batchId, String owner, Instant now) {
        return inTransaction(tx -> {
            long changed = tx.update("UPDATE batches SET status = 'in_progress', in_progress_at = ?, lease_owner = "
                                             + "NULL, lease_until = NULL WHERE id = ? AND status = 'validating' AND "
                                             + "lease_owner = ?", Columns.timestamp(now), batchId, owner);
            if (changed != 1) {
                return false;
            }
            tx.update("UPDATE batch_lines SET state = 'queued', not_before = ? WHERE batch_id = ? AND state = "
                              + "'pending'", Columns.timestamp(now), batchId);
            return true;
        });
    }

    /** The completion window ended: lines not started never will; the batch ends {@code expired} once finalized. */
    void expire(String batchId, String owner, Instant now) {
        inTransaction(tx -> {
            long changed = tx.update("UPDATE batches SET expired_at = ?, lease_owner = NULL, lease_until = NULL "
                                             + "WHERE id = ? AND lease_owner = ? AND expired_at IS NULL",
                                     Columns.timestamp(now), batchId, owner);
            if (changed == 1) {
                tx.update("UPDATE batch_lines SET state = 'expired', finished_at = ? WHERE batch_id = ? AND state IN "
                                  + "('queued', 'pending')", Columns.timestamp(now), batchId);
            }
            return changed == 1;
        });
    }

    /** Cancels a batch: lines not started never will. Whether it was cancellable (validating or in progress). */
    boolean cancel(String batchId, Instant now) {
        return inTransaction(tx -> {
            long changed = tx.update("UPDATE batches SET status = 'cancelling', cancelling_at = ? WHERE id = ? AND "
                                             + "status IN ('validating', 'in_progress')", Columns.timestamp(now),
                                     batchId);
            if (changed == 1) {
                tx.update("UPDATE batch_lines SET state = 'cancelled', finished_at = ? WHERE batch_id = ? AND state "
                                  + "IN ('queued', 'pending')", Columns.timestamp(now), batchId);
            }
            return changed == 1;
        });
    }

    /** The batch enters {@code finalizing} (a cancelling one stays so until it is cancelled). */
    void markFinalizing(String batchId, String owner, Instant now) {
        db.execute().update("UPDATE batches SET status = 'finalizing', finalizing_at = ? WHERE id = ? AND status = "
                                    + "'in_progress' AND lease_owner = ?", Columns.timestamp(now), batchId, owner);
    }

    /** Lines whose validation was cut short by a cancel are cancelled too. */
    void cancelPendingLines(String batchId, Instant now) {
        db.execute().update("UPDATE batch_lines SET state = 'cancelled', finished_at = ? WHERE batch_id = ? AND state "
                                    + "= 'pending'", Columns.timestamp(now), batchId);
    }

    /** The batch's end: its final status and output files. Whether this worker still held its lease. */
    boolean finish(String batchId, String owner, BatchStatus end, Optional<String> outputFileId,
                   Optional<String> errorFileId, Instant now) {
        String stamp = switch (end) {
            case COMPLETED -> "completed_at";
            case EXPIRED -> "expired_at";
            case CANCELLED -> "cancelled_at";
            default -> throw new IllegalArgumentException("not an end of a batch that ran: " + end);
        };
        // expired_at was set when the window ended; completed_at/cancelled_at are set now
        String set = end == BatchStatus.EXPIRED ? "" : ", " + stamp + " = ?";
        List<Object> params = new ArrayList<>(List.of(end.apiName()));
        if (!set.isEmpty()) {
            params.add(Columns.timestamp(now));
        }
        params.addAll(Arrays.asList(outputFileId.orElse(null), errorFileId.orElse(null), batchId, owner));
        return db.execute().update("UPDATE batches SET status = ?" + set + ", output_file_id = ?, error_file_id = ?, "
                                           + "lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?",
                                   params.toArray()) == 1;
    }

    /** The outcomes of up to {@code limit} lines after line {@code afterLineNo}, in input order. */
    List<LineResult> results(String batchId, int afterLineNo, int limit) {
        return db.execute().query("SELECT line_no, custom_id, state, status_code, request_id, response, error_code "
                                          + "FROM batch_lines WHERE batch_id = ? AND line_no > ? ORDER BY line_no "
                                          + "LIMIT ?", batchId, afterLineNo, limit)
                .map(BatchStore::result)
                .toList();
    }

    // ---- lines ----------------------------------------------------------------------------------------------------

    /** Claims up to {@code limit} queued lines (or running ones whose lease ran out) for the owner. */
    List<ClaimedLine> claimLines(String owner, int limit, Instant now, Instant leaseUntil) {
        return inTransaction(tx -> {
            List<ClaimedLine> claimed = tx.query(
                    "SELECT batch_id, line_no, key_id, custom_id, body, attempts FROM batch_lines WHERE (state = "
                            + "'queued' AND not_before <= ?) OR (state = 'running' AND lease_until < ?) LIMIT ? FOR "
                            + "UPDATE SKIP LOCKED", Columns.timestamp(now), Columns.timestamp(now), limit)
                    .map(row -> new ClaimedLine(row.column("batch_id").getString(), row.column("line_no").getInt(),
                                                row.column("key_id").getString(), row.column("custom_id").getString(),
                                                row.column("body").getString(), row.column("attempts").getInt() + 1))
                    .toList();
            for (ClaimedLine line : claimed) {
                tx.update("UPDATE batch_lines SET state = 'running', lease_owner = ?, lease_until = ?, attempts = ? "
                                  + "WHERE batch_id = ? AND line_no = ?", owner, Columns.timestamp(leaseUntil),
                          line.attempts(), line.batchId(), line.lineNo());
            }
            return claimed;
        });
    }

    /**
     * Commits a line's result, and its ledger row when it was billed, in one transaction that only commits while the
     * owner still holds the line's lease. Whether it committed (false: the lease was lost, another worker has the
     * line, and nothing of this run counts).
     */
    boolean complete(ClaimedLine line, String owner, LineState state, int statusCode, String requestId,
                     String response, Optional<String> errorCode, Optional<LedgerEntry> billed, Instant now) {
        return inTransaction(tx -> {
            long changed = tx.update(
                    "UPDATE batch_lines SET state = ?, status_code = ?, request_id = ?, response = ?, error_code = ?, "
                            + "prompt_tokens = ?, completion_tokens = ?, finished_at = ?, lease_owner = NULL, "
                            + "lease_until = NULL WHERE batch_id = ? AND line_no = ? AND state = 'running' AND "
                            + "lease_owner = ?",
                    state.dbName(), statusCode, requestId, response, errorCode.orElse(null),
                    billed.map(LedgerEntry::promptTokens).orElse(null),
                    billed.map(LedgerEntry::completionTokens).orElse(null), Columns.timestamp(now), line.batchId(),
                    line.lineNo(), owner);
            if (changed != 1) {
                return false;
            }
            billed.ifPresent(entry -> UsageLedger.recordIn(tx, entry));
            return true;
        });
    }

    /**
     * Puts a claimed line back in the queue until {@code notBefore}; {@code countsAsAttempt} false when it did not
     * run at all (its key's batch share was used up).
     */
    void requeue(ClaimedLine line, String owner, Instant notBefore, boolean countsAsAttempt) {
        db.execute().update("UPDATE batch_lines SET state = 'queued', not_before = ?, lease_owner = NULL, lease_until "
                                    + "= NULL, attempts = ? WHERE batch_id = ? AND line_no = ? AND state = 'running' "
                                    + "AND lease_owner = ?", Columns.timestamp(notBefore),
                            countsAsAttempt ? line.attempts() : line.attempts() - 1, line.batchId(), line.lineNo(),
                            owner);
    }

    /** Extends the leases the owner holds (lines it runs, a batch step it does). */
    void renewLeases(String owner, Instant leaseUntil) {
        db.execute().update("UPDATE batch_lines SET lease_until = ? WHERE lease_owner = ? AND state = 'running'",
                            Columns.timestamp(leaseUntil), owner);
        db.execute().update("UPDATE batches SET lease_until = ? WHERE lease_owner = ?", Columns.timestamp(leaseUntil),
                            owner);
    }

    /** What the queue holds now, for the metrics. */
    record QueueState(long queued, long running, Optional<Instant> oldestQueued) {
    }

    QueueState queueState() {
        return db.execute().get("SELECT SUM(CASE WHEN state = 'queued' THEN 1 ELSE 0 END) AS queued, "
                                        + "SUM(CASE WHEN state = 'running' THEN 1 ELSE 0 END) AS running, "
                                        + "MIN(CASE WHEN state = 'queued' THEN not_before END) AS oldest "
                                        + "FROM batch_lines WHERE state IN " + OPEN)
                .map(row -> new QueueState(number(row, "queued"), number(row, "running"),
                                           row.column("oldest").asOptional().map(Columns::instant)))
                .orElse(new QueueState(0, 0, Optional.empty()));
    }

    // ---- rows -----------------------------------------------------------------------------------------------------

    private static void insertLines(DbTransaction tx, Batch batch, List<NewLine> lines, LineState state, Instant now) {
        for (int from = 0; from < lines.size(); from += INSERT_ROWS) {
            List<NewLine> chunk = lines.subList(from, Math.min(lines.size(), from + INSERT_ROWS));
            StringBuilder sql = new StringBuilder("INSERT INTO batch_lines (batch_id, line_no, key_id, custom_id, "
                                                          + "body, state, not_before, attempts) VALUES ");
            List<Object> params = new ArrayList<>(chunk.size() * 8);
            for (int i = 0; i < chunk.size(); i++) {
                sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, 0)");
                NewLine line = chunk.get(i);
                params.addAll(List.of(batch.id(), line.lineNo(), batch.keyId(), line.customId(), line.body(),
                                      state.dbName(), Columns.timestamp(now)));
            }
            tx.insert(sql.toString(), params.toArray());
        }
    }

    // Runs the work in one transaction: committed when it returns, rolled back when it throws or returns
    // Boolean.FALSE (a conditional update found its row changed by another worker: nothing of it may count).
    private <T> T inTransaction(Function<DbTransaction, T> work) {
        DbTransaction tx = db.transaction();
        boolean committed = false;
        try {
            T result = work.apply(tx);
            if (Boolean.FALSE.equals(result)) {
                tx.rollback();
            } else {
                tx.commit();
            }
            committed = true;
            return result;
        } finally {
            if (!committed) {
                tx.rollback();
            }
        }
    }

    private static List<Object> batchValues(Batch batch) {
        Batch.Times times = batch.times();
        return Arrays.asList(batch.id(), batch.keyId(), batch.inline() ? "inline" : "file", batch.endpoint().url(),
                             batch.inputFileId().orElse(null), batch.completionWindow(), batch.status().apiName(),
                             batch.metadata().isEmpty() ? null : json(batch.metadata()),
                             batch.outputExpiresAfter().orElse(null), batch.errors().orElse(null),
                             batch.outputFileId().orElse(null), batch.errorFileId().orElse(null),
                             batch.traceparent().orElse(null), Columns.timestamp(times.createdAt()),
                             Columns.timestamp(times.expiresAt()), null, null, null, null, null, null, null);
    }

    private static Batch batch(DbRow row) {
        return new Batch(row.column("id").getString(), row.column("key_id").getString(),
                         "inline".equals(row.column("form").getString()),
                         BatchEndpoint.of(row.column("endpoint").getString()).orElseThrow(),
                         optional(row, "input_file_id"), row.column("completion_window").getString(),
                         BatchStatus.of(row.column("status").getString()), metadata(optional(row, "metadata")),
                         row.column("output_expires_after").asOptional().map(v -> ((Number) v).longValue()),
                         optional(row, "errors"), optional(row, "output_file_id"), optional(row, "error_file_id"),
                         optional(row, "traceparent"),
                         new Batch.Times(Columns.instant(row.column("created_at").get()),
                                         Columns.instant(row.column("expires_at").get()), time(row, "in_progress_at"),
                                         time(row, "finalizing_at"), time(row, "completed_at"), time(row, "failed_at"),
                                         time(row, "expired_at"), time(row, "cancelling_at"),
                                         time(row, "cancelled_at")));
    }

    private static LineResult result(DbRow row) {
        return new LineResult(row.column("line_no").getInt(), row.column("custom_id").getString(),
                              LineState.of(row.column("state").getString()),
                              row.column("status_code").asOptional().map(v -> ((Number) v).intValue()),
                              optional(row, "request_id"), optional(row, "response"), optional(row, "error_code"));
    }

    private static Optional<String> optional(DbRow row, String column) {
        return row.column(column).asOptional().map(Object::toString);
    }

    private static Optional<Instant> time(DbRow row, String column) {
        return row.column(column).asOptional().map(Columns::instant);
    }

    private static long number(DbRow row, String column) {
        return row.column(column).asOptional().map(value -> ((Number) value).longValue()).orElse(0L);
    }

    private static String json(Map<String, String> metadata) {
        try {
            return JSON.writeValueAsString(metadata);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("metadata could not be written as JSON", e);
        }
    }

    private static Map<String, String> metadata(Optional<String> json) {
        if (json.isEmpty()) {
            return Map.of();
        }
        try {
            return JSON.readValue(json.get(), new TypeReference<java.util.LinkedHashMap<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored batch metadata is not JSON", e);
        }
    }
}
