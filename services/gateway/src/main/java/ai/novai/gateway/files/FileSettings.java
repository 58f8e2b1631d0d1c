package ai.novai.gateway.files;

import java.time.Duration;

import ai.novai.common.config.SettingsNode;
import io.helidon.config.Config;

/**
 * The files configuration ({@code novai.files}).
 *
 * @param maxBytes            the largest uploaded file (OpenAI's Batch API: 200 MB); larger uploads get 413
 *                            {@code file_too_large}
 * @param defaultExpiresAfter how long an upload that names no {@code expires_after} is kept (OpenAI: 30 days)
 * @param sweepInterval       how often expired files (and contents abandoned by a crash) are deleted
 */
public record FileSettings(long maxBytes, Duration defaultExpiresAfter, Duration sweepInterval) {

    public static final long DEFAULT_MAX_BYTES = 200L * 1024 * 1024;
    public static final Duration DEFAULT_EXPIRES_AFTER = Duration.ofDays(30);
    public static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofMinutes(10);

    public FileSettings {
        if (maxBytes <= 0 || defaultExpiresAfter.isNegative() || defaultExpiresAfter.isZero()
                || sweepInterval.isNegative() || sweepInterval.isZero()) {
            throw new IllegalArgumentException("novai.files: max-bytes, default-expires-after and sweep-interval "
                                                       + "must be positive");
        }
    }

    /** The settings of the {@code novai.files} node. */
    public static FileSettings from(Config files) {
        SettingsNode node = SettingsNode.of(files);
        return new FileSettings(node.longInteger("max-bytes", DEFAULT_MAX_BYTES, 1, Long.MAX_VALUE),
                                node.positiveDuration("default-expires-after", DEFAULT_EXPIRES_AFTER),
                                node.positiveDuration("sweep-interval", DEFAULT_SWEEP_INTERVAL));
    }

    /** The largest upload body: the file and what the rest of its form may add ({@link MultipartLimits}). */
    public long maxUploadBodyBytes() {
        return maxBytes + MultipartLimits.UPLOAD_FORM.overheadBytes();
    }
}
