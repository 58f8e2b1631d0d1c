package ai.novai.gateway;

import java.util.Optional;

import ai.novai.gateway.keys.ApiKeySecrets;
import ai.novai.gateway.keys.ApiKeyStore;

/**
 * The development key: when {@code novai.dev.key} (env {@code NOVAI_DEV_KEY}) is set, that exact key is
 * made to exist, so that {@code ./novai dev} can print a key that works and scripts can fix it.
 */
final class DevKey {

    private static final System.Logger LOGGER = System.getLogger(DevKey.class.getName());
    private static final int MIN_LENGTH = 20;

    private DevKey() {
    }

    static void seed(Optional<String> devKey, ApiKeyStore keys) {
        devKey.filter(key -> !key.isBlank()).ifPresent(key -> {
            if (key.length() < MIN_LENGTH) {
                throw new IllegalStateException("the dev key must be at least " + MIN_LENGTH + " characters long");
            }
            keys.ensure(key, "dev");
            LOGGER.log(System.Logger.Level.INFO, "dev key " + ApiKeySecrets.displayPrefix(key) + "... is active");
        });
    }
}
