package ai.novai.gateway.billing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import ai.novai.common.config.SettingsNode;
import io.helidon.config.Config;

/**
 * The ledger spool ({@code novai.ledger.spool}): where ledger rows the database cannot take (down, unreachable,
 * failing to commit) wait, synced before their requests are answered, until they are written to the database in
 * order, once each. Gateways sharing the directory each take their own file; one restarted on it replays what its
 * predecessor left.
 *
 * @param directory      where the spool files are; set empty for no spool (such requests then fail after their
 *                       upstream call and their rows are lost)
 * @param maxBytes       at this size new metered requests get 503 {@code ledger_unavailable} before any upstream call
 * @param retryInterval  how often the database is tried again while rows wait in the spool
 * @param shutdownReplay on shutdown (after the drain), how long the spool is replayed before its rows are left for
 *                       the next start
 */
public record SpoolSettings(Optional<Path> directory, long maxBytes, Duration retryInterval, Duration shutdownReplay) {

    public static final String DEFAULT_DIRECTORY = "./.novai/spool";
    public static final long DEFAULT_MAX_BYTES = 256L * 1024 * 1024;
    public static final Duration DEFAULT_RETRY_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_SHUTDOWN_REPLAY = Duration.ofSeconds(5);

    /** The settings under {@code novai.ledger.spool}. */
    public static SpoolSettings from(Config spool) {
        SettingsNode node = SettingsNode.of(spool);
        return new SpoolSettings(node.stringOrNone("directory", DEFAULT_DIRECTORY).map(Path::of),
                                 node.longInteger("max-bytes", DEFAULT_MAX_BYTES, 1, Long.MAX_VALUE),
                                 node.positiveDuration("retry-interval", DEFAULT_RETRY_INTERVAL),
                                 node.duration("shutdown-replay", DEFAULT_SHUTDOWN_REPLAY));
    }
}
