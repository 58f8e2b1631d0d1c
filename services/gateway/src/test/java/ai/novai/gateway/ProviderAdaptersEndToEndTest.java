package ai.novai.gateway;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import ai.novai.gateway.testing.Http;
import ai.novai.gateway.testing.Keys;
import ai.novai.gateway.testing.NovaiCluster;
import ai.novai.gateway.testing.OpenAiSchemas;
import ai.novai.inference.fakes.FakeAnthropicUpstream;
import ai.novai.inference.fakes.FakeGeminiUpstream;
import ai.novai.inference.fakes.FakeOpenAiUpstream;
import ai.novai.inference.fakes.FakeReply;
import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionTokenLogprob;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The official OpenAI SDK against NovAI, NovAI against fake upstreams that speak OpenAI's and
 * Anthropic's real wire formats: what the client sends arrives translated, what the upstream answers
 * comes back in OpenAI's format, and billing always gets usage. Log probabilities and {@code n > 1} come back from
 * the upstream that has them, and are refused (400) for the models whose adapters have not.
 */
class ProviderAdaptersEndToEndTest {

    private static FakeOpenAiUpstream openaiUpstream;
    private static FakeAnthropicUpstream anthropicUpstream;
    private static FakeGeminiUpstream geminiUpstream;
    private static NovaiCluster cluster;
    private static OpenAIClient client;
    private static Http http;

    @BeforeAll
    static void start() {
        openaiUpstream = FakeOpenAiUpstream.start();
        anthropicUpstream = FakeAnthropicUpstream.start();
        geminiUpstream = FakeGeminiUpstream.start();
        String registry = """
                providers:
                  upstream-openai: { type: openai, base-url: "%s", api-key-env: OPENAI_TEST_KEY }
                  upstream-anthropic: { type: anthropic, base-url: "%s", api-key-env: ANTHROPIC_TEST_KEY }
                  upstream-gemini: { type: gemini, base-url: "%s", api-key-env: GEMINI_TEST_KEY }
                  echo: { type: echo }
                models:
                  - { id: gpt-test, provider: upstream-openai, upstream-model: gpt-4o-mini-2024-07-18 }
                  - { id: claude-test, provider: upstream-anthropic, upstream-model: claude-sonnet-4-20250514,
                      max-output-tokens: 1024 }
                  - { id: gemini-test, provider: upstream-gemini, upstream-model: gemini-2.5-flash }
                  - { id: echo-test, provider: echo }
                """.formatted(openaiUpstream.baseUrl(), anthropicUpstream.baseUrl(), geminiUpstream.baseUrl());
        cluster = NovaiCluster.start(NovaiCluster.registry(registry),
                                     Map.of("OPENAI_TEST_KEY", "sk-upstream-openai", "ANTHROPIC_TEST_KEY", "sk-ant-x",
                                            "GEMINI_TEST_KEY", "gm-x"));
        client = cluster.openAiClient();
        http = new Http(cluster.gatewayPort());
    }

    @AfterAll
    static void stop() {
        client.close();
        cluster.close();
        openaiUpstream.close();
        anthropicUpstream.close();
        geminiUpstream.close();
    }

    @Test
    void anOpenAiCompatibleUpstreamServesWholeCompletions() {
        openaiUpstream.enqueue(FakeReply.text("Hi from upstream").usage(12, 4));

        ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gpt-test").addUserMessage("Hello").temperature(0.2).build());

        assertThat(completion.choices().getFirst().message().content().orElseThrow(), is("Hi from upstream"));
        assertThat(completion.model(), is("gpt-test"));
        assertThat(completion.usage().orElseThrow().promptTokens(), is(12L));
        var sent = openaiUpstream.lastRequest();
        assertThat(sent.json().path("model").asText(), is("gpt-4o-mini-2024-07-18"));
        assertThat(sent.json().path("temperature").asDouble(), is(0.2));
        assertThat(sent.header("authorization").orElseThrow(), is("Bearer sk-upstream-openai"));
    }

    @Test
    void anUpstreamStreamAlwaysReportsUsageButTheClientSeesItOnlyWhenAsked() {
        openaiUpstream.enqueue(FakeReply.text("one two three").inDeltas(3).usage(7, 3));
        List<ChatCompletionChunk> withoutUsage = stream("gpt-test", false);
        assertThat(openaiUpstream.lastRequest().includeUsage(), is(true));
        assertThat(withoutUsage.stream().allMatch(chunk -> chunk.usage().isEmpty()), is(true));
        assertThat(text(withoutUsage), is("one two three"));

        openaiUpstream.enqueue(FakeReply.text("four five").inDeltas(2).usage(7, 2));
        List<ChatCompletionChunk> withUsage = stream("gpt-test", true);
        assertThat(withUsage.getLast().usage().orElseThrow().completionTokens(), is(2L));
        assertThat(withUsage.getLast().choices().isEmpty(), is(true));
    }

    @Test
    void toolCallsComeBackFromAnOpenAiCompatibleUpstream() {
        openaiUpstream.enqueue(FakeReply.toolCall("call_up_1", "lookup", "{\"q\":\"novai\"}"));

        ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gpt-test").addUserMessage("look it up")
                .addFunctionTool(com.openai.models.FunctionDefinition.builder().name("lookup").build())
                .build());

        var call = completion.choices().getFirst().message().toolCalls().orElseThrow().getFirst().asFunction();
        assertThat(call.id(), is("call_up_1"));
        assertThat(call.function().arguments(), is("{\"q\":\"novai\"}"));
        assertThat(completion.choices().getFirst().finishReason(), is(ChatCompletion.Choice.FinishReason.TOOL_CALLS));
    }

    @Test
    void anAnthropicUpstreamIsTranslatedBothWays() {
        anthropicUpstream.reset();
        anthropicUpstream.enqueue(FakeAnthropicUpstream.Reply.text("Bonjour ", "!").usage(20, 3));

        ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("claude-test").addSystemMessage("Answer in French.").addUserMessage("Hello").build());

        assertThat(completion.choices().getFirst().message().content().orElseThrow(), is("Bonjour !"));
        assertThat(completion.usage().orElseThrow().promptTokens(), is(20L));
        var sent = anthropicUpstream.lastRequest().json();
        assertThat(sent.path("system").asText(), is("Answer in French."));
        assertThat(sent.path("model").asText(), is("claude-sonnet-4-20250514"));
        assertThat(sent.path("max_tokens").asInt(), is(1024));
    }

    @Test
    void anAnthropicStreamArrivesAsOpenAiChunks() {
        anthropicUpstream.reset();
        anthropicUpstream.enqueue(FakeAnthropicUpstream.Reply.text("Hel", "lo").usage(9, 2));

        List<ChatCompletionChunk> chunks = stream("claude-test", true);

        assertThat(chunks.getFirst().choices().getFirst().delta().role().isPresent(), is(true));
        assertThat(text(chunks), is("Hello"));
        assertThat(chunks.getLast().usage().orElseThrow().promptTokens(), is(9L));
        assertThat(chunks.getLast().usage().orElseThrow().completionTokens(), is(2L));
    }

    @Test
    void aGeminiUpstreamIsTranslatedBothWays() {
        geminiUpstream.enqueue(FakeGeminiUpstream.Reply.text("Bonjour", " !").usage(15, 2, 4));

        ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gemini-test").addSystemMessage("Answer in French.").addUserMessage("Hello")
                .maxCompletionTokens(64).build());

        assertThat(completion.choices().getFirst().message().content().orElseThrow(), is("Bonjour !"));
        assertThat(completion.usage().orElseThrow().promptTokens(), is(15L));
        assertThat(completion.usage().orElseThrow().completionTokens(), is(6L));
        var sent = geminiUpstream.lastRequest();
        assertThat(sent.path(), is("/v1beta/models/gemini-2.5-flash:generateContent"));
        assertThat(sent.header("x-goog-api-key").orElseThrow(), is("gm-x"));
        assertThat(sent.json().path("systemInstruction").path("parts").path(0).path("text").asText(),
                   is("Answer in French."));
        assertThat(sent.json().path("generationConfig").path("maxOutputTokens").asInt(), is(64));
    }

    @Test
    void aGeminiStreamAndItsFunctionCallsArriveAsOpenAiChunks() {
        geminiUpstream.enqueue(FakeGeminiUpstream.Reply.text("Hel", "lo").usage(9, 2, 0),
                               FakeGeminiUpstream.Reply.text().functionCall("fc-7", "lookup", "{\"q\":\"novai\"}"));

        List<ChatCompletionChunk> chunks = stream("gemini-test", true);
        assertThat(text(chunks), is("Hello"));
        assertThat(chunks.getLast().usage().orElseThrow().totalTokens(), is(11L));

        ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gemini-test").addUserMessage("look it up")
                .addFunctionTool(com.openai.models.FunctionDefinition.builder().name("lookup").build())
                .build());
        var call = completion.choices().getFirst().message().toolCalls().orElseThrow().getFirst().asFunction();
        assertThat(call.id(), is("fc-7"));
        assertThat(call.function().arguments(), is("{\"q\":\"novai\"}"));
        assertThat(completion.choices().getFirst().finishReason(), is(ChatCompletion.Choice.FinishReason.TOOL_CALLS));
        assertThat(geminiUpstream.lastRequest().json().path("tools").path(0).path("functionDeclarations").path(0)
                           .path("name").asText(), is("lookup"));
    }

    @Test
    void logprobsOfAnOpenAiCompatibleUpstreamReachTheClient() {
        openaiUpstream.enqueue(FakeReply.text("Hi there").usage(5, 2));

        ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gpt-test").addUserMessage("Hello").logprobs(true).topLogprobs(2L).build());

        assertThat(openaiUpstream.lastRequest().json().path("top_logprobs").asInt(), is(2));
        var content = completion.choices().getFirst().logprobs().orElseThrow().content().orElseThrow();
        assertThat(content.stream().map(ChatCompletionTokenLogprob::token).toList(), contains("Hi", " there"));
        assertThat(content.getFirst().logprob(), is(-0.25));
        assertThat(content.getFirst().bytes().orElseThrow(), contains(72L, 105L));
        assertThat(content.getFirst().topLogprobs().stream()
                           .map(ChatCompletionTokenLogprob.TopLogprob::token).toList(), contains("Hi~0", "Hi~1"));

        openaiUpstream.enqueue(FakeReply.text("Hi there"));
        HttpResponse<String> raw = http.send(chat("{\"model\":\"gpt-test\",\"logprobs\":true,\"top_logprobs\":1,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}"));
        assertThat(raw.body(), raw.statusCode(), is(200));
        OpenAiSchemas.assertValidOpenAi("CreateChatCompletionResponse", raw.body());
        OpenAiSchemas.assertValidNovai("CreateChatCompletionResponse", raw.body());
        assertThat(Http.json(raw).at("/choices/0/logprobs/refusal").isNull(), is(true));
    }

    @Test
    void streamedLogprobsReachTheClientWithTheirDeltas() {
        openaiUpstream.enqueue(FakeReply.text("one two three").inDeltas(3));

        List<ChatCompletionChunk> chunks = stream(ChatCompletionCreateParams.builder()
                .model("gpt-test").addUserMessage("stream").logprobs(true).topLogprobs(1L));

        List<ChatCompletionChunk.Choice> withText = chunks.stream().flatMap(chunk -> chunk.choices().stream())
                .filter(choice -> !choice.delta().content().orElse("").isEmpty()).toList();
        assertThat(withText.size(), is(3));
        for (ChatCompletionChunk.Choice choice : withText) {
            var token = choice.logprobs().orElseThrow().content().orElseThrow().getFirst();
            assertThat(token.token(), is(choice.delta().content().orElseThrow()));
            assertThat(token.topLogprobs().size(), is(1));
        }

        openaiUpstream.enqueue(FakeReply.text("one two").inDeltas(2));
        HttpResponse<String> raw = http.send(chat("{\"model\":\"gpt-test\",\"stream\":true,\"logprobs\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}"));
        List<String> events = List.of(raw.body().split("\n\n"));
        assertThat(events.getLast(), is("data: [DONE]"));
        for (String event : events.subList(0, events.size() - 1)) {
            OpenAiSchemas.assertValidOpenAi("CreateChatCompletionStreamResponse", event.substring("data: ".length()));
            OpenAiSchemas.assertValidNovai("CreateChatCompletionStreamResponse", event.substring("data: ".length()));
        }
    }

    @Test
    void everyChoiceOfNComesBackWithItsIndex() {
        openaiUpstream.enqueue(FakeReply.texts("Red", "Blue").usage(6, 2));

        ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gpt-test").addUserMessage("A colour?").n(2L).build());

        assertThat(openaiUpstream.lastRequest().json().path("n").asInt(), is(2));
        assertThat(completion.choices().stream().map(ChatCompletion.Choice::index).toList(), contains(0L, 1L));
        assertThat(completion.choices().get(1).message().content().orElseThrow(), is("Blue"));
        assertThat(completion.usage().orElseThrow().completionTokens(), is(2L));
    }

    @Test
    void nChoicesReserveTheOutputCapOfEach() {
        openaiUpstream.enqueue(FakeReply.texts("Red", "Blue", "Green").usage(6, 3));
        Keys key = Keys.create(http, "{\"name\":\"n-reservation\",\"tpm_limit\":100000}");

        HttpResponse<String> response = http.send(key.request(http, "/v1/chat/completions")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-test\",\"n\":3,\"max_tokens\":1000,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"A colour?\"}]}")).build());

        assertThat(response.body(), response.statusCode(), is(200));
        // admitted with three choices' worth of output (3 × 1000) and the prompt's estimate reserved
        long remaining = Long.parseLong(response.headers().firstValue("x-ratelimit-remaining-tokens").orElseThrow());
        assertThat(remaining, lessThanOrEqualTo(100000L - 3000L));
        assertThat(remaining, greaterThan(100000L - 3000L - 100L));
    }

    @Test
    void aStreamOfNChoicesEndsWhenEveryChoiceFinished() {
        openaiUpstream.enqueue(FakeReply.texts("one two three", "four five").usage(6, 5));

        List<ChatCompletionChunk> chunks = stream(ChatCompletionCreateParams.builder()
                .model("gpt-test").addUserMessage("two please").n(2L)
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()));

        for (long index = 0; index < 2; index++) {
            long i = index;
            assertThat(chunks.stream().flatMap(chunk -> chunk.choices().stream()).filter(choice -> choice.index() == i)
                               .map(choice -> choice.delta().content().orElse("")).collect(Collectors.joining()),
                       is(i == 0 ? "one two three" : "four five"));
            assertThat(chunks.stream().flatMap(chunk -> chunk.choices().stream())
                               .filter(choice -> choice.index() == i && choice.finishReason().isPresent()).count(),
                       is(1L));
        }
        assertThat(chunks.getLast().usage().orElseThrow().completionTokens(), is(5L));
    }

    @Test
    void aStreamMissingTheFinishOfOneChoiceIsIncomplete() {
        // choice 1 never finishes: the events of a texts("a", "b") stream without choice 1's finish
        openaiUpstream.enqueue(FakeReply.events(
                "{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"a\"}}]}",
                "{\"id\":\"c\",\"choices\":[{\"index\":1,\"delta\":{\"role\":\"assistant\",\"content\":\"b\"}}]}",
                "{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],"
                        + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,\"total_tokens\":5}}"));

        HttpResponse<String> raw = http.send(chat("{\"model\":\"gpt-test\",\"stream\":true,\"n\":2,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}"));

        List<String> events = List.of(raw.body().split("\n\n"));
        assertThat(events.getLast(), is("data: [DONE]"));
        assertThat(events.get(events.size() - 2), containsString("stream_interrupted"));
    }

    @Test
    void modelsThatCannotServeLogprobsOrNRefuseThem() {
        for (String model : List.of("claude-test", "echo-test")) {
            BadRequestException logprobs = assertThrows(BadRequestException.class, () -> client.chat().completions()
                    .create(ChatCompletionCreateParams.builder().model(model).addUserMessage("x").logprobs(true)
                                    .build()));
            assertThat(logprobs.code().orElseThrow(), is("unsupported_parameter"));
            assertThat(logprobs.param().orElseThrow(), is("logprobs"));

            HttpResponse<String> n = http.send(chat("{\"model\":\"" + model + "\",\"stream\":true,\"n\":2,"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"));
            assertThat(n.body(), n.statusCode(), is(400));
            assertThat(Http.json(n).at("/error/code").asText(), is("unsupported_value"));
            assertThat(Http.json(n).at("/error/param").asText(), is("n"));
            OpenAiSchemas.assertValidOpenAi("ErrorResponse", n.body());
        }
        // what they serve is still served
        assertThat(client.chat().completions().create(ChatCompletionCreateParams.builder().model("echo-test")
                                                              .addUserMessage("x").n(1L).logprobs(false).build())
                           .choices().size(), is(1));
    }

    @Test
    void parametersNovAiDoesNotModelReachAnOpenAiCompatibleUpstream() {
        openaiUpstream.enqueue(FakeReply.text("stored"));
        ChatCompletion viaSdk = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gpt-test").addUserMessage("Hello").store(true)
                .putAdditionalBodyProperty("prediction_v2", JsonValue.from(Map.of("type", "content")))
                .build());
        assertThat(viaSdk.choices().getFirst().message().content().orElseThrow(), is("stored"));
        var sent = openaiUpstream.lastRequest().json();
        assertThat(sent.path("store").asBoolean(), is(true));
        assertThat(sent.path("prediction_v2").path("type").asText(), is("content"));
        assertThat(sent.path("model").asText(), is("gpt-4o-mini-2024-07-18"));

        openaiUpstream.enqueue(FakeReply.text("one two").inDeltas(2));
        HttpResponse<String> streamed = http.send(chat("{\"model\":\"gpt-test\",\"stream\":true,"
                + "\"service_tier\":\"flex\",\"new_knob\":{\"weights\":[0.10,1]},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}"));
        assertThat(streamed.body(), streamed.statusCode(), is(200));
        sent = openaiUpstream.lastRequest().json();
        assertThat(sent.path("service_tier").asText(), is("flex"));
        assertThat(sent.path("new_knob").toString(), is("{\"weights\":[0.1,1]}"));
        assertThat(sent.path("stream").asBoolean(), is(true));
    }

    @Test
    void modelsOfOtherProvidersRefuseParametersNovAiDoesNotModelButIgnoreTheHints() {
        for (String model : List.of("claude-test", "echo-test")) {
            anthropicUpstream.reset();
            for (boolean stream : new boolean[] {false, true}) {
                HttpResponse<String> refused = http.send(chat("{\"model\":\"" + model + "\",\"stream\":" + stream
                        + ",\"store\":true,\"prediction_v2\":{\"type\":\"content\"},"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"));
                assertThat(refused.body(), refused.statusCode(), is(400));
                assertThat(Http.json(refused).at("/error/code").asText(), is("unknown_parameter"));
                assertThat(Http.json(refused).at("/error/param").asText(), is("prediction_v2"));
                assertThat(Http.json(refused).at("/error/message").asText(), containsString(model));
                OpenAiSchemas.assertValidOpenAi("ErrorResponse", refused.body());
            }
            assertThat(anthropicUpstream.requests().isEmpty(), is(true));

            anthropicUpstream.enqueue(FakeAnthropicUpstream.Reply.text("hinted").usage(3, 1));
            HttpResponse<String> hinted = http.send(chat("{\"model\":\"" + model + "\",\"store\":true,"
                    + "\"service_tier\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"));
            assertThat(hinted.body(), hinted.statusCode(), is(200));
        }
        anthropicUpstream.reset();
    }

    @Test
    void unknownFieldsThatCannotBeParametersAreRefusedByTheGateway() {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i <= 32; i++) {
            many.append("\"knob_").append(i).append("\":1,");
        }
        for (String fields : List.of("\"Temperature\":1,", "\"x-y\":1,", many.toString())) {
            long before = openaiUpstream.requestCount();
            HttpResponse<String> refused = http.send(chat("{\"model\":\"gpt-test\"," + fields
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"));
            assertThat(refused.body(), refused.statusCode(), is(400));
            assertThat(Http.json(refused).at("/error/code").asText(), is("unknown_parameter"));
            assertThat(openaiUpstream.requestCount(), is(before));
        }
        HttpResponse<String> refusedAsBefore = http.send(chat("{\"model\":\"gpt-test\",\"function_call\":\"auto\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"));
        assertThat(Http.json(refusedAsBefore).at("/error/code").asText(), is("unsupported_parameter"));
    }

    @Test
    void aHostileUpstreamsLogprobsNeverReachTheClient() {
        String entry = "{\"token\":\"a\",\"logprob\":-1,\"bytes\":[97],\"top_logprobs\":[]}";
        FakeReply hostile = FakeReply.events(
                "{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"a\"},"
                        + "\"logprobs\":{\"content\":[" + String.join(",", Collections.nCopies(100_000, entry))
                        + "]}}]}");
        long before = openaiUpstream.requestCount();
        // every attempt of the router (a broken upstream is worth a retry) meets the same upstream
        openaiUpstream.respondWith(request -> hostile);
        HttpResponse<String> raw;
        try {
            raw = http.send(chat("{\"model\":\"gpt-test\",\"stream\":true,\"logprobs\":true,"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}"));
        } finally {
            openaiUpstream.respondWith(request -> FakeReply.text("Hello from the fake upstream."));
        }

        assertThat(raw.body(), raw.statusCode(), is(503));
        assertThat(Http.json(raw).at("/error/code").asText(), is("provider_unavailable"));
        assertThat(openaiUpstream.requestCount() - before > 1, is(true));
    }

    private static List<ChatCompletionChunk> stream(ChatCompletionCreateParams.Builder params) {
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params.build())) {
            return stream.stream().toList();
        }
    }

    private static HttpRequest chat(String body) {
        return http.request("/v1/chat/completions")
                .header("Authorization", "Bearer " + NovaiCluster.DEV_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private static List<ChatCompletionChunk> stream(String model, boolean includeUsage) {
        ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder()
                .model(model).addUserMessage("stream");
        if (includeUsage) {
            params.streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build());
        }
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params.build())) {
            return stream.stream().toList();
        }
    }

    private static String text(List<ChatCompletionChunk> chunks) {
        return chunks.stream().flatMap(chunk -> chunk.choices().stream())
                .map(choice -> choice.delta().content().orElse(""))
                .collect(Collectors.joining());
    }
}
