package ai.novai.gateway.batches;

import java.time.Duration;

import ai.novai.common.config.SettingsNode;
import io.helidon.config.Config;

/**
 * The batch engine's settings ({@code novai.batches}).
 *
 * @param workers            lines this replica runs at once; 0 = this replica runs no batch work (it still serves
 *                           the API)
 * @param rateShare          share of a key's RPM and TPM its batch lines may use: its interactive requests always
 *                           keep the rest
 * @param maxLines           most lines of a batch input file
 * @param maxInlineInputs    most inputs of an inline batch
 * @param lease              how long a claimed line or batch step stays claimed without renewal: the bound on how
 *                           long a killed replica's work waits for another worker
 * @param pollInterval       how often an idle worker looks for work
 * @param maxAttempts        tries of a line whose backend was unavailable
 * @param outputExpiresAfter how long output files are kept by default
 * @param window             how long the {@code 24h} completion window lasts (shortened in tests)
 * @param maxActivePerKey    most batches of one key that have not ended; more get 429
 *                           {@code too_many_active_batches}
 * @param maxYield           longest a worker waits for this replica's interactive calls to pause before it runs its
 *                           next line anyway (so batches progress under any load); zero = no yielding
 * @param interactiveQuiet   how long after its last interactive call a replica still counts as busy
 */
public record BatchSettings(int workers, double rateShare, int maxLines, int maxInlineInputs, Duration lease,
                            Duration pollInterval, int maxAttempts, Duration outputExpiresAfter, Duration window,
                            int maxActivePerKey, Duration maxYield, Duration interactiveQuiet) {

    public static final int DEFAULT_WORKERS = 8;
    public static final double DEFAULT_RATE_SHARE = 0.5;
    public static final int DEFAULT_MAX_LINES = 50_000;
    public static final int DEFAULT_MAX_INLINE_INPUTS = 1000;
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(500);
    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    public static final Duration DEFAULT_OUTPUT_EXPIRES_AFTER = Duration.ofDays(30);
    public static final Duration DEFAULT_COMPLETION_WINDOW = Duration.ofHours(24);
    public static final int DEFAULT_MAX_ACTIVE_PER_KEY = 100;
    public static final Duration DEFAULT_YIELD_TO_INTERACTIVE = Duration.ofSeconds(1);
    public static final Duration DEFAULT_INTERACTIVE_QUIET = Duration.ofMillis(50);

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
        SettingsNode node = SettingsNode.of(batches);
        return new BatchSettings(node.integer("workers", DEFAULT_WORKERS, 0, 1024),
                                 node.fraction("rate-share", DEFAULT_RATE_SHARE),
                                 node.integer("max-lines", DEFAULT_MAX_LINES, 1, Integer.MAX_VALUE),
                                 node.integer("max-inline-inputs", DEFAULT_MAX_INLINE_INPUTS, 1, Integer.MAX_VALUE),
                                 node.duration("lease", DEFAULT_LEASE, Duration.ofSeconds(1)),
                                 node.positiveDuration("poll-interval", DEFAULT_POLL_INTERVAL),
                                 node.integer("max-attempts", DEFAULT_MAX_ATTEMPTS, 1, Integer.MAX_VALUE),
                                 node.positiveDuration("output-expires-after", DEFAULT_OUTPUT_EXPIRES_AFTER),
                                 node.positiveDuration("completion-window", DEFAULT_COMPLETION_WINDOW),
                                 node.integer("max-active-per-key", DEFAULT_MAX_ACTIVE_PER_KEY, 1, Integer.MAX_VALUE),
                                 node.duration("yield-to-interactive", DEFAULT_YIELD_TO_INTERACTIVE),
                                 node.positiveDuration("interactive-quiet", DEFAULT_INTERACTIVE_QUIET));
    }
}
