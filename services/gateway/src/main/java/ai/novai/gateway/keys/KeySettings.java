package ai.novai.gateway.keys;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What an operator sets on a key: everything but its identity, secret and revocation.
 *
 * @param name          what the key is for
 * @param owner         who it belongs to
 * @param tier          tier label
 * @param limits        the key's own limits
 * @param allowedModels models the key may use; empty = every model
 * @param allowedTools  server-side tools the key may run ({@link ToolGrants}); empty = every tool
 * @param expiresAt     when the key stops working
 */
public record KeySettings(String name,
                          Optional<String> owner,
                          String tier,
                          KeyLimits limits,
                          Optional<List<String>> allowedModels,
                          Optional<List<String>> allowedTools,
                          Optional<Instant> expiresAt) {

    /** A key with a name and nothing else set. */
    public static KeySettings named(String name) {
        return new KeySettings(name, Optional.empty(), ApiKey.DEFAULT_TIER, KeyLimits.NONE, Optional.empty(),
                               Optional.empty(), Optional.empty());
    }

    /** The settings of an existing key. */
    public static KeySettings of(ApiKey key) {
        return new KeySettings(key.name(), key.owner(), key.tier(), key.limits(), key.allowedModels(),
                               key.allowedTools(), key.expiresAt());
    }
}
