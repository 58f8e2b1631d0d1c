package ai.novai.gateway.store;

import java.sql.SQLException;
import java.time.Duration;

import ai.novai.gateway.observability.DatabaseSpans;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.helidon.config.Config;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbClientException;
import io.helidon.dbclient.jdbc.JdbcClientBuilder;
import org.flywaydb.core.Flyway;

/**
 * The gateway's database: PostgreSQL in production, an H2 file in the embedded default. One pool,
 * one set of Flyway migrations ({@code db/migration}) for both, applied at start-up.
 * <p>
 * Configuration ({@code novai.database}): {@code url}, {@code username}, {@code password},
 * {@code pool-size}, {@code migrate} (default true).
 */
public final class Database implements AutoCloseable {

    private static final System.Logger LOGGER = System.getLogger(Database.class.getName());
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(10);

    private final HikariDataSource dataSource;
    private final DbClient client;

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
        this.client = JdbcClientBuilder.create()
                .connectionPool(() -> {
                    try {
                        return dataSource.getConnection();
                    } catch (SQLException e) {
                        throw new DbClientException("no database connection available", e);
                    }
                })
                .addService(new DatabaseSpans(dataSource.getJdbcUrl()))
                .build();
    }

    /**
     * Opens the pool and applies pending migrations.
     *
     * @param config the {@code novai.database} node
     * @return the database
     */
    public static Database open(Config config) {
        DatabaseSettings settings = DatabaseSettings.from(config);
        HikariDataSource dataSource = pool(settings);
        try {
            if (settings.migrate()) {
                migrate(dataSource);
            }
            return new Database(dataSource);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    /**
     * Applies pending migrations and closes again, whatever {@code migrate} says: the gateway's
     * {@code --migrate-only} mode, run once per release (a Kubernetes Job or init container) so that the
     * serving replicas can start with {@code migrate: false}.
     *
     * @param config the {@code novai.database} node
     */
    public static void migrateOnly(Config config) {
        try (HikariDataSource dataSource = poolOnceReachable(DatabaseSettings.from(config))) {
            migrate(dataSource);
        }
    }

    // A fresh install starts the database and the migration step together: wait for it (backoff 1 s doubling to
    // 10 s, for at most novai.database.migrate-wait) instead of failing at once and crash-looping.
    private static HikariDataSource poolOnceReachable(DatabaseSettings settings) {
        long until = System.nanoTime() + settings.migrateWait().toNanos();
        Duration pause = Duration.ofSeconds(1);
        while (true) {
            try {
                return pool(settings);
            } catch (HikariPool.PoolInitializationException unreachable) {
                if (System.nanoTime() + pause.toNanos() > until) {
                    throw unreachable;
                }
                LOGGER.log(System.Logger.Level.WARNING, "the database is not reachable yet (" + unreachable.getMessage()
                        + "); trying again in " + pause.toSeconds() + " s");
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw unreachable;
                }
                pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
            }
        }
    }

    private static HikariDataSource pool(DatabaseSettings settings) {
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(settings.url());
        pool.setUsername(settings.username());
        pool.setPassword(settings.password());
        pool.setMaximumPoolSize(settings.poolSize());
        pool.setConnectionTimeout(settings.connectTimeout().toMillis());
        pool.setPoolName("novai-db");
        return new HikariDataSource(pool);
    }

    private static void migrate(HikariDataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    /** The Helidon DB client over the pool. */
    public DbClient client() {
        return client;
    }

    /** Whether a connection can be had and answers; for the readiness check. */
    public boolean isReachable() {
        try (var connection = dataSource.getConnection()) {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
