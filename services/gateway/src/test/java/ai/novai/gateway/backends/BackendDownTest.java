package ai.novai.gateway.backends;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import ai.novai.common.server.GrpcBackendServer;
import ai.novai.embedding.EmbeddingMain;
import ai.novai.gateway.GatewayMain;
import ai.novai.gateway.RunningGateway;
import ai.novai.gateway.testing.Http;
import ai.novai.gateway.testing.NovaiCluster;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

/**
 * Inference unreachable (its address accepts TCP connections and never answers, as a hung or black-holed pod):
 * the rest of the gateway keeps its pace. Embeddings and {@code /v1/models} (the embedding models) are answered
 * within the connect timeout, and chat gets a 503 within it, then at once — never after the catalogue deadline
 * (every metered request once queued behind one price refresh that waited for it) nor the chat deadline.
 */
class BackendDownTest {

    // the catalogue deadline the fault held every request for, and the connect timeout that replaces it
    private static final String LIST_DEADLINE = "PT15S";
    private static final String CONNECT_TIMEOUT = "PT3S";
    // at most the connect timeout plus a loaded 2-core CI box's margin; the fault took 15 s
    private static final long WITHIN_CONNECT_TIMEOUT_MILLIS = 6_000;
    // what "at once" means on that box
    private static final long QUICK_MILLIS = 1_500;

    @Test
    void aHungInferenceStallsNeitherEmbeddingsNorTheCatalogueAndChatGets503Quickly() throws IOException {
        try (ServerSocket hungInference = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             GrpcBackendServer embedding = EmbeddingMain.start(NovaiCluster.backendConfig());
             RunningGateway gateway = GatewayMain.start(NovaiCluster.gatewayConfig(
                     NovaiCluster.tempDir(), hungInference.getLocalPort(), embedding.port(),
                     Map.of("novai.backends.list-deadline", LIST_DEADLINE, "novai.backends.connect-timeout", CONNECT_TIMEOUT)))) {
            Http http = new Http(gateway.port());

            List<CompletableFuture<Timed>> embeddings = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                embeddings.add(CompletableFuture.supplyAsync(() -> timed(http, post(http, "/v1/embeddings",
                        "{\"model\":\"all-minilm-l6-v2\",\"input\":\"hello\"}"))));
            }
            for (CompletableFuture<Timed> call : embeddings) {
                Timed answer = call.join();
                assertThat(answer.response().body(), answer.response().statusCode(), is(200));
                assertThat(answer.millis(), lessThan(WITHIN_CONNECT_TIMEOUT_MILLIS));
            }

            Timed models = timed(http, http.request("/v1/models")
                    .header("Authorization", "Bearer " + NovaiCluster.DEV_KEY).GET().build());
            assertThat(models.response().body(), models.response().statusCode(), is(200));
            assertThat(Http.json(models.response()).path("data").findValuesAsText("id"), contains("all-minilm-l6-v2"));
            assertThat(models.millis(), lessThan(WITHIN_CONNECT_TIMEOUT_MILLIS));

            for (int i = 0; i < 4; i++) {
                Timed chat = timed(http, post(http, "/v1/chat/completions",
                        "{\"model\":\"novai-echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
                assertThat(chat.response().body(), chat.response().statusCode(), is(503));
                assertThat(Http.json(chat.response()).path("error").path("code").asText(), is("service_unavailable"));
                // the first may still wait out the connect timeout; once it passed, the refusal is immediate
                assertThat(chat.millis(), lessThan(i == 0 ? WITHIN_CONNECT_TIMEOUT_MILLIS : QUICK_MILLIS));
            }
            Timed stream = timed(http, post(http, "/v1/chat/completions",
                    "{\"model\":\"novai-echo\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
            assertThat(stream.response().body(), stream.response().statusCode(), is(503));
            assertThat(stream.millis(), lessThan(QUICK_MILLIS));
        }
    }

    private static HttpRequest post(Http http, String path, String body) {
        return http.request(path).header("Authorization", "Bearer " + NovaiCluster.DEV_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static Timed timed(Http http, HttpRequest request) {
        long start = System.nanoTime();
        HttpResponse<String> response = http.send(request);
        return new Timed(response, (System.nanoTime() - start) / 1_000_000);
    }

    private record Timed(HttpResponse<String> response, long millis) {
    }
}
