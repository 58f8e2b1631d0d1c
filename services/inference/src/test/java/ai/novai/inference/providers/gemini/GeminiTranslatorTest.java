package ai.novai.inference.providers.gemini;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import ai.novai.common.grpc.CancelSignal;
import ai.novai.common.models.Deployment;
import ai.novai.common.models.ModelEntry;
import ai.novai.common.models.Price;
import ai.novai.common.models.ProviderEntry;
import ai.novai.common.models.ProviderType;
import ai.novai.inference.providers.ProviderCall;
import ai.novai.inference.providers.StreamTranslation;
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
import ai.novai.proto.inference.v1.ToolChoice;
import ai.novai.proto.inference.v1.ToolChoiceMode;
import ai.novai.upstream.SseReader;
import ai.novai.upstream.UpstreamFailure;
import ai.novai.upstream.UpstreamRejection;
import ai.novai.upstream.UpstreamRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;

import static ai.novai.inference.providers.Messages.image;
import static ai.novai.inference.providers.Messages.message;
import static ai.novai.inference.providers.Messages.text;
import static ai.novai.inference.providers.Messages.toolCall;
import static ai.novai.inference.providers.Messages.toolResult;
import static ai.novai.inference.providers.Messages.user;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The Gemini translator alone, with recorded Gemini bodies and events: no I/O. What goes over the wire
 * end to end is {@link GeminiProviderTest}'s part.
 */
class GeminiTranslatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ModelEntry MODEL = new ModelEntry(
            "gemini-test", ModelKind.MODEL_KIND_CHAT, List.of(new Deployment("gemini", "gemini-2.5-flash", 1)),
            "gemini", 0, List.of(), 1_000_000, 8192, Price.FREE, Price.FREE, 0, false, List.of());

    private final GeminiTranslator translator = new GeminiTranslator(entry(Map.of()));

    @Test
    void writesAGenerateContentRequestWithKeyAndPath() {
        UpstreamRequest request = translator.request(call(ChatRequest.newBuilder().addMessages(user("Hi"))
                                                                  .setRequestId("req-1").build()), false);

        assertThat(request.uri().toString(),
                   is("https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent"));
        assertThat(request.headers().get("x-goog-api-key"), is("gm-test-key"));
        assertThat(request.headers().get("X-Request-Id"), is("req-1"));
        assertThat(json(request), is(json("""
                {"contents": [{"role": "user", "parts": [{"text": "Hi"}]}]}""")));
        assertThat(translator.request(call(ChatRequest.newBuilder().addMessages(user("Hi")).build()), true)
                           .uri().toString(),
                   is("https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash"
                              + ":streamGenerateContent?alt=sse"));
    }

    @Test
    void translatesAConversationWithToolsImagesAndResults() {
        ChatRequest request = ChatRequest.newBuilder()
                .addMessages(message(Role.ROLE_SYSTEM, "Be brief."))
                .addMessages(ChatMessage.newBuilder().setRole(Role.ROLE_USER)
                                     .addContent(text("What is in it, and the weather?"))
                                     .addContent(image("data:image/png;base64,iVBORw0KGgo="))
                                     .addContent(image("https://example.com/cat.JPG")))
                .addMessages(ChatMessage.newBuilder().setRole(Role.ROLE_ASSISTANT)
                                     .addToolCalls(toolCall("call_1", "weather", "{\"city\":\"Paris\"}")))
                .addMessages(toolResult("call_1", "{\"celsius\": 21.5}"))
                .addMessages(toolResult("call_1", "sunny"))
                .addTools(Tool.newBuilder().setFunction(FunctionDefinition.newBuilder().setName("weather")
                        .setDescription("Weather now")
                        .setParametersJson("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}")))
                .setToolChoice(ToolChoice.newBuilder().setFunctionName("weather"))
                .setMaxTokens(100).setTemperature(0.5).setTopP(0.9).addStop("END").setN(2).setSeed(7)
                .build();

        assertThat(json(translator.request(call(request), false)), is(json("""
                {"contents": [
                  {"role": "user", "parts": [
                    {"text": "What is in it, and the weather?"},
                    {"inlineData": {"mimeType": "image/png", "data": "iVBORw0KGgo="}},
                    {"fileData": {"mimeType": "image/jpeg", "fileUri": "https://example.com/cat.JPG"}}]},
                  {"role": "model", "parts": [
                    {"functionCall": {"id": "call_1", "name": "weather", "args": {"city": "Paris"}}}]},
                  {"role": "user", "parts": [
                    {"functionResponse": {"id": "call_1", "name": "weather", "response": {"content": {"celsius": 21.5}}}},
                    {"functionResponse": {"id": "call_1", "name": "weather", "response": {"content": "sunny"}}}]}],
                 "systemInstruction": {"parts": [{"text": "Be brief."}]},
                 "tools": [{"functionDeclarations": [{"name": "weather", "description": "Weather now",
                   "parametersJsonSchema": {"type": "object", "properties": {"city": {"type": "string"}}}}]}],
                 "toolConfig": {"functionCallingConfig": {"mode": "ANY", "allowedFunctionNames": ["weather"]}},
                 "generationConfig": {"maxOutputTokens": 100, "temperature": 0.5, "topP": 0.9,
                   "stopSequences": ["END"], "candidateCount": 2, "seed": 7}}""")));
    }

    @Test
    void toolChoiceNoneSendsNoToolsAndJsonSchemaIsNative() {
        ChatRequest request = ChatRequest.newBuilder().addMessages(user("Hi"))
                .addTools(Tool.newBuilder().setFunction(FunctionDefinition.newBuilder().setName("f")))
                .setToolChoice(ToolChoice.newBuilder().setMode(ToolChoiceMode.TOOL_CHOICE_MODE_NONE))
                .setResponseFormat(ResponseFormat.newBuilder().setType(ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_SCHEMA)
                                           .setJsonSchema(JsonSchemaFormat.newBuilder().setName("answer")
                                                                  .setSchemaJson("{\"type\":\"object\"}")))
                .build();

        JsonNode body = json(translator.request(call(request), false));

        assertThat(body.has("tools"), is(false));
        assertThat(body.path("generationConfig"), is(json("""
                {"responseMimeType": "application/json", "responseJsonSchema": {"type": "object"}}""")));
    }

    @Test
    void refusesWhatGeminiCannotTake() {
        UpstreamRejection orphan = assertThrows(UpstreamRejection.class, () -> translator.request(call(
                ChatRequest.newBuilder().addMessages(user("Hi")).addMessages(toolResult("call_9", "x")).build()), false));
        assertThat(orphan.getMessage(), containsString("call_9"));
        UpstreamRejection untyped = assertThrows(UpstreamRejection.class, () -> translator.request(call(
                ChatRequest.newBuilder().addMessages(ChatMessage.newBuilder().setRole(Role.ROLE_USER)
                                                             .addContent(image("https://example.com/photo"))).build()), false));
        assertThat(untyped.param(), is("messages"));
        assertThrows(UpstreamRejection.class, () -> translator.request(call(ChatRequest.newBuilder()
                .addMessages(ChatMessage.newBuilder().setRole(Role.ROLE_ASSISTANT)
                                     .addToolCalls(toolCall("c", "f", "not json"))).build()), false));
    }

    @Test
    void aBaseUrlWithAQueryIsRefusedAtStartUp() {
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> new GeminiTranslator(
                new ProviderEntry("gemini", ProviderType.GEMINI, Optional.of("https://example.com/v1beta"), Optional.empty(),
                                  Config.just(ConfigSources.create(Map.of("query.key", "secret"))))));
        assertThat(error.getMessage(), containsString("query"));
    }

    @Test
    void readsTextFunctionCallsAndUsage() {
        ChatCompletion completion = translator.completion(json("""
                {"candidates": [{"content": {"role": "model", "parts": [
                    {"text": "thinking...", "thought": true},
                    {"text": "Calling."},
                    {"functionCall": {"name": "weather", "args": {"city": "Paris"}}}]},
                  "finishReason": "STOP", "index": 0}],
                 "usageMetadata": {"promptTokenCount": 10, "candidatesTokenCount": 4, "thoughtsTokenCount": 6,
                   "cachedContentTokenCount": 3, "totalTokenCount": 20},
                 "responseId": "abc"}"""), call(ChatRequest.getDefaultInstance()));

        assertThat(completion.getId(), is("chatcmpl-abc"));
        assertThat(completion.getModel(), is("gemini-test"));
        ChatMessage message = completion.getChoices(0).getMessage();
        assertThat(message.getContent(0).getText(), is("Calling."));
        assertThat(message.getToolCalls(0).getFunction().getName(), is("weather"));
        assertThat(message.getToolCalls(0).getFunction().getArguments(), is("{\"city\":\"Paris\"}"));
        assertThat(message.getToolCalls(0).getId().startsWith("call_"), is(true));
        assertThat(completion.getChoices(0).getFinishReason(), is(FinishReason.FINISH_REASON_TOOL_CALLS));
        assertThat(completion.getUsage().getPromptTokens(), is(10));
        assertThat(completion.getUsage().getCompletionTokens(), is(10));
        assertThat(completion.getUsage().getReasoningTokens(), is(6));
        assertThat(completion.getUsage().getCachedPromptTokens(), is(3));
        assertThat(completion.getUsage().getTotalTokens(), is(20));
    }

    @Test
    void mapsFinishReasonsAndBlockedPrompts() {
        assertThat(GeminiResponseReader.finishReason("MAX_TOKENS", false), is(FinishReason.FINISH_REASON_LENGTH));
        assertThat(GeminiResponseReader.finishReason("SAFETY", false), is(FinishReason.FINISH_REASON_CONTENT_FILTER));
        assertThat(GeminiResponseReader.finishReason("RECITATION", false), is(FinishReason.FINISH_REASON_CONTENT_FILTER));
        assertThat(GeminiResponseReader.finishReason("STOP", false), is(FinishReason.FINISH_REASON_STOP));
        ChatCompletion blocked = translator.completion(json("""
                {"promptFeedback": {"blockReason": "SAFETY"}, "usageMetadata": {"promptTokenCount": 9}}"""),
                                                        call(ChatRequest.getDefaultInstance()));
        assertThat(blocked.getChoices(0).getFinishReason(), is(FinishReason.FINISH_REASON_CONTENT_FILTER));
        assertThat(blocked.getUsage().getPromptTokens(), is(9));
        assertThrows(UpstreamFailure.class, () -> translator.completion(json("{}"), call(ChatRequest.getDefaultInstance())));
    }

    @Test
    void streamsTextThenFinishThenUsage() {
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        StreamTranslation stream = translator.stream(call(ChatRequest.getDefaultInstance()), chunks::add);

        assertThat(stream.accept(event("""
                {"candidates": [{"content": {"role": "model", "parts": [{"text": "Hel"}]}}], "responseId": "r1"}""")),
                   is(false));
        assertThat(stream.accept(event("""
                {"candidates": [{"content": {"role": "model", "parts": [{"text": "lo"}]}, "finishReason": "STOP"}],
                 "usageMetadata": {"promptTokenCount": 3, "candidatesTokenCount": 2, "totalTokenCount": 5}}""")),
                   is(true));

        assertThat(chunks.size(), is(4));
        assertThat(chunks.getFirst().getChoices(0).getDelta().getRole(), is(Role.ROLE_ASSISTANT));
        assertThat(chunks.get(0).getChoices(0).getDelta().getContent() + chunks.get(1).getChoices(0).getDelta().getContent(),
                   is("Hello"));
        assertThat(chunks.get(2).getChoices(0).getFinishReason(), is(FinishReason.FINISH_REASON_STOP));
        assertThat(chunks.get(3).getChoicesCount(), is(0));
        assertThat(chunks.get(3).getUsage().getTotalTokens(), is(5));
        assertThat(chunks.stream().map(ChatCompletionChunk::getId).distinct().toList(), is(List.of("chatcmpl-r1")));
    }

    @Test
    void streamsFunctionCallsWithOpenAiIndexesAndWaitsForEveryCandidate() {
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        StreamTranslation stream = translator.stream(call(ChatRequest.newBuilder().setN(2).build()), chunks::add);

        assertThat(stream.accept(event("""
                {"candidates": [{"index": 0, "content": {"parts": [
                    {"functionCall": {"id": "a", "name": "f", "args": {"x": 1}}},
                    {"functionCall": {"id": "b", "name": "g", "args": {}}}]}, "finishReason": "STOP"}]}""")),
                   is(false));
        assertThat(stream.accept(event("""
                {"candidates": [{"index": 1, "content": {"parts": [{"text": "no tools"}]}, "finishReason": "MAX_TOKENS"}]}""")),
                   is(true));

        List<ChunkChoice> choices = chunks.stream().flatMap(chunk -> chunk.getChoicesList().stream()).toList();
        assertThat(choices.get(0).getDelta().getToolCalls(0).getIndex(), is(0));
        assertThat(choices.get(0).getDelta().getToolCalls(0).getArgumentsFragment(), is("{\"x\":1}"));
        assertThat(choices.get(1).getDelta().getToolCalls(0).getIndex(), is(1));
        assertThat(choices.get(1).getDelta().getToolCalls(0).getFunctionName(), is("g"));
        assertThat(choices.get(2).getFinishReason(), is(FinishReason.FINISH_REASON_TOOL_CALLS));
        assertThat(choices.get(3).getIndex(), is(1));
        assertThat(choices.get(3).getDelta().getRole(), is(Role.ROLE_ASSISTANT));
        assertThat(choices.get(4).getFinishReason(), is(FinishReason.FINISH_REASON_LENGTH));
    }

    @Test
    void anErrorInTheStreamBreaksIt() {
        StreamTranslation stream = translator.stream(call(ChatRequest.getDefaultInstance()), chunk -> { });

        UpstreamFailure failure = assertThrows(UpstreamFailure.class, () -> stream.accept(event("""
                {"error": {"code": 503, "message": "The model is overloaded.", "status": "UNAVAILABLE"}}""")));

        assertThat(failure.kind(), is(UpstreamFailure.Kind.STREAM_BROKEN));
        assertThat(failure.getMessage(), containsString("overloaded"));
        assertThat(translator.stream(call(ChatRequest.getDefaultInstance()), chunk -> { }).endMarker(),
                   containsString("finishReason"));
    }

    private static ProviderEntry entry(Map<String, String> settings) {
        return new ProviderEntry("gemini", ProviderType.GEMINI, Optional.of("https://generativelanguage.googleapis.com/v1beta/"),
                                 Optional.of("GEMINI_API_KEY"), Config.just(ConfigSources.create(settings)));
    }

    private static ProviderCall call(ChatRequest request) {
        return new ProviderCall(request, MODEL, MODEL.deployments().getFirst(), entry(Map.of()),
                                Optional.of("gm-test-key"), new CancelSignal());
    }

    private static SseReader.Event event(String data) {
        return new SseReader.Event("", data);
    }

    private static JsonNode json(UpstreamRequest request) {
        try {
            return JSON.readTree(request.body());
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

}
