package ai.novai.gateway.keys;

import java.time.Instant;
import java.util.Optional;

/**
 * An API key as stored: never the key itself, only what identifies and governs it.
 *
 * @param id        stable id, {@code key_...}
 * @param name      what the key is for
 * @param owner     who it belongs to, if recorded
 * @param keyPrefix display prefix of the key, e.g. {@code sk-novai-Ab3x}
 * @param createdAt creation time
 * @param expiresAt when the key stops working, if ever
 * @param revokedAt when the key was revoked, if it was
 */
public record ApiKey(String id,
                     String name,
                     Optional<String> owner,
                     String keyPrefix,
                     Instant createdAt,
                     Optional<Instant> expiresAt,
                     Optional<Instant> revokedAt) {

    /** Whether the key may be used at this instant. */
    public boolean isUsableAt(Instant now) {
        return revokedAt.isEmpty() && expiresAt.map(now::isBefore).orElse(true);
    }
}
