package ai.novai.gateway.testing;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The databases the gateway runs on: H2 (embedded default) in a fresh folder, and the real PostgreSQL
 * of the machine (127.0.0.1:5432, database {@code test}; override with {@code NOVAI_TEST_POSTGRES_URL})
 * in a fresh schema that is dropped afterwards.
 */
public final class TestDatabases {

    private static final String POSTGRES_URL = Optional.ofNullable(System.getenv("NOVAI_TEST_POSTGRES_URL"))
            .orElse("jdbc:postgresql://127.0.0.1:5432/test");
    private static final String POSTGRES_USER = Optional.ofNullable(System.getenv("NOVAI_TEST_POSTGRES_USER"))
            .orElse("postgres");

    private TestDatabases() {
    }

    /**
     * A database configuration and how to throw it away.
     *
     * @param name    for test names
     * @param config  the {@code novai.database} node
     * @param cleanup drops what the database left behind
     */
    public record TestDatabase(String name, Config config, Runnable cleanup) implements AutoCloseable {
        @Override
        public void close() {
            cleanup.run();
        }

        @Override
        public String toString() {
            return name;
        }

        /** The database as gateway settings ({@code novai.database.*}), for {@link NovaiCluster}. */
        public java.util.Map<String, String> gatewaySettings() {
            return java.util.Map.of("novai.database.url", config.get("url").asString().get(),
                                    "novai.database.username", config.get("username").asString().get());
        }
    }

    /** Both databases, for a {@code @MethodSource} of a test that runs on each: a fresh one per call. */
    public static Stream<Arguments> both() {
        return Stream.of(Arguments.of(Named.<Supplier<TestDatabase>>of("H2", TestDatabases::h2)),
                         Arguments.of(Named.<Supplier<TestDatabase>>of("PostgreSQL", TestDatabases::postgres)));
    }

    /** A fresh H2 file database in PostgreSQL mode, as {@code ./novai dev} uses. */
    public static TestDatabase h2() {
        String url = "jdbc:h2:file:" + NovaiCluster.tempDir().resolve("novai").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        return new TestDatabase("H2", config(url, "sa"), () -> { });
    }

    /** A fresh schema in the machine's PostgreSQL. */
    public static TestDatabase postgres() {
        byte[] random = new byte[6];
        new SecureRandom().nextBytes(random);
        String schema = "novai_test_" + HexFormat.of().formatHex(random);
        execute("CREATE SCHEMA " + schema);
        String url = POSTGRES_URL + (POSTGRES_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return new TestDatabase("PostgreSQL", config(url, POSTGRES_USER), () -> execute("DROP SCHEMA " + schema + " CASCADE"));
    }

    private static Config config(String url, String user) {
        return Config.just(ConfigSources.create(Map.of("url", url, "username", user, "pool-size", "4")));
    }

    private static void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, "");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + POSTGRES_URL + " is needed by this test (.ci/run "
                                                    + "starts it): " + e.getMessage(), e);
        }
    }
}
