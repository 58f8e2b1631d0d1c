package ai.novai.gateway.models;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import ai.novai.gateway.testing.Http;
import ai.novai.gateway.testing.Keys;
import ai.novai.gateway.testing.NovaiCluster;
import ai.novai.gateway.testing.OpenAiSchemas;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static ai.novai.gateway.testing.Http.json;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;

/**
 * {@code GET /v1/admin/models} over the three real services: prices from the catalogue, and each chat deployment's
 * breaker and recent calls as the inference service counted them (this cluster's router only).
 */
class AdminModelsApiTest {

    private static final String REGISTRY = """
            providers:
              echo: { type: echo, pace: PT0S }
              local-onnx: { type: local-onnx }
            models:
              - { id: novai-echo, kind: chat, provider: echo, max-output-tokens: 100,
                  price: { input-usd-per-million: "1.5", output-usd-per-million: "2" } }
              - { id: idle-echo, kind: chat, provider: echo, max-output-tokens: 100 }
              - { id: all-minilm-l6-v2, kind: embedding, provider: local-onnx, max-output-tokens: 256,
                  embedding-dimensions: 384 }
            """;

    private static NovaiCluster cluster;
    private static Http http;

    @BeforeAll
    static void start() {
        cluster = NovaiCluster.start(NovaiCluster.registry(REGISTRY), Map.of());
        http = new Http(cluster.gatewayPort());
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void listsPricesBreakersAndWhatTheRecentCallsMeasured() {
        for (boolean stream : new boolean[] {false, true}) {
            HttpResponse<String> chat = http.send(http.request("/v1/chat/completions")
                    .header("Authorization", "Bearer " + NovaiCluster.DEV_KEY)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"novai-echo\",\"stream\":" + stream
                            + ",\"messages\":[{\"role\":\"user\",\"content\":\"hello there\"}]}"))
                    .build());
            assertThat(chat.body(), chat.statusCode(), is(200));
        }

        HttpResponse<String> response = http.send(Keys.admin(http, "/v1/admin/models").GET().build());

        assertThat(response.body(), response.statusCode(), is(200));
        OpenAiSchemas.assertValidNovai("AdminModelList", response.body());
        JsonNode body = json(response);
        assertThat(body.path("window_seconds").asInt(), is(300));
        JsonNode echo = model(body, "novai-echo");
        assertThat(echo.path("kind").asText(), is("chat"));
        assertThat(echo.path("input_usd_per_million_tokens").decimalValue().compareTo(new java.math.BigDecimal("1.5")),
                   is(0));
        JsonNode deployment = echo.path("deployments").get(0);
        assertThat(deployment.path("name").asText(), is("echo/novai-echo"));
        assertThat(deployment.path("breaker").asText(), is("closed"));
        assertThat(deployment.path("requests").asInt(), is(2));
        assertThat(deployment.path("errors").asInt(), is(0));
        assertThat(deployment.path("latency_p99_ms").asDouble(), greaterThan(0.0));
        assertThat(deployment.path("latency_p99_ms").asDouble(),
                   greaterThanOrEqualTo(deployment.path("latency_p50_ms").asDouble()));
        // only the streamed call had a first chunk
        assertThat(deployment.path("ttft_p50_ms").asDouble(), greaterThan(0.0));
        assertThat(deployment.path("ttft_p50_ms").asDouble(), is(deployment.path("ttft_p99_ms").asDouble()));

        JsonNode idle = model(body, "idle-echo").path("deployments").get(0);
        assertThat(idle.path("breaker").asText(), is("not_called"));
        assertThat(idle.path("requests").asInt(), is(0));
        assertThat(idle.path("latency_p50_ms").asDouble(), is(0.0));
        JsonNode embedding = model(body, "all-minilm-l6-v2");
        assertThat(embedding.path("kind").asText(), is("embedding"));
        assertThat(embedding.path("deployments").size(), is(0));
    }

    @Test
    void anApiKeyMayNotSeeIt() {
        HttpResponse<String> response = http.send(http.request("/v1/admin/models")
                                                           .header("Authorization", "Bearer " + NovaiCluster.DEV_KEY)
                                                           .GET().build());

        assertThat(response.statusCode(), is(401));
        assertThat(json(response).path("error").path("code").asText(), is("invalid_admin_token"));
    }

    private static JsonNode model(JsonNode list, String id) {
        for (JsonNode model : list.path("data")) {
            if (model.path("id").asText().equals(id)) {
                return model;
            }
        }
        throw new AssertionError("no model " + id + " in " + list);
    }
}
