package ai.novai.gateway.billing;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import ai.novai.gateway.keys.BudgetPeriod;
import ai.novai.gateway.keys.PeriodSpend;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;

/**
 * The usage ledger ({@code usage_ledger}): one row per billable request, the system of record for
 * spend, budgets and {@code /v1/usage}.
 */
public final class UsageLedger implements PeriodSpend {

    private static final String INSERT = "INSERT INTO usage_ledger (id, request_id, key_id, endpoint, model, "
            + "provider, prompt_tokens, completion_tokens, cost_usd, status, stream, latency_ms, ttft_ms, started_at, "
            + "finished_at, usage_date, batch_id) VALUES ";
    private static final String ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final int COLUMNS = 17;

    private final DbClient db;

    public UsageLedger(DbClient db) {
        this.db = db;
    }

    /** Writes the row; a row with the same id already there is kept as it is (idempotent). */
    public void record(LedgerEntry entry) {
        try {
            recordAll(List.of(entry));
        } catch (RuntimeException e) {
            if (!LedgerFailures.isDuplicateKey(e)) {
                throw e;
            }
        }
    }

    /**
     * Writes several rows in one statement and one commit. All or nothing: when any row fails (one
     * already written, say) none is written, and the caller writes them one by one with {@link #record}.
     */
    public void recordAll(List<LedgerEntry> entries) {
        insert(entries, "");
    }

    /**
     * Writes several rows in one statement and one commit, keeping any row whose id is there already as it is:
     * the replay of spooled rows, some of which may have been committed before a crash or a lost answer.
     */
    public void recordAllOnce(List<LedgerEntry> entries) {
        insert(entries, " ON CONFLICT DO NOTHING");
    }

    /**
     * Writes the row within the caller's transaction (a batch line's result and its row commit together). A row with
     * the same id there already fails the statement.
     */
    public static void recordIn(DbExecute transaction, LedgerEntry entry) {
        transaction.insert(INSERT + ROW, values(entry).toArray());
    }

    private void insert(List<LedgerEntry> entries, String onConflict) {
        StringBuilder sql = new StringBuilder(INSERT);
        List<Object> params = new ArrayList<>(entries.size() * COLUMNS);
        for (int i = 0; i < entries.size(); i++) {
            sql.append(i == 0 ? ROW : ", " + ROW);
            params.addAll(values(entries.get(i)));
        }
        db.execute().insert(sql.append(onConflict).toString(), params.toArray());
    }

    private static List<Object> values(LedgerEntry entry) {
        return java.util.Arrays.asList(
                entry.id(), entry.requestId(), entry.keyId(), entry.endpoint(), entry.model(),
                entry.provider().orElse(null), entry.promptTokens(), entry.completionTokens(),
                entry.costUsd(), entry.status().dbName(), entry.stream(),
                Duration.between(entry.startedAt(), entry.finishedAt()).toMillis(),
                entry.timeToFirstToken().map(Duration::toMillis).orElse(null),
                Timestamp.from(entry.startedAt()), Timestamp.from(entry.finishedAt()),
                Date.valueOf(LocalDate.ofInstant(entry.finishedAt(), ZoneOffset.UTC)), entry.batchId().orElse(null));
    }

    @Override
    public BigDecimal of(String keyId, BudgetPeriod period, Instant at) {
        return db.execute().get("SELECT COALESCE(SUM(cost_usd), 0) AS spent FROM usage_ledger "
                                        + "WHERE key_id = ? AND usage_date >= ? AND usage_date < ?",
                                keyId, Date.valueOf(period.start(at)), Date.valueOf(period.nextStart(at)))
                .map(row -> decimal(row.column("spent").get()))
                .orElse(BigDecimal.ZERO);
    }

    /** What {@code /v1/usage} asks: a date range, the dimensions, optional key and model filters. */
    public record UsageQuery(LocalDate from, LocalDate to, boolean byDay, boolean byModel, boolean byKey,
                             Optional<String> keyId, Optional<String> model) {
    }

    /** One aggregated row: {@code day}, {@code model} and {@code keyId} are empty when not grouped by. */
    public record UsageRow(Optional<LocalDate> day, Optional<String> model, Optional<String> keyId, long requests,
                           long promptTokens,
                           long completionTokens, BigDecimal costUsd, long batchRequests, BigDecimal batchCostUsd) {
    }

    /** Totals per group, ordered by day then model; groups without usage have no row. */
    public List<UsageRow> totals(UsageQuery query) {
        List<String> groups = new ArrayList<>();
        if (query.byDay()) {
            groups.add("usage_date");
        }
        if (query.byModel()) {
            groups.add("model");
        }
        if (query.byKey()) {
            groups.add("key_id");
        }
        String dimensions = groups.isEmpty() ? "" : String.join(", ", groups) + ", ";
        StringBuilder sql = new StringBuilder("SELECT " + dimensions + "COUNT(*) AS requests, "
                                                      + "SUM(prompt_tokens) AS prompt_tokens, "
                                                      + "SUM(completion_tokens) AS completion_tokens, "
                                                      + "SUM(cost_usd) AS cost_usd, "
                                                      + "SUM(CASE WHEN batch_id IS NULL THEN 0 ELSE 1 END) "
                                                      + "AS batch_requests, "
                                                      + "SUM(CASE WHEN batch_id IS NULL THEN 0 ELSE cost_usd END) "
                                                      + "AS batch_cost_usd FROM usage_ledger "
                                                      + "WHERE usage_date >= ? AND usage_date <= ?");
        List<Object> params = new ArrayList<>(List.of(Date.valueOf(query.from()), Date.valueOf(query.to())));
        query.keyId().ifPresent(key -> {
            sql.append(" AND key_id = ?");
            params.add(key);
        });
        query.model().ifPresent(model -> {
            sql.append(" AND model = ?");
            params.add(model);
        });
        if (!groups.isEmpty()) {
            sql.append(" GROUP BY ").append(String.join(", ", groups))
                    .append(" ORDER BY ").append(String.join(", ", groups));
        }
        return db.execute().query(sql.toString(), params.toArray())
                .map(row -> toRow(row, query))
                .filter(row -> row.requests() > 0)
                .toList();
    }

    private static UsageRow toRow(DbRow row, UsageQuery query) {
        return new UsageRow(
                query.byDay() ? Optional.of(date(row.column("usage_date").get())) : Optional.empty(),
                query.byModel() ? Optional.of(row.column("model").getString()) : Optional.empty(),
                query.byKey() ? Optional.of(row.column("key_id").getString()) : Optional.empty(),
                ((Number) row.column("requests").get()).longValue(),
                number(row.column("prompt_tokens").get()),
                number(row.column("completion_tokens").get()),
                decimal(row.column("cost_usd").get()),
                number(row.column("batch_requests").get()),
                decimal(row.column("batch_cost_usd").get()));
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    private static BigDecimal decimal(Object value) {
        return switch (value) {
            case null -> BigDecimal.ZERO;
            case BigDecimal decimal -> decimal;
            case Number number -> new BigDecimal(number.toString());
            default -> throw new IllegalStateException("not a number: " + value.getClass());
        };
    }

    private static LocalDate date(Object value) {
        return switch (value) {
            case Date date -> date.toLocalDate();
            case LocalDate local -> local;
            default -> throw new IllegalStateException("not a date: " + value.getClass());
        };
    }
}
