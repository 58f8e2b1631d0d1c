package ai.novai.tools;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import ai.novai.common.telemetry.Telemetry;
import ai.novai.proto.tools.v1.ExecuteResponse;
import ai.novai.proto.tools.v1.ListToolsRequest;
import ai.novai.tools.builtin.HostResolver;
import ai.novai.tools.mcp.McpTestHttpServer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

/**
 * A Streamable HTTP MCP server (the SDK's servlet transport on embedded Tomcat): its tools called with the
 * configured headers (a secret from the environment) and the {@code execute_tool} span's {@code traceparent}.
 */
class HttpMcpTest {

    private static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
    private static OpenTelemetrySdk sdk;
    private static McpTestHttpServer server;
    private static TestTools tools;

    @BeforeAll
    static void start() throws Exception {
        sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(SPANS)).build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
        Telemetry.install(sdk);
        server = McpTestHttpServer.start();
        tools = TestTools.start("""
                mcp-servers:
                  - label: remote
                    transport: streamable-http
                    url: http://127.0.0.1:%d/mcp
                    headers:
                      Authorization: { from-env: REMOTE_MCP_TOKEN }
                      X-Team: search
                    timeout-ms: 2000
                  - label: down
                    transport: streamable-http
                    url: http://127.0.0.1:1/mcp
                """.formatted(server.port()), Map.of("REMOTE_MCP_TOKEN", "Bearer s3cret"), HostResolver.SYSTEM);
    }

    @AfterAll
    static void stop() throws Exception {
        tools.close();
        server.close();
        Telemetry.install(OpenTelemetry.noop());
        sdk.close();
    }

    @Test
    void callsAToolWithTheConfiguredHeadersAndTheTraceContext() {
        server.requests().clear();
        SPANS.reset();
        ExecuteResponse response = tools.execute("remote__echo", "{\"text\":\"over http\"}");
        assertThat(response.getOutput(), is("echo: over http"));
        SpanData span = SPANS.getFinishedSpanItems().stream()
                .filter(item -> item.getName().equals("execute_tool remote__echo")).findFirst().orElseThrow();
        assertThat(span.getAttributes().get(io.opentelemetry.api.common.AttributeKey.stringKey("gen_ai.tool.call.id")),
                   is("call_1"));
        List<Map<String, String>> requests = List.copyOf(server.requests());
        assertThat(requests.stream().map(headers -> headers.get("authorization")).toList(), hasItem("Bearer s3cret"));
        assertThat(requests.stream().map(headers -> headers.get("x-team")).toList(), hasItem("search"));
        String expected = "00-" + span.getTraceId() + "-" + span.getSpanId() + "-"
                + span.getSpanContext().getTraceFlags().asHex();
        assertThat(requests.stream().map(headers -> headers.get("traceparent")).toList(), hasItem(expected));
    }

    @Test
    void aServerDownAtStartIsUnavailableNotFatal() {
        assertThat(tools.tool("remote__echo").orElse(null), notNullValue());
        assertThat(tools.tool("down__echo").isPresent(), is(false));
        // the list names every configured server and says which are connected
        Map<String, Boolean> servers = new LinkedHashMap<>();
        tools.blocking().listTools(ListToolsRequest.getDefaultInstance()).getServersList()
                .forEach(server -> servers.put(server.getLabel(), server.getAvailable()));
        assertThat(servers, is(Map.of("novai", true, "remote", true, "down", false)));
    }

    @Test
    void aSlowToolTimesOut() {
        ExecuteResponse response = tools.execute("remote__sleep", "{\"ms\":10000}");
        assertThat(response.getIsError(), is(true));
        assertThat(response.getOutput(), is("timed out after 2000 ms"));
    }
}
