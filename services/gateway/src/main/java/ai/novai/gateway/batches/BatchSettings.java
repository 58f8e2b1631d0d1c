package ai.novai.gateway.batches;

import java.time.Duration;

import io.helidon.config.Config;

/**
 * The batch engine's settings ({@code novai.batches}); their defaults are those of the gateway's
 * {@code application.yaml}.
 *
 * @param workers            lines this replica runs at once; 0 = none
 * @param rateShare          share of a key's RPM and TPM its batch lines may use
 * @param maxLines           most lines of a batch input file
 * @param maxInlineInputs    most inputs of an inline batch
 * @param lease              how long a claimed line or batch step stays claimed without renewal
 * @param pollInterval       how often an idle worker looks for work
 * @param maxAttempts        tries of a line whose backend was unavailable
 * @param outputExpiresAfter how long output files are kept by default
 * @param window             how long the {@code 24h} completion window lasts (shortened in tests)
 * @param maxActivePerKey    most batches of one key that have not ended
 * @param maxYield           longest a worker waits for this replica's interactive calls to pause before it runs its
 *                           next line anyway (so batches progress under any load); zero = no yielding
 * @param interactiveQuiet   how long after its last interactive call a replica still counts as busy
 */
public record BatchSettings(int workers, double rateShare, int maxLines, int maxInlineInputs, Duration lease,
                            Duration pollInterval, int maxAttempts, Duration outputExpiresAfter, Duration window,
                            int maxActivePerKey, Duration maxYield, Duration interactiveQuiet) {

    public BatchSettings {
        if (workers < 0 || maxLines < 1 || maxInlineInputs < 1 || maxAttempts < 1 || maxActivePerKey < 1) {
            throw new IllegalStateException("novai.batches: workers must be >= 0, max-lines, max-inline-inputs, "
                                                    + "max-attempts and max-active-per-key >= 1");
        }
        if (!(rateShare > 0 && rateShare <= 1)) {
            throw new IllegalStateException("novai.batches.rate-share must be in (0, 1], not " + rateShare);
        }
        if (lease.compareTo(Duration.ofSeconds(1)) < 0 || pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalStateException("novai.batches: lease must be >= 1 s and poll-interval > 0");
        }
        if (maxYield.isNegative() || interactiveQuiet.isNegative() || interactiveQuiet.isZero()) {
            throw new IllegalStateException("novai.batches: yield-to-interactive must be >= 0 and interactive-quiet > 0");
        }
    }

    /** The settings under the {@code novai.batches} node. */
    public static BatchSettings from(Config batches) {
        return new BatchSettings(batches.get("workers").asInt().orElse(8),
                                 batches.get("rate-share").asDouble().orElse(0.5),
                                 batches.get("max-lines").asInt().orElse(50_000),
                                 batches.get("max-inline-inputs").asInt().orElse(1000),
                                 batches.get("lease").as(Duration.class).orElse(Duration.ofSeconds(30)),
                                 batches.get("poll-interval").as(Duration.class).orElse(Duration.ofMillis(500)),
                                 batches.get("max-attempts").asInt().orElse(5),
                                 batches.get("output-expires-after").as(Duration.class).orElse(Duration.ofDays(30)),
                                 batches.get("completion-window").as(Duration.class).orElse(Duration.ofHours(24)),
                                 batches.get("max-active-per-key").asInt().orElse(100),
                                 batches.get("yield-to-interactive").as(Duration.class).orElse(Duration.ofSeconds(1)),
                                 batches.get("interactive-quiet").as(Duration.class).orElse(Duration.ofMillis(50)));
    }
}
