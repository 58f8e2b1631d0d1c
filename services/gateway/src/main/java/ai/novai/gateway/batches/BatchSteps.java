package ai.novai.gateway.batches;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import ai.novai.gateway.keys.ApiKey;
import ai.novai.gateway.keys.ApiKeyStore;

/**
 * The steps of whole batches, one at a time under the batch's lease: validating a file batch, ending the lines of one
 * whose window ended, finalizing one whose lines are all done (or that was cancelled).
 */
final class BatchSteps {

    private static final System.Logger LOGGER = System.getLogger(BatchSteps.class.getName());

    private final BatchStore store;
    private final BatchValidation validation;
    private final BatchFinalization finalization;
    private final ApiKeyStore keys;
    private final Clock clock;

    BatchSteps(BatchStore store, BatchValidation validation, BatchFinalization finalization, ApiKeyStore keys,
               Clock clock) {
        this.store = store;
        this.validation = validation;
        this.finalization = finalization;
        this.keys = keys;
        this.clock = clock;
    }

    /**
     * Does one step of one batch, if any needs one.
     *
     * @param owner      the replica taking the batch's lease
     * @param leaseUntil until when it takes it (renewed meanwhile)
     * @return whether a step was done (another may be waiting)
     */
    boolean next(String owner, Instant leaseUntil) {
        Instant now = clock.instant();
        Optional<Batch> claimed = store.claimStep(owner, now, leaseUntil);
        if (claimed.isEmpty()) {
            return false;
        }
        Batch batch = claimed.get();
        try {
            switch (batch.status()) {
                case VALIDATING -> {
                    Optional<ApiKey> key = keys.find(batch.keyId());
                    if (key.isEmpty()) {
                        store.failValidation(batch.id(), owner, "[]", now);
                    } else {
                        validation.validate(batch, key.get(), owner);
                    }
                }
                case IN_PROGRESS -> {
                    if (batch.times().expiredAt().isEmpty() && batch.times().expiresAt().isBefore(now)) {
                        store.expire(batch.id(), owner, now);
                    } else if (store.counts(batch.id()).open() == 0) {
                        finalization.finalize(batch, owner);
                    } else {
                        // its last lines were claimed meanwhile: nothing to do until they end
                        store.releaseStep(batch.id(), owner);
                        return false;
                    }
                }
                case FINALIZING, CANCELLING -> finalization.finalize(batch, owner);
                default -> {
                    store.releaseStep(batch.id(), owner);
                    return false;
                }
            }
        } catch (IOException e) {
            // reading the input or writing the output failed: the lease runs out and the step is done again
            LOGGER.log(System.Logger.Level.WARNING, "batch " + batch.id() + ": step " + batch.status().apiName()
                    + " failed; it is tried again when its lease ends", e);
        }
        return true;
    }
}
