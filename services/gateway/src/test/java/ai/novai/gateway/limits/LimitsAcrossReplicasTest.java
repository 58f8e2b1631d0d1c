package ai.novai.gateway.limits;

import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import ai.novai.gateway.RunningGateway;
import ai.novai.gateway.testing.Http;
import ai.novai.gateway.testing.Keys;
import ai.novai.gateway.testing.NovaiCluster;
import ai.novai.gateway.testing.OpenAiSchemas;
import ai.novai.gateway.testing.TestDatabases;
import ai.novai.gateway.testing.TestDatabases.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static ai.novai.gateway.testing.Http.json;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;

/**
 * Two gateway replicas sharing the machine's Redis and PostgreSQL, as in a cluster: limits and budgets
 * hold across both under concurrency, and a revocation reaches the other replica within the cache bound.
 */
class LimitsAcrossReplicasTest {

    // streamed answers take about a second per word: admitted requests stay in flight during a race
    private static final String REGISTRY = """
            providers:
              echo: { type: echo, pace: PT1S }
            models:
              - id: novai-echo
                kind: chat
                provider: echo
                owned-by: novai
                created: 1767225600
                context-window: 16384
                max-output-tokens: 4096
                price: { input-usd-per-million: "0", output-usd-per-million: "1000" }
            """;

    private static TestDatabase database;
    private static NovaiCluster cluster;
    private static RunningGateway second;
    private static List<Http> replicas;

    @BeforeAll
    static void start() {
        database = TestDatabases.postgres();
        Map<String, String> shared = new HashMap<>(database.gatewaySettings());
        shared.put("novai.redis.url", "redis://127.0.0.1:6379");
        shared.put("novai.auth.cache-ttl", "PT1S");
        cluster = NovaiCluster.start(NovaiCluster.registry(REGISTRY), Map.of(), shared);
        second = cluster.startGateway(shared);
        replicas = List.of(new Http(cluster.gatewayPort()), new Http(second.port()));
    }

    @AfterAll
    static void stop() {
        second.close();
        cluster.close();
        database.close();
    }

    @Test
    void fiveHundredConcurrentRequestsOnAHundredRpmKeyAdmitExactlyAHundred() throws Exception {
        Keys key = Keys.create(replicas.getFirst(), "{\"name\":\"rpm-100\",\"rpm_limit\":100}");

        List<HttpResponse<String>> responses = concurrently(500, i -> key.request(replicas.get(i % 2), "/v1/chat/completions")
                .POST(chat(false, 5)).build(), i -> replicas.get(i % 2));

        List<HttpResponse<String>> admitted = responses.stream().filter(r -> r.statusCode() == 200).toList();
        List<HttpResponse<String>> refused = responses.stream().filter(r -> r.statusCode() == 429).toList();
        assertThat(admitted.size(), is(100));
        assertThat(refused.size(), is(400));
        HttpResponse<String> sample = refused.getFirst();
        assertThat(sample.headers().firstValue("retry-after").orElse(null), notNullValue());
        assertThat(sample.headers().firstValue("x-ratelimit-limit-requests").orElse(null), is("100"));
        assertThat(sample.headers().firstValue("x-ratelimit-remaining-requests").orElse(null), is("0"));
        assertThat(json(sample).path("error").path("code").asText(), is("rate_limit_exceeded"));
        assertThat(json(sample).path("error").path("type").asText(), is("requests"));
        OpenAiSchemas.assertValidOpenAi("ErrorResponse", sample.body());
    }

    @Test
    void concurrentRequestsNeverReserveMoreThanTheBudgetHolds() throws Exception {
        // each request reserves max_tokens 1000 x $0.001 = $1.00: a $20 budget holds 20 reservations
        Keys key = Keys.create(replicas.getFirst(), "{\"name\":\"budget-20\",\"budget_usd\":20}");

        List<HttpResponse<String>> responses = concurrently(200, i -> key.request(replicas.get(i % 2),
                                                                                     "/v1/chat/completions")
                .POST(chat(true, 1000)).timeout(Duration.ofSeconds(60)).build(), i -> replicas.get(i % 2));

        long admitted = responses.stream().filter(r -> r.statusCode() == 200).count();
        List<HttpResponse<String>> refused = responses.stream().filter(r -> r.statusCode() == 429).toList();
        assertThat(admitted, lessThanOrEqualTo(20L));
        assertThat(admitted + refused.size(), is(200L));
        assertThat(json(refused.getFirst()).path("error").path("code").asText(), is("insufficient_quota"));
        BigDecimal spent = totalCost(key);
        assertThat(spent.compareTo(BigDecimal.valueOf(20)), lessThanOrEqualTo(0));
        assertThat(spent.signum(), is(admitted > 0 ? 1 : 0));
    }

    @Test
    void aKeyRevokedOnOneReplicaIsRefusedByTheOtherWithinTheCacheBound() {
        Keys key = Keys.create(replicas.getFirst(), "{\"name\":\"to-revoke\"}");
        Http other = replicas.getLast();
        assertThat(other.send(key.request(other, "/v1/models").GET().build()).statusCode(), is(200));

        HttpResponse<String> revoked = replicas.getFirst().send(
                Keys.admin(replicas.getFirst(), "/v1/admin/keys/" + key.id()).DELETE().build());
        assertThat(revoked.statusCode(), is(200));
        long start = System.nanoTime();
        int status;
        do {
            status = other.send(key.request(other, "/v1/models").GET().build()).statusCode();
        } while (status == 200 && System.nanoTime() - start < Duration.ofSeconds(10).toNanos());
        long waitedMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(status, is(401));
        // novai.auth.cache-ttl is 1 s here: the bound, plus scheduling slack on a busy CI machine
        assertThat(waitedMillis, lessThan(2_500L));
    }

    private static BigDecimal totalCost(Keys key) {
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        HttpResponse<String> usage = replicas.getFirst().send(Keys.admin(
                replicas.getFirst(), "/v1/usage?start_date=" + today + "&end_date=" + today + "&key_id=" + key.id())
                                                                   .GET().build());
        assertThat(usage.body(), usage.statusCode(), is(200));
        return json(usage).path("total_cost_usd").decimalValue();
    }

    static HttpRequest.BodyPublisher chat(boolean stream, int maxTokens) {
        return HttpRequest.BodyPublishers.ofString("{\"model\":\"novai-echo\",\"max_tokens\":" + maxTokens
                + ",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"one two three\"}]}");
    }

    static List<HttpResponse<String>> concurrently(int count, java.util.function.IntFunction<HttpRequest> request,
                                                   java.util.function.IntFunction<Http> via) throws Exception {
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(threads.submit(() -> via.apply(index).send(request.apply(index))));
            }
            List<HttpResponse<String>> responses = new ArrayList<>();
            for (Future<HttpResponse<String>> future : futures) {
                responses.add(future.get());
            }
            return responses;
        }
    }
}
