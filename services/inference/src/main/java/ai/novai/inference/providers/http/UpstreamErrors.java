package ai.novai.inference.providers.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import ai.novai.common.http.RetryAfter;
import ai.novai.inference.providers.ProviderFailure;
import ai.novai.inference.providers.ProviderRejection;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Turns an upstream error response into the adapter's exception: 429 and 5xx are failures worth a retry
 * (with the provider's {@code Retry-After}), 401/403 mean NovAI's own credentials are wrong, other 4xx are
 * rejections of the request, passed on with the provider's message. Both OpenAI's and Anthropic's error
 * bodies carry {@code error.message}.
 */
public final class UpstreamErrors {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private UpstreamErrors() {
    }

    /** The exception for a response whose status is not 2xx; reads (a bounded part of) its body. */
    public static RuntimeException of(UpstreamResponse response, String providerName) {
        int status = response.statusCode();
        String body;
        try (response) {
            body = readBounded(response.body());
        }
        Optional<JsonNode> error = parse(body).map(json -> json.path("error"));
        String message = error.map(node -> node.path("message").asText(""))
                .filter(text -> !text.isBlank())
                .orElse(body.isBlank() ? "HTTP " + status : body.strip());
        String upstream = providerName + " answered " + status + ": " + message;
        if (status == 429) {
            return new ProviderFailure(ProviderFailure.Kind.RATE_LIMITED, upstream, retryAfter(response), null);
        }
        if (status == 401 || status == 403) {
            return new ProviderFailure(ProviderFailure.Kind.AUTHENTICATION, providerName
                    + " refused NovAI's credentials (" + status + ")");
        }
        if (status == 408) {
            return new ProviderFailure(ProviderFailure.Kind.TIMEOUT, upstream);
        }
        if (status >= 500) {
            return new ProviderFailure(ProviderFailure.Kind.SERVER_ERROR, upstream, retryAfter(response), null);
        }
        String param = error.map(node -> node.path("param").asText(null)).orElse(null);
        return new ProviderRejection(message, param);
    }

    /** {@code Retry-After-Ms}, or {@code Retry-After} in seconds or as an HTTP date. */
    static Optional<Duration> retryAfter(UpstreamResponse response) {
        return RetryAfter.parse(response.header("retry-after-ms"), response.header("retry-after"));
    }

    private static Optional<JsonNode> parse(String body) {
        try {
            return Optional.ofNullable(MAPPER.readTree(body));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String readBounded(InputStream body) {
        try (body) {
            return new String(body.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
