package ai.novai.gateway.files;

import java.time.Duration;

import io.helidon.config.Config;

/**
 * The files configuration ({@code novai.files}).
 *
 * @param maxBytes            the largest uploaded file
 * @param defaultExpiresAfter how long an upload that names no {@code expires_after} is kept
 * @param sweepInterval       how often expired files (and contents abandoned by a crash) are deleted
 */
public record FileSettings(long maxBytes, Duration defaultExpiresAfter, Duration sweepInterval) {

    public FileSettings {
        if (maxBytes <= 0 || defaultExpiresAfter.isNegative() || defaultExpiresAfter.isZero()
                || sweepInterval.isNegative() || sweepInterval.isZero()) {
            throw new IllegalArgumentException("novai.files: max-bytes, default-expires-after and sweep-interval "
                                                       + "must be positive");
        }
    }

    /** The settings of the {@code novai.files} node. */
    public static FileSettings from(Config files) {
        return new FileSettings(files.get("max-bytes").asLong().orElse(200L * 1024 * 1024),
                                files.get("default-expires-after").as(Duration.class).orElse(Duration.ofDays(30)),
                                files.get("sweep-interval").as(Duration.class).orElse(Duration.ofMinutes(10)));
    }

    /** The largest upload body: the file and what the rest of its form may add ({@link MultipartLimits}). */
    public long maxUploadBodyBytes() {
        return maxBytes + MultipartLimits.UPLOAD_FORM.overheadBytes();
    }
}
