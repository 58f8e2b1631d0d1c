package ai.novai.gateway.limits;

import java.math.BigDecimal;
import java.time.Duration;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;

/**
 * The rate-limit headers of model-calling responses (200 and 429), in NovAI's and OpenAI's families;
 * headers of a limit the key does not have are left out.
 */
public final class RateLimitHeaders {

    /** Every header name, for CORS' exposed headers. */
    public static final String[] NAMES = {
            "X-RateLimit-Limit-RPM", "X-RateLimit-Remaining-RPM", "X-RateLimit-Limit-TPM", "X-RateLimit-Remaining-TPM",
            "x-ratelimit-limit-requests", "x-ratelimit-remaining-requests", "x-ratelimit-reset-requests",
            "x-ratelimit-limit-tokens", "x-ratelimit-remaining-tokens", "x-ratelimit-reset-tokens"};

    private static final HeaderName LIMIT_RPM = HeaderNames.create("x-ratelimit-limit-rpm", NAMES[0]);
    private static final HeaderName REMAINING_RPM = HeaderNames.create("x-ratelimit-remaining-rpm", NAMES[1]);
    private static final HeaderName LIMIT_TPM = HeaderNames.create("x-ratelimit-limit-tpm", NAMES[2]);
    private static final HeaderName REMAINING_TPM = HeaderNames.create("x-ratelimit-remaining-tpm", NAMES[3]);
    private static final HeaderName LIMIT_REQUESTS = HeaderNames.create(NAMES[4]);
    private static final HeaderName REMAINING_REQUESTS = HeaderNames.create(NAMES[5]);
    private static final HeaderName RESET_REQUESTS = HeaderNames.create(NAMES[6]);
    private static final HeaderName LIMIT_TOKENS = HeaderNames.create(NAMES[7]);
    private static final HeaderName REMAINING_TOKENS = HeaderNames.create(NAMES[8]);
    private static final HeaderName RESET_TOKENS = HeaderNames.create(NAMES[9]);

    private RateLimitHeaders() {
    }

    /** Writes the headers of the verdict's windows. */
    public static void write(ServerResponse response, Verdict verdict) {
        WindowState requests = verdict.requests();
        if (requests.limit().isPresent()) {
            response.header(LIMIT_RPM, Long.toString(requests.limit().getAsLong()));
            response.header(REMAINING_RPM, Long.toString(requests.remaining()));
            response.header(LIMIT_REQUESTS, Long.toString(requests.limit().getAsLong()));
            response.header(REMAINING_REQUESTS, Long.toString(requests.remaining()));
            response.header(RESET_REQUESTS, goDuration(requests.reset()));
        }
        WindowState tokens = verdict.tokens();
        if (tokens.limit().isPresent()) {
            response.header(LIMIT_TPM, Long.toString(tokens.limit().getAsLong()));
            response.header(REMAINING_TPM, Long.toString(tokens.remaining()));
            response.header(LIMIT_TOKENS, Long.toString(tokens.limit().getAsLong()));
            response.header(REMAINING_TOKENS, Long.toString(tokens.remaining()));
            response.header(RESET_TOKENS, goDuration(tokens.reset()));
        }
    }

    /** A duration as OpenAI writes it (Go's format): {@code 0s}, {@code 20ms}, {@code 1.45s}, {@code 6m0s}. */
    static String goDuration(Duration duration) {
        long millis = duration.toMillis();
        if (millis <= 0) {
            return "0s";
        }
        if (millis < 1000) {
            return millis + "ms";
        }
        long minutes = millis / 60_000;
        String seconds = BigDecimal.valueOf(millis % 60_000, 3).stripTrailingZeros().toPlainString() + "s";
        return minutes > 0 ? minutes + "m" + seconds : seconds;
    }
}
