package ai.novai.gateway;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import ai.novai.gateway.testing.Http;
import ai.novai.gateway.testing.NovaiCluster;
import ai.novai.gateway.testing.OpenAiSchemas;
import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.NotFoundException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.models.Model;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The three services in one JVM on random ports; the gateway is called over real HTTP (with the
 * official OpenAI SDK where it can) and calls the backends over real gRPC.
 */
class GatewayEndToEndTest {

    private static NovaiCluster cluster;
    private static OpenAIClient openai;
    private static Http http;

    @BeforeAll
    static void start() {
        cluster = NovaiCluster.start();
        openai = cluster.openAiClient();
        http = new Http(cluster.gatewayPort());
    }

    @AfterAll
    static void stop() {
        openai.close();
        cluster.close();
    }

    @Test
    void listsChatAndEmbeddingModelsThroughTheOfficialSdk() {
        List<String> ids = openai.models().list().data().stream().map(Model::id).toList();

        // chat models from inference, embedding models from embedding; models of providers without
        // credentials (OPENAI_API_KEY, ANTHROPIC_API_KEY unset here) are not offered
        assertThat(ids, containsInAnyOrder("novai-echo", "all-minilm-l6-v2"));
    }

    @Test
    void retrievesOneModel() {
        Model model = openai.models().retrieve("novai-echo");

        assertThat(model.id(), is("novai-echo"));
        assertThat(model.ownedBy(), is("novai"));
        assertThat(model.created(), is(1767225600L));
    }

    @Test
    void unknownModelIsAnOpenAiNotFound() {
        NotFoundException e = assertThrows(NotFoundException.class, () -> openai.models().retrieve("no-such-model"));

        assertThat(e.code().orElseThrow(), is("model_not_found"));
        assertThat(e.param().orElseThrow(), is("model"));
        assertThat(e.type().orElseThrow(), is("invalid_request_error"));
    }

    @Test
    void unknownKeyIsUnauthorized() {
        OpenAIClient stranger = OpenAIOkHttpClient.builder()
                .baseUrl(cluster.baseUrl())
                .apiKey("sk-novai-not-a-key-of-this-gateway")
                .maxRetries(0)
                .build();
        try {
            UnauthorizedException e = assertThrows(UnauthorizedException.class, () -> stranger.models().list());
            assertThat(e.code().orElseThrow(), is("invalid_api_key"));
        } finally {
            stranger.close();
        }
    }

    @Test
    void responsesValidateAgainstOpenAisOwnSchemas() {
        HttpResponse<String> list = http.send(authorized("/v1/models").GET().build());
        HttpResponse<String> one = http.send(authorized("/v1/models/novai-echo").GET().build());
        HttpResponse<String> missing = http.send(authorized("/v1/models/nope").GET().build());

        assertThat(list.statusCode(), is(200));
        OpenAiSchemas.assertValidOpenAi("ListModelsResponse", list.body());
        OpenAiSchemas.assertValidOpenAi("Model", one.body());
        OpenAiSchemas.assertValidOpenAi("ErrorResponse", missing.body());
        OpenAiSchemas.assertValidNovai("ListModelsResponse", list.body());
        OpenAiSchemas.assertValidNovai("ErrorResponse", missing.body());
    }

    @Test
    void unknownPathIsAJsonNotFoundAndTheServerKeepsServing() {
        HttpResponse<String> response = http.send(authorized("/v1/no/such/route").GET().build());

        assertOpenAiError(response, 404, "unknown_url");
        assertThat(Http.json(response).path("error").path("message").asText(),
                   is("Invalid URL (GET /v1/no/such/route)"));
        assertThat(http.send(authorized("/v1/models").GET().build()).statusCode(), is(200));
    }

    @Test
    void nonJsonBodyIsAJsonBadRequestAndTheServerKeepsServing() {
        HttpResponse<String> response = http.send(admin("/v1/admin/keys")
                                                          .header("Content-Type", "application/json")
                                                          .POST(HttpRequest.BodyPublishers.ofString("{not json"))
                                                          .build());

        assertOpenAiError(response, 400, "invalid_json");
        assertThat(http.send(authorized("/v1/models").GET().build()).statusCode(), is(200));
    }

    @Test
    void jsonThatIsNotAnObjectIsABadRequest() {
        HttpResponse<String> response = http.send(admin("/v1/admin/keys")
                                                          .POST(HttpRequest.BodyPublishers.ofString("[1,2]"))
                                                          .build());

        assertOpenAiError(response, 400, "invalid_json");
    }

    @Test
    void tooDeeplyNestedJsonIsABadRequest() {
        String deep = "{\"a\":".repeat(200) + "1" + "}".repeat(200);
        HttpResponse<String> response = http.send(admin("/v1/admin/keys")
                                                          .POST(HttpRequest.BodyPublishers.ofString(deep))
                                                          .build());

        assertOpenAiError(response, 400, "invalid_json");
    }

    @Test
    void everyResponseCarriesARequestIdAndAWellFormedOneIsKept() {
        HttpResponse<String> generated = http.send(authorized("/v1/models").GET().build());
        HttpResponse<String> kept = http.send(authorized("/v1/models").header("X-Request-Id", "trace-42").GET().build());
        HttpResponse<String> replaced = http.send(authorized("/v1/models")
                                                          .header("X-Request-Id", "bad id with spaces").GET().build());

        assertThat(generated.headers().firstValue("x-request-id").orElseThrow().matches("req_[0-9a-f]{24}"), is(true));
        assertThat(kept.headers().firstValue("x-request-id").orElseThrow(), is("trace-42"));
        assertThat(replaced.headers().firstValue("x-request-id").orElseThrow(), startsWith("req_"));
    }

    @Test
    void servesItsOpenApiSpec() {
        HttpResponse<String> yaml = http.send(http.request("/openapi").GET().build());
        HttpResponse<String> json = http.send(http.request("/openapi").header("Accept", "application/json").GET().build());

        assertThat(yaml.statusCode(), is(200));
        assertThat(yaml.body(), startsWith("openapi: 3.1.0"));
        assertThat(Http.json(json).path("info").path("title").asText(), is("NovAI API"));
    }

    @Test
    void healthAndMetricsAreServedOnTheManagementPortOnly() {
        for (String path : new String[] {"/observe/health", "/observe/health/ready", "/observe/metrics", "/observe"}) {
            assertThat(path, http.send(http.request(path).GET().build()).statusCode(), is(404));
        }
        Http management = new Http(cluster.managementPort());
        assertThat(management.send(management.request("/observe/metrics").GET().build()).statusCode(), is(200));
        assertThat(management.send(management.request("/v1/models")
                .header("Authorization", "Bearer " + NovaiCluster.DEV_KEY).GET().build()).statusCode(), is(404));
    }

    @Test
    void healthIsUpWithTheDatabaseCheck() {
        Http management = new Http(cluster.managementPort());
        HttpResponse<String> response = management.send(management.request("/observe/health").GET().build());

        assertThat(response.statusCode(), is(200));
        JsonNode health = Http.json(response);
        assertThat(health.path("status").asText(), is("UP"));
        assertThat(health.path("checks").findValuesAsText("name"), hasItems("database"));
    }

    static void assertOpenAiError(HttpResponse<String> response, int status, String code) {
        assertThat(response.body(), response.statusCode(), is(status));
        assertThat(response.headers().firstValue("content-type").orElseThrow(), startsWith("application/json"));
        JsonNode error = Http.json(response).path("error");
        assertThat(response.body(), error.has("message") && error.has("type") && error.has("param")
                && error.has("code"), is(true));
        assertThat(error.path("code").asText(), is(code));
        OpenAiSchemas.assertValidOpenAi("ErrorResponse", response.body());
    }

    private static HttpRequest.Builder authorized(String path) {
        return http.request(path).header("Authorization", "Bearer " + NovaiCluster.DEV_KEY);
    }

    private static HttpRequest.Builder admin(String path) {
        return http.request(path).header("Authorization", "Bearer " + NovaiCluster.ADMIN_TOKEN);
    }
}
