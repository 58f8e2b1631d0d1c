package ai.novai.gateway.keys;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

import ai.novai.gateway.testing.Http;
import ai.novai.gateway.testing.NovaiCluster;
import ai.novai.gateway.testing.TestDatabases;
import ai.novai.inference.fakes.TcpRelay;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * PostgreSQL down (issue 12: LiteLLM answered valid keys 401 while its database was down): a key the gateway has
 * seen keeps working, one it has not gets 503 and never 401, and once the database is back everything is asked
 * again, without a restart.
 */
class KeyStoreOutageTest {

    private static final String UNKNOWN = "sk-novai-never-issued-0123456789abcdef";

    @Test
    void aKnownKeyKeepsWorkingAnUnknownOneGets503AndTheDatabaseComesBack() throws Exception {
        try (TestDatabases.TestDatabase postgres = TestDatabases.postgres()) {
            TcpRelay database = TcpRelay.to(5432);
            int port = database.port();
            Map<String, String> settings = new HashMap<>(postgres.gatewaySettings());
            settings.put("novai.database.url", settings.get("novai.database.url")
                    .replace("127.0.0.1:5432", "127.0.0.1:" + port));
            settings.put("novai.database.connect-timeout", "PT1S");
            settings.put("novai.auth.cache-ttl", "PT0.5S");
            try (NovaiCluster cluster = NovaiCluster.start(Map.of(), Map.of(), settings)) {
                assertThat(models(cluster, NovaiCluster.DEV_KEY).statusCode(), is(200));

                database.close();
                Thread.sleep(700);

                assertThat("a key seen before works on", models(cluster, NovaiCluster.DEV_KEY).statusCode(), is(200));
                HttpResponse<String> unknown = models(cluster, UNKNOWN);
                assertThat(unknown.body(), unknown.statusCode(), is(503));
                assertThat(Http.json(unknown).path("error").path("code").asText(), is("service_unavailable"));
                assertThat(unknown.headers().firstValue("Retry-After").isPresent(), is(true));

                try (TcpRelay back = TcpRelay.listening(port, 5432)) {
                    // the pool reconnects on its own (within its connection timeout and retry period)
                    int recovered = models(cluster, UNKNOWN).statusCode();
                    long deadline = System.nanoTime() + 15_000_000_000L;
                    while (recovered == 503 && System.nanoTime() < deadline) {
                        Thread.sleep(200);
                        recovered = models(cluster, UNKNOWN).statusCode();
                    }
                    assertThat("asked again once the database is back", recovered, is(401));
                    assertThat(models(cluster, NovaiCluster.DEV_KEY).statusCode(), is(200));
                }
            }
        }
    }

    private static HttpResponse<String> models(NovaiCluster cluster, String key) throws Exception {
        return HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cluster.gatewayPort() + "/v1/models"))
                        .header("Authorization", "Bearer " + key).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
