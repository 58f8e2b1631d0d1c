package ai.novai.gateway.interop;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import ai.novai.gateway.testing.NovaiCluster;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.Response;
import dev.langchain4j.model.output.TokenUsage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * LangChain4j's OpenAI module ({@code dev.langchain4j:langchain4j-open-ai}, on its JDK HTTP client) as one
 * more real client of the three real services: streamed and whole chat answers, a streamed tool call,
 * embeddings and the 404 of an unknown model, each as LangChain4j reads them.
 */
class LangChain4jInteropTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static NovaiCluster cluster;

    @BeforeAll
    static void start() {
        cluster = NovaiCluster.start();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void streamsAnAnswerTokenByToken() {
        Streamed streamed = stream(streamingModel("novai-echo"),
                                   ChatRequest.builder().messages(UserMessage.from("hello over there")).build());

        ChatResponse response = streamed.complete();
        // one partial per streamed word, in order, adding up to the whole answer
        assertThat(streamed.partials, is(List.of("You ", "said: ", "hello ", "over ", "there")));
        assertThat(response.aiMessage().text(), is("You said: hello over there"));
        assertThat(response.aiMessage().hasToolExecutionRequests(), is(false));
        assertThat(response.finishReason(), is(FinishReason.STOP));
        assertThat(response.modelName(), is("novai-echo"));
        assertThat(response.id(), startsWith("chatcmpl-"));
        TokenUsage usage = response.tokenUsage();
        assertThat("LangChain4j asks for stream_options.include_usage: the usage chunk must arrive",
                   usage, notNullValue());
        assertThat(usage.inputTokenCount(), greaterThan(0));
        assertThat(usage.outputTokenCount(), greaterThan(0));
        assertThat(usage.totalTokenCount(), is(usage.inputTokenCount() + usage.outputTokenCount()));
    }

    @Test
    void streamsAToolCallThatComesBackAsAToolExecutionRequest() throws Exception {
        ToolSpecification weather = ToolSpecification.builder()
                .name("get_weather")
                .description("Current weather in a city")
                .parameters(JsonObjectSchema.builder()
                                    .addStringProperty("city", "the city's name")
                                    .required("city")
                                    .build())
                .build();
        Streamed streamed = stream(streamingModel("novai-echo"), ChatRequest.builder()
                .messages(UserMessage.from("Seoul"))
                .toolSpecifications(weather)
                .build());

        ChatResponse response = streamed.complete();
        assertThat(response.finishReason(), is(FinishReason.TOOL_EXECUTION));
        assertThat(response.aiMessage().toolExecutionRequests().size(), is(1));
        ToolExecutionRequest request = response.aiMessage().toolExecutionRequests().getFirst();
        assertThat(request.id(), startsWith("call_"));
        assertThat(request.name(), is("get_weather"));
        JsonNode arguments = MAPPER.readTree(request.arguments());
        assertThat(arguments.path("city").asText(), is("Seoul"));
        assertThat(arguments.size(), is(1));
        // the arguments arrived in fragments, and LangChain4j reassembled them into one complete call
        assertThat(streamed.partialToolCalls.size(), greaterThan(1));
        assertThat(String.join("", streamed.partialToolCalls.stream().map(PartialToolCall::partialArguments).toList()),
                   is(request.arguments()));
        assertThat(streamed.completeToolCalls.size(), is(1));
        assertThat(streamed.completeToolCalls.getFirst().toolExecutionRequest(), is(request));
        assertThat(response.tokenUsage(), notNullValue());
    }

    @Test
    void answersAWholeCompletion() {
        ChatResponse response = chatModel("novai-echo", null)
                .chat(ChatRequest.builder().messages(UserMessage.from("Hello there")).build());

        assertThat(response.aiMessage().text(), is("You said: Hello there"));
        assertThat(response.finishReason(), is(FinishReason.STOP));
        assertThat(response.modelName(), is("novai-echo"));
        assertThat(response.tokenUsage().outputTokenCount(), is(5));
        assertThat(response.tokenUsage().totalTokenCount(),
                   is(response.tokenUsage().inputTokenCount() + response.tokenUsage().outputTokenCount()));
        assertThat(chatModel("novai-echo", null).chat("plain string"), is("You said: plain string"));
    }

    @Test
    void maxTokensCutsTheAnswerWithFinishReasonLength() {
        ChatResponse response = chatModel("novai-echo", 3)
                .chat(ChatRequest.builder().messages(UserMessage.from("one two three four five six")).build());

        assertThat(response.finishReason(), is(FinishReason.LENGTH));
        assertThat(response.tokenUsage().outputTokenCount(), is(3));
    }

    @Test
    void embedsWithTheLocalModel() {
        OpenAiEmbeddingModel model = OpenAiEmbeddingModel.builder()
                .baseUrl(cluster.baseUrl())
                .apiKey(NovaiCluster.DEV_KEY)
                .modelName("all-minilm-l6-v2")
                .timeout(TIMEOUT)
                .maxRetries(0)
                .build();

        Response<List<Embedding>> response = model.embedAll(List.of(TextSegment.from("The food was delicious"),
                                                                    TextSegment.from("The weather is cold")));
        assertThat(response.content().size(), is(2));
        for (Embedding embedding : response.content()) {
            assertThat(embedding.dimension(), is(384));
            double norm = 0;
            for (float value : embedding.vector()) {
                assertThat(Float.isFinite(value), is(true));
                norm += value * value;
            }
            assertThat(norm, greaterThan(0.0));
        }
        assertThat(response.content().get(0).equals(response.content().get(1)), is(false));
        assertThat(response.tokenUsage().inputTokenCount(), greaterThan(0));
        assertThat(model.embed("one more").content().dimension(), is(384));
        assertThat(model.dimension(), is(384));
    }

    @Test
    void unknownModelIsLangChain4jsModelNotFound() throws Exception {
        ModelNotFoundException whole = assertThrows(ModelNotFoundException.class, () -> chatModel("gpt-nothing", null)
                .chat(ChatRequest.builder().messages(UserMessage.from("x")).build()));
        assertNotFound(whole);

        Streamed streamed = stream(streamingModel("gpt-nothing"),
                                   ChatRequest.builder().messages(UserMessage.from("x")).build());
        ExecutionException failed = assertThrows(ExecutionException.class,
                                                 () -> streamed.response.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        assertThat(failed.getCause(), instanceOf(ModelNotFoundException.class));
        assertNotFound(failed.getCause());
        assertThat(streamed.partials.isEmpty(), is(true));
    }

    // LangChain4j maps the status to its exception type and keeps the HTTP exception, with the body, as cause.
    private static void assertNotFound(Throwable error) {
        HttpException http = null;
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpException found) {
                http = found;
                break;
            }
        }
        assertThat("an HttpException in the cause chain of " + error, http, notNullValue());
        assertThat(http.statusCode(), is(404));
        assertThat(http.getMessage(), containsString("model_not_found"));
        assertThat(error.getMessage(), containsString("gpt-nothing"));
    }

    private static OpenAiStreamingChatModel streamingModel(String model) {
        return OpenAiStreamingChatModel.builder()
                .baseUrl(cluster.baseUrl())
                .apiKey(NovaiCluster.DEV_KEY)
                .modelName(model)
                .timeout(TIMEOUT)
                .build();
    }

    private static OpenAiChatModel chatModel(String model, Integer maxTokens) {
        return OpenAiChatModel.builder()
                .baseUrl(cluster.baseUrl())
                .apiKey(NovaiCluster.DEV_KEY)
                .modelName(model)
                .maxTokens(maxTokens)
                .timeout(TIMEOUT)
                .maxRetries(0)
                .build();
    }

    private static Streamed stream(OpenAiStreamingChatModel model, ChatRequest request) {
        Streamed streamed = new Streamed();
        model.chat(request, streamed);
        return streamed;
    }

    /** What a streaming call handed to its handler, in order. */
    private static final class Streamed implements StreamingChatResponseHandler {

        final List<String> partials = new CopyOnWriteArrayList<>();
        final List<PartialToolCall> partialToolCalls = new CopyOnWriteArrayList<>();
        final List<CompleteToolCall> completeToolCalls = new CopyOnWriteArrayList<>();
        final CompletableFuture<ChatResponse> response = new CompletableFuture<>();

        @Override
        public void onPartialResponse(String partialResponse) {
            partials.add(partialResponse);
        }

        @Override
        public void onPartialToolCall(PartialToolCall partialToolCall) {
            partialToolCalls.add(partialToolCall);
        }

        @Override
        public void onCompleteToolCall(CompleteToolCall completeToolCall) {
            completeToolCalls.add(completeToolCall);
        }

        @Override
        public void onCompleteResponse(ChatResponse completeResponse) {
            response.complete(completeResponse);
        }

        @Override
        public void onError(Throwable error) {
            response.completeExceptionally(error);
        }

        ChatResponse complete() {
            try {
                return response.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw new AssertionError("the stream failed: " + e.getCause(), e.getCause());
            } catch (Exception e) {
                throw new AssertionError("no complete response within " + TIMEOUT + ": " + partials, e);
            }
        }
    }
}
