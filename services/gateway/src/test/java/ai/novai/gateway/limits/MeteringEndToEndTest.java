package ai.novai.gateway.limits;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

import ai.novai.gateway.testing.Http;
import ai.novai.gateway.testing.Keys;
import ai.novai.gateway.testing.NovaiCluster;
import ai.novai.gateway.testing.OpenAiSchemas;
import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static ai.novai.gateway.testing.Http.json;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Limits, budgets, model lists and the usage report of one gateway on its embedded defaults (H2, the
 * in-process limiter), through real HTTP and the official OpenAI SDK.
 */
class MeteringEndToEndTest {

    private static final String REGISTRY = """
            providers:
              echo: { type: echo, pace: PT0S }
              local-onnx: { type: local-onnx }
            models:
              - { id: novai-echo, kind: chat, provider: echo, max-output-tokens: 100,
                  price: { input-usd-per-million: "1", output-usd-per-million: "2" } }
              - { id: other-echo, kind: chat, provider: echo, max-output-tokens: 100, aliases: [other] }
              - { id: all-minilm-l6-v2, kind: embedding, provider: local-onnx, max-output-tokens: 256,
                  embedding-dimensions: 384, price: { input-usd-per-million: "5", output-usd-per-million: "0" } }
            """;
    private static final String TODAY = LocalDate.now(ZoneOffset.UTC).toString();

    private static NovaiCluster cluster;
    private static Http http;

    @BeforeAll
    static void start() {
        cluster = NovaiCluster.start(NovaiCluster.registry(REGISTRY), Map.of(), Map.of(
                "novai.tiers.free.rpm-limit", "2",
                "novai.tiers.free.budget-usd", "5",
                "novai.tiers.free.budget-period", "day",
                "novai.http.max-body-size", "4096",
                "novai.cors.allowed-origins.0", "https://app.example.com"));
        http = new Http(cluster.gatewayPort());
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void everyAnswerCarriesTheRateLimitHeadersAndTheLimitRefusesTheRest() {
        Keys key = Keys.create(http, "{\"name\":\"rpm-3\",\"rpm_limit\":3,\"tpm_limit\":100000}");
        for (int i = 3; i >= 1; i--) {
            HttpResponse<String> ok = http.send(key.request(http, "/v1/chat/completions").POST(chat("novai-echo", 10))
                                                        .build());
            assertThat(ok.body(), ok.statusCode(), is(200));
            assertThat(ok.headers().firstValue("X-RateLimit-Limit-RPM").orElse(null), is("3"));
            assertThat(ok.headers().firstValue("x-ratelimit-remaining-requests").orElse(null), is(String.valueOf(i - 1)));
            assertThat(ok.headers().firstValue("x-ratelimit-limit-tokens").orElse(null), is("100000"));
            assertThat(ok.headers().firstValue("X-RateLimit-Remaining-TPM").orElse(null), notNullValue());
            assertThat(ok.headers().firstValue("x-ratelimit-reset-requests").orElse("")
                               .matches("[0-9.]+m?s|[0-9]+m[0-9.]+s"), is(true));
        }
        HttpResponse<String> refused = http.send(key.request(http, "/v1/chat/completions").POST(chat("novai-echo", 10))
                                                         .build());
        assertThat(refused.statusCode(), is(429));
        assertThat(Integer.parseInt(refused.headers().firstValue("retry-after").orElseThrow()) >= 1, is(true));
        assertThat(refused.headers().firstValue("retry-after-ms").orElse(null), notNullValue());
        assertThat(json(refused).path("error").path("code").asText(), is("rate_limit_exceeded"));
        OpenAiSchemas.assertValidOpenAi("ErrorResponse", refused.body());
    }

    @Test
    void theOpenAiSdkSeesARateLimitException() {
        Keys key = Keys.create(http, "{\"name\":\"sdk\",\"rpm_limit\":1}");
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(cluster.baseUrl()).apiKey(key.secret())
                .maxRetries(0).build();
        try {
            ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("novai-echo")
                    .addUserMessage("hello").maxCompletionTokens(5).build();
            client.chat().completions().create(params);
            RateLimitException e = assertThrows(RateLimitException.class, () -> client.chat().completions().create(params));
            assertThat(e.statusCode(), is(429));
        } finally {
            client.close();
        }
    }

    @Test
    void aRequestLargerThanTheTpmLimitIsRefusedWithoutWaitingAdvice() {
        Keys key = Keys.create(http, "{\"name\":\"tpm\",\"tpm_limit\":50}");
        HttpResponse<String> refused = http.send(key.request(http, "/v1/chat/completions").POST(chat("novai-echo", 90))
                                                         .build());
        assertThat(refused.statusCode(), is(429));
        assertThat(json(refused).path("error").path("type").asText(), is("tokens"));
        assertThat(refused.headers().firstValue("x-ratelimit-limit-tokens").orElse(null), is("50"));
    }

    @Test
    void aKeyMayOnlyUseItsAllowedModels() {
        Keys key = Keys.create(http, "{\"name\":\"models\",\"allowed_models\":[\"other-echo\"]}");
        HttpResponse<String> refused = http.send(key.request(http, "/v1/chat/completions").POST(chat("novai-echo", 5))
                                                         .build());
        HttpResponse<String> allowed = http.send(key.request(http, "/v1/chat/completions").POST(chat("other-echo", 5))
                                                         .build());

        assertThat(refused.statusCode(), is(403));
        assertThat(json(refused).path("error").path("code").asText(), is("model_not_allowed"));
        assertThat(json(refused).path("error").path("param").asText(), is("model"));
        assertThat(allowed.statusCode(), is(200));
    }

    @Test
    void theModelsApiShowsOnlyTheModelsAKeyMayUse() {
        Keys embeddingsOnly = Keys.create(http, "{\"name\":\"embeddings-only\",\"allowed_models\":[\"all-minilm-l6-v2\"]}");
        Keys byAlias = Keys.create(http, "{\"name\":\"by-alias\",\"allowed_models\":[\"other\"]}");

        HttpResponse<String> listed = http.send(embeddingsOnly.request(http, "/v1/models").GET().build());
        assertThat(listed.body(), listed.statusCode(), is(200));
        assertThat(json(listed).path("data").findValuesAsText("id"), contains("all-minilm-l6-v2"));
        HttpResponse<String> hidden = http.send(embeddingsOnly.request(http, "/v1/models/novai-echo").GET().build());
        assertThat(hidden.body(), hidden.statusCode(), is(404));
        assertThat(json(hidden).path("error").path("code").asText(), is("model_not_found"));
        assertThat(json(hidden).path("error").path("param").asText(), is("model"));
        assertThat(http.send(embeddingsOnly.request(http, "/v1/models/all-minilm-l6-v2").GET().build()).statusCode(),
                   is(200));

        HttpResponse<String> aliased = http.send(byAlias.request(http, "/v1/models").GET().build());
        assertThat(json(aliased).path("data").findValuesAsText("id"), contains("other-echo"));
        assertThat(http.send(byAlias.request(http, "/v1/models/other-echo").GET().build()).statusCode(), is(200));
        assertThat(http.send(byAlias.request(http, "/v1/models/other").GET().build()).statusCode(), is(200));
        assertThat(http.send(byAlias.request(http, "/v1/models/novai-echo").GET().build()).statusCode(), is(404));
        HttpResponse<String> everything = http.send(http.request("/v1/models")
                .header("Authorization", "Bearer " + NovaiCluster.DEV_KEY).GET().build());
        assertThat(json(everything).path("data").findValuesAsText("id"),
                   contains("novai-echo", "other-echo", "all-minilm-l6-v2"));
    }

    @Test
    void aSpentBudgetAnswersInsufficientQuotaUntilThePeriodResets() {
        Keys key = Keys.create(http, "{\"name\":\"broke\",\"budget_usd\":0.0001,\"budget_period\":\"day\"}");
        HttpResponse<String> refused = http.send(key.request(http, "/v1/chat/completions").POST(chat("novai-echo", 100))
                                                         .build());
        assertThat(refused.statusCode(), is(429));
        assertThat(json(refused).path("error").path("code").asText(), is("insufficient_quota"));
        assertThat(json(refused).path("error").path("type").asText(), is("insufficient_quota"));
        long retryAfter = Long.parseLong(refused.headers().firstValue("retry-after").orElseThrow());
        assertThat(retryAfter > 0 && retryAfter <= 86_400, is(true));
    }

    @Test
    void tierDefaultsApplyUntilTheKeyOverridesThemAndChangesApplyAtOnce() {
        Keys key = Keys.create(http, "{\"name\":\"free\",\"tier\":\"free\"}");
        JsonNode shown = json(http.send(Keys.admin(http, "/v1/admin/keys/" + key.id()).GET().build()));
        assertThat(shown.path("rpm_limit").asInt(), is(2));
        assertThat(shown.path("budget_usd").decimalValue().compareTo(java.math.BigDecimal.valueOf(5)), is(0));
        assertThat(shown.path("budget_period").asText(), is("day"));
        OpenAiSchemas.assertValidNovai("ApiKey", shown.toString());
        for (int i = 0; i < 2; i++) {
            assertThat(http.send(key.request(http, "/v1/chat/completions").POST(chat("novai-echo", 5)).build())
                               .statusCode(), is(200));
        }
        assertThat(http.send(key.request(http, "/v1/chat/completions").POST(chat("novai-echo", 5)).build())
                           .statusCode(), is(429));

        HttpResponse<String> raised = http.send(Keys.admin(http, "/v1/admin/keys/" + key.id())
                                                        .method("PATCH", body("{\"rpm_limit\":10}")).build());
        assertThat(raised.body(), raised.statusCode(), is(200));
        assertThat(json(raised).path("rpm_limit").asInt(), is(10));
        assertThat(json(raised).path("current_period_spend_usd").decimalValue().signum(), is(1));
        assertThat(http.send(key.request(http, "/v1/chat/completions").POST(chat("novai-echo", 5)).build())
                           .statusCode(), is(200));

        assertThat(http.send(Keys.admin(http, "/v1/admin/keys/" + key.id()).DELETE().build()).statusCode(), is(200));
        HttpResponse<String> afterRevoke = http.send(Keys.admin(http, "/v1/admin/keys/" + key.id())
                                                             .method("PATCH", body("{\"rpm_limit\":20}")).build());
        assertThat(afterRevoke.statusCode(), is(409));
        assertThat(json(afterRevoke).path("error").path("code").asText(), is("key_revoked"));
    }

    @Test
    void usageReportsTheCallersOwnTotalsPerDayAndModel() {
        Keys key = Keys.create(http, "{\"name\":\"usage\"}");
        for (String model : new String[] {"novai-echo", "novai-echo", "other-echo"}) {
            assertThat(http.send(key.request(http, "/v1/chat/completions").POST(chat(model, 5)).build()).statusCode(),
                       is(200));
        }
        HttpResponse<String> usage = http.send(key.request(http, "/v1/usage?start_date=" + TODAY + "&end_date=" + TODAY)
                                                       .GET().build());
        assertThat(usage.body(), usage.statusCode(), is(200));
        OpenAiSchemas.assertValidNovai("UsageResponse", usage.body());
        JsonNode data = json(usage).path("data");
        assertThat(data.size(), is(2));
        assertThat(data.get(0).path("model").asText(), is("novai-echo"));
        assertThat(data.get(0).path("requests").asInt(), is(2));
        assertThat(data.get(0).path("date").asText(), is(TODAY));
        assertThat(data.get(0).path("cost_usd").decimalValue().signum(), is(1));
        assertThat(data.get(1).path("cost_usd").decimalValue().signum(), is(0));
        assertThat(json(usage).path("total_cost_usd").decimalValue(), is(data.get(0).path("cost_usd").decimalValue()));

        HttpResponse<String> byModel = http.send(key.request(http, "/v1/usage?start_date=" + TODAY + "&end_date="
                + TODAY + "&group_by=model").GET().build());
        assertThat(json(byModel).path("data").get(0).path("date").isNull(), is(true));

        HttpResponse<String> admin = http.send(Keys.admin(http, "/v1/usage?start_date=" + TODAY + "&end_date=" + TODAY
                + "&group_by=day&key_id=" + key.id()).GET().build());
        assertThat(admin.body(), admin.statusCode(), is(200));
        assertThat(json(admin).path("data").get(0).path("requests").asInt(), is(3));
        assertThat(json(admin).path("data").get(0).has("key_id"), is(false));

        HttpResponse<String> byKey = http.send(Keys.admin(http, "/v1/usage?start_date=" + TODAY + "&end_date=" + TODAY
                + "&group_by=key").GET().build());
        assertThat(byKey.body(), byKey.statusCode(), is(200));
        OpenAiSchemas.assertValidNovai("UsageResponse", byKey.body());
        JsonNode rowOfKey = null;
        for (JsonNode row : json(byKey).path("data")) {
            if (row.path("key_id").asText().equals(key.id())) {
                rowOfKey = row;
            }
        }
        assertThat(byKey.body(), rowOfKey == null, is(false));
        assertThat(rowOfKey.path("requests").asInt(), is(3));
        assertThat(rowOfKey.path("date").isNull(), is(true));
        assertThat(rowOfKey.path("model").isNull(), is(true));
    }

    @Test
    void embeddingsAreLimitedAndBilledForTheirInputTokens() {
        Keys key = Keys.create(http, "{\"name\":\"embed\",\"rpm_limit\":1}");
        HttpResponse<String> embedded = http.send(key.request(http, "/v1/embeddings").POST(body(
                "{\"model\":\"all-minilm-l6-v2\",\"input\":[\"first sentence\",\"second one\"]}")).build());
        assertThat(embedded.body(), embedded.statusCode(), is(200));
        assertThat(embedded.headers().firstValue("x-ratelimit-remaining-requests").orElse(null), is("0"));
        long promptTokens = json(embedded).path("usage").path("prompt_tokens").asLong();

        HttpResponse<String> refused = http.send(key.request(http, "/v1/embeddings").POST(body(
                "{\"model\":\"all-minilm-l6-v2\",\"input\":\"third\"}")).build());
        assertThat(refused.statusCode(), is(429));

        JsonNode row = json(http.send(key.request(http, "/v1/usage?start_date=" + TODAY + "&end_date=" + TODAY)
                                              .GET().build())).path("data").get(0);
        assertThat(row.path("model").asText(), is("all-minilm-l6-v2"));
        assertThat(row.path("prompt_tokens").asLong(), is(promptTokens));
        assertThat(row.path("completion_tokens").asLong(), is(0L));
        assertThat(row.path("cost_usd").decimalValue().compareTo(
                java.math.BigDecimal.valueOf(promptTokens * 5, 6)), is(0));
    }

    @Test
    void badUsageQueriesAreA400NamingTheParameter() {
        String[][] cases = {
                {"end_date=2026-01-01", "start_date"},
                {"start_date=2026-13-01&end_date=2026-12-01", "start_date"},
                {"start_date=2026-02-01&end_date=2026-01-01", "end_date"},
                {"start_date=2024-01-01&end_date=2026-01-01", "end_date"},
                {"start_date=2026-01-01&end_date=2026-01-02&group_by=week", "group_by"},
                {"start_date=2026-01-01&end_date=2026-01-02&key_id=key_x", "key_id"}};
        for (String[] bad : cases) {
            HttpResponse<String> response = http.send(http.request("/v1/usage?" + bad[0])
                                                              .header("Authorization", "Bearer " + NovaiCluster.DEV_KEY)
                                                              .GET().build());
            assertThat(bad[0], response.statusCode(), is(400));
            assertThat(bad[0], json(response).path("error").path("param").asText(), is(bad[1]));
        }
    }

    @Test
    void anOversizedBodyIsA413() {
        String big = "x".repeat(5000);
        HttpResponse<String> response = http.send(http.request("/v1/chat/completions")
                                                          .header("Authorization", "Bearer " + NovaiCluster.DEV_KEY)
                                                          .header("Content-Type", "application/json")
                                                          .POST(body("{\"model\":\"novai-echo\",\"messages\":[{\"role\":"
                                                                             + "\"user\",\"content\":\"" + big + "\"}]}"))
                                                          .build());
        assertThat(response.statusCode(), is(413));
        assertThat(json(response).path("error").path("code").asText(), is("request_too_large"));
    }

    @Test
    void browsersFromAnAllowedOriginMayCallAndReadTheLimitHeaders() {
        HttpResponse<String> preflight = http.send(http.request("/v1/chat/completions")
                                                           .header("Origin", "https://app.example.com")
                                                           .header("Access-Control-Request-Method", "POST")
                                                           .header("Access-Control-Request-Headers", "authorization")
                                                           .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                                                           .build());
        assertThat(preflight.statusCode(), is(200));
        assertThat(preflight.headers().firstValue("access-control-allow-origin").orElse(null),
                   is("https://app.example.com"));

        HttpResponse<String> call = http.send(http.request("/v1/models").header("Origin", "https://app.example.com")
                                                      .header("Authorization", "Bearer " + NovaiCluster.DEV_KEY)
                                                      .GET().build());
        assertThat(call.statusCode(), is(200));
        assertThat(String.join(",", call.headers().allValues("access-control-expose-headers")).toLowerCase(),
                   org.hamcrest.Matchers.containsString("x-ratelimit-remaining-requests"));
    }

    private static HttpRequest.BodyPublisher chat(String model, int maxTokens) {
        return body("{\"model\":\"" + model + "\",\"max_tokens\":" + maxTokens
                            + ",\"messages\":[{\"role\":\"user\",\"content\":\"hello there\"}]}");
    }

    private static HttpRequest.BodyPublisher body(String json) {
        return HttpRequest.BodyPublishers.ofString(json);
    }
}
