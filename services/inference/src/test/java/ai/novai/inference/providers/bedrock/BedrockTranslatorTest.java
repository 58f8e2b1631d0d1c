package ai.novai.inference.providers.bedrock;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;

import ai.novai.common.grpc.CancelSignal;
import ai.novai.common.models.Deployment;
import ai.novai.common.models.ModelEntry;
import ai.novai.common.models.Price;
import ai.novai.common.models.ProviderEntry;
import ai.novai.common.models.ProviderType;
import ai.novai.inference.fakes.FakeBedrockUpstream;
import ai.novai.inference.fakes.SigV4Reference;
import ai.novai.inference.providers.EventStreamTranslation;
import ai.novai.inference.providers.ProviderCall;
import ai.novai.proto.common.v1.ModelKind;
import ai.novai.proto.inference.v1.ChatCompletion;
import ai.novai.proto.inference.v1.ChatCompletionChunk;
import ai.novai.proto.inference.v1.ChatMessage;
import ai.novai.proto.inference.v1.ChatRequest;
import ai.novai.proto.inference.v1.ContentPart;
import ai.novai.proto.inference.v1.FinishReason;
import ai.novai.proto.inference.v1.FunctionCall;
import ai.novai.proto.inference.v1.FunctionDefinition;
import ai.novai.proto.inference.v1.ImageUrl;
import ai.novai.proto.inference.v1.ResponseFormat;
import ai.novai.proto.inference.v1.ResponseFormatType;
import ai.novai.proto.inference.v1.Role;
import ai.novai.proto.inference.v1.Tool;
import ai.novai.proto.inference.v1.ToolCall;
import ai.novai.proto.inference.v1.ToolCallDelta;
import ai.novai.proto.inference.v1.ToolChoice;
import ai.novai.proto.inference.v1.ToolChoiceMode;
import ai.novai.proto.inference.v1.Usage;
import ai.novai.upstream.EventStreamReader;
import ai.novai.upstream.UpstreamFailure;
import ai.novai.upstream.UpstreamException;
import ai.novai.upstream.UpstreamJson;
import ai.novai.upstream.UpstreamRejection;
import ai.novai.upstream.UpstreamRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.eventstream.Message;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The Bedrock translator without a server: signing against an independent SigV4 computation, request bodies,
 * answers, and recorded event streams.
 */
class BedrockTranslatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODEL_ID = "anthropic.claude-3-haiku-20240307-v1:0";
    private static final Instant NOW = Instant.parse("2026-12-07T12:34:56Z");
    private static final Map<String, String> ENVIRONMENT = Map.of(
            "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    private static final ModelEntry MODEL = new ModelEntry(
            "claude-bedrock", ModelKind.MODEL_KIND_CHAT, List.of(new Deployment("bedrock", MODEL_ID, 1)), "bedrock", 0,
            List.of(), 200_000, 4096, Price.FREE, Price.FREE, 0, false, List.of());

    // ---------------------------------------------------------------------------------------------
    // Signing
    // ---------------------------------------------------------------------------------------------

    @Test
    void signsTheRequestWithSigV4ForBedrockInTheRegion() {
        UpstreamRequest request = translator(Map.of()).request(call(user("Hi"), ENVIRONMENT), false);

        assertThat(request.uri(), is(URI.create("https://bedrock-runtime.eu-west-3.amazonaws.com/model/"
                                                        + "anthropic.claude-3-haiku-20240307-v1%3A0/converse")));
        assertThat(header(request, "X-Amz-Date"), is("20261207T123456Z"));
        assertThat(header(request, "Content-Type"), is("application/json"));
        assertThat(header(request, "Accept"), is("application/json"));
        assertThat(header(request, "X-Amz-Security-Token"), is(nullValue()));
        // sent as signed: without the scheme's default port, which the HTTP client's own Host would name
        assertThat(header(request, "Host"), is("bedrock-runtime.eu-west-3.amazonaws.com"));
        Matcher authorization = SigV4Reference.AUTHORIZATION.matcher(header(request, "Authorization"));
        assertThat(authorization.matches(), is(true));
        assertThat(authorization.group(1), is("AKIDEXAMPLE"));
        assertThat(authorization.group(2), is("20261207"));
        assertThat(authorization.group(3), is("eu-west-3"));
        assertThat(authorization.group(4), is("bedrock"));
        assertThat(authorization.group(5), is("accept;content-type;host;x-amz-content-sha256;x-amz-date"));
        String bodyHash = HexFormat.of().formatHex(sha256(request.body()));
        assertThat(header(request, "x-amz-content-sha256"), is(bodyHash));
        // the signature as AWS computes it, step by step, apart from the SDK that signed
        String expected = SigV4Reference.signature(
                request.uri().getRawPath(),
                Map.of("accept", "application/json", "content-type", "application/json",
                       "host", "bedrock-runtime.eu-west-3.amazonaws.com", "x-amz-content-sha256", bodyHash,
                       "x-amz-date", "20261207T123456Z"),
                request.body(), "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20261207T123456Z", "eu-west-3", "bedrock");
        assertThat(authorization.group(6), is(expected));
    }

    @Test
    void aDifferentBodyOrSecondHasADifferentSignature() {
        BedrockTranslator translator = translator(Map.of());
        String hi = header(translator.request(call(user("Hi"), ENVIRONMENT), false), "Authorization");
        String ho = header(translator.request(call(user("Ho"), ENVIRONMENT), false), "Authorization");
        String later = header(new BedrockTranslator(entry(Map.of(), Optional.empty()),
                                                    Clock.fixed(NOW.plusSeconds(1), ZoneOffset.UTC))
                                      .request(call(user("Hi"), ENVIRONMENT), false), "Authorization");

        assertThat(hi.equals(ho), is(false));
        assertThat(hi.equals(later), is(false));
        assertThat(hi.equals(header(translator.request(call(user("Hi"), ENVIRONMENT), false), "Authorization")),
                   is(true));
    }

    @Test
    void sessionCredentialsSendAndSignTheirToken() {
        Map<String, String> environment = new HashMap<>(ENVIRONMENT);
        environment.put("AWS_SESSION_TOKEN", "session-token-1");

        UpstreamRequest request = translator(Map.of()).request(call(user("Hi"), environment), true);

        assertThat(request.uri().getPath(), is("/model/" + MODEL_ID + "/converse-stream"));
        assertThat(header(request, "Accept"), is("application/vnd.amazon.eventstream"));
        assertThat(header(request, "X-Amz-Security-Token"), is("session-token-1"));
        assertThat(header(request, "Authorization"), containsString("SignedHeaders=accept;content-type;host;"
                + "x-amz-content-sha256;x-amz-date;x-amz-security-token,"));
    }

    @Test
    void credentialsComeFromTheVariablesTheSettingsName() {
        BedrockTranslator translator = translator(Map.of("access-key-id-env", "BEDROCK_ID",
                                                         "secret-access-key-env", "BEDROCK_SECRET"));

        UpstreamRequest request = translator.request(call(user("Hi"), Map.of("BEDROCK_ID", "AKIDOTHER",
                                                                             "BEDROCK_SECRET", "s3cret")), false);

        assertThat(header(request, "Authorization"), containsString("Credential=AKIDOTHER/20261207/"));
    }

    @Test
    void missingCredentialsAreAnAuthenticationFailureNamingTheVariable() {
        UpstreamFailure failure = assertThrows(UpstreamFailure.class, () -> translator(Map.of())
                .request(call(user("Hi"), Map.of("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")), false));

        assertThat(failure.kind(), is(UpstreamFailure.Kind.AUTHENTICATION));
        assertThat(failure.getMessage(), containsString("AWS_SECRET_ACCESS_KEY is not set"));
    }

    @Test
    void theEntrysApiKeyVariableIsTheSecretsVariable() {
        BedrockTranslator translator = new BedrockTranslator(entry(Map.of(), Optional.of("MY_SECRET")), clock());

        UpstreamRequest request = translator.request(call(user("Hi"), Map.of("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE",
                                                                             "MY_SECRET", "s3cret")), false);

        assertThat(header(request, "Authorization"), containsString("Credential=AKIDEXAMPLE/"));
        IllegalStateException contradiction = assertThrows(IllegalStateException.class, () -> new BedrockTranslator(
                entry(Map.of("secret-access-key-env", "OTHER"), Optional.of("MY_SECRET")), clock()));
        assertThat(contradiction.getMessage(), containsString("name different variables"));
    }

    @Test
    void aMisconfiguredEntryStopsTheServiceAtStartUp() {
        IllegalStateException noRegion = assertThrows(IllegalStateException.class, () -> new BedrockTranslator(
                new ProviderEntry("bedrock", ProviderType.BEDROCK, Optional.empty(), Optional.empty(),
                                  Config.just(ConfigSources.create(Map.of()))), clock()));
        IllegalStateException badRegion = assertThrows(IllegalStateException.class, () -> translator(
                Map.of("region", "us east 1")));
        IllegalStateException badUrl = assertThrows(IllegalStateException.class, () -> new BedrockTranslator(
                new ProviderEntry("bedrock", ProviderType.BEDROCK, Optional.of("ftp://example.com"), Optional.empty(),
                                  Config.just(ConfigSources.create(Map.of("region", "us-east-1")))), clock()));

        assertThat(noRegion.getMessage(), containsString("region is required"));
        assertThat(badRegion.getMessage(), containsString("region must be an AWS region"));
        assertThat(badUrl.getMessage(), containsString("base-url must be an http or https URL"));
    }

    @Test
    void modelIdsAndArnsAreOnePathSegment() {
        BedrockSettings settings = BedrockSettings.of(entry(Map.of(), Optional.empty()));

        assertThat(settings.operation("arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.meta.llama3 x",
                                      false).getRawPath(),
                   is("/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Ainference-profile%2Fus.meta.llama3%20x"
                              + "/converse"));
    }

    // ---------------------------------------------------------------------------------------------
    // Request bodies
    // ---------------------------------------------------------------------------------------------

    @Test
    void translatesAWholeConversation() throws IOException {
        ChatRequest request = ChatRequest.newBuilder()
                .addMessages(message(Role.ROLE_SYSTEM, "You are terse."))
                .addMessages(ChatMessage.newBuilder()
                                     .setRole(Role.ROLE_USER)
                                     .addContent(text("What is in this picture?"))
                                     .addContent(image("data:image/png;base64,iVBORw0KGgoAAAANSUhEUg==")))
                .addMessages(ChatMessage.newBuilder()
                                     .setRole(Role.ROLE_ASSISTANT)
                                     .addContent(text("A cat. Let me check the weather there."))
                                     .addToolCalls(toolCall("call_1", "get_weather",
                                                            "{\"city\": \"Paris\", \"days\": 2, \"margin\": 0.5}"))
                                     .addToolCalls(toolCall("call_2", "get_time", "")))
                .addMessages(message(Role.ROLE_DEVELOPER, "Prefer metric units."))
                .addMessages(user("(both tools are slow)"))
                .addMessages(toolResult("call_1", "18 C, sunny"))
                .addMessages(toolResult("call_2", "14:05"))
                .addMessages(user("And tomorrow?"))
                .setMaxTokens(300)
                .setTemperature(0.2)
                .setTopP(0.9)
                .addStop("END")
                .addTools(tool("get_weather", "The weather in a city",
                               "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}"))
                .addTools(tool("get_time", "", ""))
                .setToolChoice(ToolChoice.newBuilder().setMode(ToolChoiceMode.TOOL_CHOICE_MODE_AUTO))
                .setSeed(7)
                .setUser("user-42")
                .build();

        assertThat(JSON.readTree(UpstreamJson.text(BedrockRequestWriter.write(call(request, ENVIRONMENT)))),
                   is(resource("conversation-request.json")));
    }

    @Test
    void aRequestWithoutLimitsTakesTheModelsAndSendsNothingElse() throws IOException {
        JsonNode body = BedrockRequestWriter.write(call(user("Hi"), ENVIRONMENT));

        assertThat(body, is(JSON.readTree("""
                {"messages": [{"role": "user", "content": [{"text": "Hi"}]}], "inferenceConfig": {"maxTokens": 4096}}
                """)));
    }

    @Test
    void toolChoiceMapsToConverses() {
        ChatRequest.Builder request = ChatRequest.newBuilder().addMessages(message(Role.ROLE_USER, "Hi"))
                .addTools(tool("f", "", ""));

        assertThat(toolConfig(request.clearToolChoice()).has("toolChoice"), is(false));
        assertThat(toolConfig(request.setToolChoice(mode(ToolChoiceMode.TOOL_CHOICE_MODE_REQUIRED)))
                           .path("toolChoice").toString(), is("{\"any\":{}}"));
        assertThat(toolConfig(request.setToolChoice(mode(ToolChoiceMode.TOOL_CHOICE_MODE_AUTO)))
                           .path("toolChoice").toString(), is("{\"auto\":{}}"));
        assertThat(toolConfig(request.setToolChoice(ToolChoice.newBuilder().setFunctionName("f")))
                           .path("toolChoice").toString(), is("{\"tool\":{\"name\":\"f\"}}"));
        assertThat(BedrockRequestWriter.write(call(request.setToolChoice(mode(ToolChoiceMode.TOOL_CHOICE_MODE_NONE))
                                                           .build(), ENVIRONMENT)).has("toolConfig"), is(false));
    }

    @Test
    void jsonModeBecomesAnInstructionInTheSystemPrompt() {
        JsonNode body = BedrockRequestWriter.write(call(ChatRequest.newBuilder().addMessages(user("Hi").toBuilder())
                .setResponseFormat(ResponseFormat.newBuilder().setType(ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_OBJECT))
                .build(), ENVIRONMENT));

        assertThat(body.path("system").get(0).path("text").asText(), containsString("one valid JSON object"));
    }

    @Test
    void imageUrlsAreRefusedNamingTheParameter() {
        ChatRequest request = ChatRequest.newBuilder().addMessages(ChatMessage.newBuilder().setRole(Role.ROLE_USER)
                .addContent(image("https://example.com/cat.jpg"))).build();
        ChatRequest tiff = ChatRequest.newBuilder().addMessages(ChatMessage.newBuilder().setRole(Role.ROLE_USER)
                .addContent(image("data:image/tiff;base64,AAAA"))).build();

        UpstreamRejection url = assertThrows(UpstreamRejection.class,
                                             () -> BedrockRequestWriter.write(call(request, ENVIRONMENT)));
        UpstreamRejection format = assertThrows(UpstreamRejection.class,
                                                () -> BedrockRequestWriter.write(call(tiff, ENVIRONMENT)));

        assertThat(url.param(), is("messages"));
        assertThat(url.getMessage(), containsString("only as data: URIs"));
        assertThat(format.getMessage(), containsString("PNG, JPEG, GIF or WebP"));
    }

    @Test
    void requestsConverseCannotExpressAreRefused() {
        UpstreamRejection choices = assertThrows(UpstreamRejection.class, () -> BedrockRequestWriter.write(call(
                ChatRequest.newBuilder().addMessages(user("Hi").toBuilder()).setN(2).build(), ENVIRONMENT)));
        UpstreamRejection arguments = assertThrows(UpstreamRejection.class, () -> BedrockRequestWriter.write(call(
                ChatRequest.newBuilder().addMessages(ChatMessage.newBuilder().setRole(Role.ROLE_ASSISTANT)
                        .addToolCalls(toolCall("c", "f", "[1, 2]"))).build(), ENVIRONMENT)));

        assertThat(choices.param(), is("n"));
        assertThat(arguments.getMessage(), containsString("must be a JSON object"));
    }

    // ---------------------------------------------------------------------------------------------
    // Answers
    // ---------------------------------------------------------------------------------------------

    @Test
    void readsAnAnswerWithTextAndToolCalls() {
        String response = """
                {"output": {"message": {"role": "assistant", "content": [
                    {"text": "Checking."},
                    {"reasoningContent": {"reasoningText": {"text": "hidden"}}},
                    {"toolUse": {"toolUseId": "tooluse_1", "name": "get_weather", "input": {"city": "Paris", "t": 1.50}}}
                 ]}},
                 "stopReason": "tool_use",
                 "usage": {"inputTokens": 100, "outputTokens": 20, "totalTokens": 150, "cacheReadInputTokens": 30},
                 "metrics": {"latencyMs": 300}}""";

        ChatCompletion completion = translator(Map.of()).completion(UpstreamJson.parse(response, "b"),
                                                                   call(user("Hi"), ENVIRONMENT));

        ChatMessage message = completion.getChoices(0).getMessage();
        assertThat(message.getContent(0).getText(), is("Checking."));
        assertThat(message.getToolCalls(0).getId(), is("tooluse_1"));
        assertThat(message.getToolCalls(0).getFunction().getName(), is("get_weather"));
        assertThat(message.getToolCalls(0).getFunction().getArguments(), is("{\"city\":\"Paris\",\"t\":1.50}"));
        assertThat(completion.getChoices(0).getFinishReason(), is(FinishReason.FINISH_REASON_TOOL_CALLS));
        assertThat(completion.getUsage(), is(Usage.newBuilder().setPromptTokens(130).setCompletionTokens(20)
                                                     .setTotalTokens(150).setCachedPromptTokens(30).build()));
        assertThat(completion.getModel(), is("claude-bedrock"));
        assertThat(completion.getId(), containsString("chatcmpl-"));
    }

    @Test
    void stopReasonsMapToOpenAiFinishReasons() {
        assertThat(BedrockResponseReader.finishReason("end_turn"), is(FinishReason.FINISH_REASON_STOP));
        assertThat(BedrockResponseReader.finishReason("stop_sequence"), is(FinishReason.FINISH_REASON_STOP));
        assertThat(BedrockResponseReader.finishReason("max_tokens"), is(FinishReason.FINISH_REASON_LENGTH));
        assertThat(BedrockResponseReader.finishReason("tool_use"), is(FinishReason.FINISH_REASON_TOOL_CALLS));
        assertThat(BedrockResponseReader.finishReason("guardrail_intervened"),
                   is(FinishReason.FINISH_REASON_CONTENT_FILTER));
        assertThat(BedrockResponseReader.finishReason("content_filtered"), is(FinishReason.FINISH_REASON_CONTENT_FILTER));
    }

    @Test
    void anAnswerWithoutContentIsTheUpstreamsFailure() {
        UpstreamFailure failure = assertThrows(UpstreamFailure.class, () -> translator(Map.of())
                .completion(UpstreamJson.parse("{\"output\": {}}", "b"), call(user("Hi"), ENVIRONMENT)));

        assertThat(failure.kind(), is(UpstreamFailure.Kind.SERVER_ERROR));
    }

    // ---------------------------------------------------------------------------------------------
    // Streams
    // ---------------------------------------------------------------------------------------------

    @Test
    void translatesARecordedEventStream() {
        byte[] recorded = encode(
                FakeBedrockUpstream.event("messageStart", json("{\"role\":\"assistant\"}")),
                FakeBedrockUpstream.event("contentBlockDelta", json("{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Let me \"}}")),
                FakeBedrockUpstream.event("contentBlockDelta", json("{\"contentBlockIndex\":0,\"delta\":{\"text\":\"check.\"}}")),
                FakeBedrockUpstream.event("contentBlockStop", json("{\"contentBlockIndex\":0}")),
                FakeBedrockUpstream.event("contentBlockStart", json("{\"contentBlockIndex\":1,\"start\":{\"toolUse\":"
                                                                         + "{\"toolUseId\":\"tooluse_a\",\"name\":\"get_weather\"}}}")),
                FakeBedrockUpstream.event("contentBlockDelta", json("{\"contentBlockIndex\":1,\"delta\":{\"toolUse\":"
                                                                         + "{\"input\":\"{\\\"city\\\": \"}}}")),
                FakeBedrockUpstream.event("contentBlockDelta", json("{\"contentBlockIndex\":1,\"delta\":{\"toolUse\":"
                                                                         + "{\"input\":\"\\\"Paris\\\"}\"}}}")),
                FakeBedrockUpstream.event("contentBlockStop", json("{\"contentBlockIndex\":1}")),
                FakeBedrockUpstream.event("contentBlockStart", json("{\"contentBlockIndex\":2,\"start\":{\"toolUse\":"
                                                                         + "{\"toolUseId\":\"tooluse_b\",\"name\":\"get_time\"}}}")),
                FakeBedrockUpstream.event("contentBlockDelta", json("{\"contentBlockIndex\":2,\"delta\":{\"toolUse\":"
                                                                         + "{\"input\":\"{}\"}}}")),
                FakeBedrockUpstream.event("contentBlockStop", json("{\"contentBlockIndex\":2}")),
                FakeBedrockUpstream.event("messageStop", json("{\"stopReason\":\"tool_use\"}")),
                FakeBedrockUpstream.event("metadata", json("{\"usage\":{\"inputTokens\":50,\"outputTokens\":12,"
                                                                + "\"totalTokens\":62},\"metrics\":{\"latencyMs\":9}}")));
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        EventStreamTranslation translation = translator(Map.of()).stream(call(user("Hi"), ENVIRONMENT), chunks::add);

        List<Boolean> ends = new ArrayList<>();
        try (EventStreamReader reader = new EventStreamReader(new ByteArrayInputStream(recorded), Duration.ofSeconds(5))) {
            Optional<EventStreamReader.Message> message;
            while ((message = reader.next()).isPresent()) {
                ends.add(translation.accept(message.get()));
            }
        }

        assertThat(ends.subList(0, ends.size() - 1).contains(true), is(false));
        assertThat(ends.getLast(), is(true));
        assertThat(translation.endMarker(), is("metadata"));
        assertThat(chunks.size(), is(9));
        assertThat(chunks.getFirst().getChoices(0).getDelta().getRole(), is(Role.ROLE_ASSISTANT));
        assertThat(chunks.get(0).getChoices(0).getDelta().getContent(), is("Let me "));
        assertThat(chunks.get(1).getChoices(0).getDelta().getContent(), is("check."));
        ToolCallDelta first = chunks.get(2).getChoices(0).getDelta().getToolCalls(0);
        assertThat(List.of(first.getIndex(), first.getId(), first.getFunctionName()),
                   is(List.of(0, "tooluse_a", "get_weather")));
        assertThat(chunks.get(3).getChoices(0).getDelta().getToolCalls(0).getArgumentsFragment(), is("{\"city\": "));
        assertThat(chunks.get(4).getChoices(0).getDelta().getToolCalls(0).getArgumentsFragment(), is("\"Paris\"}"));
        assertThat(chunks.get(4).getChoices(0).getDelta().getToolCalls(0).getIndex(), is(0));
        ToolCallDelta second = chunks.get(5).getChoices(0).getDelta().getToolCalls(0);
        assertThat(List.of(second.getIndex(), second.getId(), second.getFunctionName()),
                   is(List.of(1, "tooluse_b", "get_time")));
        assertThat(chunks.get(6).getChoices(0).getDelta().getToolCalls(0).getIndex(), is(1));
        assertThat(chunks.get(7).getChoices(0).getFinishReason(), is(FinishReason.FINISH_REASON_TOOL_CALLS));
        assertThat(chunks.get(8).getChoicesCount(), is(0));
        assertThat(chunks.get(8).getUsage(), is(Usage.newBuilder().setPromptTokens(50).setCompletionTokens(12)
                                                        .setTotalTokens(62).build()));
        assertThat(chunks.stream().map(ChatCompletionChunk::getId).distinct().count(), is(1L));
    }

    @Test
    void exceptionMessagesAreClassifiedByTheirType() {
        assertThat(streamException("throttlingException") instanceof UpstreamFailure failure
                           && failure.kind() == UpstreamFailure.Kind.RATE_LIMITED, is(true));
        for (String broken : List.of("modelStreamErrorException", "internalServerException",
                                     "serviceUnavailableException")) {
            assertThat(broken, streamException(broken) instanceof UpstreamFailure failure
                    && failure.kind() == UpstreamFailure.Kind.STREAM_BROKEN, is(true));
        }
        UpstreamException validation = streamException("validationException");
        assertThat(validation instanceof UpstreamRejection, is(true));
        assertThat(validation.getMessage(), is("the message of validationException"));
    }

    @Test
    void toolInputForABlockThatIsNoToolUseIsTheUpstreamsFailure() {
        EventStreamTranslation translation = translator(Map.of()).stream(call(user("Hi"), ENVIRONMENT), chunk -> { });

        UpstreamFailure failure = assertThrows(UpstreamFailure.class, () -> translation.accept(decode(
                FakeBedrockUpstream.event("contentBlockDelta", json("{\"contentBlockIndex\":3,\"delta\":{\"toolUse\":"
                                                                         + "{\"input\":\"{}\"}}}")))));

        assertThat(failure.kind(), is(UpstreamFailure.Kind.SERVER_ERROR));
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers
    // ---------------------------------------------------------------------------------------------

    private static byte[] sha256(byte[] bytes) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static UpstreamException streamException(String type) {
        EventStreamTranslation translation = translator(Map.of()).stream(call(user("Hi"), ENVIRONMENT), chunk -> { });
        return assertThrows(UpstreamException.class, () -> translation.accept(decode(
                FakeBedrockUpstream.exception(type, "the message of " + type))));
    }

    private static EventStreamReader.Message decode(Message message) {
        try (EventStreamReader reader = new EventStreamReader(new ByteArrayInputStream(encode(message)),
                                                              Duration.ofSeconds(5))) {
            return reader.next().orElseThrow();
        }
    }

    private static byte[] encode(Message... messages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Message message : messages) {
            message.encode(out);
        }
        return out.toByteArray();
    }

    private static JsonNode toolConfig(ChatRequest.Builder request) {
        return BedrockRequestWriter.write(call(request.build(), ENVIRONMENT)).path("toolConfig");
    }

    private static BedrockTranslator translator(Map<String, String> settings) {
        return new BedrockTranslator(entry(settings, Optional.empty()), clock());
    }

    private static Clock clock() {
        return Clock.fixed(NOW, ZoneOffset.UTC);
    }

    private static ProviderEntry entry(Map<String, String> settings, Optional<String> apiKeyEnv) {
        Map<String, String> all = new HashMap<>(Map.of("region", "eu-west-3"));
        all.putAll(settings);
        return new ProviderEntry("bedrock", ProviderType.BEDROCK, Optional.empty(), apiKeyEnv, Config.just(ConfigSources.create(all)));
    }

    private static ProviderCall call(ChatMessage message, Map<String, String> environment) {
        return call(ChatRequest.newBuilder().addMessages(message).build(), environment);
    }

    private static ProviderCall call(ChatRequest request, Map<String, String> environment) {
        return new ProviderCall(request, MODEL, MODEL.deployments().getFirst(), entry(Map.of(), Optional.empty()),
                                Optional.empty(), new CancelSignal(), environment);
    }

    private static String header(UpstreamRequest request, String name) {
        return request.headers().entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    private static ToolChoice mode(ToolChoiceMode mode) {
        return ToolChoice.newBuilder().setMode(mode).build();
    }

    private static ChatMessage user(String text) {
        return message(Role.ROLE_USER, text);
    }

    private static ChatMessage message(Role role, String text) {
        return ChatMessage.newBuilder().setRole(role).addContent(text(text)).build();
    }

    private static ChatMessage toolResult(String toolCallId, String text) {
        return ChatMessage.newBuilder().setRole(Role.ROLE_TOOL).setToolCallId(toolCallId).addContent(text(text)).build();
    }

    private static ContentPart text(String text) {
        return ContentPart.newBuilder().setText(text).build();
    }

    private static ContentPart image(String url) {
        return ContentPart.newBuilder().setImageUrl(ImageUrl.newBuilder().setUrl(url)).build();
    }

    private static Tool tool(String name, String description, String parameters) {
        return Tool.newBuilder().setFunction(FunctionDefinition.newBuilder().setName(name).setDescription(description)
                                                     .setParametersJson(parameters)).build();
    }

    private static ToolCall toolCall(String id, String name, String arguments) {
        return ToolCall.newBuilder().setId(id).setFunction(FunctionCall.newBuilder().setName(name).setArguments(arguments))
                .build();
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static JsonNode resource(String name) throws IOException {
        try (InputStream in = BedrockTranslatorTest.class.getResourceAsStream("/bedrock/" + name)) {
            return JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
