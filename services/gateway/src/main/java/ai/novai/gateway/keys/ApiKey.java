package ai.novai.gateway.keys;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An API key as stored: never the key itself, only what identifies and governs it.
 *
 * @param id            stable id, {@code key_...}
 * @param name          what the key is for
 * @param owner         who it belongs to, if recorded
 * @param keyPrefix     display prefix of the key, e.g. {@code sk-novai-Ab3x}
 * @param tier          tier label; the source of default limits
 * @param limits        the key's own limits (each absent one comes from the tier)
 * @param allowedModels the models the key may use; empty = every model
 * @param allowedTools  the server-side tools the key may run ({@link ToolGrants}); empty = every tool
 * @param createdAt     creation time
 * @param expiresAt     when the key stops working, if ever
 * @param revokedAt     when the key was revoked, if it was
 */
public record ApiKey(String id,
                     String name,
                     Optional<String> owner,
                     String keyPrefix,
                     String tier,
                     KeyLimits limits,
                     Optional<List<String>> allowedModels,
                     Optional<List<String>> allowedTools,
                     Instant createdAt,
                     Optional<Instant> expiresAt,
                     Optional<Instant> revokedAt) {

    /** The tier of keys created without one. */
    public static final String DEFAULT_TIER = "standard";

    /** Whether the key may be used at this instant. */
    public boolean isUsableAt(Instant now) {
        return revokedAt.isEmpty() && expiresAt.map(now::isBefore).orElse(true);
    }

    /** Whether the key may call a model known by any of these names (its id and aliases). */
    public boolean mayUse(List<String> modelNames) {
        return allowedModels.map(allowed -> modelNames.stream().anyMatch(allowed::contains)).orElse(true);
    }

    /** Whether the key may run the server-side tool {@code <serverLabel>__<tool>}. */
    public boolean mayRunTool(String serverLabel, String tool) {
        return allowedTools.map(grants -> ToolGrants.allows(grants, serverLabel, tool)).orElse(true);
    }
}
