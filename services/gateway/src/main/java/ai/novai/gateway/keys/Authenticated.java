package ai.novai.gateway.keys;

import io.helidon.webserver.http.ServerRequest;

/**
 * The key a request was authenticated with, as the auth filter leaves it in the request context.
 */
public final class Authenticated {

    private static final String CONTEXT_KEY = "novai.api-key";
    private static final String ADMIN_KEY = "novai.admin";

    private Authenticated() {
    }

    static void register(ServerRequest request, ApiKey key) {
        request.context().register(CONTEXT_KEY, key);
    }

    /** The calling key; present on every {@code /v1} route but the admin API. */
    public static ApiKey key(ServerRequest request) {
        return request.context().get(CONTEXT_KEY, ApiKey.class)
                .orElseThrow(() -> new IllegalStateException("request was not authenticated"));
    }

    /** The calling key, when the request was authenticated by one. */
    public static java.util.Optional<ApiKey> keyIfPresent(ServerRequest request) {
        return request.context().get(CONTEXT_KEY, ApiKey.class);
    }

    static void registerAdmin(ServerRequest request) {
        request.context().register(ADMIN_KEY, Boolean.TRUE);
    }

    /** Whether the request came with the operator's admin token (instead of an API key). */
    public static boolean isAdmin(ServerRequest request) {
        return request.context().get(ADMIN_KEY, Boolean.class).orElse(false);
    }
}
