package ai.novai.gateway.billing;

import java.util.function.LongSupplier;

/**
 * A request's estimated prompt tokens, counted only when needed (a TPM limit or a budget to reserve
 * against, or a bill without the provider's usage) and then only once: keys without such limits never
 * pay for tokenising their prompts.
 */
public final class PromptTokens {

    private final LongSupplier counter;
    private long tokens = -1;

    /** Tokens this counter will count when first asked. */
    public PromptTokens(LongSupplier counter) {
        this.counter = counter;
    }

    /** The estimate, counted on first use. */
    public synchronized long get() {
        if (tokens < 0) {
            tokens = counter.getAsLong();
        }
        return tokens;
    }
}
