package ai.novai.inference.providers.bedrock;

import java.util.Map;
import java.util.Optional;

import ai.novai.common.models.ProviderEntry;
import ai.novai.upstream.UpstreamFailure;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * Which environment variables hold a Bedrock provider's AWS credentials, from its settings:
 * {@code access-key-id-env} (default {@code AWS_ACCESS_KEY_ID}), {@code secret-access-key-env} (default the entry's
 * {@code api-key-env} when it has one, else {@code AWS_SECRET_ACCESS_KEY}) and {@code session-token-env} (default
 * {@code AWS_SESSION_TOKEN}; temporary credentials only). The secret doubles as the entry's {@code api-key-env} so
 * that the registry offers the provider's models only while the secret is set, as it does for every keyed provider.
 * The values are read at call time, so rotated credentials take effect without a restart.
 *
 * @param accessKeyId     the variable of the access key id
 * @param secretAccessKey the variable of the secret access key
 * @param sessionToken    the variable of the session token
 */
record AwsCredentialVariables(String accessKeyId, String secretAccessKey, String sessionToken) {

    static final String DEFAULT_ACCESS_KEY_ID = "AWS_ACCESS_KEY_ID";
    static final String DEFAULT_SECRET_ACCESS_KEY = "AWS_SECRET_ACCESS_KEY";
    static final String DEFAULT_SESSION_TOKEN = "AWS_SESSION_TOKEN";

    /** The variables a provider entry names; throws {@link IllegalStateException} when they contradict. */
    static AwsCredentialVariables of(ProviderEntry provider) {
        Optional<String> secret = setting(provider, "secret-access-key-env");
        if (secret.isPresent() && provider.apiKeyEnv().isPresent() && !secret.equals(provider.apiKeyEnv())) {
            throw provider.misconfigured("secret-access-key-env (" + secret.get() + ") and api-key-env ("
                                                 + provider.apiKeyEnv().get() + ") name different variables; "
                                                 + "name the secret's variable once");
        }
        return new AwsCredentialVariables(
                setting(provider, "access-key-id-env").orElse(DEFAULT_ACCESS_KEY_ID),
                secret.or(provider::apiKeyEnv).orElse(DEFAULT_SECRET_ACCESS_KEY),
                setting(provider, "session-token-env").orElse(DEFAULT_SESSION_TOKEN));
    }

    /**
     * The credentials in an environment: session credentials when the token variable is set.
     *
     * @throws UpstreamFailure of kind AUTHENTICATION naming the missing variable: NovAI's own configuration is
     *                         incomplete, which no other attempt at this provider fixes
     */
    AwsCredentialsIdentity resolve(Map<String, String> environment, String providerName) {
        String id = required(environment, accessKeyId, providerName);
        String secret = required(environment, secretAccessKey, providerName);
        return value(environment, sessionToken)
                .<AwsCredentialsIdentity>map(token -> AwsSessionCredentialsIdentity.create(id, secret, token))
                .orElseGet(() -> AwsCredentialsIdentity.create(id, secret));
    }

    private static String required(Map<String, String> environment, String variable, String providerName) {
        return value(environment, variable).orElseThrow(() -> new UpstreamFailure(
                UpstreamFailure.Kind.AUTHENTICATION, "provider " + providerName + " has no AWS credentials: "
                + variable + " is not set"));
    }

    private static Optional<String> value(Map<String, String> environment, String variable) {
        return Optional.ofNullable(environment.get(variable)).map(String::strip).filter(value -> !value.isEmpty());
    }

    private static Optional<String> setting(ProviderEntry provider, String key) {
        return provider.settings().get(key).asString().map(String::strip).filter(value -> !value.isEmpty());
    }
}
