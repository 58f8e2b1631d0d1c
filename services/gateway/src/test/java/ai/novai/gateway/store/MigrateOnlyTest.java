package ai.novai.gateway.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ai.novai.gateway.testing.TestDatabases;
import ai.novai.gateway.testing.TestDatabases.TestDatabase;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/**
 * The gateway's {@code --migrate-only} mode (a migration Job or init container in Kubernetes): it applies
 * the migrations although the serving configuration says {@code migrate: false}, and a gateway opened with
 * {@code migrate: false} leaves the schema alone.
 */
class MigrateOnlyTest {

    @Test
    void migrateOnlyAppliesTheMigrationsThatServingReplicasSkip() throws SQLException {
        try (TestDatabase db = TestDatabases.h2()) {
            Config servingConfig = Config.just(ConfigSources.create(Map.of(
                    "url", db.config().get("url").asString().get(), "username", "sa", "migrate", "false")));
            Database.open(servingConfig).close();
            assertThat(tables(db), not(hasItem("api_keys")));

            Database.migrateOnly(servingConfig);
            assertThat(tables(db), hasItem("api_keys"));
            assertThat(tables(db), hasItem("flyway_schema_history"));
        }
    }

    private static List<String> tables(TestDatabase db) throws SQLException {
        try (Connection connection = DriverManager.getConnection(db.config().get("url").asString().get(), "sa", "");
             ResultSet rows = connection.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
            List<String> names = new ArrayList<>();
            while (rows.next()) {
                names.add(rows.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
            }
            return names;
        }
    }
}
