package ai.novai.gateway.batches;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
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
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

/**
 * The seed's inline form of {@code POST /v1/batches} against the three services: 202 with the InlineBatch, the
 * lines run by the gateway's workers through inference, results in input order, counted as batch spend.
 */
class InlineBatchesTest {

    private static final String ECHO = "{\"model\":\"novai-echo\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";

    private static NovaiCluster cluster;
    private static Http http;

    @BeforeAll
    static void start() {
        cluster = BatchTesting.start(Map.of(), Map.of("novai.batches.max-active-per-key", "3"));
        http = new Http(cluster.gatewayPort());
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void inlineBatchRunsEveryInputAndAnswersInOrder() throws Exception {
        StringBuilder inputs = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            inputs.append(i == 0 ? "" : ",").append("{\"model\":\"novai-echo\",\"messages\":[{\"role\":\"user\","
                                                             + "\"content\":\"item ").append(i).append("\"}]}");
        }
        JsonNode batch = BatchTesting.createInline(http, NovaiCluster.DEV_KEY,
                                                   "{\"inputs\":[" + inputs + "],\"metadata\":{\"job\":\"t\"}}");
        OpenAiSchemas.assertValidNovai("InlineBatch", batch.toString());
        assertThat(batch.get("id").asText(), startsWith("batch_"));
        assertThat(batch.get("total").asInt(), is(5));

        JsonNode done = BatchTesting.awaitResults(http, NovaiCluster.DEV_KEY, batch.get("id").asText());
        OpenAiSchemas.assertValidNovai("InlineBatch", done.toString());
        assertThat(done.toString(), done.get("status").asText(), is("completed"));
        assertThat(done.get("completed").asInt(), is(5));
        assertThat(done.get("metadata").get("job").asText(), is("t"));
        for (int i = 0; i < 5; i++) {
            JsonNode result = done.get("results").get(i);
            assertThat(result.get("index").asInt(), is(i));
            assertThat(result.get("status_code").asInt(), is(200));
            assertThat(result.get("body").get("choices").get(0).get("message").get("content").asText(),
                       containsString("item " + i));
        }

        String today = LocalDate.now(ZoneOffset.UTC).toString();
        JsonNode usage = Http.json(http.send(http.request("/v1/usage?start_date=" + today + "&end_date=" + today
                                                                  + "&group_by=model")
                                                     .header("Authorization", "Bearer " + NovaiCluster.DEV_KEY).build()));
        long batchRequests = 0;
        for (JsonNode row : usage.get("data")) {
            batchRequests += row.get("batch_requests").asLong();
        }
        assertThat(usage.toString(), batchRequests, is(5L));
    }

    @Test
    void anInvalidInputRefusesTheWholeBatchNamingIt() {
        HttpResponse<String> refused = post(NovaiCluster.DEV_KEY, "{\"inputs\":[" + ECHO + ",{\"model\":\"novai-echo\","
                + "\"messages\":[],\"stream\":true}]}");
        assertThat(refused.body(), refused.statusCode(), is(400));
        assertThat(Http.json(refused).get("error").get("param").asText(), startsWith("inputs[1]"));
    }

    @Test
    void anInputWithServerSideToolsIsRefused() {
        HttpResponse<String> refused = post(NovaiCluster.DEV_KEY, "{\"inputs\":[{\"model\":\"novai-echo\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"tools\":[{\"type\":\"mcp\",\"server_label\":\"novai\"}]}]}");
        assertThat(refused.body(), refused.statusCode(), is(400));
        assertThat(Http.json(refused).get("error").get("code").asText(), is("unsupported_value"));
        assertThat(Http.json(refused).get("error").get("param").asText(), startsWith("inputs[0]"));
    }

    @Test
    void bothFormsAtOnceAreRefused() {
        HttpResponse<String> refused = post(NovaiCluster.DEV_KEY, "{\"inputs\":[],\"input_file_id\":\"file-x\"}");
        assertThat(refused.statusCode(), is(400));
    }

    @Test
    void anotherKeysBatchIsNotFound() {
        Keys other = Keys.create(http, "{\"name\":\"other\"}");
        JsonNode batch = BatchTesting.createInline(http, other.secret(), "{\"inputs\":[" + ECHO + "]}");
        assertThat(status("/v1/batches/" + batch.get("id").asText()), is(404));
        assertThat(status("/v1/batches/batch_000000000000000000000000"), is(404));
        assertThat(status("/v1/batches/" + "x".repeat(5000)), is(404));
    }

    @Test
    void aKeyHasABoundedNumberOfActiveBatches() {
        // 2 RPM: the batch share is 1 line a minute, so the batches stay active
        Keys key = Keys.create(http, "{\"name\":\"active\",\"rpm_limit\":2}");
        String body = "{\"inputs\":[" + ECHO + "," + ECHO + "]}";
        for (int i = 0; i < 3; i++) {
            BatchTesting.createInline(http, key.secret(), body);
        }
        HttpResponse<String> refused = post(key.secret(), body);
        assertThat(refused.statusCode(), is(429));
        assertThat(Http.json(refused).get("error").get("code").asText(), is("too_many_active_batches"));
    }

    private static int status(String path) {
        return http.send(http.request(path).header("Authorization", "Bearer " + NovaiCluster.DEV_KEY).build())
                .statusCode();
    }

    private static HttpResponse<String> post(String secret, String body) {
        return http.send(http.request("/v1/batches").header("Authorization", "Bearer " + secret)
                                 .header("Content-Type", "application/json")
                                 .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }
}
