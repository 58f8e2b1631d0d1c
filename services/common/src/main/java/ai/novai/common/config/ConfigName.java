package ai.novai.common.config;

/**
 * An enum constant as configuration spells it ({@code local-onnx}, {@code closed}), for the closed sets
 * {@link SettingsNode#oneOf} reads.
 */
public interface ConfigName {

    /** The name configuration gives this constant. */
    String configName();
}
