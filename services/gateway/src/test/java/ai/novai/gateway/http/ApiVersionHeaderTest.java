package ai.novai.gateway.http;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import ai.novai.gateway.testing.Http;
import ai.novai.gateway.testing.NovaiCluster;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.startsWith;

/**
 * {@code X-API-Version} on a whole gateway: every answer names the version served (successes, errors, streams,
 * the docs and the spec), and a request naming a version that is not served is refused with the list of those
 * that are, without harm to the next request.
 */
class ApiVersionHeaderTest {

    private static final String ECHO_CHAT_FIELDS = "\"model\":\"novai-echo\",\"messages\":[{\"role\":\"user\","
            + "\"content\":\"hi\"}]";

    private static final String ORIGIN = "https://app.example.com";

    private static NovaiCluster cluster;
    private static Http http;

    @BeforeAll
    static void start() {
        cluster = NovaiCluster.start(Map.of(), Map.of(), Map.of("novai.cors.allowed-origins.0", ORIGIN));
        http = new Http(cluster.gatewayPort());
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void theVersionServedIsThatOfThePaths() {
        assertThat(cluster.baseUrl().endsWith("/" + ApiVersions.CURRENT), is(true));
    }

    @Test
    void successesErrorsAndPagesNameTheVersion() {
        HttpResponse<String> models = http.send(authorized("/v1/models").GET().build());
        HttpResponse<String> noKey = http.send(http.request("/v1/models").GET().build());
        HttpResponse<String> unknownPath = http.send(authorized("/v1/no-such-thing").GET().build());
        HttpResponse<String> unknownModel = http.send(authorized("/v1/models/no-such-model").GET().build());
        HttpResponse<String> spec = http.send(http.request("/openapi").GET().build());
        HttpResponse<String> docs = http.send(http.request("/docs/").GET().build());

        assertThat(models.statusCode(), is(200));
        assertThat(noKey.statusCode(), is(401));
        assertThat(unknownPath.statusCode(), is(404));
        assertThat(unknownModel.statusCode(), is(404));
        for (HttpResponse<String> response : List.of(models, noKey, unknownPath, unknownModel, spec, docs)) {
            assertThat(response.uri().toString(), version(response), is("v1"));
        }
    }

    @Test
    void aStreamNamesTheVersion() {
        HttpResponse<String> stream = http.send(chat("{\"stream\":true,", null));
        HttpResponse<String> answer = http.send(chat("{", "v1"));

        assertThat(stream.statusCode(), is(200));
        assertThat(stream.headers().firstValue("content-type").orElseThrow(), startsWith("text/event-stream"));
        assertThat(stream.body(), containsString("data: [DONE]"));
        assertThat(version(stream), is("v1"));
        assertThat(answer.statusCode(), is(200));
        assertThat(version(answer), is("v1"));
    }

    @Test
    void anUnknownVersionIsRefusedWithTheSupportedOnesAndTheNextRequestIsServed() {
        HttpResponse<String> refused = http.send(chat("{", "2099-01-01"));
        HttpResponse<String> next = http.send(chat("{", null));

        assertThat(refused.statusCode(), is(400));
        assertThat(version(refused), is("v1"));
        JsonNode error = Http.json(refused).get("error");
        assertThat(error.get("type").asText(), is("invalid_request_error"));
        assertThat(error.get("code").asText(), is("unsupported_api_version"));
        assertThat(error.get("param").isNull(), is(true));
        assertThat(error.get("message").asText(), containsString("'2099-01-01'"));
        assertThat(error.get("message").asText(), containsString("Supported versions: v1."));
        assertThat(next.statusCode(), is(200));
    }

    @Test
    void theRefusalIsTheSameWithoutAKeyAndOffTheApi() {
        HttpResponse<String> noKey = http.send(http.request("/v1/models").header("X-API-Version", "v2").GET().build());
        HttpResponse<String> docs = http.send(http.request("/docs/").header("X-API-Version", "v0").GET().build());

        assertThat(noKey.statusCode(), is(400));
        assertThat(Http.json(noKey).get("error").get("code").asText(), is("unsupported_api_version"));
        assertThat(docs.statusCode(), is(400));
    }

    @Test
    void aHostileVersionIsEchoedOnlyInPart() {
        String hostile = "v9" + "x".repeat(5000);

        HttpResponse<String> refused = http.send(authorized("/v1/models").header("X-API-Version", hostile)
                                                         .GET().build());

        assertThat(refused.statusCode(), is(400));
        String message = Http.json(refused).get("error").get("message").asText();
        assertThat(message, containsString("'v9" + "x".repeat(98) + "...'"));
        assertThat(message.length(), lessThan(300));
    }

    @Test
    void whatIsRefusedBeforeRoutingNamesTheVersionToo() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", cluster.gatewayPort())) {
            socket.setSoTimeout(5000);
            // a header line without a colon: Helidon refuses it before any route or filter
            socket.getOutputStream().write("GET /v1/models HTTP/1.1\r\nHost: x\r\nbroken header\r\n\r\n"
                                                   .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String head = new String(socket.getInputStream().readNBytes(512), java.nio.charset.StandardCharsets.US_ASCII);
            assertThat(head, head.startsWith("HTTP/1.1 400"), is(true));
            assertThat(head.toLowerCase(java.util.Locale.ROOT), containsString("x-api-version: " + ApiVersions.CURRENT));
        }
    }

    @Test
    void browsersMayReadIt() {
        HttpResponse<String> call = http.send(authorized("/v1/models").header("Origin", ORIGIN).GET().build());

        assertThat(call.statusCode(), is(200));
        assertThat(String.join(",", call.headers().allValues("access-control-expose-headers")).toLowerCase(),
                   containsString("x-api-version"));
    }

    private static HttpRequest chat(String bodyStart, String version) {
        HttpRequest.Builder request = authorized("/v1/chat/completions")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(bodyStart + ECHO_CHAT_FIELDS + "}"));
        if (version != null) {
            request.header("X-API-Version", version);
        }
        return request.build();
    }

    private static HttpRequest.Builder authorized(String path) {
        return http.request(path).header("Authorization", "Bearer " + NovaiCluster.DEV_KEY);
    }

    private static String version(HttpResponse<?> response) {
        return response.headers().firstValue("x-api-version").orElse("(none)");
    }
}
