package ai.novai.gateway;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import ai.novai.common.telemetry.Telemetry;
import ai.novai.gateway.testing.Http;
import ai.novai.gateway.testing.Keys;
import ai.novai.gateway.testing.NovaiCluster;
import ai.novai.inference.fakes.FakeOpenAiUpstream;
import ai.novai.inference.fakes.FakeReply;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

/**
 * One trace across every hop of a streamed chat completion: the client's {@code traceparent} → the
 * gateway's HTTP server span → gRPC client and server spans → inference's GenAI span → the
 * {@code traceparent} the fake upstream received. The three services share this JVM, and an SDK with an
 * in-memory exporter is installed before they start; context still crosses every hop only through the
 * real carriers (HTTP headers, gRPC metadata).
 */
class TracingEndToEndTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CLIENT_SPAN_ID = "00f067aa0ba902b7";

    private static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
    private static OpenTelemetrySdk sdk;
    private static FakeOpenAiUpstream upstream;
    private static NovaiCluster cluster;
    private static Http http;

    @BeforeAll
    static void start() {
        sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder()
                                           .addSpanProcessor(SimpleSpanProcessor.create(SPANS))
                                           .build())
                .setPropagators(ContextPropagators.create(TextMapPropagator.composite(
                        W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance())))
                .build();
        Telemetry.install(sdk);
        upstream = FakeOpenAiUpstream.start();
        cluster = NovaiCluster.start(NovaiCluster.registry("""
                providers:
                  upstream-openai: { type: openai, base-url: "%s", api-key-env: OPENAI_TEST_KEY }
                models:
                  - { id: gpt-test, provider: upstream-openai, upstream-model: gpt-4o-mini-2024-07-18 }
                tools:
                  builtins:
                    current_time: {}
                """.formatted(upstream.baseUrl())), Map.of("OPENAI_TEST_KEY", "sk-upstream"),
                                     Map.of("novai.redis.url", "redis://127.0.0.1:6379"));
        http = new Http(cluster.gatewayPort());
    }

    @AfterAll
    static void stop() {
        cluster.close();
        upstream.close();
        Telemetry.install(OpenTelemetry.noop());
        sdk.close();
    }

    @BeforeEach
    void forgetSpans() {
        SPANS.reset();
    }

    @Test
    void aStreamedCompletionIsOneTraceFromTheClientToTheUpstream() {
        upstream.enqueue(FakeReply.text("one two three").inDeltas(3).usage(11, 3));

        HttpResponse<String> response = http.send(http.request("/v1/chat/completions")
                .header("Authorization", "Bearer " + NovaiCluster.DEV_KEY)
                .header("traceparent", "00-" + TRACE_ID + "-" + CLIENT_SPAN_ID + "-01")
                .header("x-request-id", "req-trace-test")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("""
                        {"model":"gpt-test","stream":true,"max_tokens":50,"temperature":0.3,
                         "messages":[{"role":"user","content":"a secret prompt"}]}"""))
                .build());
        assertThat(response.statusCode(), is(200));
        assertThat(response.body(), containsString("[DONE]"));

        SpanData server = awaitSpan(span -> span.getKind() == SpanKind.SERVER
                && "POST".equals(attribute(span, "http.request.method")));
        SpanData grpcClient = awaitSpan(span -> span.getKind() == SpanKind.CLIENT
                && span.getName().equals("novai.inference.v1.InferenceService/StreamComplete"));
        SpanData grpcServer = awaitSpan(span -> span.getKind() == SpanKind.SERVER
                && span.getName().equals("novai.inference.v1.InferenceService/StreamComplete"));
        SpanData genAi = awaitSpan(span -> span.getName().startsWith("chat "));

        // one trace, each hop the child of the one before, starting at the client's span
        for (SpanData span : List.of(server, grpcClient, grpcServer, genAi)) {
            assertThat(span.getName(), span.getTraceId(), is(TRACE_ID));
        }
        assertThat(server.getParentSpanId(), is(CLIENT_SPAN_ID));
        assertThat(grpcClient.getParentSpanId(), is(server.getSpanId()));
        assertThat(grpcServer.getParentSpanId(), is(grpcClient.getSpanId()));
        assertThat(genAi.getParentSpanId(), is(grpcServer.getSpanId()));
        String upstreamTraceparent = upstream.lastRequest().header("traceparent").orElseThrow();
        assertThat(upstreamTraceparent, is("00-" + TRACE_ID + "-" + genAi.getSpanId() + "-01"));

        // the gateway's server span: HTTP semantic conventions and the request id
        assertThat(server.getName(), is("POST /v1/chat/completions"));
        assertThat(attribute(server, "http.route"), is("/v1/chat/completions"));
        assertThat(attribute(server, "url.path"), is("/v1/chat/completions"));
        assertThat(server.getAttributes().get(AttributeKey.longKey("http.response.status_code")), is(200L));
        assertThat(attribute(server, "novai.request.id"), is("req-trace-test"));

        // the provider call: GenAI semantic conventions, and no prompt or completion text
        assertThat(genAi.getKind(), is(SpanKind.CLIENT));
        assertThat(genAi.getName(), is("chat gpt-4o-mini-2024-07-18"));
        assertThat(attribute(genAi, "gen_ai.operation.name"), is("chat"));
        assertThat(attribute(genAi, "gen_ai.provider.name"), is("openai"));
        assertThat(attribute(genAi, "gen_ai.system"), is("openai"));
        assertThat(attribute(genAi, "gen_ai.request.model"), is("gpt-4o-mini-2024-07-18"));
        assertThat(attribute(genAi, "gen_ai.response.model"), is("gpt-test"));
        assertThat(genAi.getAttributes().get(AttributeKey.longKey("gen_ai.request.max_tokens")), is(50L));
        assertThat(genAi.getAttributes().get(AttributeKey.doubleKey("gen_ai.request.temperature")), is(0.3));
        assertThat(genAi.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens")), is(11L));
        assertThat(genAi.getAttributes().get(AttributeKey.longKey("gen_ai.usage.output_tokens")), is(3L));
        assertThat(genAi.getAttributes().get(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons")),
                   is(List.of("stop")));
        assertThat(attribute(genAi, "gen_ai.input.messages"), nullValue());
        assertThat(attribute(genAi, "gen_ai.output.messages"), nullValue());
    }

    @Test
    void aServerSideToolRunsInTheRequestsTraceAcrossTheToolsService() {
        upstream.enqueue(FakeReply.toolCall("call_traced", "novai__current_time", "{\"timezone\":\"Asia/Seoul\"}")
                                 .usage(20, 5),
                         FakeReply.text("It is morning.").usage(40, 4));

        HttpResponse<String> response = http.send(http.request("/v1/chat/completions")
                .header("Authorization", "Bearer " + NovaiCluster.DEV_KEY)
                .header("traceparent", "00-" + TRACE_ID + "-" + CLIENT_SPAN_ID + "-01")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("""
                        {"model":"gpt-test","messages":[{"role":"user","content":"time?"}],
                         "tools":[{"type":"mcp","server_label":"novai","allowed_tools":["current_time"]}]}"""))
                .build());
        assertThat(response.body(), response.statusCode(), is(200));

        SpanData server = awaitSpan(span -> span.getKind() == SpanKind.SERVER
                && "POST".equals(attribute(span, "http.request.method")));
        List<SpanData> executions = awaitSpans(2, span -> span.getName().equals("execute_tool novai__current_time"));
        SpanData gatewayExecution = executions.stream().filter(span -> span.getParentSpanId().equals(server.getSpanId()))
                .findFirst().orElseThrow();
        SpanData grpcClient = awaitSpan(span -> span.getKind() == SpanKind.CLIENT
                && span.getName().equals("novai.tools.v1.ToolExecutionService/Execute"));
        SpanData grpcServer = awaitSpan(span -> span.getKind() == SpanKind.SERVER
                && span.getName().equals("novai.tools.v1.ToolExecutionService/Execute"));
        SpanData toolsExecution = executions.stream().filter(span -> span != gatewayExecution).findFirst().orElseThrow();

        // gateway request → execute_tool (gateway) → gRPC client → gRPC server (tools) → execute_tool (tools)
        for (SpanData span : List.of(server, gatewayExecution, grpcClient, grpcServer, toolsExecution)) {
            assertThat(span.getName(), span.getTraceId(), is(TRACE_ID));
        }
        assertThat(grpcClient.getParentSpanId(), is(gatewayExecution.getSpanId()));
        assertThat(grpcServer.getParentSpanId(), is(grpcClient.getSpanId()));
        assertThat(toolsExecution.getParentSpanId(), is(grpcServer.getSpanId()));
        assertThat(attribute(gatewayExecution, "gen_ai.operation.name"), is("execute_tool"));
        assertThat(attribute(gatewayExecution, "gen_ai.tool.name"), is("novai__current_time"));
        assertThat(attribute(gatewayExecution, "gen_ai.tool.call.id"), is("call_traced"));
        // both model calls of the request are in its trace too
        assertThat(SPANS.getFinishedSpanItems().stream().filter(span -> span.getName().startsWith("chat ")
                && span.getTraceId().equals(TRACE_ID)).count(), is(2L));
    }

    @Test
    void aRetriedProviderCallIsOneSpanPerAttemptAndAnEvent() {
        upstream.enqueue(FakeReply.error(500, "upstream hiccup"), FakeReply.text("second time lucky"));

        HttpResponse<String> response = http.send(http.request("/v1/chat/completions")
                .header("Authorization", "Bearer " + NovaiCluster.DEV_KEY)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("""
                        {"model":"gpt-test","messages":[{"role":"user","content":"Hello"}]}"""))
                .build());
        assertThat(response.statusCode(), is(200));

        SpanData grpcServer = awaitSpan(span -> span.getKind() == SpanKind.SERVER
                && span.getName().equals("novai.inference.v1.InferenceService/Complete"));
        List<SpanData> attempts = SPANS.getFinishedSpanItems().stream()
                .filter(span -> span.getName().startsWith("chat ")).toList();
        assertThat(attempts.size(), is(2));
        assertThat(attribute(attempts.get(0), "error.type"), is("server_error"));
        assertThat(attribute(attempts.get(1), "error.type"), nullValue());
        assertThat(grpcServer.getEvents().stream().filter(event -> event.getName().equals("novai.retry")).count(),
                   is(1L));
    }

    @Test
    void admissionInRedisAndTheLedgerWriteAreChildrenOfTheRequestSpan() {
        Keys key = Keys.create(http, "{\"name\":\"traced\",\"rpm_limit\":100}");
        upstream.enqueue(FakeReply.text("fine").usage(4, 1));
        SPANS.reset();

        HttpResponse<String> response = http.send(key.request(http, "/v1/chat/completions")
                .header("traceparent", "00-" + TRACE_ID + "-" + CLIENT_SPAN_ID + "-01")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"gpt-test\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build());
        assertThat(response.body(), response.statusCode(), is(200));

        // the admin call that made the key may still end its span: take this request's
        SpanData server = awaitSpan(span -> span.getKind() == SpanKind.SERVER && span.getTraceId().equals(TRACE_ID)
                && "/v1/chat/completions".equals(attribute(span, "http.route")));
        SpanData admit = awaitSpan(span -> span.getName().equals("EVALSHA admit.lua"));
        SpanData settle = awaitSpan(span -> span.getName().equals("EVALSHA settle.lua"));
        SpanData write = awaitSpan(span -> span.getName().equals("usage_ledger write")
                && span.getTraceId().equals(TRACE_ID));
        for (SpanData span : List.of(admit, settle, write)) {
            assertThat(span.getName(), span.getTraceId(), is(TRACE_ID));
            assertThat(span.getName(), span.getParentSpanId(), is(server.getSpanId()));
        }
        assertThat(admit.getKind(), is(SpanKind.CLIENT));
        assertThat(attribute(admit, "db.system.name"), is("redis"));
        // the row went in a group commit: a span linked to this request's write, the statement its child
        SpanData commit = awaitSpan(span -> span.getName().equals("usage_ledger commit")
                && span.getLinks().stream().anyMatch(link -> link.getSpanContext().getSpanId()
                .equals(write.getSpanId())));
        SpanData insert = awaitSpan(span -> span.getName().startsWith("INSERT ")
                && span.getParentSpanId().equals(commit.getSpanId()));
        assertThat(insert.getKind(), is(SpanKind.CLIENT));
        assertThat(attribute(insert, "db.system.name"), is("h2"));
        assertThat(attribute(insert, "db.query.text"), containsString("usage_ledger"));
        assertThat("statements are recorded with placeholders, never values",
                   attribute(insert, "db.query.text").contains(key.id()), is(false));
    }

    private static String attribute(SpanData span, String name) {
        return span.getAttributes().get(AttributeKey.stringKey(name));
    }

    // spans end as each hop finishes, some after the client read its last byte
    @Test
    void eachBatchLineIsATraceLinkedToTheRequestThatCreatedItsBatch() {
        upstream.enqueue(FakeReply.text("batched").usage(4, 1));
        HttpResponse<String> created = http.send(http.request("/v1/batches")
                .header("Authorization", "Bearer " + NovaiCluster.DEV_KEY)
                .header("traceparent", "00-" + TRACE_ID + "-" + CLIENT_SPAN_ID + "-01")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"inputs\":[{\"model\":\"gpt-test\",\"messages\":[{\"role\":\"user\",\"content\":\"b\"}]}]}"))
                .build());
        assertThat(created.body(), created.statusCode(), is(202));

        SpanData server = awaitSpan(span -> span.getKind() == SpanKind.SERVER && span.getTraceId().equals(TRACE_ID)
                && "/v1/batches".equals(attribute(span, "http.route")));
        SpanData line = awaitSpan(span -> span.getName().equals("batch line"));
        assertThat("a line is its own trace", line.getTraceId().equals(TRACE_ID), is(false));
        assertThat(line.getLinks().stream().anyMatch(link -> link.getSpanContext().getSpanId()
                .equals(server.getSpanId())), is(true));
        SpanData grpcClient = awaitSpan(span -> span.getKind() == SpanKind.CLIENT
                && span.getName().equals("novai.inference.v1.InferenceService/Complete")
                && span.getTraceId().equals(line.getTraceId()));
        assertThat("the line's call to inference is its child", grpcClient.getParentSpanId(), is(line.getSpanId()));
    }

    private static SpanData awaitSpan(Predicate<SpanData> wanted) {
        return awaitSpans(1, wanted).getFirst();
    }

    private static List<SpanData> awaitSpans(int count, Predicate<SpanData> wanted) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            List<SpanData> spans = SPANS.getFinishedSpanItems().stream().filter(wanted).toList();
            if (spans.size() >= count) {
                return spans;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no such span among " + SPANS.getFinishedSpanItems().stream()
                        .map(SpanData::getName).toList());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
