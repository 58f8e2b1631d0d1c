package ai.novai.gateway.testing;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * API keys made through a gateway's admin API, for tests.
 *
 * @param id     the key's id
 * @param secret the key itself
 */
public record Keys(String id, String secret) {

    /** Creates a key with this {@code CreateApiKeyRequest} body. */
    public static Keys create(Http http, String body) {
        HttpResponse<String> created = http.send(admin(http, "/v1/admin/keys")
                                                         .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertThat(created.body(), created.statusCode(), is(201));
        JsonNode key = Http.json(created);
        return new Keys(key.path("id").asText(), key.path("key").asText());
    }

    /** A request to the admin API with the admin token. */
    public static HttpRequest.Builder admin(Http http, String path) {
        return http.request(path).header("Authorization", "Bearer " + NovaiCluster.ADMIN_TOKEN)
                .header("Content-Type", "application/json");
    }

    /** A request to the public API with this key. */
    public HttpRequest.Builder request(Http http, String path) {
        return http.request(path).header("Authorization", "Bearer " + secret)
                .header("Content-Type", "application/json");
    }
}
