package ai.novai.gateway.limits;

/**
 * Limits cannot be checked: Redis cannot be reached and the policy is to fail closed, or a budget's spend
 * cannot be read from the ledger.
 */
public final class LimiterUnavailableException extends RuntimeException {

    LimiterUnavailableException() {
        super("the rate-limit store is unreachable");
    }

    LimiterUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
