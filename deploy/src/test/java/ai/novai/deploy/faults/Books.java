package ai.novai.deploy.faults;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What a deployment of the {@link FaultRig} wrote down about a key: its ledger rows (PostgreSQL, through
 * {@code psql}) and its budget counters (Redis, through {@code redis-cli}), read as an operator would.
 */
final class Books {

    private Books() {
    }

    /** One ledger row. */
    record Row(String requestId, String status, boolean stream, long promptTokens, long completionTokens,
               BigDecimal costUsd) {
    }

    /** The key's budget hash in Redis: spent and reserved micro-USD, and the reservations still open. */
    record Budget(long spentMicros, long reservedMicros, List<String> openReservations) {
    }

    /** Every ledger row of the key. */
    static List<Row> ledger(String databaseUrl, String keyId) throws IOException, InterruptedException {
        return rows(databaseUrl, "key_id = '" + keyId.replace("'", "") + "'");
    }

    /** Every ledger row of the batch's lines. */
    static List<Row> batchLedger(String databaseUrl, String batchId) throws IOException, InterruptedException {
        return rows(databaseUrl, "batch_id = '" + batchId.replace("'", "") + "'");
    }

    private static List<Row> rows(String databaseUrl, String condition) throws IOException, InterruptedException {
        List<Row> rows = new ArrayList<>();
        for (String[] fields : query(databaseUrl, "SELECT request_id, status, stream, prompt_tokens, completion_tokens,"
                + " cost_usd FROM usage_ledger WHERE " + condition)) {
            rows.add(new Row(fields[0], fields[1], fields[2].equals("t"), Long.parseLong(fields[3]),
                             Long.parseLong(fields[4]), new BigDecimal(fields[5])));
        }
        return rows;
    }

    /** The rows of a query run as the operator would (psql), each as its fields. */
    static List<String[]> query(String databaseUrl, String sql) throws IOException, InterruptedException {
        String database = databaseUrl.substring(databaseUrl.lastIndexOf('/') + 1);
        String output = run("psql", "-h", "127.0.0.1", "-U", "postgres", "-d", database, "-At", "-F", "\t",
                            "-v", "ON_ERROR_STOP=1", "-c", sql);
        return output.lines().filter(line -> !line.isBlank()).map(line -> line.split("\t", -1)).toList();
    }

    /** Rows by request id (a request id with two rows would be billed twice). */
    static Map<String, List<Row>> byRequest(List<Row> rows) {
        Map<String, List<Row>> result = new HashMap<>();
        rows.forEach(row -> result.computeIfAbsent(row.requestId(), id -> new ArrayList<>()).add(row));
        return result;
    }

    /** The key's budget counters of the current period in Redis. */
    static Budget budget(String keyId) throws IOException, InterruptedException {
        String pattern = "novai:{" + keyId + "}:budget:*";
        List<String> hashes = run("redis-cli", "-h", "127.0.0.1", "-p", "6379", "--scan", "--pattern", pattern)
                .lines().filter(key -> !key.isBlank() && !key.endsWith(":expiry")).toList();
        if (hashes.size() != 1) {
            throw new AssertionError("expected one budget hash for " + keyId + ", found " + hashes);
        }
        List<String> fields = run("redis-cli", "-h", "127.0.0.1", "-p", "6379", "HGETALL", hashes.getFirst())
                .lines().toList();
        Map<String, String> hash = new HashMap<>();
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            hash.put(fields.get(i), fields.get(i + 1));
        }
        List<String> open = hash.keySet().stream().filter(field -> field.startsWith("r:")).sorted().toList();
        return new Budget(Long.parseLong(hash.getOrDefault("spent", "0")),
                          Long.parseLong(hash.getOrDefault("reserved", "0")), open);
    }

    /** The sum of the rows' cost in micro-USD (the ledger keeps 12 decimals; budgets count whole micro-USD). */
    static BigDecimal costMicros(List<Row> rows) {
        return rows.stream().map(Row::costUsd).reduce(BigDecimal.ZERO, BigDecimal::add).movePointRight(6);
    }

    /**
     * What Redis' spend counts for these rows: each row settles its reservation with its cost in whole micro-USD,
     * rounded up (batch prices can give fractions of a micro-USD).
     */
    static long settledMicros(List<Row> rows) {
        return rows.stream().mapToLong(Books::settledMicros).sum();
    }

    /** The most one of the rows settled in Redis, micro-USD. */
    static long maxSettledMicros(List<Row> rows) {
        return rows.stream().mapToLong(Books::settledMicros).max().orElse(0);
    }

    // what the limiter settles for one row: its cost rounded up to whole micro-USD
    private static long settledMicros(Row row) {
        return row.costUsd().movePointRight(6).setScale(0, RoundingMode.CEILING).longValueExact();
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed:\n" + output);
        }
        return output;
    }
}
