package ai.novai.gateway.tools;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import ai.novai.gateway.testing.FakeToolsService;
import ai.novai.gateway.testing.Http;
import ai.novai.gateway.testing.Keys;
import ai.novai.gateway.testing.NovaiCluster;
import ai.novai.gateway.testing.PrometheusText;
import ai.novai.inference.fakes.FakeOpenAiUpstream;
import ai.novai.inference.fakes.FakeReply;
import ai.novai.proto.tools.v1.ExecuteRequest;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * Chat completions with server-side tools ({@code {"type": "mcp", ...}} in {@code tools}): the gateway offers the
 * tools service's tools to the model, runs the model's calls of them and sends the results back, in rounds, streamed
 * and not, each round billed on its own; with {@code novai-echo} and with a fake OpenAI upstream that calls two
 * tools at once.
 */
class ServerToolsChatTest {

    private static FakeToolsService tools;
    private static FakeOpenAiUpstream upstream;
    private static NovaiCluster cluster;
    private static Http http;

    @BeforeAll
    static void start() {
        tools = FakeToolsService.start();
        upstream = FakeOpenAiUpstream.start();
        String registry = """
                providers:
                  echo: { type: echo }
                  upstream-openai: { type: openai, base-url: "%s", api-key-env: OPENAI_TEST_KEY }
                models:
                  - { id: novai-echo, kind: chat, provider: echo }
                  - { id: gpt-test, provider: upstream-openai, upstream-model: gpt-4o-mini }
                """.formatted(upstream.baseUrl());
        cluster = NovaiCluster.start(NovaiCluster.registry(registry), Map.of("OPENAI_TEST_KEY", "sk-upstream"),
                                     tools.gatewaySettings());
        http = new Http(cluster.gatewayPort());
    }

    @AfterAll
    static void stop() {
        cluster.close();
        upstream.close();
        tools.close();
    }

    private static final String ECHO_TOOL = """
            {"type": "mcp", "server_label": "novai", "allowed_tools": ["echo"], "require_approval": "never"}""";

    @Test
    void runsTheModelsToolCallAndAnswersWithItsResult() {
        Keys key = Keys.create(http, "{\"name\": \"tools-plain\"}");
        HttpResponse<String> response = chat(key, """
                {"model": "novai-echo", "messages": [{"role": "user", "content": "hi"}], "tools": [%s]}
                """.formatted(ECHO_TOOL));

        assertThat(response.body(), response.statusCode(), is(200));
        JsonNode completion = Http.json(response);
        JsonNode choice = completion.get("choices").get(0);
        assertThat(choice.get("message").get("content").asText(),
                   is("Tool novai__echo returned: echo:{\"text\":\"hi\"}"));
        assertThat(choice.get("finish_reason").asText(), is("stop"));
        ExecuteRequest call = lastCallOf("novai__echo");
        assertThat(call.getRequestId(), is(response.headers().firstValue("X-Request-Id").orElseThrow()));
        // two model calls, each billed: the answer's usage is their sum, the ledger has a row for each
        JsonNode usage = usage(key);
        assertThat(usage.get("requests").asLong(), is(2L));
        assertThat(completion.get("usage").get("prompt_tokens").asLong(), is(usage.get("prompt_tokens").asLong()));
        assertThat(completion.get("usage").get("completion_tokens").asLong(),
                   is(usage.get("completion_tokens").asLong()));
    }

    @Test
    void streamsTheAnswerWithToolRoundsAsComments() {
        // limits, so that each round is admitted against them (the first one's headers go out with the response)
        Keys key = Keys.create(http, "{\"name\": \"tools-stream\", \"rpm_limit\": 100, \"tpm_limit\": 100000}");
        HttpResponse<String> response = chat(key, """
                {"model": "novai-echo", "messages": [{"role": "user", "content": "hello"}], "tools": [%s],
                 "stream": true, "stream_options": {"include_usage": true}}
                """.formatted(ECHO_TOOL));

        assertThat(response.statusCode(), is(200));
        assertThat(response.headers().firstValue("x-ratelimit-remaining-requests").orElseThrow(), is("99"));
        String body = response.body();
        assertThat(body, containsString(": novai tool_call novai__echo call_"));
        assertThat(body, containsString(": novai tool_result novai__echo ok"));
        List<JsonNode> chunks = body.lines().filter(line -> line.startsWith("data: {"))
                .map(line -> Http.json(line.substring(6))).toList();
        assertThat(body.strip().endsWith("data: [DONE]"), is(true));
        Set<String> ids = chunks.stream().map(chunk -> chunk.get("id").asText()).collect(Collectors.toSet());
        assertThat(ids, hasSize(1));
        String text = chunks.stream().filter(chunk -> !chunk.get("choices").isEmpty())
                .map(chunk -> chunk.get("choices").get(0).get("delta").path("content").asText(""))
                .collect(Collectors.joining());
        assertThat(text, is("Tool novai__echo returned: echo:{\"text\":\"hello\"}"));
        long roles = chunks.stream().filter(chunk -> !chunk.get("choices").isEmpty()
                && chunk.get("choices").get(0).get("delta").has("role")).count();
        assertThat(roles, is(1L));
        assertThat(body, not(containsString("tool_calls")));
        JsonNode last = chunks.getLast();
        JsonNode usage = usage(key);
        assertThat(usage.get("requests").asLong(), is(2L));
        assertThat(last.get("usage").get("prompt_tokens").asLong(), is(usage.get("prompt_tokens").asLong()));
        assertThat(last.get("usage").get("completion_tokens").asLong(), is(usage.get("completion_tokens").asLong()));
    }

    @Test
    void aCallOfTheClientsOwnFunctionIsReturnedToTheClient() {
        int before = tools.calls().size();
        HttpResponse<String> response = chat(dev(), """
                {"model": "novai-echo", "messages": [{"role": "user", "content": "weather?"}],
                 "tools": [{"type": "function", "function": {"name": "get_weather",
                            "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}},
                           %s]}
                """.formatted(ECHO_TOOL));

        assertThat(response.statusCode(), is(200));
        JsonNode choice = Http.json(response).get("choices").get(0);
        assertThat(choice.get("finish_reason").asText(), is("tool_calls"));
        assertThat(choice.get("message").get("tool_calls").get(0).get("function").get("name").asText(),
                   is("get_weather"));
        assertThat(tools.calls().size(), is(before));
    }

    @Test
    void argumentsTheToolRefusesReachTheModelAsAnErrorAndAreCounted() {
        Map<String, String> refused = Map.of("gen_ai_tool_name", "novai__strict", "outcome", "invalid_arguments",
                                             "source", "chat");
        double before = metrics().value("novai_gateway_tool_calls_total", refused);
        HttpResponse<String> response = chat(dev(), """
                {"model": "novai-echo", "messages": [{"role": "user", "content": "x"}],
                 "tools": [{"type": "mcp", "server_label": "novai", "allowed_tools": ["strict"]}]}""");

        assertThat(response.statusCode(), is(200));
        assertThat(Http.json(response).get("choices").get(0).get("message").get("content").asText(),
                   is("Tool novai__strict returned: the arguments of novai__strict do not match its schema: "
                      + "/text: string found, number expected"));
        assertThat(metrics().value("novai_gateway_tool_calls_total", refused), is(before + 1));
        assertThat(metrics().has("novai_gateway_tool_call_duration_seconds_count"), is(true));
    }

    private static PrometheusText metrics() {
        Http management = new Http(cluster.managementPort());
        HttpResponse<String> response = management.send(management.request("/observe/metrics")
                                                                .header("Accept", "text/plain").GET().build());
        assertThat(response.statusCode(), is(200));
        return PrometheusText.parse(response.body());
    }

    @Test
    void runsParallelCallsOfAnUpstreamModelAtOnce() {
        upstream.enqueue(FakeReply.toolCall("call_a", "novai__slow", "{\"text\":\"a\"}")
                                 .andToolCall("call_b", "novai__slow", "{\"text\":\"b\"}").usage(30, 10),
                         FakeReply.text("both done").usage(50, 2));
        HttpResponse<String> response = chat(dev(), """
                {"model": "gpt-test", "messages": [{"role": "user", "content": "go"}],
                 "tools": [{"type": "mcp", "server_label": "novai"}]}""");

        assertThat(response.body(), response.statusCode(), is(200));
        JsonNode completion = Http.json(response);
        assertThat(completion.get("choices").get(0).get("message").get("content").asText(), is("both done"));
        assertThat(completion.get("usage").get("prompt_tokens").asLong(), is(80L));
        assertThat(completion.get("usage").get("completion_tokens").asLong(), is(12L));
        assertThat(tools.mostAtOnce(), is(2));
        // the second model call carries both calls and both results, in order
        JsonNode messages = Http.json(upstream.lastRequest().body()).get("messages");
        assertThat(messages.get(1).get("tool_calls").size(), is(2));
        assertThat(List.of(messages.get(2).get("tool_call_id").asText(), messages.get(3).get("tool_call_id").asText()),
                   contains("call_a", "call_b"));
        assertThat(messages.get(3).get("content").asText(), is("echo:{\"text\":\"b\"}"));
    }

    @Test
    void aModelThatKeepsCallingToolsGetsAtMostMaxIterationsRounds() {
        long before = upstream.requestCount();
        for (int i = 0; i < 9; i++) {
            upstream.enqueue(FakeReply.toolCall("call_" + i, "novai__echo", "{\"text\":\"again\"}").usage(10, 2));
        }
        HttpResponse<String> response = chat(dev(), """
                {"model": "gpt-test", "messages": [{"role": "user", "content": "loop"}],
                 "tools": [{"type": "mcp", "server_label": "novai", "allowed_tools": ["echo"]}]}""");

        assertThat(response.body(), response.statusCode(), is(200));
        // eight rounds of tools, then one call told to answer (tool choice none): nine model calls, all billed
        assertThat(upstream.requestCount() - before, is(9L));
        assertThat(Http.json(upstream.lastRequest().body()).get("tool_choice").asText(), is("none"));
        JsonNode completion = Http.json(response);
        assertThat(completion.get("usage").get("prompt_tokens").asLong(), is(90L));
        assertThat(completion.get("choices").get(0).get("message").has("tool_calls"), is(false));
    }

    @Test
    void streamsAnUpstreamModelsAnswerAfterItsToolRound() {
        upstream.enqueue(FakeReply.toolCall("call_s", "novai__echo", "{\"text\":\"streamed\"}").usage(20, 5),
                         FakeReply.text("the answer is here").inDeltas(4).usage(40, 4));
        HttpResponse<String> response = chat(dev(), """
                {"model": "gpt-test", "messages": [{"role": "user", "content": "go"}], "stream": true,
                 "tools": [{"type": "mcp", "server_label": "novai", "allowed_tools": ["echo"]}]}""");

        assertThat(response.statusCode(), is(200));
        String text = response.body().lines().filter(line -> line.startsWith("data: {"))
                .map(line -> Http.json(line.substring(6)).get("choices"))
                .filter(choices -> !choices.isEmpty())
                .map(choices -> choices.get(0).get("delta").path("content").asText(""))
                .collect(Collectors.joining());
        assertThat(text, is("the answer is here"));
        assertThat(response.body(), containsString("\"finish_reason\":\"stop\""));
    }

    @Test
    void aLimitThatRefusesTheNextRoundEndsTheRequestWithItsError() {
        Keys oneRequest = Keys.create(http, "{\"name\": \"tools-rpm-1\", \"rpm_limit\": 1}");
        HttpResponse<String> streamed = chat(oneRequest, """
                {"model": "novai-echo", "messages": [{"role": "user", "content": "hi"}], "tools": [%s],
                 "stream": true}""".formatted(ECHO_TOOL));

        assertThat(streamed.statusCode(), is(200));
        assertThat(streamed.body(), containsString(": novai tool_result novai__echo ok"));
        assertThat(streamed.body(), containsString("\"code\":\"rate_limit_exceeded\""));
        assertThat(streamed.body().strip().endsWith("data: [DONE]"), is(true));
        assertThat(usage(oneRequest).get("requests").asLong(), is(1L));

        Keys another = Keys.create(http, "{\"name\": \"tools-rpm-1b\", \"rpm_limit\": 1}");
        assertError(chat(another, request(ECHO_TOOL)), 429, "null", "rate_limit_exceeded");
        assertThat(usage(another).get("requests").asLong(), is(1L));
    }

    @Test
    void aClientThatLeavesWhileItsToolsRunEndsTheRequestThere() throws Exception {
        Keys key = Keys.create(http, "{\"name\": \"tools-leaver\"}");
        int before = tools.calls().size();
        var client = java.net.http.HttpClient.newHttpClient();
        var lines = client.send(key.request(http, "/v1/chat/completions").POST(HttpRequest.BodyPublishers.ofString("""
                {"model": "novai-echo", "messages": [{"role": "user", "content": "hi"}], "stream": true,
                 "tools": [{"type": "mcp", "server_label": "novai", "allowed_tools": ["slow"]}]}""")).build(),
                                HttpResponse.BodyHandlers.ofInputStream());
        try (var reader = new java.io.BufferedReader(new java.io.InputStreamReader(lines.body()))) {
            String line;
            do {
                line = reader.readLine();
            } while (line != null && !line.startsWith(": novai tool_call novai__slow"));
            assertThat(line, not(is((String) null)));
        }
        client.shutdownNow();

        // the first round is billed; the tool's round ends with the client and no second model call follows
        Thread.sleep(2500);
        assertThat(usage(key).get("requests").asLong(), is(1L));
        assertThat(tools.calls().size(), is(before + 1));
        assertThat(chat(key, request(ECHO_TOOL)).statusCode(), is(200));
    }

    @Test
    void refusesMcpEntriesItCannotServe() {
        assertError(chat(dev(), request("{\"type\": \"mcp\", \"server_label\": \"nowhere\"}")), 400,
                    "tools[0].server_label", "invalid_value");
        assertError(chat(dev(), request("{\"type\": \"mcp\", \"server_label\": \"novai\", \"allowed_tools\": [\"nope\"]}")),
                    400, "tools[0].allowed_tools[0]", "invalid_value");
        assertError(chat(dev(), request("{\"type\": \"mcp\", \"server_label\": \"x\", \"server_url\": \"http://169.254.169.254/\"}")),
                    400, "tools[0].server_url", "unsupported_parameter");
        assertError(chat(dev(), request("{\"type\": \"mcp\", \"server_label\": \"novai\", \"require_approval\": \"always\"}")),
                    400, "tools[0].require_approval", "unsupported_value");
        assertError(chat(dev(), request("{\"type\": \"mcp\"}")), 400, "tools[0].server_label",
                    "missing_required_parameter");
        HttpResponse<String> down = chat(dev(), request("{\"type\": \"mcp\", \"server_label\": \"search\"}"));
        assertError(down, 503, "tools[0].server_label", "tool_server_unavailable");
        assertThat(down.headers().firstValue("Retry-After").orElseThrow(), is("5"));
    }

    @Test
    void aKeyRunsOnlyTheToolsItIsAllowed() {
        Keys filesOnly = Keys.create(http, "{\"name\": \"files-only\", \"allowed_tools\": [\"files__*\"]}");
        assertError(chat(filesOnly, request(ECHO_TOOL)), 403, "tools[0].allowed_tools[0]", "tool_not_allowed");
        assertError(chat(filesOnly, request("{\"type\": \"mcp\", \"server_label\": \"novai\"}")), 403,
                    "tools[0].server_label", "tool_not_allowed");
        HttpResponse<String> allowed = chat(filesOnly, request("{\"type\": \"mcp\", \"server_label\": \"files\"}"));
        assertThat(allowed.statusCode(), is(200));
        String content = Http.json(allowed).get("choices").get(0).get("message").get("content").asText();
        assertThat(content, containsString("Tool files__read returned"));
        // the model learns that the output it got was cut
        assertThat(content, endsWith("\n[output truncated]"));

        HttpResponse<String> badGrant = http.send(Keys.admin(http, "/v1/admin/keys")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"x\", \"allowed_tools\": [\"novai\"]}")).build());
        assertThat(badGrant.statusCode(), is(400));
        assertThat(Http.json(badGrant).get("error").get("param").asText(), is("allowed_tools[0]"));
    }

    @Test
    void aGatewayWithoutAToolsServiceSaysSo() {
        var gateway = cluster.startGateway(Map.of("novai.backends.tools.target", ""));
        try {
            Http other = new Http(gateway.port());
            HttpResponse<String> response = other.send(other.request("/v1/chat/completions")
                    .header("Authorization", "Bearer " + NovaiCluster.DEV_KEY)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(request(ECHO_TOOL))).build());
            assertError(response, 400, "tools", "tools_not_enabled");
        } finally {
            gateway.close();
        }
    }

    private static String request(String tool) {
        return """
                {"model": "novai-echo", "messages": [{"role": "user", "content": "hi"}], "tools": [%s]}""".formatted(tool);
    }

    private static void assertError(HttpResponse<String> response, int status, String param, String code) {
        assertThat(response.body(), response.statusCode(), is(status));
        JsonNode error = Http.json(response).get("error");
        assertThat(response.body(), error.get("param").asText(), is(param));
        assertThat(response.body(), error.get("code").asText(), is(code));
    }

    private static Keys dev() {
        return new Keys("dev", NovaiCluster.DEV_KEY);
    }

    private static HttpResponse<String> chat(Keys key, String body) {
        return http.send(key.request(http, "/v1/chat/completions")
                                 .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static JsonNode usage(Keys key) {
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        HttpResponse<String> response = http.send(key.request(http, "/v1/usage?start_date=" + today + "&end_date="
                + today).GET().build());
        assertThat(response.body(), response.statusCode(), is(200));
        return Http.json(response).get("data").get(0);
    }

    private static ExecuteRequest lastCallOf(String name) {
        return tools.calls().stream().filter(call -> call.getName().equals(name)).reduce((a, b) -> b).orElseThrow();
    }
}
