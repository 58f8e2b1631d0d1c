package ai.novai.gateway;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import ai.novai.gateway.testing.NovaiCluster;
import ai.novai.inference.fakes.FakeAnthropicUpstream;
import ai.novai.inference.fakes.FakeOpenAiUpstream;
import ai.novai.inference.fakes.FakeReply;
import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * The official OpenAI SDK against NovAI, NovAI against fake upstreams that speak OpenAI's and
 * Anthropic's real wire formats: what the client sends arrives translated, what the upstream answers
 * comes back in OpenAI's format, and billing always gets usage.
 */
class ProviderAdaptersEndToEndTest {

    private static FakeOpenAiUpstream openaiUpstream;
    private static FakeAnthropicUpstream anthropicUpstream;
    private static NovaiCluster cluster;
    private static OpenAIClient client;

    @BeforeAll
    static void start() {
        openaiUpstream = FakeOpenAiUpstream.start();
        anthropicUpstream = FakeAnthropicUpstream.start();
        String registry = """
                providers:
                  upstream-openai: { type: openai, base-url: "%s", api-key-env: OPENAI_TEST_KEY }
                  upstream-anthropic: { type: anthropic, base-url: "%s", api-key-env: ANTHROPIC_TEST_KEY }
                models:
                  - { id: gpt-test, provider: upstream-openai, upstream-model: gpt-4o-mini-2024-07-18 }
                  - { id: claude-test, provider: upstream-anthropic, upstream-model: claude-sonnet-4-20250514,
                      max-output-tokens: 1024 }
                """.formatted(openaiUpstream.baseUrl(), anthropicUpstream.baseUrl());
        cluster = NovaiCluster.start(NovaiCluster.registry(registry),
                                     Map.of("OPENAI_TEST_KEY", "sk-upstream-openai", "ANTHROPIC_TEST_KEY", "sk-ant-x"));
        client = cluster.openAiClient();
    }

    @AfterAll
    static void stop() {
        client.close();
        cluster.close();
        openaiUpstream.close();
        anthropicUpstream.close();
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
