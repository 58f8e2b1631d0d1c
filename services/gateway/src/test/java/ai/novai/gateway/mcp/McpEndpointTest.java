package ai.novai.gateway.mcp;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import ai.novai.gateway.testing.FakeToolsService;
import ai.novai.gateway.RunningGateway;
import ai.novai.gateway.testing.Http;
import ai.novai.gateway.testing.Keys;
import ai.novai.gateway.testing.NovaiCluster;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@code /mcp} end to end, with the official MCP Java SDK's client: the gateway in front of a fake tools service.
 */
class McpEndpointTest {

    private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}";
    private static final String ACCEPT = "application/json, text/event-stream";

    private static final ByteArrayOutputStream STDOUT = new ByteArrayOutputStream();
    private static PrintStream originalOut;
    private static FakeToolsService tools;
    private static NovaiCluster cluster;
    private static Http http;
    private static Keys echoKey;

    @BeforeAll
    static void start() {
        // the request log writes to standard output: keep a copy
        originalOut = System.out;
        System.setOut(new PrintStream(new TeeStream(originalOut, STDOUT), true, StandardCharsets.UTF_8));
        tools = FakeToolsService.start();
        cluster = NovaiCluster.start(Map.of(), Map.of(), tools.gatewaySettings());
        http = new Http(cluster.gatewayPort());
        echoKey = Keys.create(http, "{\"name\":\"mcp\",\"allowed_tools\":[\"novai__echo\",\"novai__broken\"]}");
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (tools != null) {
            tools.close();
        }
        System.setOut(originalOut);
    }

    @Test
    void listsOnlyTheToolsTheKeyMayRunAndRunsThem() {
        try (McpSyncClient client = client(echoKey)) {
            McpSchema.InitializeResult initialized = client.initialize();
            assertThat(initialized.serverInfo().name(), is("novai"));
            assertThat(initialized.capabilities().tools(), notNullValue());

            List<McpSchema.Tool> listed = client.listTools().tools();
            assertThat(listed.stream().map(McpSchema.Tool::name).toList(),
                       containsInAnyOrder("novai__echo", "novai__broken"));
            McpSchema.Tool echo = listed.stream().filter(tool -> tool.name().equals("novai__echo")).findFirst()
                    .orElseThrow();
            assertThat(echo.inputSchema().get("required"), is(List.of("text")));

            McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("novai__echo",
                                                                                           Map.of("text", "hi")));
            assertThat(result.isError(), is(false));
            assertThat(text(result), is("echo:{\"text\":\"hi\"}"));
        }
    }

    @Test
    void aFailingToolIsAnErrorResult() {
        try (McpSyncClient client = client(echoKey)) {
            client.initialize();
            McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("novai__broken",
                                                                                           Map.of()));
            assertThat(result.isError(), is(true));
            assertThat(text(result), is("it broke"));
        }
    }

    @Test
    void aToolTheKeyMayNotRunIsAnInvalidParamsError() {
        try (McpSyncClient client = client(echoKey)) {
            client.initialize();
            McpError refused = assertThrows(McpError.class, () -> client.callTool(
                    new McpSchema.CallToolRequest("files__read", Map.of())));
            assertThat(refused.getJsonRpcError().code(), is(McpSchema.ErrorCodes.INVALID_PARAMS));
            assertThat(refused.getMessage(), containsString("files__read"));
        }
    }

    @Test
    void aKeyAtItsRpmGetsTheRateLimitErrorOnItsNextCall() {
        Keys limited = Keys.create(http, "{\"name\":\"mcp-rpm\",\"rpm_limit\":1}");
        try (McpSyncClient client = client(limited)) {
            client.initialize();
            assertThat(client.callTool(new McpSchema.CallToolRequest("novai__echo", Map.of("text", "1")))
                               .isError(), is(false));
            McpError refused = assertThrows(McpError.class, () -> client.callTool(
                    new McpSchema.CallToolRequest("novai__echo", Map.of("text", "2"))));
            assertThat(refused.getJsonRpcError().code(), is(JsonRpcErrors.RATE_LIMITED));
            assertThat(refused.getMessage(), containsString("Rate limit"));
        }
        HttpResponse<String> raw = http.send(post(limited, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"novai__echo\",\"arguments\":{\"text\":\"3\"}}}"));
        assertThat(raw.statusCode(), is(200));
        assertThat(raw.headers().firstValue("Retry-After").isPresent(), is(true));
        assertThat(raw.headers().firstValue("x-ratelimit-limit-requests").orElseThrow(), is("1"));
        assertThat(Http.json(raw).path("error").path("data").path("code").asText(), is("rate_limit_exceeded"));
    }

    @Test
    void withoutAKeyOrWithAWrongOneIs401() {
        HttpResponse<String> none = http.send(http.request("/mcp").header("Accept", ACCEPT)
                                                      .header("Content-Type", "application/json")
                                                      .POST(HttpRequest.BodyPublishers.ofString(PING)).build());
        assertThat(none.statusCode(), is(401));
        assertThat(Http.json(none).path("error").path("code").asText(), is("invalid_api_key"));

        HttpResponse<String> wrong = http.send(post(new Keys("key_x", "sk-novai-wrong"), PING));
        assertThat(wrong.statusCode(), is(401));
    }

    @Test
    void malformedJsonIsA400ParseErrorAtOnceAndTheNextRequestIsServed() {
        long start = System.nanoTime();
        HttpResponse<String> malformed = http.send(post(echoKey, "{\"jsonrpc\":\"2.0\",\"id\":1,"));
        assertThat(Duration.ofNanos(System.nanoTime() - start), lessThan(Duration.ofSeconds(1)));
        assertThat(malformed.statusCode(), is(400));
        assertThat(Http.json(malformed).path("error").path("code").asInt(), is(McpSchema.ErrorCodes.PARSE_ERROR));

        HttpResponse<String> notJsonRpc = http.send(post(echoKey, "{\"hello\":1}"));
        assertThat(notJsonRpc.statusCode(), is(400));
        assertThat(Http.json(notJsonRpc).path("error").path("code").asInt(),
                   is(McpSchema.ErrorCodes.INVALID_REQUEST));

        HttpResponse<String> ping = http.send(post(echoKey, PING));
        assertThat(ping.statusCode(), is(200));
        assertThat(Http.json(ping).path("id").asInt(), is(7));
    }

    @Test
    void unknownMethodsAreMethodNotFoundAndNotificationsAccepted() {
        HttpResponse<String> unknown = http.send(post(echoKey, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"nope\"}"));
        assertThat(unknown.statusCode(), is(200));
        assertThat(Http.json(unknown).path("error").path("code").asInt(), is(McpSchema.ErrorCodes.METHOD_NOT_FOUND));

        HttpResponse<String> notification = http.send(post(
                echoKey, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"));
        assertThat(notification.statusCode(), is(202));
    }

    @Test
    void refusesWhatTheTransportMustRefuse() {
        HttpResponse<String> get = http.send(echoKey.request(http, "/mcp").header("Accept", ACCEPT).GET().build());
        assertThat(get.statusCode(), is(405));

        HttpResponse<String> version = http.send(echoKey.request(http, "/mcp").header("Accept", ACCEPT)
                                                         .header("MCP-Protocol-Version", "1999-01-01")
                                                         .POST(HttpRequest.BodyPublishers.ofString(PING)).build());
        assertThat(version.statusCode(), is(400));

        HttpResponse<String> browser = http.send(echoKey.request(http, "/mcp").header("Accept", ACCEPT)
                                                         .header("Origin", "https://evil.example")
                                                         .POST(HttpRequest.BodyPublishers.ofString(PING)).build());
        assertThat(browser.statusCode(), is(403));

        HttpResponse<String> jsonOnly = http.send(echoKey.request(http, "/mcp").header("Accept", "application/json")
                                                          .POST(HttpRequest.BodyPublishers.ofString(PING)).build());
        assertThat(jsonOnly.statusCode(), is(400));
    }

    @Test
    void executionsAreCountedAsMcpAndLoggedWithTheRequest() throws InterruptedException {
        HttpResponse<String> called = http.send(post(echoKey, "{\"jsonrpc\":\"2.0\",\"id\":\"log-me\","
                + "\"method\":\"tools/call\",\"params\":{\"name\":\"novai__echo\",\"arguments\":{\"text\":\"x\"}}}"));
        assertThat(called.body(), Http.json(called).path("result").path("isError").asBoolean(true), is(false));

        Http management = new Http(cluster.managementPort());
        String metrics = management.send(management.request("/observe/metrics").GET().build()).body();
        assertThat(metrics, Pattern.compile("novai_gateway_tool_calls_total\\{[^}]*source=\"mcp\"[^}]*} [1-9]")
                .matcher(metrics).find(), is(true));

        String requestId = called.headers().firstValue("X-Request-Id").orElseThrow();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!logged(requestId) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        String line = STDOUT.toString(StandardCharsets.UTF_8).lines()
                .filter(candidate -> candidate.contains(requestId)).findFirst().orElseThrow();
        assertThat(line, containsString("path=/mcp"));
        assertThat(line, Pattern.compile(" tools=\"?novai__echo:ok:\\d+ms").matcher(line).find(), is(true));
    }

    @Test
    void isNotServedWhenDisabled() {
        try (RunningGateway disabled = cluster.startGateway(Map.of("novai.mcp.enabled", "false"))) {
            Http other = new Http(disabled.port());
            HttpResponse<String> answer = other.send(echoKey.request(other, "/mcp").header("Accept", ACCEPT)
                                                             .POST(HttpRequest.BodyPublishers.ofString(PING)).build());
            assertThat(answer.statusCode(), is(404));
        }
    }

    private static boolean logged(String requestId) {
        return STDOUT.toString(StandardCharsets.UTF_8).contains(requestId);
    }

    private static McpSyncClient client(Keys key) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
                .builder("http://127.0.0.1:" + cluster.gatewayPort())
                .endpoint("/mcp")
                .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + key.secret()))
                .build();
        return McpClient.sync(transport).requestTimeout(Duration.ofSeconds(10)).build();
    }

    private static HttpRequest post(Keys key, String body) {
        return key.request(http, "/mcp").header("Accept", ACCEPT)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().getFirst()).text();
    }

    // writes to both streams
    private static final class TeeStream extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        TeeStream(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws java.io.IOException {
            first.write(b);
            synchronized (second) {
                second.write(b);
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws java.io.IOException {
            first.write(bytes, offset, length);
            synchronized (second) {
                second.write(bytes, offset, length);
            }
        }
    }
}
