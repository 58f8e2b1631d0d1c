package ai.novai.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import ai.novai.gateway.testing.Http;
import ai.novai.gateway.testing.NovaiCluster;
import ai.novai.inference.fakes.FakeAnthropicUpstream;
import ai.novai.inference.fakes.FakeAnthropicUpstream.Reply;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * What clients see when providers fail, with real upstream wire formats (a fake Anthropic API) and a
 * provider address where nothing listens.
 */
class ChatFaultsEndToEndTest {

    private static FakeAnthropicUpstream upstream;
    // Its own upstream, so that no other test's late connection failure looks like this client going.
    private static FakeAnthropicUpstream watched;
    private static NovaiCluster cluster;
    private static Http http;

    @BeforeAll
    static void start() throws IOException {
        upstream = FakeAnthropicUpstream.start();
        watched = FakeAnthropicUpstream.start();
        String registry = """
                providers:
                  dead: { type: anthropic, base-url: "http://127.0.0.1:%d", api-key-env: TEST_KEY, connect-timeout: PT1S }
                  live: { type: anthropic, base-url: "%s", api-key-env: TEST_KEY }
                  watched: { type: anthropic, base-url: "%s", api-key-env: TEST_KEY }
                models:
                  - id: spread
                    deployments:
                      - { provider: dead, upstream-model: claude-a, weight: 1000 }
                      - { provider: live, upstream-model: claude-a, weight: 1 }
                  - { id: primary, provider: dead, upstream-model: claude-x, fallbacks: [secondary] }
                  - { id: secondary, provider: live, upstream-model: claude-y }
                  - { id: slowpoke, provider: live, upstream-model: claude-z }
                  - { id: endless, provider: watched, upstream-model: claude-e }
                """.formatted(closedPort(), upstream.baseUrl(), watched.baseUrl());
        Map<String, String> backend = new java.util.HashMap<>(NovaiCluster.registry(registry));
        backend.put("routing.max-retry-after", "PT0.1S");
        cluster = NovaiCluster.start(backend, Map.of("TEST_KEY", "test-upstream-key"),
                                     Map.of("novai.chat.model-deadlines.0.model", "slowpoke",
                                            "novai.chat.model-deadlines.0.deadline", "PT0.5S"));
        http = new Http(cluster.gatewayPort());
    }

    @AfterAll
    static void stop() {
        cluster.close();
        upstream.close();
        watched.close();
    }

    @BeforeEach
    void resetUpstream() {
        upstream.reset();
    }

    @Test
    void aDeadFirstDeploymentIsServedByTheSecond() {
        upstream.enqueue(Reply.text("served ", "by live"));

        HttpResponse<String> response = http.send(chat("spread", false));

        assertThat(response.body(), response.statusCode(), is(200));
        assertThat(content(response), is("served by live"));
        assertThat(upstream.lastRequest().json().path("model").asText(), is("claude-a"));
    }

    @Test
    void aDeadModelFallsBack() {
        upstream.enqueue(Reply.text("fallback ", "answer"));

        HttpResponse<String> response = http.send(chat("primary", false));

        assertThat(response.body(), response.statusCode(), is(200));
        assertThat(Http.json(response).path("model").asText(), is("secondary"));
        assertThat(content(response), is("fallback answer"));
    }

    @Test
    void aProviderRateLimitBeforeTheFirstByteIsAPlain429WithRetryAfter() {
        for (boolean stream : new boolean[] {false, true}) {
            upstream.reset();
            upstream.otherwise(Reply.rateLimited(7));

            HttpResponse<String> response = http.send(chat("secondary", stream));

            assertThat(response.body(), response.statusCode(), is(429));
            assertThat(response.headers().firstValue("content-type").orElseThrow(), startsWith("application/json"));
            assertThat(response.headers().firstValue("retry-after").orElseThrow(), is("7"));
            assertThat(Http.json(response).path("error").path("code").asText(), is("provider_rate_limited"));
        }
    }

    @Test
    void aStreamCutMidwayEndsWithOneErrorEventThenDoneAndIsNotRetried() {
        upstream.enqueue(Reply.text("one ", "two ", "three ", "four").cutAfterEvents(5));

        HttpResponse<String> response = http.send(chat("secondary", true));

        List<String> events = List.of(response.body().split("\n\n"));
        assertThat(response.statusCode(), is(200));
        JsonNode error = Http.json(events.get(events.size() - 2).substring("data: ".length()));
        assertThat(error.path("error").path("code").asText(), is("stream_interrupted"));
        assertThat(events.getLast(), is("data: [DONE]"));
        long finishes = events.stream().filter(event -> event.contains("\"finish_reason\":\"")).count();
        assertThat(finishes, is(0L));
        assertThat(upstream.requests().size(), is(1));
    }

    @Test
    void aClientThatGoesAwayCancelsTheUpstreamRequestWithin200Ms() throws Exception {
        watched.enqueue(Reply.endless(Duration.ofMillis(10)));
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<InputStream> response = client.send(chat("endless", true), HttpResponse.BodyHandlers.ofInputStream());
        InputStream body = response.body();
        body.readNBytes(300);

        body.close();
        Instant closed = Instant.now();

        Instant gone = watched.awaitClientGone(Duration.ofSeconds(5)).orElseThrow(
                () -> new AssertionError("the upstream never saw the client go"));
        assertThat(Duration.between(closed, gone).toMillis(), lessThanOrEqualTo(200L));
        client.close();
    }

    @Test
    void aModelPastItsDeadlineIs504() {
        upstream.enqueue(Reply.text("too late").headersDelay(Duration.ofSeconds(3)));

        HttpResponse<String> response = http.send(chat("slowpoke", false));

        assertThat(response.body(), response.statusCode(), is(504));
        assertThat(Http.json(response).path("error").path("type").asText(), is("server_error"));
    }

    private static String content(HttpResponse<String> response) {
        return Http.json(response).path("choices").path(0).path("message").path("content").asText();
    }

    private static HttpRequest chat(String model, boolean stream) {
        return http.request("/v1/chat/completions")
                .header("Authorization", "Bearer " + NovaiCluster.DEV_KEY)
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model + "\",\"stream\":" + stream
                        + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
