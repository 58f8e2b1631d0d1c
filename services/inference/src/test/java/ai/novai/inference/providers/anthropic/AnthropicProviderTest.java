package ai.novai.inference.providers.anthropic;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import ai.novai.common.models.Deployment;
import ai.novai.common.models.ModelEntry;
import ai.novai.common.models.Price;
import ai.novai.common.models.ProviderEntry;
import ai.novai.common.models.ProviderType;
import ai.novai.inference.fakes.FakeAnthropicUpstream;
import ai.novai.inference.fakes.FakeAnthropicUpstream.RecordedRequest;
import ai.novai.inference.fakes.FakeAnthropicUpstream.Reply;
import ai.novai.common.grpc.CancelSignal;
import ai.novai.inference.providers.ChatProvider;
import ai.novai.inference.providers.HttpChatProvider;
import ai.novai.inference.providers.ProviderCall;
import ai.novai.upstream.UpstreamClient;
import ai.novai.upstream.UpstreamCancelled;
import ai.novai.upstream.UpstreamFailure;
import ai.novai.upstream.UpstreamRejection;
import ai.novai.proto.common.v1.ModelKind;
import ai.novai.proto.inference.v1.ChatCompletion;
import ai.novai.proto.inference.v1.ChatCompletionChunk;
import ai.novai.proto.inference.v1.ChatMessage;
import ai.novai.proto.inference.v1.ChatRequest;
import ai.novai.proto.inference.v1.ChunkChoice;
import ai.novai.proto.inference.v1.ContentPart;
import ai.novai.proto.inference.v1.FinishReason;
import ai.novai.proto.inference.v1.FunctionCall;
import ai.novai.proto.inference.v1.FunctionDefinition;
import ai.novai.proto.inference.v1.ImageUrl;
import ai.novai.proto.inference.v1.JsonSchemaFormat;
import ai.novai.proto.inference.v1.ResponseFormat;
import ai.novai.proto.inference.v1.ResponseFormatType;
import ai.novai.proto.inference.v1.Role;
import ai.novai.proto.inference.v1.Tool;
import ai.novai.proto.inference.v1.ToolCall;
import ai.novai.proto.inference.v1.ToolCallDelta;
import ai.novai.proto.inference.v1.ToolChoice;
import ai.novai.proto.inference.v1.ToolChoiceMode;
import ai.novai.proto.inference.v1.Usage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static ai.novai.inference.providers.Messages.image;
import static ai.novai.inference.providers.Messages.message;
import static ai.novai.inference.providers.Messages.text;
import static ai.novai.inference.providers.Messages.toolCall;
import static ai.novai.inference.providers.Messages.toolResult;
import static ai.novai.inference.providers.Messages.user;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AnthropicProviderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ModelEntry MODEL = model(8192);

    private FakeAnthropicUpstream upstream;
    private ChatProvider provider;

    @BeforeEach
    void start() {
        upstream = FakeAnthropicUpstream.start();
        provider = anthropic(providerEntry(Map.of()));
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    // ---------------------------------------------------------------------------------------------
    // Request translation
    // ---------------------------------------------------------------------------------------------

    @Test
    void sendsTheMessagesRequestWithAnthropicsHeaders() {
        provider.complete(call(ChatRequest.newBuilder().addMessages(user("Hi")).setRequestId("req-123").build()));

        RecordedRequest request = upstream.lastRequest();
        assertThat(request.method(), is("POST"));
        assertThat(request.path(), is("/v1/messages"));
        assertThat(request.header("x-api-key"), is("sk-ant-test"));
        assertThat(request.header("anthropic-version"), is("2023-06-01"));
        assertThat(request.header("content-type"), is("application/json"));
        assertThat(request.header("x-request-id"), is("req-123"));
        assertThat(request.header("authorization"), is(nullValue()));
        assertThat(request.json().path("model").asText(), is("claude-upstream-1"));
        assertThat(request.json().path("max_tokens").asInt(), is(8192));
        assertThat(request.json().has("stream"), is(false));
        assertThat(request.json().has("system"), is(false));
        assertThat(request.json().path("messages"), is(json("""
                [{"role": "user", "content": [{"type": "text", "text": "Hi"}]}]""")));
    }

    @Test
    void theApiVersionComesFromTheProviderSettings() {
        ChatProvider pinned = anthropic(providerEntry(Map.of("anthropic-version", "2099-01-01")));

        pinned.complete(call(ChatRequest.newBuilder().addMessages(user("Hi")).build()));

        assertThat(upstream.lastRequest().header("anthropic-version"), is("2099-01-01"));
        assertThat(upstream.lastRequest().header("x-request-id"), is(nullValue()));
    }

    @Test
    void translatesAWholeConversation() throws IOException {
        ChatRequest request = ChatRequest.newBuilder()
                .addMessages(message(Role.ROLE_SYSTEM, "You are terse."))
                .addMessages(ChatMessage.newBuilder()
                                     .setRole(Role.ROLE_USER)
                                     .addContent(text("What is in these pictures?"))
                                     .addContent(image("data:image/png;base64,iVBORw0KGgoAAAANSUhEUg=="))
                                     .addContent(image("https://example.com/cat.jpg")))
                .addMessages(ChatMessage.newBuilder()
                                     .setRole(Role.ROLE_ASSISTANT)
                                     .addContent(text("A cat. Let me check the weather there."))
                                     .addToolCalls(toolCall("call_1", "get_weather",
                                                            "{\"city\": \"Paris\", \"days\": 2, \"margin\": 0.5}"))
                                     .addToolCalls(toolCall("call_2", "get_time", "")))
                .addMessages(message(Role.ROLE_DEVELOPER, "Prefer metric units."))
                .addMessages(toolResult("call_1", "18 C, sunny"))
                .addMessages(toolResult("call_2", "14:05"))
                .addMessages(user("Thanks."))
                .addMessages(user("And tomorrow?"))
                .setUser("user-42")
                .setSeed(7)
                .setPresencePenalty(0.5)
                .putLogitBias("123", 5)
                .build();

        provider.stream(call(request), chunk -> { });

        assertThat(upstream.lastRequest().json(), is(resource("conversation-request.json")));
    }

    @Test
    void toolResultsComeFirstInTheirMergedUserTurn() {
        ChatRequest request = ChatRequest.newBuilder()
                .addMessages(user("Weather?"))
                .addMessages(ChatMessage.newBuilder().setRole(Role.ROLE_ASSISTANT)
                                     .addToolCalls(toolCall("call_9", "get_weather", "{}")))
                .addMessages(user("(the tool is slow)"))
                .addMessages(toolResult("call_9", "rain"))
                .build();

        JsonNode messages = write(request).path("messages");

        assertThat(messages.size(), is(3));
        assertThat(messages.get(2).path("role").asText(), is("user"));
        assertThat(messages.get(2).path("content").get(0).path("type").asText(), is("tool_result"));
        assertThat(messages.get(2).path("content").get(1).path("text").asText(), is("(the tool is slow)"));
    }

    @Test
    void maxTokensComesFromTheRequestThenTheModelThenTheDefault() {
        ChatRequest withLimit = ChatRequest.newBuilder().addMessages(user("Hi")).setMaxTokens(100).build();
        ChatRequest withoutLimit = ChatRequest.newBuilder().addMessages(user("Hi")).build();

        assertThat(write(withLimit).path("max_tokens").asInt(), is(100));
        assertThat(write(withoutLimit).path("max_tokens").asInt(), is(8192));
        assertThat(AnthropicRequestWriter.write(call(withoutLimit, model(0), new CancelSignal()), false)
                           .path("max_tokens").asInt(), is(4096));
    }

    @Test
    void translatesSamplingParameters() {
        JsonNode body = write(ChatRequest.newBuilder()
                                      .addMessages(user("Hi"))
                                      .setTemperature(1.7)
                                      .setTopP(0.9)
                                      .addStop("END")
                                      .addStop("\n\n")
                                      .build());

        assertThat(body.path("temperature").asDouble(), is(1.0));
        assertThat(body.path("top_p").asDouble(), is(0.9));
        assertThat(body.path("stop_sequences"), is(json("[\"END\", \"\\n\\n\"]")));
        assertThat(write(ChatRequest.newBuilder().addMessages(user("Hi")).setTemperature(0.3).build())
                           .path("temperature").asDouble(), is(0.3));
    }

    @Test
    void translatesToolsAndToolChoice() {
        ChatRequest.Builder request = ChatRequest.newBuilder()
                .addMessages(user("Weather in Paris?"))
                .addTools(Tool.newBuilder().setFunction(FunctionDefinition.newBuilder()
                        .setName("get_weather")
                        .setDescription("Current weather of a city")
                        .setParametersJson("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},"
                                                   + "\"required\":[\"city\"]}")))
                .addTools(Tool.newBuilder().setFunction(FunctionDefinition.newBuilder().setName("get_time")));

        assertThat(write(request.build()).path("tools"), is(json("""
                [{"name": "get_weather", "description": "Current weather of a city",
                  "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}},
                 {"name": "get_time", "input_schema": {"type": "object", "properties": {}}}]""")));
        assertThat(write(request.build()).has("tool_choice"), is(false));
        assertThat(toolChoice(request, mode(ToolChoiceMode.TOOL_CHOICE_MODE_AUTO)), is(json("{\"type\": \"auto\"}")));
        assertThat(toolChoice(request, mode(ToolChoiceMode.TOOL_CHOICE_MODE_REQUIRED)), is(json("{\"type\": \"any\"}")));
        assertThat(toolChoice(request, mode(ToolChoiceMode.TOOL_CHOICE_MODE_NONE)), is(json("{\"type\": \"none\"}")));
        assertThat(toolChoice(request, ToolChoice.newBuilder().setFunctionName("get_time").build()),
                   is(json("{\"type\": \"tool\", \"name\": \"get_time\"}")));
        request.setParallelToolCalls(false);
        assertThat(write(request.clearToolChoice().build()).path("tool_choice"),
                   is(json("{\"type\": \"auto\", \"disable_parallel_tool_use\": true}")));
        assertThat(toolChoice(request, mode(ToolChoiceMode.TOOL_CHOICE_MODE_REQUIRED)),
                   is(json("{\"type\": \"any\", \"disable_parallel_tool_use\": true}")));
        assertThat(toolChoice(request, mode(ToolChoiceMode.TOOL_CHOICE_MODE_NONE)), is(json("{\"type\": \"none\"}")));
    }

    @Test
    void asksForJsonInTheSystemPrompt() {
        ChatRequest.Builder request = ChatRequest.newBuilder()
                .addMessages(message(Role.ROLE_SYSTEM, "You extract data."))
                .addMessages(user("Alice is 31."));

        String jsonObject = write(request.setResponseFormat(ResponseFormat.newBuilder()
                .setType(ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_OBJECT)).build()).path("system").asText();
        String jsonSchema = write(request.setResponseFormat(ResponseFormat.newBuilder()
                .setType(ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_SCHEMA)
                .setJsonSchema(JsonSchemaFormat.newBuilder()
                                       .setName("person")
                                       .setSchemaJson("{\"type\":\"object\",\"properties\":{\"age\":{\"type\":\"integer\"}}}")))
                                               .build()).path("system").asText();

        assertThat(jsonObject, containsString("You extract data.\n\nAnswer only with one valid JSON object"));
        assertThat(jsonSchema, containsString("conforms to the JSON Schema"));
        assertThat(jsonSchema, containsString("Schema name: person"));
        assertThat(jsonSchema, containsString("{\"type\":\"object\",\"properties\":{\"age\":{\"type\":\"integer\"}}}"));
    }

    @Test
    void rejectsWhatAnthropicCannotDoWithoutCallingIt() {
        UpstreamRejection several = assertThrows(UpstreamRejection.class, () -> provider.complete(call(
                ChatRequest.newBuilder().addMessages(user("Hi")).setN(2).build())));
        UpstreamRejection badArguments = assertThrows(UpstreamRejection.class, () -> provider.complete(call(
                ChatRequest.newBuilder().addMessages(ChatMessage.newBuilder().setRole(Role.ROLE_ASSISTANT)
                        .addToolCalls(toolCall("call_1", "f", "{not json"))).build())));
        UpstreamRejection badImage = assertThrows(UpstreamRejection.class, () -> provider.complete(call(
                ChatRequest.newBuilder().addMessages(ChatMessage.newBuilder().setRole(Role.ROLE_USER)
                        .addContent(image("ftp://example.com/cat.png"))).build())));

        assertThat(several.getMessage(), is("n > 1 is not supported by this provider"));
        assertThat(several.param(), is("n"));
        assertThat(badArguments.param(), is("messages"));
        assertThat(badImage.param(), is("messages"));
        assertThat(upstream.requests(), is(empty()));
        provider.complete(call(ChatRequest.newBuilder().addMessages(user("Hi")).setN(1).build()));
    }

    @Test
    void theBaseUrlIsRequired() {
        ProviderEntry withoutUrl = new ProviderEntry("claude", ProviderType.ANTHROPIC, Optional.empty(), Optional.empty(),
                                                     Config.empty());

        IllegalStateException failure = assertThrows(IllegalStateException.class,
                                                     () -> anthropic(withoutUrl));

        assertThat(failure.getMessage(), containsString("claude"));
    }

    // ---------------------------------------------------------------------------------------------
    // Whole responses
    // ---------------------------------------------------------------------------------------------

    @Test
    void readsATextAnswer() {
        upstream.enqueue(Reply.text("Hello", ", world").id("msg_01ABC").usage(20, 7).cacheUsage(100, 30));

        ChatCompletion completion = provider.complete(call(ChatRequest.newBuilder().addMessages(user("Hi")).build()));

        assertThat(completion.getId(), is("msg_01ABC"));
        assertThat(completion.getModel(), is("claude-test"));
        assertThat(completion.getProvider(), is("anthropic/claude-upstream-1"));
        assertThat(completion.getCreated(), greaterThanOrEqualTo(Instant.now().getEpochSecond() - 5));
        assertThat(completion.getChoicesCount(), is(1));
        assertThat(completion.getChoices(0).getMessage().getRole(), is(Role.ROLE_ASSISTANT));
        assertThat(completion.getChoices(0).getMessage().getContent(0).getText(), is("Hello, world"));
        assertThat(completion.getChoices(0).getMessage().getToolCallsCount(), is(0));
        assertThat(completion.getChoices(0).getFinishReason(), is(FinishReason.FINISH_REASON_STOP));
        assertThat(completion.getUsage(), is(Usage.newBuilder().setPromptTokens(150).setCompletionTokens(7)
                                                     .setTotalTokens(157).setCachedPromptTokens(100).build()));
    }

    @Test
    void readsToolCalls() {
        upstream.enqueue(Reply.text("Let me look.")
                                 .andToolUse("toolu_01", "get_weather", "{\"city\":\"Paris\",\"days\":2}")
                                 .andToolUse("toolu_02", "get_time", "{}"));

        ChatCompletion completion = provider.complete(call(ChatRequest.newBuilder().addMessages(user("Hi")).build()));

        ChatMessage message = completion.getChoices(0).getMessage();
        assertThat(message.getContent(0).getText(), is("Let me look."));
        assertThat(message.getToolCallsList(), contains(
                toolCall("toolu_01", "get_weather", "{\"city\":\"Paris\",\"days\":2}"),
                toolCall("toolu_02", "get_time", "{}")));
        assertThat(completion.getChoices(0).getFinishReason(), is(FinishReason.FINISH_REASON_TOOL_CALLS));
    }

    @Test
    void mapsStopReasons() {
        Map<String, FinishReason> expected = Map.of(
                "end_turn", FinishReason.FINISH_REASON_STOP,
                "stop_sequence", FinishReason.FINISH_REASON_STOP,
                "pause_turn", FinishReason.FINISH_REASON_STOP,
                "max_tokens", FinishReason.FINISH_REASON_LENGTH,
                "tool_use", FinishReason.FINISH_REASON_TOOL_CALLS,
                "refusal", FinishReason.FINISH_REASON_CONTENT_FILTER);
        expected.forEach((stopReason, finishReason) -> {
            upstream.enqueue(Reply.text("x").stopReason(stopReason));
            ChatCompletion completion = provider.complete(call(ChatRequest.newBuilder().addMessages(user("Hi")).build()));
            assertThat(stopReason, completion.getChoices(0).getFinishReason(), is(finishReason));
        });
    }

    // ---------------------------------------------------------------------------------------------
    // Streams
    // ---------------------------------------------------------------------------------------------

    @Test
    void streamsText() {
        upstream.enqueue(Reply.text("Hel", "lo", " world").id("msg_stream").usage(25, 9).cacheUsage(5, 0));
        List<ChatCompletionChunk> chunks = new CopyOnWriteArrayList<>();

        provider.stream(call(ChatRequest.newBuilder().addMessages(user("Hi")).build()), chunks::add);

        assertThat(upstream.lastRequest().json().path("stream").asBoolean(), is(true));
        assertThat(upstream.lastRequest().header("accept"), is("text/event-stream"));
        assertThat(chunks.stream().map(ChatCompletionChunk::getId).toList(), everyItem(is("msg_stream")));
        assertThat(chunks.stream().map(ChatCompletionChunk::getModel).toList(), everyItem(is("claude-test")));
        assertThat(chunks.getFirst().getChoices(0).getDelta().getRole(), is(Role.ROLE_ASSISTANT));
        assertThat(chunks.stream().skip(1).filter(chunk -> chunk.getChoicesCount() > 0)
                           .filter(chunk -> chunk.getChoices(0).getDelta().hasRole()).count(), is(0L));
        assertThat(choices(chunks).map(choice -> choice.getDelta().getContent()).collect(Collectors.joining()),
                   is("Hello world"));
        assertThat(finishReasons(chunks), contains(FinishReason.FINISH_REASON_STOP));
        ChatCompletionChunk last = chunks.getLast();
        assertThat(last.getChoicesCount(), is(0));
        assertThat(last.getUsage(), is(Usage.newBuilder().setPromptTokens(30).setCompletionTokens(9)
                                               .setTotalTokens(39).setCachedPromptTokens(5).build()));
        assertThat(chunks.stream().filter(ChatCompletionChunk::hasUsage).count(), is(1L));
    }

    @Test
    void streamsToolCallsWithOpenAiIndexes() {
        upstream.enqueue(Reply.text("Checking.")
                                 .andToolUse("toolu_01", "get_weather", "{\"city\":\"Paris\",\"days\":2}")
                                 .andToolUse("toolu_02", "get_time", "{\"zone\":\"CET\"}")
                                 .fragmentSize(5));
        List<ChatCompletionChunk> chunks = new CopyOnWriteArrayList<>();

        provider.stream(call(ChatRequest.newBuilder().addMessages(user("Hi")).build()), chunks::add);

        List<ToolCallDelta> deltas = choices(chunks).flatMap(choice -> choice.getDelta().getToolCallsList().stream())
                .toList();
        List<ToolCallDelta> starts = deltas.stream().filter(ToolCallDelta::hasId).toList();
        assertThat(starts.size(), is(2));
        assertThat(starts.get(0).getIndex(), is(0));
        assertThat(starts.get(0).getId(), is("toolu_01"));
        assertThat(starts.get(0).getFunctionName(), is("get_weather"));
        assertThat(starts.get(1).getIndex(), is(1));
        assertThat(starts.get(1).getId(), is("toolu_02"));
        assertThat(starts.get(1).getFunctionName(), is("get_time"));
        assertThat(deltas.stream().filter(delta -> !delta.hasId()).map(ToolCallDelta::hasFunctionName).toList(),
                   everyItem(is(false)));
        Map<Integer, String> arguments = deltas.stream().collect(Collectors.groupingBy(
                ToolCallDelta::getIndex, Collectors.mapping(ToolCallDelta::getArgumentsFragment, Collectors.joining())));
        assertThat(arguments, is(Map.of(0, "{\"city\":\"Paris\",\"days\":2}", 1, "{\"zone\":\"CET\"}")));
        assertThat(choices(chunks).map(choice -> choice.getDelta().getContent()).collect(Collectors.joining()),
                   is("Checking."));
        assertThat(chunks.getFirst().getChoices(0).getDelta().getRole(), is(Role.ROLE_ASSISTANT));
        assertThat(finishReasons(chunks), contains(FinishReason.FINISH_REASON_TOOL_CALLS));
        assertThat(chunks.getLast().hasUsage(), is(true));
    }

    @Test
    void aStreamCutBeforeMessageStopIsBroken() {
        upstream.enqueue(Reply.text("Hello", " wor").cutBeforeMessageStop());
        List<ChatCompletionChunk> chunks = new CopyOnWriteArrayList<>();

        UpstreamFailure failure = assertThrows(UpstreamFailure.class, () -> provider.stream(
                call(ChatRequest.newBuilder().addMessages(user("Hi")).build()), chunks::add));

        assertThat(failure.kind(), is(UpstreamFailure.Kind.STREAM_BROKEN));
        assertThat(failure.getMessage(), containsString("message_stop"));
        assertThat(chunks.stream().anyMatch(ChatCompletionChunk::hasUsage), is(false));
    }

    @Test
    void anErrorEventBreaksTheStream() {
        upstream.enqueue(Reply.text("Hello", " world").streamErrorAfter(4, "overloaded_error", "Overloaded"));

        UpstreamFailure failure = assertThrows(UpstreamFailure.class, () -> provider.stream(
                call(ChatRequest.newBuilder().addMessages(user("Hi")).build()), chunk -> { }));

        assertThat(failure.kind(), is(UpstreamFailure.Kind.STREAM_BROKEN));
        assertThat(failure.getMessage(), containsString("overloaded_error: Overloaded"));
    }

    // ---------------------------------------------------------------------------------------------
    // Errors
    // ---------------------------------------------------------------------------------------------

    @Test
    void rateLimitsAreRetryableWithTheProvidersWait() {
        upstream.enqueue(Reply.rateLimited(7), Reply.rateLimited(3));

        UpstreamFailure whole = assertThrows(UpstreamFailure.class, () -> provider.complete(
                call(ChatRequest.newBuilder().addMessages(user("Hi")).build())));
        UpstreamFailure streamed = assertThrows(UpstreamFailure.class, () -> provider.stream(
                call(ChatRequest.newBuilder().addMessages(user("Hi")).build()), chunk -> { }));

        assertThat(whole.kind(), is(UpstreamFailure.Kind.RATE_LIMITED));
        assertThat(whole.retryAfter(), is(Optional.of(Duration.ofSeconds(7))));
        assertThat(whole.getMessage(), containsString("rate limit"));
        assertThat(streamed.kind(), is(UpstreamFailure.Kind.RATE_LIMITED));
        assertThat(streamed.retryAfter(), is(Optional.of(Duration.ofSeconds(3))));
    }

    @Test
    void overloadIsAServerError() {
        upstream.enqueue(Reply.overloaded());

        UpstreamFailure failure = assertThrows(UpstreamFailure.class, () -> provider.complete(
                call(ChatRequest.newBuilder().addMessages(user("Hi")).build())));

        assertThat(failure.kind(), is(UpstreamFailure.Kind.SERVER_ERROR));
        assertThat(failure.getMessage(), containsString("529: Overloaded"));
    }

    @Test
    void invalidRequestsAreRejections() {
        upstream.enqueue(Reply.invalidRequest("messages.0.content: text content blocks must be non-empty"));

        UpstreamRejection rejection = assertThrows(UpstreamRejection.class, () -> provider.stream(
                call(ChatRequest.newBuilder().addMessages(user("Hi")).build()), chunk -> { }));

        assertThat(rejection.getMessage(), is("messages.0.content: text content blocks must be non-empty"));
    }

    @Test
    void malformedJsonIsAServerError() {
        upstream.enqueue(Reply.raw(200, "application/json", "{\"id\": \"msg_1\", \"content\": ["),
                         Reply.raw(200, "text/event-stream", "event: message_start\ndata: {oops\n\n"));

        UpstreamFailure whole = assertThrows(UpstreamFailure.class, () -> provider.complete(
                call(ChatRequest.newBuilder().addMessages(user("Hi")).build())));
        UpstreamFailure streamed = assertThrows(UpstreamFailure.class, () -> provider.stream(
                call(ChatRequest.newBuilder().addMessages(user("Hi")).build()), chunk -> { }));

        assertThat(whole.kind(), is(UpstreamFailure.Kind.SERVER_ERROR));
        assertThat(streamed.kind(), is(UpstreamFailure.Kind.SERVER_ERROR));
    }

    // ---------------------------------------------------------------------------------------------
    // Cancellation
    // ---------------------------------------------------------------------------------------------

    @Test
    void cancellingMidStreamAbortsTheUpstreamRequest() throws Exception {
        upstream.enqueue(Reply.endless(Duration.ofMillis(10)));
        CancelSignal cancel = new CancelSignal();
        List<ChatCompletionChunk> chunks = new CopyOnWriteArrayList<>();

        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(outcomeOf(() -> provider.stream(
                    call(ChatRequest.newBuilder().addMessages(user("Count")).build(), MODEL, cancel), chunks::add)),
                                                                                 executor);
            awaitChunks(chunks, 3);
            Instant cancelledAt = Instant.now();
            cancel.cancel();

            Throwable failure = outcome.get(5, TimeUnit.SECONDS);
            Instant gone = upstream.awaitClientGone(Duration.ofSeconds(5)).orElseThrow();

            assertThat(failure, instanceOf(UpstreamCancelled.class));
            assertThat(Duration.between(cancelledAt, gone).toMillis(), lessThan(200L));
        }
    }

    @Test
    void cancellingWhileTheUpstreamIsSilentReturnsAtOnce() throws Exception {
        // message_start, content_block_start, ping, the first text_delta, then three seconds of silence
        upstream.enqueue(Reply.text("Hel", "lo").stallAfter(4, Duration.ofSeconds(3)));
        CancelSignal cancel = new CancelSignal();
        List<ChatCompletionChunk> chunks = new CopyOnWriteArrayList<>();

        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(outcomeOf(() -> provider.stream(
                    call(ChatRequest.newBuilder().addMessages(user("Hi")).build(), MODEL, cancel), chunks::add)),
                                                                                 executor);
            awaitChunks(chunks, 1);
            Instant cancelledAt = Instant.now();
            cancel.cancel();

            Throwable failure = outcome.get(5, TimeUnit.SECONDS);

            assertThat(Duration.between(cancelledAt, Instant.now()).toMillis(), lessThan(500L));
            assertThat(failure, instanceOf(UpstreamCancelled.class));
            assertThat(chunks.size(), is(1));
        }
    }

    @Test
    void cancellingBeforeTheHeadersAbortsTheRequest() throws Exception {
        upstream.enqueue(Reply.text("late").headersDelay(Duration.ofSeconds(5)));
        CancelSignal cancel = new CancelSignal();

        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(outcomeOf(() -> provider.complete(
                    call(ChatRequest.newBuilder().addMessages(user("Hi")).build(), MODEL, cancel))), executor);
            Thread.sleep(100);
            Instant cancelledAt = Instant.now();
            cancel.cancel();

            Throwable failure = outcome.get(2, TimeUnit.SECONDS);

            assertThat(failure, instanceOf(UpstreamCancelled.class));
            assertThat(Duration.between(cancelledAt, Instant.now()).toMillis(), lessThan(1000L));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers
    // ---------------------------------------------------------------------------------------------

    private ProviderEntry providerEntry(Map<String, String> settings) {
        return new ProviderEntry("anthropic", ProviderType.ANTHROPIC, Optional.of(upstream.baseUrl()),
                                 Optional.of("ANTHROPIC_API_KEY"), Config.just(ConfigSources.create(settings)));
    }

    private static ModelEntry model(int maxOutputTokens) {
        return new ModelEntry("claude-test", ModelKind.MODEL_KIND_CHAT,
                              List.of(new Deployment("anthropic", "claude-upstream-1", 1)), "anthropic", 0,
                              List.of(), 200_000, maxOutputTokens, Price.FREE, Price.FREE, 0, false, List.of());
    }

    private ProviderCall call(ChatRequest request) {
        return call(request, MODEL, new CancelSignal());
    }

    private ProviderCall call(ChatRequest request, ModelEntry model, CancelSignal cancel) {
        return new ProviderCall(request, model, model.deployments().getFirst(), providerEntry(Map.of()),
                                Optional.of("sk-ant-test"), cancel);
    }

    private ObjectNode write(ChatRequest request) {
        return AnthropicRequestWriter.write(call(request), false);
    }

    private JsonNode toolChoice(ChatRequest.Builder request, ToolChoice choice) {
        return write(request.setToolChoice(choice).build()).path("tool_choice");
    }

    private static ToolChoice mode(ToolChoiceMode mode) {
        return ToolChoice.newBuilder().setMode(mode).build();
    }

    private static java.util.stream.Stream<ChunkChoice> choices(List<ChatCompletionChunk> chunks) {
        return chunks.stream().flatMap(chunk -> chunk.getChoicesList().stream());
    }

    private static List<FinishReason> finishReasons(List<ChatCompletionChunk> chunks) {
        return choices(chunks).map(ChunkChoice::getFinishReason)
                .filter(reason -> reason != FinishReason.FINISH_REASON_UNSPECIFIED)
                .toList();
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static JsonNode resource(String name) throws IOException {
        try (InputStream in = AnthropicProviderTest.class.getResourceAsStream("/anthropic/" + name)) {
            return JSON.readTree(in);
        }
    }

    private static java.util.function.Supplier<Throwable> outcomeOf(Runnable work) {
        return () -> {
            try {
                work.run();
                return null;
            } catch (Throwable failure) {
                return failure;
            }
        };
    }

    private static void awaitChunks(List<ChatCompletionChunk> chunks, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (chunks.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + chunks.size() + " chunks arrived");
            }
            Thread.sleep(5);
        }
    }

    // The provider as the service builds it: the translator over the shared upstream client.
    private static ChatProvider anthropic(ProviderEntry entry) {
        return new HttpChatProvider(new AnthropicTranslator(entry), UpstreamClient.create(entry));
    }
}
