package ai.novai.gateway.batches;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import ai.novai.gateway.testing.Http;
import ai.novai.gateway.testing.Keys;
import ai.novai.gateway.testing.NovaiCluster;
import ai.novai.gateway.testing.OpenAiSchemas;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

/**
 * A batch never starves its key's interactive requests (it may use only its share of the key's RPM), a cancel stops
 * what has not started and ends the batch with partial results, and a batch whose window ends first ends expired.
 */
class BatchLifecycleTest {

    private static final String CHAT = "{\"model\":\"novai-echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private static NovaiCluster cluster;
    private static Http http;

    @BeforeAll
    static void start() {
        cluster = BatchTesting.start(Map.of(), Map.of("novai.batches.completion-window", "PT6S"));
        http = new Http(cluster.gatewayPort());
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void theBatchUsesItsShareOfRpmAndACancelEndsItWithPartialResults() throws Exception {
        Keys key = Keys.create(http, "{\"name\":\"share\",\"rpm_limit\":10}");
        JsonNode batch = create(key, 12);
        awaitCompleted(key, batch.get("id").asText(), 5);
        Thread.sleep(300);
        JsonNode running = get(key, batch.get("id").asText());
        assertThat("a batch may use half the key's 10 RPM", running.get("completed").asInt(), is(5));

        for (int i = 0; i < 5; i++) {
            HttpResponse<String> interactive = http.send(key.request(http, "/v1/chat/completions")
                                                                 .POST(HttpRequest.BodyPublishers.ofString(CHAT)).build());
            assertThat("the key's interactive requests keep the other half: " + interactive.body(),
                       interactive.statusCode(), is(200));
        }

        HttpResponse<String> cancelled = http.send(key.request(http, "/v1/batches/" + batch.get("id").asText()
                + "/cancel").POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(cancelled.body(), cancelled.statusCode(), is(200));
        JsonNode ended = awaitResults(key, batch.get("id").asText());
        assertThat(ended.get("status").asText(), is("cancelled"));
        assertThat(ended.get("completed").asInt(), is(5));
        assertThat(ended.get("failed").asInt(), is(7));
        assertThat(ended.get("results").get(11).get("error").get("code").asText(), is("batch_cancelled"));
        OpenAiSchemas.assertValidNovai("InlineBatch", ended.toString());

        HttpResponse<String> again = http.send(key.request(http, "/v1/batches/" + batch.get("id").asText()
                + "/cancel").POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat("cancelling a cancelled batch returns it", again.statusCode(), is(200));
    }

    @Test
    void aBatchWhoseWindowEndsFirstEndsExpiredWithWhatRan() throws Exception {
        Keys key = Keys.create(http, "{\"name\":\"expiry\",\"rpm_limit\":4}");
        JsonNode batch = create(key, 6);
        JsonNode ended = awaitResults(key, batch.get("id").asText());
        assertThat(ended.toString(), ended.get("status").asText(), is("expired"));
        assertThat(ended.get("completed").asInt(), lessThanOrEqualTo(2));
        assertThat(ended.get("completed").asInt() + ended.get("failed").asInt(), is(6));
        assertThat(ended.get("results").get(5).get("error").get("code").asText(), is("batch_expired"));

        HttpResponse<String> refused = http.send(key.request(http, "/v1/batches/" + batch.get("id").asText()
                + "/cancel").POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(refused.statusCode(), is(409));
        assertThat(Http.json(refused).get("error").get("code").asText(), is("batch_not_cancellable"));
    }

    private static JsonNode create(Keys key, int lines) {
        StringBuilder inputs = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            inputs.append(i == 0 ? "" : ",").append(CHAT);
        }
        return BatchTesting.createInline(http, key.secret(), "{\"inputs\":[" + inputs + "]}");
    }

    private static JsonNode get(Keys key, String id) {
        return BatchTesting.get(http, key.secret(), id);
    }

    private static void awaitCompleted(Keys key, String id, int completed) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline && get(key, id).get("completed").asInt() < completed) {
            Thread.sleep(50);
        }
    }

    private static JsonNode awaitResults(Keys key, String id) throws InterruptedException {
        return BatchTesting.awaitResults(http, key.secret(), id);
    }
}
