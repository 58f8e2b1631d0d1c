package ai.novai.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The production NovAI's own database, {@value #NAME}, on the machine's PostgreSQL server (127.0.0.1:5432,
 * user {@value #USER}, trust authentication): created empty for the run (dropped first when an earlier run
 * left it behind), migrated by the gateway at start-up, read for its usage ledger, dropped on
 * {@link #close()}. Other databases of the server are never touched.
 */
final class ProductionDatabase implements AutoCloseable {

    static final String USER = "postgres";
    static final String NAME = "novai_bench";

    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    // the harness's own connections give up within seconds rather than hang the run
    private static final String TIMEOUTS = "?connectTimeout=5&socketTimeout=60";

    private ProductionDatabase() {
    }

    /**
     * Drops {@value #NAME} if it exists and creates it empty.
     *
     * @throws SQLException when the server cannot be reached or refuses
     */
    static ProductionDatabase createFresh() throws SQLException {
        try (Connection server = connect("postgres"); Statement statement = server.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + NAME + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + NAME);
        } catch (SQLException e) {
            throw new SQLException("PostgreSQL at " + SERVER + " (user " + USER + "): " + e.getMessage(),
                                   e.getSQLState(), e);
        }
        return new ProductionDatabase();
    }

    /** The gateway's {@code novai.database.url}. */
    String url() {
        return SERVER + NAME;
    }

    /** Rows of the usage ledger ({@code usage_ledger}) billed to the key {@code keyId}. */
    long ledgerRows(String keyId) throws SQLException {
        try (Connection database = connect(NAME);
             PreparedStatement count = database.prepareStatement(
                     "SELECT count(*) FROM usage_ledger WHERE key_id = ?")) {
            count.setString(1, keyId);
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** Drops the database; call it after the gateway has stopped ({@code WITH (FORCE)} ends stray sessions). */
    @Override
    public void close() throws SQLException {
        try (Connection server = connect("postgres"); Statement statement = server.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + NAME + " WITH (FORCE)");
        }
    }

    private static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(SERVER + database + TIMEOUTS, USER, "");
    }
}
