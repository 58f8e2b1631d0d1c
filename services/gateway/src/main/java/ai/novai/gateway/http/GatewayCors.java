package ai.novai.gateway.http;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import ai.novai.gateway.limits.RateLimitHeaders;
import io.helidon.webserver.cors.CorsFeature;

/**
 * CORS for browser clients of {@code /v1}: origins from {@link CorsSettings} (none = CORS
 * off); responses expose the request id, the API version, the rate-limit headers and {@code Retry-After}.
 */
public final class GatewayCors {

    private GatewayCors() {
    }

    /** The CORS feature, when origins are configured. */
    public static Optional<CorsFeature> from(CorsSettings settings) {
        List<String> origins = settings.allowedOrigins();
        if (origins.isEmpty()) {
            return Optional.empty();
        }
        Set<String> exposed = Stream.concat(Stream.of("x-request-id", "x-api-version", "retry-after", "retry-after-ms"),
                                            Stream.of(RateLimitHeaders.NAMES))
                .collect(java.util.stream.Collectors.toSet());
        return Optional.of(CorsFeature.builder()
                                   .addDefaults(false)
                                   .addPath(path -> path.pathPattern("/v1/*")
                                           .allowOrigins(Set.copyOf(origins))
                                           .allowMethods(Set.of("GET", "POST", "PATCH", "DELETE", "OPTIONS"))
                                           .allowHeaders(Set.of("*"))
                                           .exposeHeaders(exposed)
                                           .maxAge(settings.maxAge()))
                                   .build());
    }
}
