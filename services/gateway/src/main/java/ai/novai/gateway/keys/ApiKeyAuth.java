package ai.novai.gateway.keys;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import ai.novai.gateway.errors.ApiException;
import ai.novai.gateway.errors.OpenAiError;
import ai.novai.gateway.mcp.McpEndpoint;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.HttpFeature;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Authenticates every {@code /v1} request but the admin API, and every {@code /mcp} request, by its bearer key:
 * missing, unknown, revoked or expired keys get 401 {@code invalid_api_key}. Only the key's SHA-256 hash is looked up,
 * through a short-lived cache ({@code novai.auth.cache-ttl}: the bound within which a
 * revocation made by another gateway replica takes effect; one made through this gateway's admin API
 * takes effect at once). While the database is down, keys this gateway has seen keep working as last seen;
 * others get 503 {@code service_unavailable}, not 401.
 */
public final class ApiKeyAuth implements HttpFeature {

    private static final System.Logger LOGGER = System.getLogger(ApiKeyAuth.class.getName());
    private static final int MAX_CACHED_KEYS = 100_000;
    private static final Duration KEY_STORE_RETRY_AFTER = Duration.ofSeconds(5);

    private final ApiKeyStore keys;
    private final Clock clock;
    private final ApiKeyCache cache;

    public ApiKeyAuth(ApiKeyStore keys, Clock clock, Duration cacheTtl) {
        this.keys = keys;
        this.clock = clock;
        this.cache = new ApiKeyCache(cacheTtl, MAX_CACHED_KEYS, System::nanoTime);
    }

    /** Forgets a key this gateway just changed, so that the change applies to the next request. */
    public void forget(String keyId) {
        cache.forget(keyId);
    }

    @Override
    public void setup(HttpRouting.Builder routing) {
        routing.addFilter(this::authenticate);
    }

    private void authenticate(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        String path = request.path().path();
        // CORS preflights carry no credentials by design; the CORS feature answers them
        if (!isGuarded(path) || path.startsWith(AdminAuth.PATH_PREFIX) || Authenticated.isAdmin(request)
                || request.prologue().method() == Method.OPTIONS) {
            chain.proceed();
            return;
        }
        String secret = BearerTokens.of(request).orElseThrow(() -> ApiException.unauthorized(
                "You didn't provide an API key. Send it as 'Authorization: Bearer sk-novai-...'."));
        ApiKey key = lookUp(secret)
                .filter(found -> found.isUsableAt(clock.instant()))
                .orElseThrow(() -> ApiException.unauthorized(incorrect(secret)));
        Authenticated.register(request, key);
        chain.proceed();
    }

    // the API (/v1) and the MCP endpoint (/mcp), whatever is served on them: an unknown path answers 401, not 404
    private static boolean isGuarded(String path) {
        return path.startsWith("/v1/") || path.equals(McpEndpoint.PATH) || path.startsWith(McpEndpoint.PATH + "/");
    }

    // Only what looks like a NovAI key is echoed, as its display prefix: any other credential (the admin token, a
    // secret pasted by mistake) is not repeated, not even in part.
    private static String incorrect(String secret) {
        return secret.startsWith(ApiKeySecrets.PREFIX)
                ? "Incorrect API key provided: " + ApiKeySecrets.displayPrefix(secret)
                        + "... The key is unknown, revoked or expired."
                : "Incorrect API key provided. NovAI API keys start with '" + ApiKeySecrets.PREFIX + "'.";
    }

    // A key never seen while the store is down is not known to be wrong: 503, never 401.
    private Optional<ApiKey> lookUp(String secret) {
        try {
            return cache.get(ApiKeySecrets.hash(secret), keys::findByHash);
        } catch (KeyStoreUnavailable unavailable) {
            LOGGER.log(System.Logger.Level.WARNING, "API key lookup failed: the key store is unavailable",
                       unavailable.getCause());
            throw new ApiException(Status.SERVICE_UNAVAILABLE_503, new OpenAiError(
                    "The API key could not be checked right now; try again shortly.", "server_error", null,
                    "service_unavailable"), Optional.of(KEY_STORE_RETRY_AFTER));
        }
    }
}
