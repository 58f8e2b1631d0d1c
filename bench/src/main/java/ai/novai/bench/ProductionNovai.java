package ai.novai.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;

/**
 * NovAI on the production path, beside the run's own on the embedded defaults: the same inference and
 * gateway JVMs, registry and fake upstream, but the gateway on PostgreSQL (a database of its own,
 * {@link ProductionDatabase}) and Redis ({@value #REDIS_URL}), with an admin token and no development key.
 * Once it is up, a key is issued through the admin API with limits and a budget far above what the run
 * uses, yet present: every request through it pays authentication, Redis admission, the budget reservation,
 * its settlement and its usage ledger row. Redis needs no cleaning up: the gateway's keys there are
 * {@code novai:<key id>:...}, the key is new each run, and they expire.
 * <p>
 * {@link #close()} stops the processes, then drops the database.
 */
final class ProductionNovai implements AutoCloseable {

    static final String REDIS_URL = "redis://127.0.0.1:6379/0";

    private static final String KEY_REQUEST = "{\"name\":\"bench-production\",\"rpm_limit\":100000000,"
            + "\"tpm_limit\":100000000000,\"budget_usd\":1000000,\"budget_period\":\"month\"}";
    private static final Duration LEDGER_POLL = Duration.ofMillis(250);
    // what the gateway's FailoverLimiter logs when a Redis call fails and it admits in process instead
    private static final String LIMITER_FALLBACK = "rate limits fall back to this replica's";

    private final ProductionDatabase database;
    private final NovaiProcesses processes;
    private final IssuedKey key;

    private ProductionNovai(ProductionDatabase database, NovaiProcesses processes, IssuedKey key) {
        this.database = database;
        this.processes = processes;
        this.key = key;
    }

    /**
     * Checks Redis, creates the database, starts inference and the gateway in {@code workDir}, and issues
     * the key; whatever was set up is undone when a later step fails.
     *
     * @throws IOException           when Redis does not answer, the key cannot be issued, or a file cannot
     *                               be written
     * @throws SQLException          when PostgreSQL cannot be reached or refuses to create the database
     * @throws IllegalStateException when inference or the gateway does not start (see {@link NovaiProcesses})
     */
    static ProductionNovai start(BenchSettings settings, FakeUpstream upstream, Path workDir)
            throws IOException, SQLException {
        RedisPing.ping(URI.create(REDIS_URL));
        Files.createDirectories(workDir);
        ProductionDatabase database = ProductionDatabase.createFresh();
        NovaiProcesses processes = null;
        try {
            String adminToken = randomToken();
            processes = NovaiProcesses.start(settings.root(), workDir, upstream, settings.streamPace(),
                                             settings.slowReaders().pace(), settings.serviceJvmOptions(), false,
                                             Map.of(), GatewayBackends.production(database.url(),
                                                                                   ProductionDatabase.USER,
                                                                                   REDIS_URL, adminToken));
            IssuedKey key = IssuedKey.create(processes.api("admin/keys"), adminToken, KEY_REQUEST);
            return new ProductionNovai(database, processes, key);
        } catch (IOException | RuntimeException e) {
            if (processes != null) {
                processes.close();
            }
            try {
                database.close();
            } catch (SQLException notDropped) {
                e.addSuppressed(notDropped);
            }
            throw e;
        }
    }

    // 48 hex digits, new each run
    private static String randomToken() {
        byte[] token = new byte[24];
        new SecureRandom().nextBytes(token);
        return HexFormat.of().formatHex(token);
    }

    /** The gateway's chat completions with the issued key. */
    Target chat(String label) {
        return processes.gateway(label, key.secret());
    }

    /** Its inference and gateway processes. */
    NovaiProcesses processes() {
        return processes;
    }

    /** The issued key's id, as the ledger names it. */
    String keyId() {
        return key.id();
    }

    /**
     * The usage ledger's rows of the issued key, read until there are at least {@code expected} or
     * {@code patience} has passed: a row may be written a moment after its answer (rows are committed in
     * groups, or spooled while the database is slow, and replayed).
     */
    long ledgerRows(long expected, Duration patience) throws SQLException {
        long deadline = System.nanoTime() + patience.toNanos();
        long rows = database.ledgerRows(key.id());
        while (rows < expected && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(LEDGER_POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return rows;
            }
            rows = database.ledgerRows(key.id());
        }
        return rows;
    }

    /**
     * How often the gateway has fallen back from Redis to its in-process limiter so far, as its log says
     * (a warning of its {@code FailoverLimiter} each time): requests admitted meanwhile did not go through
     * Redis.
     *
     * @throws UncheckedIOException when the log, which the benchmark itself writes into, cannot be read
     */
    long limiterFallbacks() {
        try (Stream<String> lines = Files.lines(processes.gatewayService().log(), StandardCharsets.ISO_8859_1)) {
            return lines.filter(line -> line.contains(LIMITER_FALLBACK)).count();
        } catch (IOException e) {
            throw new UncheckedIOException("the production gateway's log cannot be read", e);
        }
    }

    /** The gateway's log file. */
    Path gatewayLog() {
        return processes.gatewayService().log();
    }

    /** Stops inference and the gateway, then drops the database. */
    @Override
    public void close() throws SQLException {
        processes.close();
        database.close();
    }
}
