package ai.novai.gateway.batches;

import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

import ai.novai.gateway.testing.Http;
import ai.novai.gateway.testing.Keys;
import ai.novai.gateway.testing.NovaiCluster;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.comparesEqualTo;
import static org.hamcrest.Matchers.is;

/**
 * Money of batches: each line is billed at the model's batch prices (the registry's discount), counted in /usage as
 * batch spend, and a key's lines that find its budget used up fail with insufficient_quota while the batch ends.
 */
class BatchBillingTest {

    private static final String REGISTRY = """
            batch-discount-percent: 50
            providers:
              echo: { type: echo, pace: PT0S }
            models:
              - id: priced-echo
                kind: chat
                provider: echo
                max-output-tokens: 16
                price: { input-usd-per-million: "2", output-usd-per-million: "4" }
            """;
    private static final String CHAT = "{\"model\":\"priced-echo\",\"messages\":[{\"role\":\"user\",\"content\":"
            + "\"count me\"}]}";

    private static NovaiCluster cluster;
    private static Http http;

    @BeforeAll
    static void start() {
        cluster = NovaiCluster.start(NovaiCluster.registry(REGISTRY), Map.of(),
                                     Map.of("novai.batches.poll-interval", "PT0.05S"));
        // the registry has no novai-echo: BatchTesting.start would wait for it in vain
        http = new Http(cluster.gatewayPort());
        awaitModelServed();
    }

    // the first call waits for the backends' channels and the catalogue
    private static void awaitModelServed() {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && http.send(http.request("/v1/chat/completions")
                .header("Authorization", "Bearer " + NovaiCluster.DEV_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(CHAT)).build()).statusCode() != 200) {
            Thread.onSpinWait();
        }
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void batchLinesCostHalfAndShowAsBatchSpend() throws Exception {
        Keys key = Keys.create(http, "{\"name\":\"batch-billing\"}");
        HttpResponse<String> interactive = http.send(key.request(http, "/v1/chat/completions")
                                                             .POST(HttpRequest.BodyPublishers.ofString(CHAT)).build());
        assertThat(interactive.body(), interactive.statusCode(), is(200));
        BigDecimal interactiveCost = cost(key, "priced-echo", "cost_usd");

        JsonNode batch = Http.json(http.send(key.request(http, "/v1/batches").POST(HttpRequest.BodyPublishers.ofString(
                "{\"inputs\":[" + CHAT + "," + CHAT + "]}")).build()));
        JsonNode done = awaitEnd(key, batch.get("id").asText());
        assertThat(done.toString(), done.get("completed").asInt(), is(2));

        BigDecimal total = cost(key, "priced-echo", "cost_usd");
        BigDecimal batchCost = cost(key, "priced-echo", "batch_cost_usd");
        assertThat("two batch lines at half price cost one interactive request", batchCost,
                   comparesEqualTo(interactiveCost));
        assertThat(total, comparesEqualTo(interactiveCost.add(batchCost)));
    }

    @Test
    void linesBeyondTheBudgetFailAndTheBatchStillEnds() throws Exception {
        // each line may cost up to (prompt + 16 output tokens) at batch prices: a budget of $0.000001 admits none
        Keys key = Keys.create(http, "{\"name\":\"batch-budget\",\"budget_usd\":0.000001}");
        JsonNode batch = Http.json(http.send(key.request(http, "/v1/batches").POST(HttpRequest.BodyPublishers.ofString(
                "{\"inputs\":[" + CHAT + "," + CHAT + "]}")).build()));
        JsonNode done = awaitEnd(key, batch.get("id").asText());
        assertThat(done.toString(), done.get("status").asText(), is("completed"));
        assertThat(done.get("failed").asInt(), is(2));
        assertThat(done.get("results").get(0).get("status_code").asInt(), is(429));
        assertThat(done.get("results").get(0).get("error").get("code").asText(), is("insufficient_quota"));
    }

    private static BigDecimal cost(Keys key, String model, String field) {
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        JsonNode usage = Http.json(http.send(key.request(http, "/v1/usage?start_date=" + today + "&end_date=" + today
                                                               + "&group_by=model").build()));
        for (JsonNode row : usage.get("data")) {
            if (row.get("model").asText().equals(model)) {
                return row.get(field).decimalValue();
            }
        }
        return BigDecimal.ZERO;
    }

    private static JsonNode awaitEnd(Keys key, String id) throws InterruptedException {
        return BatchTesting.awaitResults(http, key.secret(), id);
    }
}
