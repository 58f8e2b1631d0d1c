package ai.novai.common.config;

/**
 * A configuration value a service cannot start with. The message names the full key and what the key
 * allows, so that whoever deploys can fix it from the start-up log alone.
 */
public final class InvalidSettingException extends IllegalStateException {

    /**
     * @param key     the full key, e.g. {@code novai.batches.workers}
     * @param problem what is allowed and what was found, e.g. {@code must be an integer from 0 to 1000, was 'x'}
     */
    public InvalidSettingException(String key, String problem) {
        super(key + ": " + problem);
    }
}
