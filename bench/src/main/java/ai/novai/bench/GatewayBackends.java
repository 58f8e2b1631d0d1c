package ai.novai.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the gateway keeps its API keys, rate limits, budgets and usage ledger in, as the gateway's
 * {@code -D} properties and environment: the <b>embedded defaults</b> (an H2 file database, the in-process
 * limiter, a development key made to exist at start-up) or the <b>production path</b> (PostgreSQL, Redis,
 * keys issued through the admin API).
 *
 * @param properties  the gateway's {@code -D} properties for them
 * @param environment the gateway's environment for them
 */
record GatewayBackends(List<String> properties, Map<String, String> environment) {

    /** A fresh H2 file database under {@code workDir}, no Redis, and {@code devKey} as an API key. */
    static GatewayBackends embedded(Path workDir, String devKey) {
        return new GatewayBackends(
                List.of("-Dnovai.database.url=jdbc:h2:file:" + workDir.resolve("db/novai")
                                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"),
                Map.of("NOVAI_DEV_KEY", devKey));
    }

    /**
     * PostgreSQL at {@code databaseUrl} as {@code databaseUser} without a password (trust authentication;
     * migrated by the gateway at start-up), Redis at {@code redisUrl},
     * and the admin API open to {@code adminToken}; no development key. The token goes in the environment,
     * so that it is neither in the process list nor in the log's command line.
     */
    static GatewayBackends production(String databaseUrl, String databaseUser, String redisUrl,
                                      String adminToken) {
        return new GatewayBackends(
                List.of("-Dnovai.database.url=" + databaseUrl,
                        "-Dnovai.database.username=" + databaseUser,
                        "-Dnovai.redis.url=" + redisUrl),
                Map.of("NOVAI_ADMIN_TOKEN", adminToken));
    }
}
