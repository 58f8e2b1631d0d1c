package ai.novai.gateway.keys;

import java.util.Optional;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

/**
 * Reads {@code Authorization: Bearer <token>}.
 */
final class BearerTokens {

    private static final String SCHEME = "bearer ";

    private BearerTokens() {
    }

    static Optional<String> of(ServerRequest request) {
        return request.headers().first(HeaderNames.AUTHORIZATION)
                .filter(value -> value.regionMatches(true, 0, SCHEME, 0, SCHEME.length()))
                .map(value -> value.substring(SCHEME.length()).trim())
                .filter(token -> !token.isEmpty());
    }
}
