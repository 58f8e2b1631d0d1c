package ai.novai.gateway.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import ai.novai.gateway.errors.ApiException;
import io.helidon.http.Method;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.HttpFeature;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Guards the admin API ({@value #PATH_PREFIX}) with the operator's admin token
 * ({@code novai.admin.token}, env {@code NOVAI_ADMIN_TOKEN}): a separate credential, never an ordinary
 * key. A missing or wrong token gets 401 {@code invalid_admin_token}; without a configured token the
 * admin API answers 403 {@code admin_api_disabled} to every call. The admin token also reads
 * {@value #USAGE_PATH} and the files API ({@value #FILES_PATH}) for every key, and reads every key's batches
 * ({@code GET} {@value #BATCHES_PATH}, the operator console's batch progress).
 */
public final class AdminAuth implements HttpFeature {

    /** Paths of the admin API. */
    public static final String PATH_PREFIX = "/v1/admin/";
    /** The usage report, which the admin token may read for every key. */
    public static final String USAGE_PATH = "/v1/usage";
    /** The files API, where the admin token sees (and deletes) every key's files. */
    public static final String FILES_PATH = "/v1/files";
    /** The batches API, where the admin token reads (lists and retrieves) every key's batches. */
    public static final String BATCHES_PATH = "/v1/batches";

    private final Optional<byte[]> adminToken;

    public AdminAuth(Optional<String> adminToken) {
        this.adminToken = adminToken.filter(token -> !token.isBlank())
                .map(token -> token.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void setup(HttpRouting.Builder routing) {
        routing.addFilter(this::authorize);
    }

    private void authorize(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        String path = request.path().path();
        if (servesEveryKey(request.prologue().method(), path) && adminToken.isPresent()
                && isAdminToken(request, adminToken.get())) {
            Authenticated.registerAdmin(request);
            chain.proceed();
            return;
        }
        if (!path.startsWith(PATH_PREFIX) && !path.equals(PATH_PREFIX.substring(0, PATH_PREFIX.length() - 1))) {
            chain.proceed();
            return;
        }
        byte[] expected = adminToken.orElseThrow(() -> ApiException.forbidden(
                "The admin API is disabled: the operator has not set NOVAI_ADMIN_TOKEN.", "admin_api_disabled"));
        if (!isAdminToken(request, expected)) {
            throw ApiException.unauthorized("The admin API needs the admin token as 'Authorization: Bearer ...'.",
                                            "invalid_admin_token");
        }
        chain.proceed();
    }

    private static boolean servesEveryKey(Method method, String path) {
        return path.equals(USAGE_PATH) || path.equals(FILES_PATH) || path.startsWith(FILES_PATH + "/")
                // reading only: creating a batch needs a key to bill, and cancelling is its owner's call
                || method.equals(Method.GET) && (path.equals(BATCHES_PATH) || path.startsWith(BATCHES_PATH + "/")
                                                 && path.indexOf('/', BATCHES_PATH.length() + 1) < 0);
    }

    private static boolean isAdminToken(RoutingRequest request, byte[] expected) {
        byte[] given = BearerTokens.of(request).orElse("").getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, given);
    }
}
