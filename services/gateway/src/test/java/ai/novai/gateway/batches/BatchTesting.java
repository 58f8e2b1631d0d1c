package ai.novai.gateway.batches;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import ai.novai.gateway.testing.Http;
import ai.novai.gateway.testing.NovaiCluster;
import ai.novai.inference.fakes.FakeOpenAiUpstream;
import com.fasterxml.jackson.databind.JsonNode;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** What the batch tests share: a cluster whose workers poll often, and inline batches created and waited for. */
final class BatchTesting {

    private static final Duration END_WAIT = Duration.ofSeconds(30);

    private BatchTesting() {
    }

    /**
     * The three services with the built-in registry (or the given one), batch workers polling every 50 ms, once
     * the echo model answers.
     */
    static NovaiCluster start(Map<String, String> backendSettings, Map<String, String> gatewaySettings) {
        return start(backendSettings, gatewaySettings, Map.of());
    }

    /** The same, with what the backends see as their environment (provider keys). */
    static NovaiCluster start(Map<String, String> backendSettings, Map<String, String> gatewaySettings,
                              Map<String, String> environment) {
        Map<String, String> gateway = new HashMap<>(gatewaySettings);
        gateway.putIfAbsent("novai.batches.poll-interval", "PT0.05S");
        NovaiCluster cluster = NovaiCluster.start(backendSettings, environment, gateway);
        cluster.awaitChatServed(END_WAIT);
        return cluster;
    }

    /**
     * The three services with {@code novai-echo} and a {@code slow-model} served by the given fake upstream (an
     * OpenAI-compatible provider), batch workers polling every 50 ms.
     */
    static NovaiCluster startWithSlowModel(FakeOpenAiUpstream upstream, Map<String, String> gatewaySettings) {
        return start(NovaiCluster.registry("""
                providers:
                  echo: { type: echo, pace: PT0S }
                  slow: { type: openai, base-url: "%s", api-key-env: SLOW_KEY }
                models:
                  - { id: novai-echo, kind: chat, provider: echo }
                  - { id: slow-model, kind: chat, provider: slow }
                """.formatted(upstream.baseUrl())), gatewaySettings, Map.of("SLOW_KEY", "sk"));
    }

    /** A chat request body for {@code slow-model}. */
    static final String SLOW_LINE = "{\"model\":\"slow-model\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";

    /** Creates an inline batch with this key: 202 or the test fails. */
    static JsonNode createInline(Http http, String secret, String body) {
        HttpResponse<String> created = http.send(http.request("/v1/batches").header("Authorization", "Bearer " + secret)
                                                         .header("Content-Type", "application/json")
                                                         .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertThat(created.body(), created.statusCode(), is(202));
        return Http.json(created);
    }

    /** The batch as its key sees it now. */
    static JsonNode get(Http http, String secret, String id) {
        return Http.json(http.send(http.request("/v1/batches/" + id).header("Authorization", "Bearer " + secret)
                                           .build()));
    }

    /** Polls an inline batch until it shows its results (it ended); fails after 30 s. */
    static JsonNode awaitResults(Http http, String secret, String id) throws InterruptedException {
        long deadline = System.nanoTime() + END_WAIT.toNanos();
        JsonNode batch = null;
        while (System.nanoTime() < deadline) {
            batch = get(http, secret, id);
            if (batch.has("results")) {
                return batch;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("batch did not end: " + batch);
    }
}
