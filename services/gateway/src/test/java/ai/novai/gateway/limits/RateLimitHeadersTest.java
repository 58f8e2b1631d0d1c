package ai.novai.gateway.limits;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

class RateLimitHeadersTest {

    @Test
    void zeroAndNegativeDurationsAreZeroSeconds() {
        assertThat(RateLimitHeaders.goDuration(Duration.ZERO), is("0s"));
        assertThat(RateLimitHeaders.goDuration(Duration.ofMillis(-5)), is("0s"));
    }

    @Test
    void underASecondIsInMilliseconds() {
        assertThat(RateLimitHeaders.goDuration(Duration.ofMillis(20)), is("20ms"));
        assertThat(RateLimitHeaders.goDuration(Duration.ofMillis(999)), is("999ms"));
    }

    @Test
    void secondsHaveOnlyTheDecimalsTheyNeed() {
        assertThat(RateLimitHeaders.goDuration(Duration.ofMillis(1_450)), is("1.45s"));
        assertThat(RateLimitHeaders.goDuration(Duration.ofMillis(1_000)), is("1s"));
        assertThat(RateLimitHeaders.goDuration(Duration.ofMillis(59_999)), is("59.999s"));
    }

    @Test
    void minutesCarryTheirSeconds() {
        assertThat(RateLimitHeaders.goDuration(Duration.ofMinutes(6)), is("6m0s"));
        assertThat(RateLimitHeaders.goDuration(Duration.ofMillis(90_500)), is("1m30.5s"));
        assertThat(RateLimitHeaders.goDuration(Duration.ofSeconds(60)), is("1m0s"));
    }

    @Test
    void writesBothFamiliesOfALimitedWindow() throws Exception {
        Verdict verdict = Verdict.refused(Limit.RPM, Optional.of(Duration.ofSeconds(1)),
                                          WindowState.of(100, 0, 1_450), WindowState.of(5_000, 1_200, 20));

        HttpHeaders headers = headersOf(verdict);

        assertThat(headers.firstValue("X-RateLimit-Limit-RPM"), is(Optional.of("100")));
        assertThat(headers.firstValue("X-RateLimit-Remaining-RPM"), is(Optional.of("0")));
        assertThat(headers.firstValue("x-ratelimit-limit-requests"), is(Optional.of("100")));
        assertThat(headers.firstValue("x-ratelimit-remaining-requests"), is(Optional.of("0")));
        assertThat(headers.firstValue("x-ratelimit-reset-requests"), is(Optional.of("1.45s")));
        assertThat(headers.firstValue("X-RateLimit-Limit-TPM"), is(Optional.of("5000")));
        assertThat(headers.firstValue("X-RateLimit-Remaining-TPM"), is(Optional.of("1200")));
        assertThat(headers.firstValue("x-ratelimit-limit-tokens"), is(Optional.of("5000")));
        assertThat(headers.firstValue("x-ratelimit-remaining-tokens"), is(Optional.of("1200")));
        assertThat(headers.firstValue("x-ratelimit-reset-tokens"), is(Optional.of("20ms")));
    }

    @Test
    void leavesOutTheHeadersOfAnUnlimitedWindow() throws Exception {
        Verdict verdict = Verdict.refused(Limit.BUDGET, Optional.empty(),
                                          WindowState.of(100, 99, 60_000), WindowState.UNLIMITED);

        HttpHeaders headers = headersOf(verdict);

        assertThat(headers.firstValue("x-ratelimit-limit-requests"), is(Optional.of("100")));
        assertThat(headers.firstValue("x-ratelimit-reset-requests"), is(Optional.of("1m0s")));
        for (String name : new String[] {"X-RateLimit-Limit-TPM", "X-RateLimit-Remaining-TPM",
                "x-ratelimit-limit-tokens", "x-ratelimit-remaining-tokens", "x-ratelimit-reset-tokens"}) {
            assertThat(name, headers.firstValue(name).isPresent(), is(false));
        }
    }

    @Test
    void writesNothingWithoutLimits() throws Exception {
        Verdict verdict = Verdict.refused(Limit.BUDGET, Optional.empty(), WindowState.UNLIMITED,
                                          WindowState.UNLIMITED);

        HttpHeaders headers = headersOf(verdict);

        for (String name : RateLimitHeaders.NAMES) {
            assertThat(name, headers.firstValue(name).isPresent(), is(false));
        }
    }

    @Test
    void aZeroLimitIsUnlimited() {
        assertThat(WindowState.of(0, 0, 1_000), is(WindowState.UNLIMITED));
        assertThat(WindowState.of(10, 3, 1_000).limit(), is(OptionalLong.of(10)));
    }

    // a tiny server whose only route writes the verdict's headers
    private static HttpHeaders headersOf(Verdict verdict) throws Exception {
        WebServer server = WebServer.builder()
                .port(0)
                .routing(routing -> routing.get("/", (req, res) -> {
                    RateLimitHeaders.write(res, verdict);
                    res.send("ok");
                }))
                .build()
                .start();
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode(), is(200));
            return response.headers();
        } finally {
            server.stop();
        }
    }
}
