package ai.novai.gateway.billing;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import ai.novai.gateway.RunningGateway;
import ai.novai.gateway.testing.Http;
import ai.novai.gateway.testing.Keys;
import ai.novai.gateway.testing.NovaiCluster;
import ai.novai.gateway.testing.TestDatabases;
import ai.novai.gateway.testing.TestDatabases.TestDatabase;
import ai.novai.inference.fakes.FakeOpenAiUpstream;
import ai.novai.inference.fakes.FakeReply;
import ai.novai.inference.fakes.TcpRelay;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

/**
 * PostgreSQL cut (through a relay) for five seconds while chat (streamed and not) and embeddings traffic runs
 * (issue 12: LiteLLM lost the spend of such a window): every request is answered 200, every one has exactly one
 * ledger row once the database is back, none has two, the ledger's sums equal what the clients were told they
 * used, and the gateway goes back to the database without a restart. A budget whose spend was never loaded
 * answers 503, not 500, meanwhile. A gateway stopped with rows in its spool leaves them to the next one on
 * the directory, which replays them at start. A full spool refuses new requests with 503 before any model is
 * called. (Without the spool, the same outage answered non-streams 500 and ended streams with an error after
 * their last token, with the model paid and no ledger row.)
 */
class LedgerOutageEndToEndTest {

    private static final String REGISTRY = """
            providers:
              echo: { type: echo, pace: PT0.005S }
              local-onnx: { type: local-onnx }
            models:
              - { id: novai-echo, kind: chat, provider: echo, max-output-tokens: 100,
                  price: { input-usd-per-million: "3", output-usd-per-million: "7" } }
              - { id: all-minilm-l6-v2, kind: embedding, provider: local-onnx, max-output-tokens: 256,
                  embedding-dimensions: 384, price: { input-usd-per-million: "5", output-usd-per-million: "0" } }
            """;
    private static final BigDecimal CHAT_INPUT = new BigDecimal("0.000003");
    private static final BigDecimal CHAT_OUTPUT = new BigDecimal("0.000007");
    private static final BigDecimal EMBEDDING_INPUT = new BigDecimal("0.000005");
    private static final int WORKERS = 4;
    private static final Duration OUTAGE = Duration.ofSeconds(5);

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicInteger requestNumber = new AtomicInteger();

    /** What a client was told: its request id and the cost of the usage it was shown. */
    private record Served(String requestId, BigDecimal cost, long finishedNanos) {
    }

    @Test
    void everyRequestServedDuringTheOutageIsBilledOnceAfterIt() throws Exception {
        try (TestDatabase postgres = TestDatabases.postgres()) {
            TcpRelay database = TcpRelay.to(5432);
            int port = database.port();
            try (NovaiCluster cluster = NovaiCluster.start(NovaiCluster.registry(REGISTRY), Map.of(),
                                                           settings(postgres, port))) {
                Http http = new Http(cluster.gatewayPort());
                Keys budgeted = Keys.create(http, "{\"name\":\"budgeted\",\"budget_usd\":100}");
                Keys cold = Keys.create(http, "{\"name\":\"cold\",\"budget_usd\":100}");
                List<Keys> keys = List.of(new Keys("dev", NovaiCluster.DEV_KEY), budgeted);
                ConcurrentLinkedQueue<Served> served = new ConcurrentLinkedQueue<>();
                // every key seen (cached), the budget of one loaded, the embedding model loaded
                for (Keys key : keys) {
                    served.add(call(cluster, key, 0).orElseThrow());
                    served.add(call(cluster, key, 2).orElseThrow());
                }
                assertThat(models(cluster, cold), is(200));

                ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
                AtomicBoolean running = new AtomicBoolean(true);
                long cutNanos;
                long restoredNanos;
                int coldStatus;
                TcpRelay restored;
                try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                    for (int w = 0; w < WORKERS; w++) {
                        Keys key = keys.get(w % keys.size());
                        int worker = w;
                        threads.submit(() -> traffic(cluster, key, worker, running, served, failures));
                    }
                    Thread.sleep(1500);
                    cutNanos = System.nanoTime();
                    database.close();
                    Thread.sleep(1500);
                    coldStatus = coldChat(cluster, cold);
                    Thread.sleep(OUTAGE.toMillis() - 1500);
                    restoredNanos = System.nanoTime();
                    restored = TcpRelay.listening(port, 5432);
                    Thread.sleep(2000);
                    running.set(false);
                }
                try (restored) {
                    assertThat(failures.toString(), failures, is(empty()));
                    long duringOutage = served.stream()
                            .filter(s -> s.finishedNanos() > cutNanos && s.finishedNanos() < restoredNanos).count();
                    assertThat("requests were served while the database was down", duringOutage, is(greaterThan(10L)));
                    assertThat("a budget never loaded is not guessed while the database is down", coldStatus, is(503));

                    long rowsAtRestore = rows(postgres).size();
                    List<String> ids = awaitRows(postgres, served.size());
                    long replayedNanos = System.nanoTime();
                    assertThat(ids.size(), is(served.size()));
                    assertThat("one row per served request, none twice", Set.copyOf(ids),
                               is(served.stream().map(Served::requestId).collect(java.util.stream.Collectors.toSet())));
                    BigDecimal billed = served.stream().map(Served::cost).reduce(BigDecimal.ZERO, BigDecimal::add);
                    assertThat(totalCost(postgres).compareTo(billed), is(0));
                    System.out.printf("ledger outage: %d requests served (%d finished during the %d s outage), "
                                              + "%d rows in the ledger at the end (%d when the relay was back, spool "
                                              + "empty %d ms after)%n", served.size(), duringOutage,
                                      OUTAGE.toSeconds(), ids.size(), rowsAtRestore,
                                      Duration.ofNanos(replayedNanos - restoredNanos).toMillis());

                    // without a restart: rows go to the database directly again, and the cold budget loads
                    assertThat(coldChat(cluster, cold), is(200));
                    assertThat(call(cluster, keys.getFirst(), 1).isPresent(), is(true));
                    assertThat(rows(postgres).size(), is(served.size() + 2));
                    assertThat(Files.size(spoolFile(cluster)), is(0L));
                }
            }
        }
    }

    @Test
    void aGatewayStartedOnASpoolWithRowsReplaysThem() throws Exception {
        try (TestDatabase postgres = TestDatabases.postgres()) {
            TcpRelay database = TcpRelay.to(5432);
            int port = database.port();
            Map<String, String> settings = settings(postgres, port);
            settings.put("novai.ledger.spool.shutdown-replay", "PT0S");
            try (NovaiCluster cluster = NovaiCluster.start(NovaiCluster.registry(REGISTRY), Map.of(), settings)) {
                Keys dev = new Keys("dev", NovaiCluster.DEV_KEY);
                assertThat(call(cluster, dev, 0).isPresent(), is(true));
                database.close();
                List<Served> served = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    served.add(call(cluster, dev, i % 3).orElseThrow());
                }
                assertThat(Files.size(spoolFile(cluster)), is(greaterThan(0L)));
                // stopped with the database still down: the rows stay in the spool
                cluster.gateway().close();
                assertThat(Files.size(spoolFile(cluster)), is(greaterThan(0L)));

                try (TcpRelay restored = TcpRelay.listening(port, 5432);
                     RunningGateway next = cluster.startGateway(settings)) {
                    List<String> ids = awaitRows(postgres, served.size() + 1);
                    assertThat(ids.size(), is(served.size() + 1));
                    assertThat(Set.copyOf(ids).containsAll(served.stream().map(Served::requestId).toList()), is(true));
                    assertThat(Set.copyOf(ids).size(), is(ids.size()));
                }
            }
        }
    }

    @Test
    void aFullSpoolRefusesNewRequestsBeforeAnyModelIsCalled() throws Exception {
        try (TestDatabase postgres = TestDatabases.postgres();
             FakeOpenAiUpstream upstream = FakeOpenAiUpstream.start()) {
            upstream.respondWith(request -> FakeReply.text("a b c").usage(5, 3));
            String registry = """
                    providers:
                      upstream: { type: openai, base-url: "%s", api-key-env: UPSTREAM_KEY }
                    models:
                      - { id: gpt-test, provider: upstream, max-output-tokens: 100,
                          price: { input-usd-per-million: "2", output-usd-per-million: "8" } }
                    """.formatted(upstream.baseUrl());
            TcpRelay database = TcpRelay.to(5432);
            int port = database.port();
            Map<String, String> settings = settings(postgres, port);
            // one row fills it
            settings.put("novai.ledger.spool.max-bytes", "100");
            try (NovaiCluster cluster = NovaiCluster.start(NovaiCluster.registry(registry),
                                                           Map.of("UPSTREAM_KEY", "sk-up"), settings)) {
                assertThat(chat(cluster, "gpt-test").statusCode(), is(200));
                database.close();
                assertThat("spooled", chat(cluster, "gpt-test").statusCode(), is(200));
                long called = upstream.requestCount();

                HttpResponse<String> refused = chat(cluster, "gpt-test");
                assertThat(refused.body(), refused.statusCode(), is(503));
                assertThat(Http.json(refused).path("error").path("code").asText(), is("ledger_unavailable"));
                assertThat(refused.headers().firstValue("Retry-After").isPresent(), is(true));
                assertThat("no model was called for it", upstream.requestCount(), is(called));

                try (TcpRelay restored = TcpRelay.listening(port, 5432)) {
                    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    int status = chat(cluster, "gpt-test").statusCode();
                    while (status == 503 && System.nanoTime() < deadline) {
                        Thread.sleep(200);
                        status = chat(cluster, "gpt-test").statusCode();
                    }
                    assertThat("accepted again once the spool is replayed", status, is(200));
                    assertThat(awaitRows(postgres, 3).size(), is(3));
                }
            }
        }
    }

    private HttpResponse<String> chat(NovaiCluster cluster, String model) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(cluster.baseUrl() + "/chat/completions"))
                                   .header("Authorization", "Bearer " + NovaiCluster.DEV_KEY)
                                   .header("Content-Type", "application/json")
                                   .POST(HttpRequest.BodyPublishers.ofString(
                                           "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\","
                                                   + "\"content\":\"hi\"}]}"))
                                   .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> settings(TestDatabase postgres, int relayPort) {
        Map<String, String> settings = new HashMap<>(postgres.gatewaySettings());
        settings.put("novai.database.url", settings.get("novai.database.url")
                .replace("127.0.0.1:5432", "127.0.0.1:" + relayPort));
        settings.put("novai.database.connect-timeout", "PT1S");
        settings.put("novai.auth.cache-ttl", "PT0.5S");
        settings.put("novai.ledger.spool.retry-interval", "PT0.2S");
        return settings;
    }

    private void traffic(NovaiCluster cluster, Keys key, int worker, AtomicBoolean running,
                         ConcurrentLinkedQueue<Served> served, ConcurrentLinkedQueue<String> failures) {
        int kind = worker;
        while (running.get()) {
            try {
                call(cluster, key, kind++ % 3).ifPresentOrElse(served::add, () -> failures.add("worker " + worker));
            } catch (Exception | AssertionError e) {
                failures.add(e.toString());
            }
        }
    }

    // kind 0: chat, 1: streamed chat, 2: embeddings; empty when the answer was not a whole 200
    private java.util.Optional<Served> call(NovaiCluster cluster, Keys key, int kind) throws Exception {
        String requestId = "req_spool_" + requestNumber.incrementAndGet();
        String content = "spool " + requestId;
        String path = kind == 2 ? "/embeddings" : "/chat/completions";
        String body = switch (kind) {
            case 0 -> "{\"model\":\"novai-echo\",\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}]}";
            case 1 -> "{\"model\":\"novai-echo\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}]}";
            default -> "{\"model\":\"all-minilm-l6-v2\",\"input\":\"" + content + "\"}";
        };
        HttpRequest request = HttpRequest.newBuilder(URI.create(cluster.baseUrl() + path))
                .header("Authorization", "Bearer " + key.secret())
                .header("Content-Type", "application/json")
                .header("X-Request-Id", requestId)
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<Stream<String>> response = client.send(request, HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            throw new AssertionError(requestId + ": " + response.statusCode() + " "
                                             + String.join("\n", response.body().toList()));
        }
        List<String> lines = response.body().toList();
        JsonNode usage;
        if (kind == 1) {
            List<String> data = lines.stream().filter(line -> line.startsWith("data: ")).map(line -> line.substring(6))
                    .toList();
            if (!data.getLast().equals("[DONE]") || data.stream().anyMatch(line -> line.contains("\"error\""))) {
                throw new AssertionError(requestId + ": stream not completed: " + data);
            }
            usage = Http.json(data.get(data.size() - 2)).path("usage");
        } else {
            usage = Http.json(String.join("\n", lines)).path("usage");
        }
        BigDecimal cost = kind == 2
                ? EMBEDDING_INPUT.multiply(BigDecimal.valueOf(usage.path("prompt_tokens").asLong()))
                : CHAT_INPUT.multiply(BigDecimal.valueOf(usage.path("prompt_tokens").asLong()))
                        .add(CHAT_OUTPUT.multiply(BigDecimal.valueOf(usage.path("completion_tokens").asLong())));
        if (usage.path("prompt_tokens").asLong() == 0) {
            throw new AssertionError(requestId + ": no usage: " + lines);
        }
        return java.util.Optional.of(new Served(requestId, cost, System.nanoTime()));
    }

    private int coldChat(NovaiCluster cluster, Keys cold) throws Exception {
        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(URI.create(cluster.baseUrl() + "/chat/completions"))
                        .header("Authorization", "Bearer " + cold.secret())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"model\":\"novai-echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 503) {
            assertThat(response.body(), Http.json(response).path("error").path("code").asText(),
                       is("rate_limiter_unavailable"));
        }
        return response.statusCode();
    }

    private int models(NovaiCluster cluster, Keys key) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(cluster.baseUrl() + "/models"))
                                   .header("Authorization", "Bearer " + key.secret()).build(),
                           HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static Path spoolFile(NovaiCluster cluster) {
        return cluster.dataDir().resolve("spool").resolve("ledger-0.spool");
    }

    private static List<String> awaitRows(TestDatabase postgres, int expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<String> ids = rows(postgres);
        while (ids.size() < expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
            ids = rows(postgres);
        }
        Thread.sleep(300);
        return rows(postgres);
    }

    private static List<String> rows(TestDatabase postgres) throws Exception {
        return query(postgres, "SELECT request_id FROM usage_ledger", result -> result.getString(1));
    }

    private static BigDecimal totalCost(TestDatabase postgres) throws Exception {
        return query(postgres, "SELECT COALESCE(SUM(cost_usd), 0) FROM usage_ledger WHERE request_id LIKE 'req_spool_%'",
                     result -> result.getBigDecimal(1)).getFirst();
    }

    private interface Column<T> {
        T read(ResultSet result) throws java.sql.SQLException;
    }

    private static <T> List<T> query(TestDatabase postgres, String sql, Column<T> column) throws Exception {
        Map<String, String> settings = postgres.gatewaySettings();
        try (Connection connection = DriverManager.getConnection(settings.get("novai.database.url"),
                                                                 settings.get("novai.database.username"), "");
             PreparedStatement query = connection.prepareStatement(sql);
             ResultSet result = query.executeQuery()) {
            List<T> values = new ArrayList<>();
            while (result.next()) {
                values.add(column.read(result));
            }
            return values;
        }
    }
}
