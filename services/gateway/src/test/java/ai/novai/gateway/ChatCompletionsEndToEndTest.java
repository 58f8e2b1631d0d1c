package ai.novai.gateway;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import ai.novai.gateway.testing.Http;
import ai.novai.gateway.testing.NovaiCluster;
import ai.novai.gateway.testing.OpenAiSchemas;
import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Chat completions through the whole system with the official OpenAI Java SDK as the client:
 * gateway → gRPC → inference → the built-in {@code novai-echo} model.
 */
class ChatCompletionsEndToEndTest {

    private static final String REGISTRY = """
            providers:
              echo: { type: echo, pace: PT0.005S }
            models:
              - { id: novai-echo, kind: chat, provider: echo, owned-by: novai, created: 1767225600,
                  aliases: [echo] }
            """;

    private static NovaiCluster cluster;
    private static OpenAIClient openai;
    private static Http http;

    @BeforeAll
    static void start() {
        cluster = NovaiCluster.start(NovaiCluster.registry(REGISTRY), Map.of());
        openai = cluster.openAiClient();
        http = new Http(cluster.gatewayPort());
    }

    @AfterAll
    static void stop() {
        openai.close();
        cluster.close();
    }

    @Test
    void answersAWholeCompletion() {
        ChatCompletion completion = openai.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("novai-echo")
                .addSystemMessage("You are terse.")
                .addUserMessage("Hello there")
                .build());

        assertThat(completion.choices().getFirst().message().content().orElseThrow(), is("You said: Hello there"));
        assertThat(completion.choices().getFirst().finishReason(), is(ChatCompletion.Choice.FinishReason.STOP));
        assertThat(completion.model(), is("novai-echo"));
        assertThat(completion.usage().orElseThrow().completionTokens(), is(5L));
        assertThat(completion.usage().orElseThrow().totalTokens(),
                   is(completion.usage().orElseThrow().promptTokens() + 5L));
    }

    @Test
    void streamsChunksWithRoleFirstOneFinishAndUsageLast() {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
                .model("echo")
                .addUserMessage("stream me please")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .build();
        List<ChatCompletionChunk> chunks;
        try (StreamResponse<ChatCompletionChunk> stream = openai.chat().completions().createStreaming(params)) {
            chunks = stream.stream().toList();
        }

        assertThat(chunks.getFirst().choices().getFirst().delta().role().isPresent(), is(true));
        String text = chunks.stream()
                .flatMap(chunk -> chunk.choices().stream())
                .map(choice -> choice.delta().content().orElse(""))
                .collect(Collectors.joining());
        assertThat(text, is("You said: stream me please"));
        long finishes = chunks.stream().flatMap(chunk -> chunk.choices().stream())
                .filter(choice -> choice.finishReason().isPresent()).count();
        assertThat(finishes, is(1L));
        ChatCompletionChunk last = chunks.getLast();
        assertThat(last.choices().isEmpty(), is(true));
        assertThat(last.usage().orElseThrow().completionTokens(), is(6L));
        assertThat(chunks.subList(0, chunks.size() - 1).stream().allMatch(chunk -> chunk.usage().isEmpty()), is(true));
    }

    @Test
    void streamsWithoutAUsageChunkUnlessAsked() {
        HttpResponse<String> response = http.send(chat("{\"model\":\"novai-echo\",\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));

        assertThat(response.statusCode(), is(200));
        assertThat(response.headers().firstValue("content-type").orElseThrow(), startsWith("text/event-stream"));
        assertThat(response.headers().firstValue("cache-control").orElseThrow(), is("no-cache"));
        assertThat(response.headers().firstValue("x-accel-buffering").orElseThrow(), is("no"));
        assertThat(response.headers().firstValue("x-request-id").isPresent(), is(true));
        List<String> events = List.of(response.body().split("\n\n"));
        assertThat(events.getLast(), is("data: [DONE]"));
        for (String event : events.subList(0, events.size() - 1)) {
            assertThat(event, startsWith("data: {"));
            assertThat(event, org.hamcrest.Matchers.not(containsString("\"usage\"")));
            OpenAiSchemas.assertValidOpenAi("CreateChatCompletionStreamResponse", event.substring("data: ".length()));
        }
    }

    @Test
    void toolCallsRoundTrip() {
        FunctionDefinition weather = FunctionDefinition.builder()
                .name("get_weather")
                .parameters(FunctionParameters.builder()
                                    .putAdditionalProperty("type", JsonValue.from("object"))
                                    .putAdditionalProperty("properties", JsonValue.from(Map.of(
                                            "city", Map.of("type", "string"))))
                                    .putAdditionalProperty("required", JsonValue.from(List.of("city")))
                                    .build())
                .build();
        ChatCompletionCreateParams ask = ChatCompletionCreateParams.builder()
                .model("novai-echo")
                .addUserMessage("Seoul")
                .addFunctionTool(weather)
                .build();

        ChatCompletion call = openai.chat().completions().create(ask);
        ChatCompletionMessageFunctionToolCall toolCall = call.choices().getFirst().message().toolCalls()
                .orElseThrow().getFirst().asFunction();
        assertThat(call.choices().getFirst().finishReason(), is(ChatCompletion.Choice.FinishReason.TOOL_CALLS));
        assertThat(toolCall.function().name(), is("get_weather"));
        assertThat(toolCall.function().arguments(), is("{\"city\":\"Seoul\"}"));

        ChatCompletion answer = openai.chat().completions().create(ask.toBuilder()
                .addMessage(call.choices().getFirst().message())
                .addMessage(ChatCompletionToolMessageParam.builder()
                                    .toolCallId(toolCall.id())
                                    .content("{\"temperature\":3}")
                                    .build())
                .build());
        assertThat(answer.choices().getFirst().message().content().orElseThrow(),
                   is("Tool get_weather returned: {\"temperature\":3}"));
    }

    @Test
    void streamsToolCallDeltasThatReassembleIntoTheCall() {
        HttpResponse<String> response = http.send(chat("""
                {"model":"novai-echo","stream":true,"messages":[{"role":"user","content":"Busan"}],
                 "tools":[{"type":"function","function":{"name":"get_weather","parameters":
                   {"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}]}"""));

        StringBuilder arguments = new StringBuilder();
        String id = null;
        String name = null;
        for (String event : response.body().split("\n\n")) {
            if (event.equals("data: [DONE]")) {
                continue;
            }
            JsonNode chunk = Http.json(event.substring("data: ".length()));
            for (JsonNode call : chunk.path("choices").path(0).path("delta").path("tool_calls")) {
                assertThat(call.path("index").asInt(), is(0));
                id = call.has("id") ? call.path("id").asText() : id;
                name = call.path("function").has("name") ? call.path("function").path("name").asText() : name;
                arguments.append(call.path("function").path("arguments").asText());
            }
        }
        assertThat(id, startsWith("call_"));
        assertThat(name, is("get_weather"));
        assertThat(arguments.toString(), is("{\"city\":\"Busan\"}"));
    }

    @Test
    void answersInTheRequestedJsonSchema() {
        ChatCompletion completion = openai.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("novai-echo")
                .addUserMessage("Ada")
                .responseFormat(ResponseFormatJsonSchema.builder()
                                        .jsonSchema(ResponseFormatJsonSchema.JsonSchema.builder()
                                                            .name("person")
                                                            .schema(ResponseFormatJsonSchema.JsonSchema.Schema.builder()
                                                                            .putAdditionalProperty("type", JsonValue.from("object"))
                                                                            .putAdditionalProperty("properties", JsonValue.from(Map.of(
                                                                                    "name", Map.of("type", "string"),
                                                                                    "age", Map.of("type", "integer"))))
                                                                            .putAdditionalProperty("required", JsonValue.from(List.of("name", "age")))
                                                                            .build())
                                                            .strict(true)
                                                            .build())
                                        .build())
                .build());

        assertThat(completion.choices().getFirst().message().content().orElseThrow(),
                   is("{\"name\":\"You said: Ada\",\"age\":0}"));
    }

    @Test
    void maxTokensCutsTheAnswerWithFinishReasonLength() {
        ChatCompletion completion = openai.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("novai-echo")
                .addUserMessage("one two three four five six")
                .maxCompletionTokens(3)
                .build());

        assertThat(completion.choices().getFirst().finishReason(), is(ChatCompletion.Choice.FinishReason.LENGTH));
        assertThat(completion.usage().orElseThrow().completionTokens(), is(3L));
    }

    @Test
    void responsesValidateAgainstOpenAisSchemas() {
        HttpResponse<String> response = http.send(chat("{\"model\":\"novai-echo\",\"messages\":"
                + "[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.test/cat.png\"}}]}]}"));

        assertThat(response.body(), response.statusCode(), is(200));
        OpenAiSchemas.assertValidOpenAi("CreateChatCompletionResponse", response.body());
        OpenAiSchemas.assertValidNovai("CreateChatCompletionResponse", response.body());
    }

    @Test
    void unknownModelIsNotFoundStreamingOrNot() {
        NotFoundException e = assertThrows(NotFoundException.class, () -> openai.chat().completions().create(
                ChatCompletionCreateParams.builder().model("gpt-nothing").addUserMessage("x").build()));
        assertThat(e.code().orElseThrow(), is("model_not_found"));

        HttpResponse<String> stream = http.send(chat("{\"model\":\"gpt-nothing\",\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"));
        assertThat(stream.statusCode(), is(404));
        assertThat(stream.headers().firstValue("content-type").orElseThrow(), startsWith("application/json"));
    }

    @Test
    void badParametersAreA400NamingTheParameterEvenWhenStreaming() {
        Map<String, String> cases = Map.ofEntries(
                Map.entry("{\"model\":\"novai-echo\"}", "messages"),
                Map.entry("{\"model\":\"novai-echo\",\"messages\":[]}", "messages"),
                Map.entry("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "model"),
                Map.entry("{\"model\":\"novai-echo\",\"messages\":[{\"role\":\"wizard\",\"content\":\"x\"}]}",
                          "messages[0].role"),
                Map.entry("{\"model\":\"novai-echo\",\"messages\":[{\"role\":\"user\"}]}", "messages[0].content"),
                Map.entry("{\"model\":\"novai-echo\",\"messages\":[{\"role\":\"tool\",\"content\":\"x\"}]}",
                          "messages[0].tool_call_id"),
                Map.entry("{\"model\":\"novai-echo\",\"temperature\":2.5,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                          "temperature"),
                Map.entry("{\"model\":\"novai-echo\",\"max_tokens\":0,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                          "max_tokens"),
                Map.entry("{\"model\":\"novai-echo\",\"response_format\":{\"type\":\"yaml\"},\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                          "response_format.type"),
                Map.entry("{\"model\":\"novai-echo\",\"tools\":[{\"type\":\"function\",\"function\":{}}],\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                          "tools[0].function.name"),
                Map.entry("{\"model\":\"novai-echo\",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"a b\"}}],\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                          "tools[0].function.name"),
                Map.entry("{\"model\":\"novai-echo\",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"nope\"}},\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                          "tool_choice.function.name"),
                Map.entry("{\"model\":\"novai-echo\",\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                          "stream_options"),
                Map.entry("{\"model\":\"novai-echo\",\"temprature\":1,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                          "temprature"));
        for (Map.Entry<String, String> entry : cases.entrySet()) {
            for (boolean stream : new boolean[] {false, true}) {
                String body = stream && !entry.getKey().contains("stream_options")
                        ? entry.getKey().replaceFirst("\\{", "{\"stream\":true,") : entry.getKey();
                HttpResponse<String> response = http.send(chat(body));
                assertThat(body, response.statusCode(), is(400));
                assertThat(body, Http.json(response).path("error").path("param").asText(), is(entry.getValue()));
            }
        }
        BadRequestException viaSdk = assertThrows(BadRequestException.class, () -> openai.chat().completions()
                .create(ChatCompletionCreateParams.builder().model("novai-echo").addUserMessage("x")
                                .temperature(9.0).build()));
        assertThat(viaSdk.param().orElseThrow(), is("temperature"));
        assertThat(openai.chat().completions().create(ChatCompletionCreateParams.builder().model("novai-echo")
                .addUserMessage("still serving").build()).choices().size(), is(1));
    }

    private static HttpRequest chat(String body) {
        return http.request("/v1/chat/completions")
                .header("Authorization", "Bearer " + NovaiCluster.DEV_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }
}
