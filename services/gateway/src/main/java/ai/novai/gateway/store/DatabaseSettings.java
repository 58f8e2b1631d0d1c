package ai.novai.gateway.store;

import java.time.Duration;

import ai.novai.common.config.SettingsNode;
import io.helidon.config.Config;

/**
 * The database the gateway keeps its keys, ledger, files and batches in ({@code novai.database}).
 *
 * @param url            JDBC URL; by default an H2 file in PostgreSQL mode under {@code ./.novai/data} (the
 *                       embedded, one-replica setup); production: {@code jdbc:postgresql://host:5432/novai}
 * @param username       user; the embedded H2's {@code sa} by default
 * @param password       password; empty by default
 * @param poolSize       most connections the pool holds
 * @param connectTimeout longest wait for a connection of the pool
 * @param migrate        whether start-up applies pending migrations (false when a release runs
 *                       {@code --migrate-only} once instead)
 * @param migrateWait    how long {@code --migrate-only} waits for a database that is not reachable yet (a fresh
 *                       install starts both at once)
 */
public record DatabaseSettings(String url, String username, String password, int poolSize, Duration connectTimeout,
                               boolean migrate, Duration migrateWait) {

    /** The embedded H2 database. */
    public static final String DEFAULT_URL =
            "jdbc:h2:file:./.novai/data/novai;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
    /** The embedded H2 database's user. */
    public static final String DEFAULT_USERNAME = "sa";
    public static final int DEFAULT_POOL_SIZE = 10;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_MIGRATE_WAIT = Duration.ofMinutes(2);

    /** The settings under {@code novai.database}. */
    public static DatabaseSettings from(Config database) {
        SettingsNode node = SettingsNode.of(database);
        return new DatabaseSettings(node.string("url", DEFAULT_URL),
                                    node.string("username", DEFAULT_USERNAME),
                                    node.string("password", ""),
                                    node.integer("pool-size", DEFAULT_POOL_SIZE, 1, 1000),
                                    node.positiveDuration("connect-timeout", DEFAULT_CONNECT_TIMEOUT),
                                    node.bool("migrate", true),
                                    node.duration("migrate-wait", DEFAULT_MIGRATE_WAIT));
    }
}
