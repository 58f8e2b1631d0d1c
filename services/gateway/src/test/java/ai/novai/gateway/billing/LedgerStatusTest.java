package ai.novai.gateway.billing;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

class LedgerStatusTest {

    @Test
    void theDatabaseKeepsItsTextValues() {
        assertThat(LedgerStatus.COMPLETED.dbName(), is("completed"));
        assertThat(LedgerStatus.CANCELLED.dbName(), is("cancelled"));
        assertThat(LedgerStatus.INTERRUPTED.dbName(), is("interrupted"));
        for (LedgerStatus status : LedgerStatus.values()) {
            assertThat(LedgerStatus.ofDbName(status.dbName()), is(Optional.of(status)));
            // usage_ledger.status is VARCHAR(16)
            assertThat(status.dbName().length() <= 16, is(true));
        }
        assertThat(LedgerStatus.ofDbName("COMPLETED"), is(Optional.empty()));
    }
}
