package ai.novai.inference.providers.openai;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import ai.novai.common.openai.LogprobsWire;
import ai.novai.common.models.Deployment;
import ai.novai.common.models.ModelEntry;
import ai.novai.common.models.Price;
import ai.novai.common.models.ProviderEntry;
import ai.novai.common.models.ProviderType;
import ai.novai.inference.fakes.FakeOpenAiUpstream;
import ai.novai.inference.fakes.FakeReply;
import ai.novai.inference.fakes.RecordedRequest;
import ai.novai.common.grpc.CancelSignal;
import ai.novai.upstream.UpstreamCancelled;
import ai.novai.inference.providers.ChatProvider;
import ai.novai.inference.providers.HttpChatProvider;
import ai.novai.inference.providers.ProviderCall;
import ai.novai.upstream.UpstreamClient;
import ai.novai.upstream.UpstreamFailure;
import ai.novai.upstream.UpstreamRejection;
import ai.novai.proto.common.v1.ModelKind;
import ai.novai.proto.inference.v1.ChatCompletion;
import ai.novai.proto.inference.v1.ChatCompletionChunk;
import ai.novai.proto.inference.v1.ChatMessage;
import ai.novai.proto.inference.v1.ChatRequest;
import ai.novai.proto.inference.v1.Choice;
import ai.novai.proto.inference.v1.ChoiceLogprobs;
import ai.novai.proto.inference.v1.ChunkChoice;
import ai.novai.proto.inference.v1.ContentPart;
import ai.novai.proto.inference.v1.FinishReason;
import ai.novai.proto.inference.v1.FunctionCall;
import ai.novai.proto.inference.v1.FunctionDefinition;
import ai.novai.proto.inference.v1.ImageDetail;
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
import ai.novai.proto.inference.v1.TokenLogprob;
import ai.novai.proto.inference.v1.TopLogprob;
import ai.novai.proto.inference.v1.Usage;
import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OpenAiCompatibleProviderTest {

    private static final String KEY = "sk-test";
    private static final Deployment DEPLOYMENT = new Deployment("upstream", "upstream-model-2025", 1);
    private static final ModelEntry MODEL = new ModelEntry("public-chat", ModelKind.MODEL_KIND_CHAT,
                                                           List.of(DEPLOYMENT), "openai", 0L, List.of(), 0, 0,
                                                           Price.FREE, Price.FREE, 0, false, List.of());

    private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();
    private FakeOpenAiUpstream upstream;
    private ChatProvider provider;

    @BeforeEach
    void start() {
        upstream = FakeOpenAiUpstream.start();
        provider = openAi(entry(upstream.baseUrl(), Map.of()));
    }

    @AfterEach
    void stop() {
        background.shutdownNow();
        upstream.close();
    }

    // ---------------------------------------------------------------------------------------------
    // Request translation
    // ---------------------------------------------------------------------------------------------

    @Test
    void translatesTheWholeRequest() {
        upstream.enqueue(FakeReply.text("ok"));
        String parameters = "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},"
                + "\"days\":{\"type\":\"integer\",\"maximum\":14,\"multipleOf\":1.0}},\"required\":[\"city\"]}";
        ChatRequest request = ChatRequest.newBuilder()
                .setModel("public-chat")
                .setRequestId("req-123")
                .addMessages(message(Role.ROLE_SYSTEM, "You are terse."))
                .addMessages(message(Role.ROLE_DEVELOPER, "Answer in English."))
                .addMessages(ChatMessage.newBuilder().setRole(Role.ROLE_USER)
                                     .addContent(ContentPart.newBuilder().setText("What is in this image?"))
                                     .addContent(ContentPart.newBuilder().setImageUrl(ImageUrl.newBuilder()
                                             .setUrl("data:image/png;base64,iVBORw0KGgo=")
                                             .setDetail(ImageDetail.IMAGE_DETAIL_HIGH))))
                .addMessages(ChatMessage.newBuilder().setRole(Role.ROLE_ASSISTANT)
                                     .addToolCalls(ToolCall.newBuilder().setId("call_1").setFunction(
                                             FunctionCall.newBuilder().setName("get_weather")
                                                     .setArguments("{\"city\":\"Paris\"}"))))
                .addMessages(ChatMessage.newBuilder().setRole(Role.ROLE_TOOL).setToolCallId("call_1")
                                     .addContent(ContentPart.newBuilder().setText("18°C")))
                .addMessages(ChatMessage.newBuilder().setRole(Role.ROLE_ASSISTANT)
                                     .setRefusal("I can't help with that."))
                .addMessages(message(Role.ROLE_USER, "Thanks").toBuilder().setName("alice"))
                .setTemperature(0.2)
                .setTopP(0.9)
                .setMaxTokens(256)
                .addStop("END")
                .setSeed(42)
                .setUser("user-7")
                .setN(1)
                .setPresencePenalty(0.5)
                .setFrequencyPenalty(-0.5)
                .putLogitBias("50256", -100)
                .setLogprobs(true)
                .setTopLogprobs(3)
                .addTools(Tool.newBuilder().setFunction(FunctionDefinition.newBuilder()
                                                                .setName("get_weather")
                                                                .setDescription("Weather of a city")
                                                                .setParametersJson(parameters)
                                                                .setStrict(true)))
                .setToolChoice(ToolChoice.newBuilder().setFunctionName("get_weather"))
                .setParallelToolCalls(false)
                .setResponseFormat(ResponseFormat.newBuilder()
                                           .setType(ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_SCHEMA)
                                           .setJsonSchema(JsonSchemaFormat.newBuilder()
                                                                  .setName("weather")
                                                                  .setDescription("A forecast")
                                                                  .setSchemaJson(parameters)
                                                                  .setStrict(true)))
                .build();

        provider.complete(call(request, new CancelSignal()));

        RecordedRequest sent = upstream.lastRequest();
        assertThat(sent.method(), is("POST"));
        assertThat(sent.path(), is("/v1/chat/completions"));
        assertThat(sent.header("Authorization"), is(Optional.of("Bearer " + KEY)));
        assertThat(sent.header("X-Request-Id"), is(Optional.of("req-123")));
        assertThat(sent.header("Content-Type"), is(Optional.of("application/json")));
        JsonNode body = sent.json();
        assertThat(body.path("model").asText(), is("upstream-model-2025"));
        assertThat(body.has("stream"), is(false));

        JsonNode messages = body.path("messages");
        assertThat(messages.size(), is(7));
        assertThat(messages.get(0).toString(), is("{\"role\":\"system\",\"content\":\"You are terse.\"}"));
        assertThat(messages.get(1).path("role").asText(), is("developer"));
        JsonNode parts = messages.get(2).path("content");
        assertThat(parts.size(), is(2));
        assertThat(parts.get(0).toString(), is("{\"type\":\"text\",\"text\":\"What is in this image?\"}"));
        assertThat(parts.get(1).path("type").asText(), is("image_url"));
        assertThat(parts.get(1).path("image_url").path("url").asText(), is("data:image/png;base64,iVBORw0KGgo="));
        assertThat(parts.get(1).path("image_url").path("detail").asText(), is("high"));
        JsonNode assistant = messages.get(3);
        assertThat(assistant.path("role").asText(), is("assistant"));
        assertThat(assistant.path("content").isNull(), is(true));
        assertThat(assistant.path("tool_calls").toString(), is("[{\"id\":\"call_1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]"));
        assertThat(messages.get(4).toString(),
                   is("{\"role\":\"tool\",\"content\":\"18°C\",\"tool_call_id\":\"call_1\"}"));
        assertThat(messages.get(5).path("refusal").asText(), is("I can't help with that."));
        assertThat(messages.get(6).path("name").asText(), is("alice"));

        assertThat(body.path("temperature").asDouble(), is(0.2));
        assertThat(body.path("top_p").asDouble(), is(0.9));
        assertThat(body.path("max_completion_tokens").asInt(), is(256));
        assertThat(body.has("max_tokens"), is(false));
        assertThat(body.path("stop").toString(), is("[\"END\"]"));
        assertThat(body.path("seed").asLong(), is(42L));
        assertThat(body.path("user").asText(), is("user-7"));
        assertThat(body.path("n").asInt(), is(1));
        assertThat(body.path("presence_penalty").asDouble(), is(0.5));
        assertThat(body.path("frequency_penalty").asDouble(), is(-0.5));
        assertThat(body.path("logit_bias").toString(), is("{\"50256\":-100}"));
        assertThat(body.path("logprobs").asBoolean(), is(true));
        assertThat(body.path("top_logprobs").asInt(), is(3));

        JsonNode function = body.path("tools").get(0).path("function");
        assertThat(body.path("tools").get(0).path("type").asText(), is("function"));
        assertThat(function.path("name").asText(), is("get_weather"));
        assertThat(function.path("description").asText(), is("Weather of a city"));
        assertThat(function.path("parameters").isObject(), is(true));
        assertThat(function.path("parameters").path("required").toString(), is("[\"city\"]"));
        assertThat(function.path("strict").asBoolean(), is(true));
        // numbers reach the upstream exactly as the client wrote them
        assertThat(sent.body(), containsString("\"maximum\":14,\"multipleOf\":1.0"));
        assertThat(body.path("tool_choice").toString(),
                   is("{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}"));
        assertThat(body.path("parallel_tool_calls").asBoolean(true), is(false));

        JsonNode format = body.path("response_format");
        assertThat(format.path("type").asText(), is("json_schema"));
        assertThat(format.path("json_schema").path("name").asText(), is("weather"));
        assertThat(format.path("json_schema").path("description").asText(), is("A forecast"));
        assertThat(format.path("json_schema").path("schema").path("properties").path("city").path("type").asText(),
                   is("string"));
        assertThat(format.path("json_schema").path("strict").asBoolean(), is(true));
    }

    @Test
    void sendsOnlyWhatTheClientSet() {
        upstream.enqueue(FakeReply.text("ok"));
        ProviderCall call = new ProviderCall(hello(), MODEL, DEPLOYMENT, entry(upstream.baseUrl(), Map.of()),
                                             Optional.empty(), new CancelSignal());

        provider.complete(call);

        RecordedRequest sent = upstream.lastRequest();
        assertThat(fieldNames(sent.json()), contains("model", "messages"));
        assertThat(sent.json().path("messages").toString(), is("[{\"role\":\"user\",\"content\":\"Hello\"}]"));
        assertThat(sent.header("Authorization"), is(Optional.empty()));
        assertThat(sent.header("X-Request-Id"), is(Optional.empty()));
    }

    @Test
    void passesOnWhatNovAiDoesNotModelWithoutOverwritingWhatItWrote() {
        upstream.enqueue(FakeReply.text("ok"));
        ChatRequest request = hello().toBuilder()
                .setPassthroughJson("{\"store\":true,\"model\":\"client-choice\",\"new_knob\":{\"w\":0.10}}")
                .build();

        provider.complete(call(request, new CancelSignal()));

        RecordedRequest sent = upstream.lastRequest();
        assertThat(fieldNames(sent.json()), contains("model", "messages", "store", "new_knob"));
        assertThat(sent.json().path("model").asText(), is(DEPLOYMENT.upstreamModel()));
        assertThat(sent.body(), containsString("\"new_knob\":{\"w\":0.10}"));
    }

    @Test
    void writesToolChoiceModesAndJsonObjectFormat() {
        upstream.enqueue(FakeReply.text("{}"), FakeReply.text("{}"));
        ChatRequest required = hello().toBuilder()
                .setToolChoice(ToolChoice.newBuilder().setMode(ToolChoiceMode.TOOL_CHOICE_MODE_REQUIRED))
                .setResponseFormat(ResponseFormat.newBuilder()
                                           .setType(ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_OBJECT))
                .build();

        provider.complete(call(required, new CancelSignal()));
        assertThat(upstream.lastRequest().json().path("tool_choice").asText(), is("required"));
        assertThat(upstream.lastRequest().json().path("response_format").toString(), is("{\"type\":\"json_object\"}"));

        provider.complete(call(required.toBuilder()
                                       .setToolChoice(ToolChoice.newBuilder()
                                                              .setMode(ToolChoiceMode.TOOL_CHOICE_MODE_NONE))
                                       .build(), new CancelSignal()));
        assertThat(upstream.lastRequest().json().path("tool_choice").asText(), is("none"));
    }

    @Test
    void speaksToAzureStyleEndpoints() {
        upstream.enqueue(FakeReply.text("ok"));
        ChatProvider azure = openAi(entry(
                upstream.baseUrl() + "/openai/deployments/gpt-4o/",
                Map.of("auth-header", "api-key",
                       "query.api-version", "2024-10-21",
                       "headers.X-Tenant", "acme",
                       "max-tokens-field", "max_tokens")));
        ChatRequest request = hello().toBuilder().setMaxTokens(100).build();

        azure.complete(call(request, new CancelSignal()));

        RecordedRequest sent = upstream.lastRequest();
        assertThat(sent.path(), is("/v1/openai/deployments/gpt-4o/chat/completions"));
        assertThat(sent.queryParameter("api-version"), is(Optional.of("2024-10-21")));
        assertThat(sent.header("api-key"), is(Optional.of(KEY)));
        assertThat(sent.header("Authorization"), is(Optional.empty()));
        assertThat(sent.header("X-Tenant"), is(Optional.of("acme")));
        assertThat(sent.json().path("max_tokens").asInt(), is(100));
        assertThat(sent.json().has("max_completion_tokens"), is(false));
    }

    @Test
    void rejectsToolParametersThatAreNotJsonWithoutCallingTheUpstream() {
        ChatRequest request = hello().toBuilder()
                .addTools(Tool.newBuilder().setFunction(FunctionDefinition.newBuilder()
                                                                .setName("broken")
                                                                .setParametersJson("{\"type\": ")))
                .build();

        UpstreamRejection rejection = assertThrows(UpstreamRejection.class,
                                                   () -> provider.complete(call(request, new CancelSignal())));

        assertThat(rejection.param(), is("tools[0].function.parameters"));
        assertThat(upstream.requestCount(), is(0L));
    }

    @Test
    void refusesAnEntryItCannotCall() {
        IllegalStateException noUrl = assertThrows(IllegalStateException.class, () -> openAi(
                new ProviderEntry("local", ProviderType.OPENAI, Optional.empty(), Optional.empty(), Config.empty())));
        assertThat(noUrl.getMessage(), containsString("provider local (type openai): base-url is required"));

        IllegalStateException badField = assertThrows(IllegalStateException.class, () -> openAi(
                entry(upstream.baseUrl(), Map.of("max-tokens-field", "max_output_tokens"))));
        assertThat(badField.getMessage(), containsString("max-tokens-field"));

        IllegalStateException badHeader = assertThrows(IllegalStateException.class, () -> openAi(
                entry(upstream.baseUrl(), Map.of("headers.Host", "example.com"))));
        assertThat(badHeader.getMessage(), containsString("header Host cannot be sent"));

        IllegalStateException notHttp = assertThrows(IllegalStateException.class, () -> openAi(
                entry("ftp://example.com/v1", Map.of())));
        assertThat(notHttp.getMessage(), containsString("http or https"));
    }

    // ---------------------------------------------------------------------------------------------
    // Whole completions
    // ---------------------------------------------------------------------------------------------

    @Test
    void mapsAWholeCompletion() {
        upstream.enqueue(FakeReply.text("Hello there!").usage(12, 3).cachedTokens(4).reasoningTokens(1));

        ChatCompletion completion = provider.complete(call(hello(), new CancelSignal()));

        assertThat(completion.getId(), startsWith("chatcmpl-fake"));
        assertThat(completion.getCreated(), greaterThan(1_700_000_000L));
        assertThat(completion.getModel(), is("public-chat"));
        assertThat(completion.getProvider(), is("upstream/upstream-model-2025"));
        assertThat(completion.getSystemFingerprint(), is("fp_fake"));
        assertThat(completion.getChoicesCount(), is(1));
        assertThat(completion.getChoices(0).getIndex(), is(0));
        assertThat(completion.getChoices(0).getFinishReason(), is(FinishReason.FINISH_REASON_STOP));
        ChatMessage message = completion.getChoices(0).getMessage();
        assertThat(message.getRole(), is(Role.ROLE_ASSISTANT));
        assertThat(message.getContentList(), contains(ContentPart.newBuilder().setText("Hello there!").build()));
        assertThat(message.hasRefusal(), is(false));
        assertThat(completion.getUsage(), is(Usage.newBuilder().setPromptTokens(12).setCompletionTokens(3)
                                                     .setTotalTokens(15).setCachedPromptTokens(4)
                                                     .setReasoningTokens(1).build()));
    }

    @Test
    void mapsAWholeToolCallCompletion() {
        upstream.enqueue(FakeReply.toolCall("call_a", "get_weather", "{\"city\":\"Paris\"}")
                                 .andToolCall("call_b", "get_time", "{}"));

        ChatCompletion completion = provider.complete(call(hello(), new CancelSignal()));

        assertThat(completion.getChoices(0).getFinishReason(), is(FinishReason.FINISH_REASON_TOOL_CALLS));
        ChatMessage message = completion.getChoices(0).getMessage();
        assertThat(message.getContentList(), is(empty()));
        assertThat(message.getToolCallsList(), contains(
                ToolCall.newBuilder().setId("call_a").setFunction(FunctionCall.newBuilder()
                        .setName("get_weather").setArguments("{\"city\":\"Paris\"}")).build(),
                ToolCall.newBuilder().setId("call_b").setFunction(FunctionCall.newBuilder()
                        .setName("get_time").setArguments("{}")).build()));
    }

    @Test
    void readsWhatCompatibleServersWriteDifferently() {
        upstream.enqueue(
                FakeReply.json(200, "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":"
                        + "[{\"type\":\"text\",\"text\":\"Part one.\"},{\"type\":\"text\",\"text\":\"Part two.\"}]},"
                        + "\"finish_reason\":\"eos\"}],"
                        + "\"usage\":{\"prompt_tokens\":8,\"completion_tokens\":4,\"prompt_cache_hit_tokens\":6}}"),
                FakeReply.json(200, "{\"id\":\"legacy\",\"created\":1700000001,\"choices\":[{\"index\":0,"
                        + "\"message\":{\"role\":\"assistant\",\"content\":null,"
                        + "\"function_call\":{\"name\":\"get_time\",\"arguments\":{\"zone\":\"UTC\"}}},"
                        + "\"finish_reason\":\"function_call\"}]}"));

        ChatCompletion parts = provider.complete(call(hello(), new CancelSignal()));
        assertThat(parts.getId(), startsWith("chatcmpl-"));
        assertThat(parts.getChoices(0).getMessage().getContentCount(), is(2));
        assertThat(parts.getChoices(0).getFinishReason(), is(FinishReason.FINISH_REASON_STOP));
        assertThat(parts.getUsage().getTotalTokens(), is(12));
        assertThat(parts.getUsage().getCachedPromptTokens(), is(6));

        ChatCompletion legacy = provider.complete(call(hello(), new CancelSignal()));
        assertThat(legacy.getId(), is("legacy"));
        assertThat(legacy.getCreated(), is(1700000001L));
        assertThat(legacy.hasUsage(), is(false));
        assertThat(legacy.getChoices(0).getFinishReason(), is(FinishReason.FINISH_REASON_TOOL_CALLS));
        ToolCall call = legacy.getChoices(0).getMessage().getToolCalls(0);
        assertThat(call.getId(), startsWith("call_"));
        assertThat(call.getFunction().getName(), is("get_time"));
        assertThat(call.getFunction().getArguments(), is("{\"zone\":\"UTC\"}"));
    }

    // ---------------------------------------------------------------------------------------------
    // Streams
    // ---------------------------------------------------------------------------------------------

    @Test
    void streamsText() {
        upstream.enqueue(FakeReply.text("Hello there, world").inDeltas(3).usage(9, 3));

        List<ChatCompletionChunk> chunks = stream(hello());

        RecordedRequest sent = upstream.lastRequest();
        assertThat(sent.json().path("stream").asBoolean(), is(true));
        assertThat(sent.json().path("stream_options").path("include_usage").asBoolean(), is(true));
        assertThat(sent.header("Accept"), is(Optional.of("text/event-stream")));

        assertThat(chunks, hasSize(6));
        ChunkChoice first = chunks.getFirst().getChoices(0);
        assertThat(first.getDelta().getRole(), is(Role.ROLE_ASSISTANT));
        assertThat(first.getDelta().hasContent(), is(false));
        assertThat(chunks.subList(1, 4).stream().map(chunk -> chunk.getChoices(0).getDelta().getContent())
                           .collect(Collectors.joining()), is("Hello there, world"));
        assertThat(chunks.get(1).getChoices(0).getDelta().hasRole(), is(false));
        assertThat(chunks.get(4).getChoices(0).getFinishReason(), is(FinishReason.FINISH_REASON_STOP));
        for (ChatCompletionChunk chunk : chunks.subList(0, 5)) {
            assertThat(chunk.hasUsage(), is(false));
        }
        ChatCompletionChunk last = chunks.getLast();
        assertThat(last.getChoicesList(), is(empty()));
        assertThat(last.getUsage(), is(Usage.newBuilder().setPromptTokens(9).setCompletionTokens(3)
                                               .setTotalTokens(12).build()));
        for (ChatCompletionChunk chunk : chunks) {
            assertThat(chunk.getModel(), is("public-chat"));
            assertThat(chunk.getProvider(), is("upstream/upstream-model-2025"));
            assertThat(chunk.getId(), is(chunks.getFirst().getId()));
            assertThat(chunk.getSystemFingerprint(), is("fp_fake"));
        }
    }

    @Test
    void streamsToolCalls() {
        upstream.enqueue(FakeReply.toolCall("call_a", "get_weather", "{\"city\":\"Paris\"}")
                                 .andToolCall("call_b", "get_time", "{\"zone\":\"UTC\"}")
                                 .inDeltas(2));

        List<ChatCompletionChunk> chunks = stream(hello());

        assertThat(chunks.getFirst().getChoices(0).getDelta().getRole(), is(Role.ROLE_ASSISTANT));
        List<ToolCallDelta> fragments = chunks.stream()
                .flatMap(chunk -> chunk.getChoicesList().stream())
                .flatMap(choice -> choice.getDelta().getToolCallsList().stream())
                .toList();
        assertThat(fragments, hasSize(6));
        assertThat(fragments.get(0), is(ToolCallDelta.newBuilder().setIndex(0).setId("call_a")
                                                .setFunctionName("get_weather").setArgumentsFragment("").build()));
        assertThat(fragments.get(1).hasId(), is(false));
        assertThat(fragments.get(1).hasFunctionName(), is(false));
        assertThat(fragments.get(3), is(ToolCallDelta.newBuilder().setIndex(1).setId("call_b")
                                                .setFunctionName("get_time").setArgumentsFragment("").build()));
        assertThat(arguments(fragments, 0), is("{\"city\":\"Paris\"}"));
        assertThat(arguments(fragments, 1), is("{\"zone\":\"UTC\"}"));
        assertThat(chunks.get(chunks.size() - 2).getChoices(0).getFinishReason(),
                   is(FinishReason.FINISH_REASON_TOOL_CALLS));
        assertThat(chunks.getLast().getUsage().getCompletionTokens(), is(4));
    }

    @Test
    void skipsEmptyChunksAndSendsUsageOnceAtTheEnd() {
        upstream.enqueue(FakeReply.events(
                "{\"id\":\"c1\",\"created\":1700000000,\"choices\":[{\"index\":0,"
                        + "\"delta\":{\"role\":\"assistant\",\"content\":null},\"finish_reason\":null}]}",
                "{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\"},\"finish_reason\":null}]}",
                "{\"id\":\"c1\",\"choices\":[]}",
                "{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"refusal\":\"I can't help with that.\"}}]}",
                "{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"content_filter\"}],"
                        + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2,\"total_tokens\":7}}"));

        List<ChatCompletionChunk> chunks = stream(hello());

        assertThat(chunks, hasSize(4));
        assertThat(chunks.get(0).getChoices(0).getDelta().getRole(), is(Role.ROLE_ASSISTANT));
        assertThat(chunks.get(1).getChoices(0).getDelta().getRefusal(), is("I can't help with that."));
        assertThat(chunks.get(2).getChoices(0).getFinishReason(), is(FinishReason.FINISH_REASON_CONTENT_FILTER));
        assertThat(chunks.get(2).hasUsage(), is(false));
        assertThat(chunks.get(3).getChoicesList(), is(empty()));
        assertThat(chunks.get(3).getUsage().getTotalTokens(), is(7));
        for (ChatCompletionChunk chunk : chunks) {
            assertThat(chunk.getId(), is("c1"));
            assertThat(chunk.getCreated(), is(1700000000L));
        }
    }

    @Test
    void aStreamThatEndsBeforeDoneIsBroken() {
        upstream.enqueue(FakeReply.text("one two three four").truncateAfter(3));
        List<ChatCompletionChunk> received = new CopyOnWriteArrayList<>();

        UpstreamFailure failure = assertThrows(UpstreamFailure.class,
                                               () -> provider.stream(call(hello(), new CancelSignal()), received::add));

        assertThat(failure.kind(), is(UpstreamFailure.Kind.STREAM_BROKEN));
        assertThat(failure.getMessage(), containsString("ended before [DONE]"));
        assertThat(received, hasSize(3));
    }

    @Test
    void aStreamWhoseConnectionDropsIsBroken() {
        upstream.enqueue(FakeReply.text("one two three four").dropConnectionAfter(2));

        assertFailure(UpstreamFailure.Kind.STREAM_BROKEN, () -> stream(hello()));
    }

    @Test
    void anErrorEventBreaksTheStream() {
        upstream.enqueue(FakeReply.events(
                "{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hi\"}}]}",
                "{\"error\":{\"message\":\"The server had an error while processing your request.\","
                        + "\"type\":\"server_error\"}}"));

        UpstreamFailure failure = assertFailure(UpstreamFailure.Kind.STREAM_BROKEN, () -> stream(hello()));

        assertThat(failure.getMessage(), containsString("The server had an error while processing your request."));
    }

    @Test
    void malformedJsonIsAServerError() {
        upstream.enqueue(FakeReply.json(200, "{\"choices\": ["),
                         FakeReply.json(200, "{}"),
                         FakeReply.events("not json"));

        assertFailure(UpstreamFailure.Kind.SERVER_ERROR, () -> provider.complete(call(hello(), new CancelSignal())));
        assertFailure(UpstreamFailure.Kind.SERVER_ERROR, () -> provider.complete(call(hello(), new CancelSignal())));
        assertFailure(UpstreamFailure.Kind.SERVER_ERROR, () -> stream(hello()));
    }

    // ---------------------------------------------------------------------------------------------
    // Log probabilities and choices
    // ---------------------------------------------------------------------------------------------

    @Test
    void readsTheLogprobsOfAWholeCompletion() {
        upstream.enqueue(FakeReply.text("Hé there"));

        ChatCompletion completion = provider.complete(call(withLogprobs(hello(), 2), new CancelSignal()));

        ChoiceLogprobs logprobs = completion.getChoices(0).getLogprobs();
        assertThat(logprobs.getContentList().stream().map(TokenLogprob::getToken).toList(), contains("Hé", " there"));
        TokenLogprob first = logprobs.getContent(0);
        assertThat(first.getLogprob(), is(-0.25));
        assertThat(first.getBytes().toStringUtf8(), is("Hé"));
        assertThat(first.getBytes().size(), is(3));
        assertThat(first.getTopLogprobsList(), contains(
                TopLogprob.newBuilder().setToken("Hé~0").setLogprob(-1).setBytes(utf8("Hé~0")).build(),
                TopLogprob.newBuilder().setToken("Hé~1").setLogprob(-2).setBytes(utf8("Hé~1")).build()));
        assertThat(logprobs.getRefusalList(), is(empty()));
    }

    @Test
    void anAnswerWithoutLogprobsHasNone() {
        upstream.enqueue(FakeReply.text("Hello"), FakeReply.text("Hello"));

        assertThat(provider.complete(call(hello(), new CancelSignal())).getChoices(0).hasLogprobs(), is(false));
        assertThat(stream(hello()).stream().flatMap(chunk -> chunk.getChoicesList().stream())
                           .anyMatch(ChunkChoice::hasLogprobs), is(false));
    }

    @Test
    void streamsTheLogprobsOfEachDelta() {
        upstream.enqueue(FakeReply.text("Hello there, world").inDeltas(3));

        List<ChatCompletionChunk> chunks = stream(withLogprobs(hello(), 1));

        List<ChunkChoice> withText = chunks.stream().flatMap(chunk -> chunk.getChoicesList().stream())
                .filter(choice -> !choice.getDelta().getContent().isEmpty()).toList();
        assertThat(withText, hasSize(3));
        for (ChunkChoice choice : withText) {
            assertThat(choice.getLogprobs().getContentCount(), is(1));
            assertThat(choice.getLogprobs().getContent(0).getToken(), is(choice.getDelta().getContent()));
            assertThat(choice.getLogprobs().getContent(0).getTopLogprobsCount(), is(1));
        }
    }

    @Test
    void answersEveryChoiceOfN() {
        upstream.enqueue(FakeReply.texts("First answer", "Second answer").usage(10, 4));

        ChatCompletion completion = provider.complete(call(hello().toBuilder().setN(2).build(), new CancelSignal()));

        assertThat(upstream.lastRequest().json().path("n").asInt(), is(2));
        assertThat(completion.getChoicesList().stream().map(Choice::getIndex).toList(), contains(0, 1));
        assertThat(completion.getChoices(1).getMessage().getContent(0).getText(), is("Second answer"));
        assertThat(completion.getUsage().getCompletionTokens(), is(4));
    }

    @Test
    void streamsEveryChoiceByIndex() {
        upstream.enqueue(FakeReply.texts("one two three", "four five"));

        List<ChatCompletionChunk> chunks = stream(hello().toBuilder().setN(2).build());

        List<ChunkChoice> choices = chunks.stream().flatMap(chunk -> chunk.getChoicesList().stream()).toList();
        for (int index = 0; index < 2; index++) {
            int i = index;
            assertThat(choices.stream().filter(choice -> choice.getIndex() == i)
                               .map(choice -> choice.getDelta().getContent()).collect(Collectors.joining()),
                       is(i == 0 ? "one two three" : "four five"));
            assertThat(choices.stream().filter(choice -> choice.getIndex() == i
                               && choice.getFinishReason() == FinishReason.FINISH_REASON_STOP).count(), is(1L));
        }
        assertThat(chunks.getLast().getUsage().getCompletionTokens(), is(5));
    }

    @Test
    void aHostileUpstreamsLogprobsAreBounded() {
        // an answer's budget spans its choices: half of it in each of two choices, and one entry more
        String half = hostileTokens(LogprobsWire.MAX_ENTRIES_PER_ANSWER / 2, "null");
        upstream.enqueue(
                FakeReply.json(200, "{\"choices\":["
                        + "{\"message\":{\"content\":\"a\"},\"logprobs\":{\"content\":" + half + "}},"
                        + "{\"message\":{\"content\":\"a\"},\"logprobs\":{\"content\":" + half
                        + ",\"refusal\":" + hostileTokens(1, "null") + "}}]}"),
                FakeReply.events("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"},"
                                         + "\"logprobs\":{\"content\":" + hostileTokens(100_000, "[97]") + "}}]}"),
                FakeReply.events("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"},\"logprobs\":{\"content\":"
                                         + hostileTokens(1, "[" + "97,".repeat(100_000) + "97]") + "}}]}"));
        List<ChatCompletionChunk> received = new CopyOnWriteArrayList<>();

        UpstreamFailure whole = assertFailure(UpstreamFailure.Kind.SERVER_ERROR, () -> provider.complete(
                call(withLogprobs(hello(), 0), new CancelSignal())));
        UpstreamFailure chunk = assertFailure(UpstreamFailure.Kind.SERVER_ERROR, () -> provider.stream(
                call(withLogprobs(hello(), 0), new CancelSignal()), received::add));
        UpstreamFailure bytes = assertFailure(UpstreamFailure.Kind.SERVER_ERROR, () -> provider.stream(
                call(withLogprobs(hello(), 0), new CancelSignal()), received::add));

        assertThat(whole.getMessage(), containsString("more log probabilities in an answer than NovAI accepts"));
        assertThat(chunk.getMessage(), containsString("more log probabilities in a chunk than NovAI accepts"));
        assertThat(bytes.getMessage(), containsString("more than 256 bytes"));
        assertThat(received, is(empty()));
    }

    @Test
    void logprobsThatAreNotOpenAisShapeAreAServerError() {
        upstream.enqueue(FakeReply.json(200, "{\"choices\":[{\"message\":{\"content\":\"a\"},"
                + "\"logprobs\":{\"content\":[{\"token\":\"a\",\"logprob\":-1,\"bytes\":[300]}]}}]}"));

        UpstreamFailure failure = assertFailure(UpstreamFailure.Kind.SERVER_ERROR, () -> provider.complete(
                call(withLogprobs(hello(), 0), new CancelSignal())));

        assertThat(failure.getMessage(), containsString("not a byte"));
    }

    // ---------------------------------------------------------------------------------------------
    // Upstream errors
    // ---------------------------------------------------------------------------------------------

    @Test
    void aRateLimitIsAFailureWithTheUpstreamsRetryAfter() {
        upstream.enqueue(FakeReply.error(429, "Rate limit reached for requests").header("Retry-After", "2"),
                         FakeReply.error(429, "Rate limit reached for requests").header("Retry-After", "3"));

        UpstreamFailure whole = assertFailure(UpstreamFailure.Kind.RATE_LIMITED,
                                              () -> provider.complete(call(hello(), new CancelSignal())));
        assertThat(whole.retryAfter(), is(Optional.of(Duration.ofSeconds(2))));
        assertThat(whole.getMessage(), containsString("Rate limit reached for requests"));

        UpstreamFailure streamed = assertFailure(UpstreamFailure.Kind.RATE_LIMITED, () -> stream(hello()));
        assertThat(streamed.retryAfter(), is(Optional.of(Duration.ofSeconds(3))));
    }

    @Test
    void aServerErrorIsAFailure() {
        upstream.enqueue(FakeReply.error(500, "The server had an error"), FakeReply.error(503, "Overloaded"));

        assertThat(assertFailure(UpstreamFailure.Kind.SERVER_ERROR,
                                 () -> provider.complete(call(hello(), new CancelSignal()))).getMessage(),
                   containsString("The server had an error"));
        assertFailure(UpstreamFailure.Kind.SERVER_ERROR, () -> stream(hello()));
    }

    @Test
    void aBadRequestIsARejectionWithTheUpstreamsMessage() {
        upstream.enqueue(FakeReply.error(400, "Invalid value for 'temperature'.", "temperature"));

        UpstreamRejection rejection = assertThrows(UpstreamRejection.class,
                                                   () -> provider.complete(call(hello(), new CancelSignal())));

        assertThat(rejection.getMessage(), is("Invalid value for 'temperature'."));
        assertThat(rejection.param(), is("temperature"));
    }

    @Test
    void refusedCredentialsAreAnAuthenticationFailure() {
        upstream.enqueue(FakeReply.error(401, "Incorrect API key provided"));

        assertFailure(UpstreamFailure.Kind.AUTHENTICATION, () -> stream(hello()));
    }

    @Test
    void anUpstreamThatIsNotListeningIsUnreachable() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        ChatProvider nowhere = openAi(entry("http://127.0.0.1:" + port + "/v1",
                                                                              Map.of()));

        assertFailure(UpstreamFailure.Kind.UNREACHABLE, () -> nowhere.complete(call(hello(), new CancelSignal())));
        assertFailure(UpstreamFailure.Kind.UNREACHABLE,
                      () -> nowhere.stream(call(hello(), new CancelSignal()), chunk -> { }));
    }

    @Test
    void anUpstreamThatClosesTheConnectionWithoutAnsweringIsUnreachable() throws IOException {
        try (ServerSocket rude = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                while (!rude.isClosed()) {
                    try (java.net.Socket connection = rude.accept()) {
                        connection.getInputStream().read(new byte[1_024]);
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            ChatProvider closing = openAi(
                    entry("http://127.0.0.1:" + rude.getLocalPort() + "/v1", Map.of()));

            assertFailure(UpstreamFailure.Kind.UNREACHABLE, () -> closing.complete(call(hello(), new CancelSignal())));
            assertFailure(UpstreamFailure.Kind.UNREACHABLE,
                          () -> closing.stream(call(hello(), new CancelSignal()), chunk -> { }));
        }
    }

    @Test
    void headersThatComeTooLateAreATimeout() {
        ChatProvider impatient = openAi(entry(upstream.baseUrl(),
                                                                                Map.of("read-timeout", "PT0.3S")));
        upstream.enqueue(FakeReply.text("late").delayHeaders(Duration.ofSeconds(3)));
        long start = System.nanoTime();

        assertFailure(UpstreamFailure.Kind.TIMEOUT, () -> impatient.complete(call(hello(), new CancelSignal())));

        assertThat(Duration.ofNanos(System.nanoTime() - start).toMillis(), lessThan(2_000L));
    }

    @Test
    void aStreamThatFallsSilentIsATimeout() {
        ChatProvider impatient = openAi(entry(upstream.baseUrl(),
                                                                                Map.of("read-timeout", "PT0.3S")));
        upstream.enqueue(FakeReply.text("one two three").chunkDelay(Duration.ofSeconds(3)));
        List<ChatCompletionChunk> received = new CopyOnWriteArrayList<>();

        assertFailure(UpstreamFailure.Kind.TIMEOUT,
                      () -> impatient.stream(call(hello(), new CancelSignal()), received::add));

        assertThat(received, hasSize(1));
    }

    // ---------------------------------------------------------------------------------------------
    // Cancellation
    // ---------------------------------------------------------------------------------------------

    @Test
    void cancellingMidStreamClosesTheUpstreamConnectionAtOnce() throws Exception {
        upstream.enqueue(FakeReply.endless(Duration.ofMillis(10)));
        CancelSignal cancel = new CancelSignal();
        CountDownLatch streaming = new CountDownLatch(3);
        CompletableFuture<Void> done = CompletableFuture.runAsync(
                () -> provider.stream(call(hello(), cancel), chunk -> streaming.countDown()), background);
        assertThat(streaming.await(5, TimeUnit.SECONDS), is(true));

        Instant cancelledAt = Instant.now();
        cancel.cancel();

        Instant disconnected = upstream.awaitDisconnect(Duration.ofSeconds(2)).orElseThrow(
                () -> new AssertionError("the upstream never saw the client go away"));
        assertThat(Duration.between(cancelledAt, disconnected).toMillis(), lessThan(200L));
        ExecutionException ended = assertThrows(ExecutionException.class, () -> done.get(2, TimeUnit.SECONDS));
        assertThat(ended.getCause(), instanceOf(UpstreamCancelled.class));
    }

    @Test
    void cancellingWhileAWholeResponseIsReadClosesTheUpstreamConnection() throws Exception {
        upstream.enqueue(FakeReply.endless(Duration.ofMillis(10)));
        CancelSignal cancel = new CancelSignal();
        CompletableFuture<ChatCompletion> done = CompletableFuture.supplyAsync(
                () -> provider.complete(call(hello(), cancel)), background);
        awaitRequests(1);
        Thread.sleep(100);

        Instant cancelledAt = Instant.now();
        cancel.cancel();

        Instant disconnected = upstream.awaitDisconnect(Duration.ofSeconds(2)).orElseThrow(
                () -> new AssertionError("the upstream never saw the client go away"));
        assertThat(Duration.between(cancelledAt, disconnected).toMillis(), lessThan(200L));
        ExecutionException ended = assertThrows(ExecutionException.class, () -> done.get(2, TimeUnit.SECONDS));
        assertThat(ended.getCause(), instanceOf(UpstreamCancelled.class));
    }

    @Test
    void cancellingBeforeTheHeadersAbortsTheRequest() throws Exception {
        upstream.enqueue(FakeReply.text("late").delayHeaders(Duration.ofSeconds(5)));
        CancelSignal cancel = new CancelSignal();
        CompletableFuture<Void> done = CompletableFuture.runAsync(
                () -> provider.stream(call(hello(), cancel), chunk -> { }), background);
        awaitRequests(1);

        cancel.cancel();

        ExecutionException ended = assertThrows(ExecutionException.class, () -> done.get(1, TimeUnit.SECONDS));
        assertThat(ended.getCause(), instanceOf(UpstreamCancelled.class));
    }

    // ---------------------------------------------------------------------------------------------

    private static ProviderEntry entry(String baseUrl, Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.put("type", "openai");
        all.put("base-url", baseUrl);
        all.put("api-key-env", "UPSTREAM_KEY");
        return new ProviderEntry("upstream", ProviderType.OPENAI, Optional.of(baseUrl), Optional.of("UPSTREAM_KEY"),
                                 Config.just(ConfigSources.create(all)));
    }

    private ProviderCall call(ChatRequest request, CancelSignal cancel) {
        return new ProviderCall(request, MODEL, DEPLOYMENT, entry(upstream.baseUrl(), Map.of()), Optional.of(KEY),
                                cancel);
    }

    private List<ChatCompletionChunk> stream(ChatRequest request) {
        List<ChatCompletionChunk> chunks = new CopyOnWriteArrayList<>();
        provider.stream(call(request, new CancelSignal()), chunks::add);
        return chunks;
    }

    private void awaitRequests(long count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (upstream.requestCount() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the upstream received no request");
            }
            Thread.sleep(5);
        }
    }

    private static ChatRequest withLogprobs(ChatRequest request, int alternatives) {
        return request.toBuilder().setLogprobs(true).setTopLogprobs(alternatives).build();
    }

    private static String hostileTokens(int count, String bytes) {
        return "[" + String.join(",", java.util.Collections.nCopies(
                count, "{\"token\":\"a\",\"logprob\":-1,\"bytes\":" + bytes + "}")) + "]";
    }

    private static com.google.protobuf.ByteString utf8(String text) {
        return com.google.protobuf.ByteString.copyFromUtf8(text);
    }

    private static ChatRequest hello() {
        return ChatRequest.newBuilder().setModel("public-chat").addMessages(message(Role.ROLE_USER, "Hello")).build();
    }

    private static ChatMessage message(Role role, String text) {
        return ChatMessage.newBuilder().setRole(role).addContent(ContentPart.newBuilder().setText(text)).build();
    }

    private static List<String> fieldNames(JsonNode json) {
        List<String> names = new ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String arguments(List<ToolCallDelta> fragments, int index) {
        return fragments.stream().filter(fragment -> fragment.getIndex() == index)
                .map(ToolCallDelta::getArgumentsFragment).collect(Collectors.joining());
    }

    private static UpstreamFailure assertFailure(UpstreamFailure.Kind kind, Executable call) {
        UpstreamFailure failure = assertThrows(UpstreamFailure.class, call);
        assertThat(failure.getMessage(), failure.kind(), is(kind));
        return failure;
    }

    // The provider as the service builds it: the translator over the shared upstream client.
    private static ChatProvider openAi(ProviderEntry entry) {
        return new HttpChatProvider(new OpenAiTranslator(entry), UpstreamClient.create(entry));
    }
}
