package ai.novai.gateway.keys;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import ai.novai.gateway.testing.Http;
import ai.novai.gateway.testing.NovaiCluster;
import ai.novai.gateway.testing.OpenAiSchemas;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static ai.novai.gateway.testing.Http.json;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/**
 * The admin API over real HTTP: a created key works at once on the public API, a revoked one stops.
 */
class AdminKeysApiTest {

    private static NovaiCluster cluster;
    private static Http http;

    @BeforeAll
    static void start() {
        cluster = NovaiCluster.start();
        http = new Http(cluster.gatewayPort());
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void aCreatedKeyWorksUntilItIsRevoked() {
        HttpResponse<String> created = http.send(admin("/v1/admin/keys", NovaiCluster.ADMIN_TOKEN)
                .POST(body("{\"name\":\"ci-runner\",\"owner\":\"platform\"}")).build());
        assertThat(created.body(), created.statusCode(), is(201));
        OpenAiSchemas.assertValidNovai("AdminApiKeyCreated", created.body());
        JsonNode key = json(created);
        String secret = key.path("key").asText();
        String id = key.path("id").asText();
        assertThat(secret, startsWith("sk-novai-"));
        assertThat(key.path("key_prefix").asText(), is(secret.substring(0, 13) + "…"));

        assertThat(models(secret).statusCode(), is(200));

        HttpResponse<String> listed = http.send(admin("/v1/admin/keys", NovaiCluster.ADMIN_TOKEN).GET().build());
        assertThat(listed.body(), not(containsString(secret)));
        assertThat(json(listed).path("data").findValuesAsText("id"), hasItem(id));
        OpenAiSchemas.assertValidNovai("AdminApiKeyList", listed.body());

        HttpResponse<String> revoked = http.send(admin("/v1/admin/keys/" + id, NovaiCluster.ADMIN_TOKEN)
                                                         .DELETE().build());
        assertThat(revoked.statusCode(), is(200));
        assertThat(json(revoked).path("revoked").asBoolean(), is(true));
        OpenAiSchemas.assertValidNovai("ApiKey", revoked.body());

        HttpResponse<String> refused = models(secret);
        assertThat(refused.statusCode(), is(401));
        assertThat(json(refused).path("error").path("code").asText(), is("invalid_api_key"));
    }

    @Test
    void aRefusedCredentialIsEchoedOnlyAsANovaiKeyPrefix() {
        HttpResponse<String> adminToken = models(NovaiCluster.ADMIN_TOKEN);
        HttpResponse<String> otherSecret = models("my-database-password-123");
        HttpResponse<String> wrongKey = models("sk-novai-Wr0ngKeyThatDoesNotExist");

        for (HttpResponse<String> refused : List.of(adminToken, otherSecret, wrongKey)) {
            assertThat(refused.statusCode(), is(401));
            assertThat(json(refused).path("error").path("code").asText(), is("invalid_api_key"));
        }
        assertThat(adminToken.body(), not(containsString(NovaiCluster.ADMIN_TOKEN.substring(0, 4))));
        assertThat(otherSecret.body(), not(containsString("my-d")));
        assertThat(json(wrongKey).path("error").path("message").asText(), containsString("sk-novai-Wr0n..."));
    }

    @Test
    void aBudgetAtTheLedgersPrecisionIsKeptExactly() {
        HttpResponse<String> created = http.send(admin("/v1/admin/keys", NovaiCluster.ADMIN_TOKEN)
                .POST(body("{\"name\":\"micro\",\"budget_usd\":0.000001,\"expires_at\":253402300799}")).build());
        assertThat(created.body(), created.statusCode(), is(201));
        assertThat(json(created).path("budget_usd").decimalValue().compareTo(new java.math.BigDecimal("0.000001")),
                   is(0));
    }

    @Test
    void theAdminApiNeedsTheAdminTokenNotAnApiKey() {
        HttpResponse<String> withKey = http.send(admin("/v1/admin/keys", NovaiCluster.DEV_KEY).GET().build());
        HttpResponse<String> without = http.send(http.request("/v1/admin/keys").GET().build());

        assertThat(withKey.statusCode(), is(401));
        assertThat(json(withKey).path("error").path("code").asText(), is("invalid_admin_token"));
        assertThat(without.statusCode(), is(401));
    }

    @Test
    void badRequestsNameTheParameter() {
        assertBadRequest("{\"owner\":\"x\"}", "name");
        assertBadRequest("{\"name\":\"\"}", "name");
        assertBadRequest("{\"name\":42}", "name");
        assertBadRequest("{\"name\":\"x\",\"expires_at\":1000}", "expires_at");
        assertBadRequest("{\"name\":\"x\",\"expires_at\":\"tomorrow\"}", "expires_at");
        assertBadRequest("{\"name\":\"x\",\"rpm_limit\":0}", "rpm_limit");
        assertBadRequest("{\"name\":\"x\",\"tpm_limit\":1.5}", "tpm_limit");
        assertBadRequest("{\"name\":\"x\",\"budget_usd\":-1}", "budget_usd");
        assertBadRequest("{\"name\":\"x\",\"budget_usd\":0.0000001}", "budget_usd");
        assertBadRequest("{\"name\":\"x\",\"budget_usd\":1.0000005}", "budget_usd");
        assertBadRequest("{\"name\":\"x\",\"expires_at\":9223372036854775807}", "expires_at");
        assertBadRequest("{\"name\":\"x\",\"expires_at\":-9223372036854775808}", "expires_at");
        assertBadRequest("{\"name\":\"x\",\"expires_at\":253402300800}", "expires_at");
        assertBadRequest("{\"name\":\"x\",\"budget_period\":\"week\"}", "budget_period");
        assertBadRequest("{\"name\":\"x\",\"tier\":\"Gold Plus\"}", "tier");
        assertBadRequest("{\"name\":\"x\",\"allowed_models\":[]}", "allowed_models");
        assertBadRequest("{\"name\":\"x\",\"allowed_models\":[\"novai-echo\",\"no-such-model\"]}", "allowed_models[1]");
        assertBadRequest("{\"name\":\"x\",\"colour\":\"blue\"}", "colour");
        for (String query : new String[] {"limit=0", "limit=101", "limit=x", "include_revoked=yes", "after=key_nope",
                                            "search=" + "x".repeat(201)}) {
            HttpResponse<String> response = http.send(admin("/v1/admin/keys?" + query, NovaiCluster.ADMIN_TOKEN)
                                                              .GET().build());
            assertThat(query, response.statusCode(), is(400));
            assertThat(query, json(response).path("error").path("param").asText(), is(query.split("=")[0]));
        }
    }

    @Test
    void unknownKeyIdIsNotFound() {
        HttpResponse<String> response = http.send(admin("/v1/admin/keys/key_nope", NovaiCluster.ADMIN_TOKEN)
                                                          .GET().build());

        assertThat(response.statusCode(), is(404));
        assertThat(json(response).path("error").path("param").asText(), is("key_id"));
    }

    private static void assertBadRequest(String body, String param) {
        HttpResponse<String> response = http.send(admin("/v1/admin/keys", NovaiCluster.ADMIN_TOKEN)
                                                          .POST(body(body)).build());
        assertThat(body, response.statusCode(), is(400));
        assertThat(body, json(response).path("error").path("param").asText(), is(param));
    }

    private static HttpResponse<String> models(String key) {
        return http.send(http.request("/v1/models").header("Authorization", "Bearer " + key).GET().build());
    }

    private static HttpRequest.Builder admin(String path, String token) {
        return http.request(path).header("Authorization", "Bearer " + token).header("Content-Type", "application/json");
    }

    private static HttpRequest.BodyPublisher body(String json) {
        return HttpRequest.BodyPublishers.ofString(json);
    }
}
