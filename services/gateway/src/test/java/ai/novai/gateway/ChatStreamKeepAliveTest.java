package ai.novai.gateway;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import ai.novai.gateway.testing.Http;
import ai.novai.gateway.testing.NovaiCluster;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

/**
 * A slow model: while it is silent the gateway sends SSE comments, which clients ignore and proxies
 * take as life; the data events are untouched.
 */
class ChatStreamKeepAliveTest {

    private static final String SLOW_ECHO = """
            providers:
              echo: { type: echo, pace: PT0.3S }
            models:
              - { id: slow-echo, kind: chat, provider: echo }
            """;

    @Test
    void silentStretchesCarryKeepAliveComments() {
        try (NovaiCluster cluster = NovaiCluster.start(NovaiCluster.registry(SLOW_ECHO), Map.of(),
                                                       Map.of("novai.chat.keep-alive", "PT0.05S"))) {
            Http http = new Http(cluster.gatewayPort());
            HttpResponse<String> response = http.send(http.request("/v1/chat/completions")
                    .header("Authorization", "Bearer " + NovaiCluster.DEV_KEY)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"slow-echo\",\"stream\":true,"
                            + "\"messages\":[{\"role\":\"user\",\"content\":\"one two three\"}]}"))
                    .build());

            List<String> events = List.of(response.body().split("\n\n"));
            long comments = events.stream().filter(event -> event.startsWith(":")).count();
            String text = events.stream()
                    .filter(event -> event.startsWith("data: {"))
                    .map(event -> Http.json(event.substring(6)).path("choices").path(0).path("delta")
                            .path("content").asText(""))
                    .reduce("", String::concat);
            assertThat(response.statusCode(), is(200));
            assertThat(comments, greaterThan(3L));
            assertThat(text, is("You said: one two three"));
            assertThat(events.getLast(), is("data: [DONE]"));
        }
    }
}
