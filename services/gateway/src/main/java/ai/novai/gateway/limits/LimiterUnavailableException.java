package ai.novai.gateway.limits;

/** Redis cannot be reached and the policy is to fail closed. */
public final class LimiterUnavailableException extends RuntimeException {

    LimiterUnavailableException() {
        super("the rate-limit store is unreachable");
    }
}
