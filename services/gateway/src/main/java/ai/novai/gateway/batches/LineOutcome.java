package ai.novai.gateway.batches;

import java.time.Duration;

import ai.novai.gateway.billing.LedgerEntry;
import ai.novai.gateway.billing.MeteredLine;
import ai.novai.gateway.errors.ApiException;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** What running one line came to. */
sealed interface LineOutcome {

    /** Answered: the body to keep, the ledger row to commit with it, the meter to settle after. */
    record Answered(String requestId, ObjectNode body, LedgerEntry entry, MeteredLine meter) implements LineOutcome {
    }

    /** Failed for good: the error the line's output shows. */
    record Failed(String requestId, ApiException error) implements LineOutcome {
    }

    /**
     * Not now: run it again after {@code after}. {@code countsAsAttempt} is false when it did not run at all (its
     * key's batch share of RPM/TPM was used up), true when its backend was unavailable.
     */
    record Later(Duration after, boolean countsAsAttempt, ApiException reason) implements LineOutcome {
    }
}
