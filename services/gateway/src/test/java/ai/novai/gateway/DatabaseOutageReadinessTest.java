package ai.novai.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

import ai.novai.gateway.testing.NovaiCluster;
import ai.novai.gateway.testing.TestDatabases;
import ai.novai.inference.fakes.TcpRelay;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * A database blip does not take the gateways out of rotation: readiness is the drain state, the database is a
 * start-up check ({@code /observe/health/started}). Before, readiness checked the database with a probe timeout
 * of a second while a connection may wait five: one blip and every gateway left the Service at once.
 */
class DatabaseOutageReadinessTest {

    @Test
    void readinessStaysUpWhileTheDatabaseIsUnreachable() throws Exception {
        try (TestDatabases.TestDatabase postgres = TestDatabases.postgres();
             TcpRelay relay = TcpRelay.to(5432)) {
            Map<String, String> settings = new HashMap<>(postgres.gatewaySettings());
            settings.put("novai.database.url", settings.get("novai.database.url")
                    .replace("127.0.0.1:5432", "127.0.0.1:" + relay.port()));
            try (NovaiCluster cluster = NovaiCluster.start(Map.of(), Map.of(), settings)) {
                assertThat(status(cluster, "/observe/health/ready"), is(200));
                assertThat(status(cluster, "/observe/health/started"), is(200));

                relay.close();

                long until = System.nanoTime() + 3_000_000_000L;
                while (System.nanoTime() < until) {
                    assertThat("ready while the database is down", status(cluster, "/observe/health/ready"), is(200));
                    Thread.sleep(200);
                }
                // (a pooled connection may answer until the pool finds it broken)
                int started = status(cluster, "/observe/health/started");
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (started != 503 && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                    started = status(cluster, "/observe/health/started");
                }
                assertThat("the start-up check sees the database down", started, is(503));
            }
        }
    }

    private static int status(NovaiCluster cluster, String path) throws Exception {
        return HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cluster.managementPort() + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
