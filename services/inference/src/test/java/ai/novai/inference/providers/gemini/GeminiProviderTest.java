package ai.novai.inference.providers.gemini;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import ai.novai.common.grpc.CancelSignal;
import ai.novai.common.models.Deployment;
import ai.novai.common.models.ModelEntry;
import ai.novai.common.models.Price;
import ai.novai.common.models.ProviderEntry;
import ai.novai.common.models.ProviderType;
import ai.novai.inference.fakes.FakeGeminiUpstream;
import ai.novai.inference.fakes.FakeGeminiUpstream.Reply;
import ai.novai.inference.providers.ChatProvider;
import ai.novai.inference.providers.HttpChatProvider;
import ai.novai.inference.providers.ProviderCall;
import ai.novai.proto.common.v1.ModelKind;
import ai.novai.proto.inference.v1.ChatCompletion;
import ai.novai.proto.inference.v1.ChatCompletionChunk;
import ai.novai.proto.inference.v1.ChatMessage;
import ai.novai.proto.inference.v1.ChatRequest;
import ai.novai.proto.inference.v1.ContentPart;
import ai.novai.proto.inference.v1.FinishReason;
import ai.novai.proto.inference.v1.Role;
import ai.novai.upstream.UpstreamClient;
import ai.novai.upstream.UpstreamFailure;
import ai.novai.upstream.UpstreamRejection;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The Gemini provider as the inference service builds it (the translator over the shared upstream client)
 * against a fake Gemini server speaking the real wire format, over real HTTP.
 */
class GeminiProviderTest {

    private static final ModelEntry MODEL = new ModelEntry(
            "gemini-test", ModelKind.MODEL_KIND_CHAT, List.of(new Deployment("gemini", "models/gemini-2.5-flash", 1)),
            "gemini", 0, List.of(), 1_000_000, 8192, Price.FREE, Price.FREE, 0, false, List.of());

    private FakeGeminiUpstream upstream;
    private ChatProvider provider;

    @BeforeEach
    void start() {
        upstream = FakeGeminiUpstream.start();
        provider = new HttpChatProvider(new GeminiTranslator(entry()), UpstreamClient.create(entry()));
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    @Test
    void completesOverTheWire() {
        upstream.enqueue(Reply.text("Bonjour", " !").usage(12, 3, 0));

        ChatCompletion completion = provider.complete(call(hello()));

        assertThat(upstream.lastRequest().path(), is("/v1beta/models/gemini-2.5-flash:generateContent"));
        assertThat(upstream.lastRequest().header("x-goog-api-key").orElseThrow(), is("gm-test-key"));
        assertThat(upstream.lastRequest().header("authorization").isPresent(), is(false));
        assertThat(completion.getChoices(0).getMessage().getContent(0).getText(), is("Bonjour !"));
        assertThat(completion.getChoices(0).getFinishReason(), is(FinishReason.FINISH_REASON_STOP));
        assertThat(completion.getUsage().getPromptTokens(), is(12));
        assertThat(completion.getUsage().getCompletionTokens(), is(3));
        assertThat(completion.getProvider(), is("gemini/models/gemini-2.5-flash"));
    }

    @Test
    void streamsOverTheWireToTheFinishAndUsage() {
        upstream.enqueue(Reply.text("One", " two", " three").usage(5, 3, 2));
        List<ChatCompletionChunk> chunks = new CopyOnWriteArrayList<>();

        provider.stream(call(hello()), chunks::add);

        assertThat(upstream.lastRequest().path(), is("/v1beta/models/gemini-2.5-flash:streamGenerateContent"));
        assertThat(upstream.lastRequest().queryParameter("alt").orElseThrow(), is("sse"));
        String text = chunks.stream().flatMap(chunk -> chunk.getChoicesList().stream())
                .map(choice -> choice.getDelta().getContent()).reduce("", String::concat);
        assertThat(text, is("One two three"));
        assertThat(chunks.getLast().getUsage().getCompletionTokens(), is(5));
        assertThat(chunks.getLast().getUsage().getReasoningTokens(), is(2));
    }

    @Test
    void streamsAFunctionCall() {
        upstream.enqueue(Reply.text().functionCall("fc-1", "weather", "{\"city\":\"Oslo\"}"));
        List<ChatCompletionChunk> chunks = new CopyOnWriteArrayList<>();

        provider.stream(call(hello()), chunks::add);

        var calls = chunks.stream().flatMap(chunk -> chunk.getChoicesList().stream())
                .flatMap(choice -> choice.getDelta().getToolCallsList().stream()).toList();
        assertThat(calls.size(), is(1));
        assertThat(calls.getFirst().getId(), is("fc-1"));
        assertThat(calls.getFirst().getArgumentsFragment(), is("{\"city\":\"Oslo\"}"));
        assertThat(chunks.stream().flatMap(chunk -> chunk.getChoicesList().stream())
                           .anyMatch(choice -> choice.getFinishReason() == FinishReason.FINISH_REASON_TOOL_CALLS),
                   is(true));
    }

    @Test
    void aStreamCutBeforeItsFinishIsBroken() {
        upstream.enqueue(Reply.text("One", " two").cutAfter(1));

        UpstreamFailure failure = assertThrows(UpstreamFailure.class,
                                               () -> provider.stream(call(hello()), chunk -> { }));

        assertThat(failure.kind(), is(UpstreamFailure.Kind.STREAM_BROKEN));
        assertThat(failure.getMessage(), containsString("finishReason"));
    }

    @Test
    void googleErrorsAreClassified() {
        upstream.enqueue(Reply.error(429, "RESOURCE_EXHAUSTED", "Quota exceeded.").header("Retry-After", "3"),
                         Reply.error(400, "INVALID_ARGUMENT", "Invalid JSON payload received."),
                         Reply.error(503, "UNAVAILABLE", "The model is overloaded."));

        UpstreamFailure limited = assertThrows(UpstreamFailure.class, () -> provider.complete(call(hello())));
        assertThat(limited.kind(), is(UpstreamFailure.Kind.RATE_LIMITED));
        assertThat(limited.retryAfter(), is(Optional.of(Duration.ofSeconds(3))));
        UpstreamRejection rejected = assertThrows(UpstreamRejection.class, () -> provider.complete(call(hello())));
        assertThat(rejected.getMessage(), is("Invalid JSON payload received."));
        UpstreamFailure overloaded = assertThrows(UpstreamFailure.class, () -> provider.stream(call(hello()), chunk -> { }));
        assertThat(overloaded.kind(), is(UpstreamFailure.Kind.SERVER_ERROR));
    }

    @Test
    void aMissingKeyIsNovaisCredentialsProblem() {
        ProviderCall withoutKey = new ProviderCall(hello(), MODEL, MODEL.deployments().getFirst(), entry(),
                                                   Optional.empty(), new CancelSignal());

        UpstreamFailure failure = assertThrows(UpstreamFailure.class, () -> provider.complete(withoutKey));

        assertThat(failure.kind(), is(UpstreamFailure.Kind.AUTHENTICATION));
    }

    @Test
    void aBlockedPromptFinishesWithTheContentFilter() {
        upstream.enqueue(Reply.blockedPrompt(), Reply.blockedPrompt());

        assertThat(provider.complete(call(hello())).getChoices(0).getFinishReason(),
                   is(FinishReason.FINISH_REASON_CONTENT_FILTER));
        List<ChatCompletionChunk> chunks = new CopyOnWriteArrayList<>();
        provider.stream(call(hello()), chunks::add);
        assertThat(chunks.getFirst().getChoices(0).getFinishReason(), is(FinishReason.FINISH_REASON_CONTENT_FILTER));
    }

    private ProviderEntry entry() {
        return new ProviderEntry("gemini", ProviderType.GEMINI, Optional.of(upstream.baseUrl()), Optional.of("GEMINI_API_KEY"),
                                 Config.just(ConfigSources.create(Map.of())));
    }

    private ProviderCall call(ChatRequest request) {
        return new ProviderCall(request, MODEL, MODEL.deployments().getFirst(), entry(), Optional.of("gm-test-key"),
                                new CancelSignal());
    }

    private static ChatRequest hello() {
        return ChatRequest.newBuilder().addMessages(ChatMessage.newBuilder().setRole(Role.ROLE_USER)
                                                            .addContent(ContentPart.newBuilder().setText("Hello")))
                .build();
    }
}
