package ai.novai.gateway;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import ai.novai.gateway.testing.Http;
import ai.novai.gateway.testing.Keys;
import ai.novai.gateway.testing.NovaiCluster;
import ai.novai.gateway.testing.PrometheusText;
import ai.novai.inference.fakes.FakeOpenAiUpstream;
import ai.novai.inference.fakes.FakeReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.is;

/**
 * {@code /observe/metrics} after real traffic, scraped and parsed: the GenAI meters (time to first token,
 * token usage, cost, provider errors, retries), the HTTP and gRPC histograms. The registry is the JVM's
 * (other tests' traffic lands in it too), so every check is a difference between a scrape before and one
 * after, on labels of a model only this test uses.
 */
class MetricsEndToEndTest {

    private static final String MODEL = "gpt-metrics";

    private static FakeOpenAiUpstream upstream;
    private static NovaiCluster cluster;
    private static Http http;

    @BeforeAll
    static void start() {
        upstream = FakeOpenAiUpstream.start();
        cluster = NovaiCluster.start(NovaiCluster.registry("""
                providers:
                  metrics-openai: { type: openai, base-url: "%s", api-key-env: OPENAI_TEST_KEY }
                models:
                  - { id: %s, provider: metrics-openai, upstream-model: gpt-4o-mini,
                      price: { input-usd-per-million: "2.50", output-usd-per-million: "10.00" } }
                """.formatted(upstream.baseUrl(), MODEL)), Map.of("OPENAI_TEST_KEY", "sk-upstream"));
        http = new Http(cluster.gatewayPort());
    }

    @AfterAll
    static void stop() {
        cluster.close();
        upstream.close();
    }

    @Test
    void trafficMovesTheGenAiHttpAndGrpcMeters() {
        PrometheusText before = scrape();

        upstream.enqueue(FakeReply.text("one two three").inDeltas(3).usage(100, 20));
        assertThat(chat(true).statusCode(), is(200));
        upstream.enqueue(FakeReply.error(503, "overloaded"), FakeReply.text("fine").usage(1000, 200));
        assertThat(chat(false).statusCode(), is(200));
        upstream.enqueue(FakeReply.error(500, "down"), FakeReply.error(500, "down"), FakeReply.error(500, "down"));
        assertThat(chat(false).statusCode(), is(503));

        PrometheusText after = scrape();
        Map<String, String> model = Map.of("gen_ai_request_model", MODEL);

        // time to first token: the one stream
        assertThat(delta(before, after, "gen_ai_server_time_to_first_token_seconds_count",
                         Map.of("gen_ai_request_model", MODEL, "novai_key_tier", "standard")), is(1.0));
        assertThat(after.value("gen_ai_server_time_to_first_token_seconds_bucket",
                               Map.of("gen_ai_request_model", MODEL, "le", "+Inf")) >= 1, is(true));
        // tokens by type, of both successful completions
        assertThat(delta(before, after, "gen_ai_client_token_usage_sum",
                         Map.of("gen_ai_request_model", MODEL, "gen_ai_token_type", "input")), is(1100.0));
        assertThat(delta(before, after, "gen_ai_client_token_usage_sum",
                         Map.of("gen_ai_request_model", MODEL, "gen_ai_token_type", "output")), is(220.0));
        // cost at 2.50 / 10.00 USD per million: 1100 * 2.5 + 220 * 10 micro-USD = 4,950,000 nano-USD
        assertThat(delta(before, after, "novai_gen_ai_cost_nano_usd_total", model), closeTo(4_950_000, 1));
        // the same, as billed to the key (its tier: the dev key's default, standard)
        assertThat(delta(before, after, "novai_billed_cost_nano_usd_total",
                         Map.of("gen_ai_request_model", MODEL, "novai_key_tier", "standard")), is(4_950_000.0));
        // provider errors by type: one 503 then three 500s; retries: one after the 503, two after the 500s
        assertThat(delta(before, after, "novai_provider_errors_total",
                         Map.of("gen_ai_request_model", MODEL, "error_type", "server_error")), is(4.0));
        assertThat(delta(before, after, "novai_routing_retries_total", model), is(3.0));
        assertThat(delta(before, after, "gen_ai_client_operation_duration_seconds_count",
                         Map.of("gen_ai_request_model", MODEL, "error_type", "none")), is(2.0));
        // HTTP by route template and status; gRPC by method and status, on both sides
        assertThat(delta(before, after, "http_server_request_duration_seconds_count",
                         Map.of("http_route", "/v1/chat/completions", "http_response_status_code", "503")), is(1.0));
        assertThat(delta(before, after, "http_server_request_duration_seconds_count",
                         Map.of("http_route", "/v1/chat/completions", "http_response_status_code", "200")) >= 2,
                   is(true));
        assertThat(delta(before, after, "rpc_server_duration_seconds_count",
                         Map.of("rpc_method", "novai.inference.v1.InferenceService/StreamComplete",
                                "rpc_grpc_status_code", "OK")) >= 1, is(true));
        assertThat(delta(before, after, "rpc_client_duration_seconds_count",
                         Map.of("rpc_method", "novai.inference.v1.InferenceService/Complete",
                                "rpc_grpc_status_code", "UNAVAILABLE")) >= 1, is(true));
        // gauges: the breaker of the deployment exists, no stream is left open
        assertThat(after.has("novai_routing_breaker_state"), is(true));
        assertThat(after.value("novai_gateway_active_streams", Map.of()), is(0.0));
    }

    @Test
    void refusalsAreCountedByTheLimitThatRefused() {
        Keys key = Keys.create(http, "{\"name\":\"metrics-rpm\",\"rpm_limit\":1}");
        PrometheusText before = scrape();
        upstream.enqueue(FakeReply.text("ok").usage(5, 1));

        assertThat(chat(false, key.secret()).statusCode(), is(200));
        assertThat(chat(false, key.secret()).statusCode(), is(429));

        assertThat(delta(before, scrape(), "novai_ratelimit_rejections_total", Map.of("reason", "rpm")), is(1.0));
    }

    private static HttpResponse<String> chat(boolean stream) {
        return chat(stream, NovaiCluster.DEV_KEY);
    }

    private static HttpResponse<String> chat(boolean stream, String apiKey) {
        return http.send(http.request("/v1/chat/completions")
                                 .header("Authorization", "Bearer " + apiKey)
                                 .POST(HttpRequest.BodyPublishers.ofString("""
                                         {"model":"%s","stream":%s,"messages":[{"role":"user","content":"Hi"}]}"""
                                                                                   .formatted(MODEL, stream)))
                                 .build());
    }

    private static PrometheusText scrape() {
        Http management = new Http(cluster.managementPort());
        HttpResponse<String> response = management.send(management.request("/observe/metrics")
                                                          .header("Accept", "text/plain").GET().build());
        assertThat(response.statusCode(), is(200));
        return PrometheusText.parse(response.body());
    }

    private static double delta(PrometheusText before, PrometheusText after, String name, Map<String, String> labels) {
        assertThat("no " + name + " in the scrape", after.has(name), is(true));
        return after.value(name, labels) - before.value(name, labels);
    }
}
