package ai.novai.tools.config;

import java.util.Map;
import java.util.Optional;

/**
 * A value of an MCP server's {@code env} or {@code headers}: written in the registry, or copied from the
 * service's environment ({@code { from-env: NAME }}) so that secrets stay out of the registry file.
 */
public sealed interface ConfiguredValue {

    /**
     * The value, or empty when it names an environment variable that is unset or empty.
     *
     * @param environment the service's environment
     */
    Optional<String> resolve(Map<String, String> environment);

    /**
     * A value written in the registry.
     *
     * @param value the value
     */
    record Plain(String value) implements ConfiguredValue {
        @Override
        public Optional<String> resolve(Map<String, String> environment) {
            return Optional.of(value);
        }
    }

    /**
     * A value copied from an environment variable of the service.
     *
     * @param variable the variable's name
     */
    record FromEnv(String variable) implements ConfiguredValue {
        @Override
        public Optional<String> resolve(Map<String, String> environment) {
            return Optional.ofNullable(environment.get(variable)).filter(value -> !value.isEmpty());
        }
    }
}
