package ai.novai.gateway.billing;

import java.sql.SQLException;
import java.util.Optional;

/**
 * What a failed ledger write means, by SQLSTATE (the same on PostgreSQL and H2): the database refused the
 * rows themselves (writing them again would fail again), or it could not be reached or could not commit
 * (writing them later may work).
 */
final class LedgerFailures {

    private LedgerFailures() {
    }

    /** SQLSTATE 23505 (unique violation): the row is there already. */
    static boolean isDuplicateKey(Throwable failure) {
        return sqlState(failure).filter("23505"::equals).isPresent();
    }

    /**
     * Whether the database refused the rows: a data exception (class 22, e.g. a value too long), an integrity
     * constraint (23) or a statement it does not accept (42). Anything else that carries an SQL state, or none
     * (connection failures, timeouts, a shutdown, a serialization failure) means "not now".
     */
    static boolean isRefused(Throwable failure) {
        return sqlState(failure).filter(state -> state.startsWith("22") || state.startsWith("23")
                || state.startsWith("42")).isPresent();
    }

    /** Whether the failure came from the database at all (an SQLException somewhere in its causes). */
    static boolean isDatabaseFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException) {
                return true;
            }
        }
        return false;
    }

    /** Whether writing the rows again later may succeed: the database failed, not because of the rows. */
    static boolean isUnavailable(Throwable failure) {
        return isDatabaseFailure(failure) && !isRefused(failure);
    }

    private static Optional<String> sqlState(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return Optional.of(sql.getSQLState());
            }
        }
        return Optional.empty();
    }
}
