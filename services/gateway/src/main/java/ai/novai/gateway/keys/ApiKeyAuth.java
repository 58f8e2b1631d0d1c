package ai.novai.gateway.keys;

import java.time.Clock;

import ai.novai.gateway.errors.ApiException;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.HttpFeature;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Authenticates every {@code /v1} request but the admin API by its bearer key: missing, unknown,
 * revoked or expired keys get 401 {@code invalid_api_key}. Only the key's SHA-256 hash is looked up.
 */
public final class ApiKeyAuth implements HttpFeature {

    private final ApiKeyStore keys;
    private final Clock clock;

    public ApiKeyAuth(ApiKeyStore keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    @Override
    public void setup(HttpRouting.Builder routing) {
        routing.addFilter(this::authenticate);
    }

    private void authenticate(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        String path = request.path().path();
        if (!path.startsWith("/v1/") || path.startsWith(AdminAuth.PATH_PREFIX)) {
            chain.proceed();
            return;
        }
        String secret = BearerTokens.of(request).orElseThrow(() -> ApiException.unauthorized(
                "You didn't provide an API key. Send it as 'Authorization: Bearer sk-novai-...'."));
        ApiKey key = keys.findByHash(ApiKeySecrets.hash(secret))
                .filter(found -> found.isUsableAt(clock.instant()))
                .orElseThrow(() -> ApiException.unauthorized(
                        "Incorrect API key provided: " + ApiKeySecrets.displayPrefix(secret)
                                + "... The key is unknown, revoked or expired."));
        Authenticated.register(request, key);
        chain.proceed();
    }
}
