package ai.novai.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import ai.novai.gateway.testing.Http;
import ai.novai.gateway.testing.Keys;
import ai.novai.gateway.testing.NovaiCluster;
import ai.novai.gateway.testing.TestDatabases;
import ai.novai.gateway.testing.TestDatabases.TestDatabase;
import ai.novai.inference.fakes.Brownout;
import ai.novai.inference.fakes.FakeOpenAiUpstream;
import ai.novai.inference.fakes.FakeReply;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;

/**
 * An upstream in a brownout (a share of its answers 500 or 429, the rest fine), one deployment, no fallback,
 * the default routing settings: a client through NovAI must succeed at least as often as one calling the
 * upstream directly (three attempts at 80 % each make ≈ 99 %), streamed and not, at brownouts of 5, 20 and
 * 50 %, in that order on one NovAI (breaker state carries over, as it would in production). Only served
 * attempts are billed: one ledger row per 200, with the served attempt's usage; nothing for the failed ones.
 */
class UpstreamBrownoutTest {

    private static final int REQUESTS_PER_LEVEL = 40;
    private static final int CONCURRENCY = 6;
    private static final int PROMPT_TOKENS = 11;
    private static final int COMPLETION_TOKENS = 3;

    private record Level(double failingShare, double novaiAtLeast) {
    }

    // the floors are far below what three attempts give (1 - share³: 99.99 %, 99.2 %, 87.5 %) and far above
    // what a single attempt gives, so that neither luck nor a loaded machine decides
    private static final List<Level> LEVELS = List.of(new Level(0.05, 0.97), new Level(0.20, 0.90),
                                                      new Level(0.50, 0.70));

    private record Outcome(int status, boolean stream, String problem) {
        boolean ok() {
            return status == 200 && problem == null;
        }
    }

    @Test
    void throughNovaiFailsLessThanTheUpstreamAndBillsOnlyServedAttempts() throws Exception {
        try (FakeOpenAiUpstream upstream = FakeOpenAiUpstream.start();
             TestDatabase database = TestDatabases.postgres()) {
            String registry = """
                    providers:
                      browning: { type: openai, base-url: "%s", api-key-env: UPSTREAM_KEY }
                    models:
                      - { id: gpt-brownout, provider: browning,
                          price: { input-usd-per-million: "2", output-usd-per-million: "8" } }
                    """.formatted(upstream.baseUrl());
            try (NovaiCluster cluster = NovaiCluster.start(NovaiCluster.registry(registry),
                                                           Map.of("UPSTREAM_KEY", "sk-up"),
                                                           database.gatewaySettings())) {
                Http http = new Http(cluster.gatewayPort());
                Keys key = Keys.create(http, "{\"name\":\"brownout\"}");
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                long servedThroughNovai = 0;
                long upstreamCallsThroughNovai = 0;
                for (Level level : LEVELS) {
                    Brownout direct = Brownout.of(level.failingShare(), Duration.ofMillis(10), UpstreamBrownoutTest::reply);
                    upstream.respondWith(direct);
                    List<Outcome> directly = run(client, URI.create(upstream.baseUrl() + "/chat/completions"),
                                                 "Bearer sk-up");

                    Brownout viaNovai = Brownout.of(level.failingShare(), Duration.ofMillis(10), UpstreamBrownoutTest::reply);
                    upstream.respondWith(viaNovai);
                    List<Outcome> throughNovai = run(client, URI.create(cluster.baseUrl() + "/chat/completions"),
                                                     "Bearer " + key.secret());

                    double directRate = successRate(directly);
                    double novaiRate = successRate(throughNovai);
                    String figures = "brownout " + level.failingShare() + ": direct " + directRate + ", through NovAI "
                            + novaiRate + " " + summary(throughNovai) + "; the upstream answered " + viaNovai.served()
                            + " x 200, " + viaNovai.serverErrors() + " x 500, " + viaNovai.rateLimited() + " x 429";
                    System.getLogger(UpstreamBrownoutTest.class.getName()).log(System.Logger.Level.INFO, figures);
                    assertThat(figures, novaiRate, greaterThanOrEqualTo(directRate));
                    assertThat(figures, novaiRate, greaterThanOrEqualTo(level.novaiAtLeast()));
                    for (Outcome outcome : throughNovai) {
                        assertThat(figures + ": " + outcome, outcome.problem() == null, is(true));
                        assertThat(figures + ": " + outcome, outcome.status(), anyOf(is(200), is(429), is(503)));
                    }
                    servedThroughNovai += throughNovai.stream().filter(Outcome::ok).count();
                    upstreamCallsThroughNovai += viaNovai.served() + viaNovai.serverErrors() + viaNovai.rateLimited();
                }

                List<long[]> rows = awaitRows(database, key, servedThroughNovai);
                assertThat("one ledger row per served request", (long) rows.size(), is(servedThroughNovai));
                assertThat("failed attempts reached the upstream", upstreamCallsThroughNovai,
                           greaterThan(servedThroughNovai));
                for (long[] row : rows) {
                    assertThat("the served attempt's usage, nothing of the failed ones", row[0], is((long) PROMPT_TOKENS));
                    assertThat(row[1], is((long) COMPLETION_TOKENS));
                }
            }
        }
    }

    private static FakeReply reply() {
        return FakeReply.text("one two three").usage(PROMPT_TOKENS, COMPLETION_TOKENS);
    }

    // half streamed, half not, alternating, at a fixed concurrency
    private static List<Outcome> run(HttpClient client, URI uri, String authorization) throws Exception {
        try (ExecutorService threads = Executors.newFixedThreadPool(CONCURRENCY, Thread.ofVirtual().factory())) {
            List<Future<Outcome>> outcomes = new ArrayList<>();
            for (int i = 0; i < REQUESTS_PER_LEVEL; i++) {
                boolean stream = i % 2 == 1;
                outcomes.add(threads.submit(() -> call(client, uri, authorization, stream)));
            }
            List<Outcome> result = new ArrayList<>();
            for (Future<Outcome> outcome : outcomes) {
                result.add(outcome.get());
            }
            return result;
        }
    }

    private static Outcome call(HttpClient client, URI uri, String authorization, boolean stream) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-brownout\",\"stream\":" + stream
                        + ",\"stream_options\":" + (stream ? "{\"include_usage\":true}" : "null")
                        + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        return new Outcome(response.statusCode(), stream, problem(response, stream));
    }

    // what is wrong with an answer's shape, or null: an error is OpenAI's, a 200 stream ends complete with [DONE]
    private static String problem(HttpResponse<String> response, boolean stream) {
        if (response.statusCode() != 200) {
            JsonNode error = Http.json(response).path("error");
            return error.has("message") && error.has("type") && error.has("param") && error.has("code")
                    ? null : "not an OpenAI error: " + response.body();
        }
        if (!stream) {
            return Http.json(response).path("choices").path(0).path("message").path("content").isTextual()
                    ? null : "no content: " + response.body();
        }
        List<String> events = List.of(response.body().strip().split("\n\n"));
        if (!events.getLast().equals("data: [DONE]")) {
            return "a stream without [DONE]: " + response.body();
        }
        boolean finished = events.stream().anyMatch(event -> event.contains("\"finish_reason\":\"stop\""));
        boolean failed = events.stream().anyMatch(event -> event.startsWith("data: {\"error\""));
        return finished && !failed ? null : "an incomplete stream: " + response.body();
    }

    private static double successRate(List<Outcome> outcomes) {
        return (double) outcomes.stream().filter(Outcome::ok).count() / outcomes.size();
    }

    private static String summary(List<Outcome> outcomes) {
        Map<String, Long> counts = new java.util.TreeMap<>();
        for (Outcome outcome : outcomes) {
            counts.merge((outcome.stream() ? "stream " : "") + outcome.status(), 1L, Long::sum);
        }
        return counts.toString();
    }

    // prompt and completion tokens of each row of the key, once the rows of the served requests are in
    private static List<long[]> awaitRows(TestDatabase database, Keys key, long expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<long[]> rows = rows(database, key);
        while (rows.size() < expected && System.nanoTime() < deadline) {
            Thread.sleep(100);
            rows = rows(database, key);
        }
        Thread.sleep(300);
        return rows(database, key);
    }

    private static List<long[]> rows(TestDatabase database, Keys key) throws Exception {
        Map<String, String> settings = database.gatewaySettings();
        try (Connection connection = DriverManager.getConnection(settings.get("novai.database.url"),
                                                                 settings.get("novai.database.username"), "");
             PreparedStatement query = connection.prepareStatement(
                     "SELECT prompt_tokens, completion_tokens FROM usage_ledger WHERE key_id = ?")) {
            query.setString(1, key.id());
            List<long[]> rows = new ArrayList<>();
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    rows.add(new long[] {result.getLong(1), result.getLong(2)});
                }
            }
            return rows;
        }
    }
}
