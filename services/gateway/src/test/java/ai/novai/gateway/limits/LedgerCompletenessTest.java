package ai.novai.gateway.limits;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import ai.novai.gateway.testing.Http;
import ai.novai.gateway.testing.Keys;
import ai.novai.gateway.testing.NovaiCluster;
import ai.novai.gateway.testing.TestDatabases;
import ai.novai.gateway.testing.TestDatabases.TestDatabase;
import ai.novai.inference.fakes.FakeOpenAiUpstream;
import ai.novai.inference.fakes.FakeReply;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

/**
 * Under concurrent streams, some cut short by their clients at random points, every request the
 * upstream served has exactly one ledger row, priced at the registry's prices.
 */
class LedgerCompletenessTest {

    private static final BigDecimal INPUT_USD_PER_TOKEN = new BigDecimal("0.000002");
    private static final BigDecimal OUTPUT_USD_PER_TOKEN = new BigDecimal("0.000008");
    private static final int REQUESTS = 60;

    @Test
    void everyServedRequestHasOneRowAtTheRightPriceEvenWhenClientsHangUp() throws Exception {
        try (FakeOpenAiUpstream upstream = FakeOpenAiUpstream.start();
             TestDatabase database = TestDatabases.postgres()) {
            upstream.respondWith(request -> FakeReply.text("a b c d e f g h i j").inDeltas(10)
                    .chunkDelay(Duration.ofMillis(30)).usage(11, 10));
            String registry = """
                    providers:
                      upstream: { type: openai, base-url: "%s", api-key-env: UPSTREAM_KEY }
                    models:
                      - { id: gpt-test, provider: upstream, max-output-tokens: 100,
                          price: { input-usd-per-million: "2", output-usd-per-million: "8" } }
                    """.formatted(upstream.baseUrl());
            try (NovaiCluster cluster = NovaiCluster.start(NovaiCluster.registry(registry),
                                                           Map.of("UPSTREAM_KEY", "sk-up"),
                                                           database.gatewaySettings())) {
                Http http = new Http(cluster.gatewayPort());
                Keys key = Keys.create(http, "{\"name\":\"ledger\"}");

                int hungUp = streamConcurrently(cluster, key);

                List<Row> rows = awaitRows(database, key, upstream);
                assertThat(hungUp, greaterThan(0));
                assertThat(rows.size(), is((int) upstream.requestCount()));
                Set<String> requestIds = new HashSet<>();
                for (Row row : rows) {
                    assertThat("one row per request", requestIds.add(row.requestId()), is(true));
                    BigDecimal expected = INPUT_USD_PER_TOKEN.multiply(BigDecimal.valueOf(row.promptTokens()))
                            .add(OUTPUT_USD_PER_TOKEN.multiply(BigDecimal.valueOf(row.completionTokens())));
                    assertThat(row.toString(), row.cost().compareTo(expected), is(0));
                    if (row.status().equals("completed")) {
                        assertThat(row.promptTokens(), is(11L));
                        assertThat(row.completionTokens(), is(10L));
                    }
                }
                // every stream read to its end is billed completed; one its client hung up on is billed as cut
                // unless the gateway had written all of it before the hang-up (a client slow on a loaded machine
                // reads its first lines after the last one went out): at most the hung-up ones are not completed
                long completed = rows.stream().filter(row -> row.status().equals("completed")).count();
                assertThat(completed, greaterThanOrEqualTo((long) (REQUESTS - hungUp)));
                assertThat(rows.size() - completed, lessThanOrEqualTo((long) hungUp));
                assertThat("hang-ups are billed as cut, not as completed", rows.size() - completed, greaterThan(0L));
            }
        }
    }

    // Streams every request; a random third of the clients hang up after a random number of lines.
    private static int streamConcurrently(NovaiCluster cluster, Keys key) throws Exception {
        Random random = new Random(42);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Boolean>> hangUps = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                int hangUpAfter = random.nextInt(3) == 0 ? 1 + random.nextInt(6) : Integer.MAX_VALUE;
                hangUps.add(threads.submit(() -> stream(client, cluster, key, hangUpAfter)));
            }
            int hungUp = 0;
            for (Future<Boolean> hangUp : hangUps) {
                hungUp += hangUp.get() ? 1 : 0;
            }
            return hungUp;
        }
    }

    // true when the client hung up before the end
    private static boolean stream(HttpClient client, NovaiCluster cluster, Keys key, int hangUpAfter)
            throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(cluster.baseUrl() + "/chat/completions"))
                .header("Authorization", "Bearer " + key.secret())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"gpt-test\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode(), is(200));
        try (InputStream body = response.body();
             BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            int events = 0;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("data:") && ++events >= hangUpAfter) {
                    return true;
                }
                if (line.equals("data: [DONE]")) {
                    return false;
                }
            }
            return false;
        }
    }

    private record Row(String requestId, long promptTokens, long completionTokens, BigDecimal cost, String status) {
    }

    // Hung-up streams are billed when the gateway notices the client is gone: wait for them.
    private static List<Row> awaitRows(TestDatabase database, Keys key, FakeOpenAiUpstream upstream)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        List<Row> rows = rows(database, key);
        while (rows.size() < upstream.requestCount() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            rows = rows(database, key);
        }
        Thread.sleep(300);
        return rows(database, key);
    }

    private static List<Row> rows(TestDatabase database, Keys key) throws Exception {
        Map<String, String> settings = database.gatewaySettings();
        try (Connection connection = DriverManager.getConnection(settings.get("novai.database.url"),
                                                                 settings.get("novai.database.username"), "");
             PreparedStatement query = connection.prepareStatement(
                     "SELECT request_id, prompt_tokens, completion_tokens, cost_usd, status FROM usage_ledger "
                             + "WHERE key_id = ?")) {
            query.setString(1, key.id());
            List<Row> rows = new ArrayList<>();
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    rows.add(new Row(result.getString(1), result.getLong(2), result.getLong(3),
                                     result.getBigDecimal(4), result.getString(5)));
                }
            }
            return rows;
        }
    }
}
