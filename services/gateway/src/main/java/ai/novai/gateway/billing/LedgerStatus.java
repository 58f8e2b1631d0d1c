package ai.novai.gateway.billing;

import java.util.Optional;

import ai.novai.gateway.http.ApiNames;

/** How a billed request ended, as its ledger row ({@code usage_ledger.status}) and the spool record say. */
public enum LedgerStatus {
    /** Answered in full. */
    COMPLETED("completed"),
    /** The client went away before the answer was complete: billed for what was produced. */
    CANCELLED("cancelled"),
    /** Failed after output had been produced: billed for that output. */
    INTERRUPTED("interrupted");

    private final String dbName;

    LedgerStatus(String dbName) {
        this.dbName = dbName;
    }

    /** The status as the database and the spool store it. */
    public String dbName() {
        return dbName;
    }

    /** The status stored as {@code dbName}, if one is. */
    public static Optional<LedgerStatus> ofDbName(String dbName) {
        return ApiNames.find(values(), LedgerStatus::dbName, dbName);
    }
}
