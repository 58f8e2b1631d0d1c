package ai.novai.gateway.http;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import ai.novai.gateway.limits.RateLimitHeaders;
import io.helidon.config.Config;
import io.helidon.webserver.cors.CorsFeature;

/**
 * CORS for browser clients of {@code /v1}: origins from {@code novai.cors.allowed-origins} (none = CORS
 * off); responses expose the request id, the API version, the rate-limit headers and {@code Retry-After}.
 */
public final class GatewayCors {

    private GatewayCors() {
    }

    /** The CORS feature, when origins are configured. */
    public static Optional<CorsFeature> from(Config cors) {
        List<String> origins = cors.get("allowed-origins").asList(String.class).orElse(List.of()).stream()
                .filter(origin -> !origin.isBlank())
                .toList();
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
                                           .maxAge(cors.get("max-age").as(java.time.Duration.class)
                                                           .orElse(java.time.Duration.ofMinutes(10))))
                                   .build());
    }
}
