package ai.novai.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An API key the gateway issued through its admin API ({@code POST /v1/admin/keys}, answered {@code 201}
 * with an {@code AdminApiKeyCreated}).
 *
 * @param id     the key's id ({@code key_...}), as the usage ledger's {@code key_id} names it
 * @param secret the plaintext key ({@code sk-novai-...}), the client's bearer token
 */
record IssuedKey(String id, String secret) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Asks the gateway for a new key.
     *
     * @param adminKeys  the gateway's {@code /v1/admin/keys}
     * @param adminToken its admin bearer token
     * @param request    the {@code CreateApiKeyRequest} as JSON
     * @throws IOException when the gateway cannot be reached or does not answer {@code 201} with both fields
     */
    static IssuedKey create(URI adminKeys, String adminToken, String request) throws IOException {
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpResponse<String> created = client.send(
                    HttpRequest.newBuilder(adminKeys)
                            .timeout(Duration.ofSeconds(10))
                            .header("Authorization", "Bearer " + adminToken)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(request, StandardCharsets.UTF_8))
                            .build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (created.statusCode() != 201) {
                throw new IOException("POST " + adminKeys + " answered " + created.statusCode() + ": "
                                              + LoadGenerator.abbreviate(created.body()));
            }
            JsonNode key = JSON.readTree(created.body());
            if (!key.path("id").isTextual() || !key.path("key").isTextual()) {
                throw new IOException("POST " + adminKeys + " answered without id or key: "
                                              + LoadGenerator.abbreviate(created.body()));
            }
            return new IssuedKey(key.path("id").asText(), key.path("key").asText());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while creating an API key", e);
        }
    }
}
