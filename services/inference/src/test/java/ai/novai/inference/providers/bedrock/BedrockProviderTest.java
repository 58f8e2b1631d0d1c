package ai.novai.inference.providers.bedrock;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import ai.novai.common.grpc.CancelSignal;
import ai.novai.common.models.Deployment;
import ai.novai.common.models.ModelEntry;
import ai.novai.common.models.Price;
import ai.novai.common.models.ProviderEntry;
import ai.novai.common.models.ProviderType;
import ai.novai.inference.fakes.FakeBedrockUpstream;
import ai.novai.inference.fakes.FakeBedrockUpstream.RecordedRequest;
import ai.novai.inference.fakes.FakeBedrockUpstream.Reply;
import ai.novai.inference.fakes.SigV4Reference;
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
import ai.novai.proto.inference.v1.Usage;
import ai.novai.upstream.UpstreamCancelled;
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
 * The Bedrock provider as the service builds it ({@link HttpChatProvider} over the shared upstream client) against
 * a fake Bedrock Runtime that verifies every request's SigV4 signature the way AWS does.
 */
class BedrockProviderTest {

    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final String MODEL_ID = "anthropic.claude-3-haiku-20240307-v1:0";
    private static final Map<String, String> ENVIRONMENT = Map.of("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE",
                                                                  "AWS_SECRET_ACCESS_KEY", SECRET);
    private static final ModelEntry MODEL = new ModelEntry(
            "claude-bedrock", ModelKind.MODEL_KIND_CHAT, List.of(new Deployment("bedrock", MODEL_ID, 1)), "bedrock", 0,
            List.of(), 200_000, 1024, Price.FREE, Price.FREE, 0, false, List.of());

    private FakeBedrockUpstream upstream;
    private ChatProvider provider;

    @BeforeEach
    void start() {
        upstream = FakeBedrockUpstream.start(SECRET);
        ProviderEntry entry = entry();
        provider = new HttpChatProvider(new BedrockTranslator(entry), UpstreamClient.create(entry));
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    @Test
    void completesWithASignedConverseRequest() {
        upstream.enqueue(Reply.text("Bonjour.").usage(12, 3, 4));

        ChatCompletion completion = provider.complete(call(ENVIRONMENT));

        RecordedRequest request = upstream.lastRequest();
        assertThat(request.rawPath(), is("/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse"));
        assertThat(request.modelId(), is(MODEL_ID));
        assertThat(request.stream(), is(false));
        assertThat(SigV4Reference.AUTHORIZATION.matcher(request.header("authorization")).matches(), is(true));
        assertThat(request.header("authorization"), containsString("Credential=AKIDEXAMPLE/"));
        assertThat(request.header("authorization"), containsString("/us-east-1/bedrock/aws4_request"));
        assertThat(request.signatureValid(), is(true));
        assertThat(request.json().path("messages").get(0).path("content").get(0).path("text").asText(), is("Hi"));
        assertThat(completion.getChoices(0).getMessage().getContent(0).getText(), is("Bonjour."));
        assertThat(completion.getChoices(0).getFinishReason(), is(FinishReason.FINISH_REASON_STOP));
        assertThat(completion.getUsage(), is(Usage.newBuilder().setPromptTokens(16).setCompletionTokens(3)
                                                     .setTotalTokens(19).setCachedPromptTokens(4).build()));
    }

    @Test
    void anInferenceProfileArnTravelsAsOneSignedPathSegment() {
        String arn = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3";
        ModelEntry model = new ModelEntry("profiled", ModelKind.MODEL_KIND_CHAT, List.of(new Deployment("bedrock", arn, 1)),
                                          "bedrock", 0, List.of(), 200_000, 1024, Price.FREE, Price.FREE, 0, false,
                                          List.of());
        ChatRequest request = ChatRequest.newBuilder().addMessages(ChatMessage.newBuilder().setRole(Role.ROLE_USER)
                .addContent(ContentPart.newBuilder().setText("Hi"))).build();

        provider.complete(new ProviderCall(request, model, model.deployments().getFirst(), entry(), Optional.empty(),
                                           new CancelSignal(), ENVIRONMENT));

        assertThat(upstream.lastRequest().rawPath(), is("/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3A"
                                                                + "application-inference-profile%2Fa1b2c3/converse"));
        assertThat(upstream.lastRequest().modelId(), is(arn));
        assertThat(upstream.lastRequest().signatureValid(), is(true));
    }

    @Test
    void streamsTheBinaryEventStream() {
        upstream.enqueue(Reply.text("Let me ", "check.").andToolUse("tooluse_1", "get_weather", "{\"city\":", "\"Paris\"}")
                                 .stopReason("tool_use").usage(40, 9, 0));
        List<ChatCompletionChunk> chunks = new ArrayList<>();

        provider.stream(call(ENVIRONMENT), chunks::add);

        RecordedRequest request = upstream.lastRequest();
        assertThat(request.stream(), is(true));
        assertThat(request.header("accept"), is("application/vnd.amazon.eventstream"));
        assertThat(request.signatureValid(), is(true));
        StringBuilder text = new StringBuilder();
        StringBuilder arguments = new StringBuilder();
        chunks.stream().flatMap(chunk -> chunk.getChoicesList().stream()).forEach(choice -> {
            text.append(choice.getDelta().getContent());
            choice.getDelta().getToolCallsList().forEach(call -> arguments.append(call.getArgumentsFragment()));
        });
        assertThat(text.toString(), is("Let me check."));
        assertThat(arguments.toString(), is("{\"city\":\"Paris\"}"));
        assertThat(chunks.get(chunks.size() - 2).getChoices(0).getFinishReason(),
                   is(FinishReason.FINISH_REASON_TOOL_CALLS));
        assertThat(chunks.getLast().getUsage().getTotalTokens(), is(49));
    }

    @Test
    void aThrottlingExceptionMidStreamIsARateLimitAfterTheChunksBeforeIt() {
        upstream.enqueue(Reply.text("Hel", "lo", " there").exceptionAfter(3, "throttlingException",
                                                                        "Too many tokens, please wait."));
        List<ChatCompletionChunk> chunks = new ArrayList<>();

        UpstreamFailure failure = assertThrows(UpstreamFailure.class,
                                               () -> provider.stream(call(ENVIRONMENT), chunks::add));

        assertThat(failure.kind(), is(UpstreamFailure.Kind.RATE_LIMITED));
        assertThat(failure.getMessage(), containsString("Too many tokens, please wait."));
        // messageStart carries nothing; the two text deltas before the exception were passed on
        assertThat(chunks.size(), is(2));
    }

    @Test
    void aValidationErrorIsARejectionWithBedrocksMessage() {
        upstream.enqueue(Reply.error(400, "ValidationException",
                                     "The model returned the following errors: max_tokens: must be at most 4096"));

        UpstreamRejection rejection = assertThrows(UpstreamRejection.class, () -> provider.complete(call(ENVIRONMENT)));

        assertThat(rejection.getMessage(), is("The model returned the following errors: max_tokens: must be at most 4096"));
        assertThat(upstream.lastRequest().signatureValid(), is(true));
    }

    @Test
    void aWrongSecretIsRefusedByTheSignatureCheckAsAnAuthenticationFailure() {
        Map<String, String> wrong = Map.of("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", "not-it");

        UpstreamFailure failure = assertThrows(UpstreamFailure.class, () -> provider.stream(call(wrong), chunk -> { }));

        assertThat(failure.kind(), is(UpstreamFailure.Kind.AUTHENTICATION));
        assertThat(upstream.lastRequest().signatureValid(), is(false));
    }

    @Test
    void aStreamCutBeforeItsMetadataIsBroken() {
        upstream.enqueue(Reply.text("Hi").exceptionAfter(3, "modelStreamErrorException", "The model failed."));

        UpstreamFailure failure = assertThrows(UpstreamFailure.class,
                                               () -> provider.stream(call(ENVIRONMENT), chunk -> { }));

        assertThat(failure.kind(), is(UpstreamFailure.Kind.STREAM_BROKEN));
        assertThat(failure.getMessage(), containsString("modelStreamErrorException: The model failed."));
    }

    @Test
    void cancellingAStreamAbortsItAtOnce() throws Exception {
        upstream.enqueue(Reply.text("Hel", "lo").stallAfter(2));
        CancelSignal cancel = new CancelSignal();
        List<ChatCompletionChunk> chunks = new CopyOnWriteArrayList<>();
        ChatRequest request = ChatRequest.newBuilder().addMessages(ChatMessage.newBuilder().setRole(Role.ROLE_USER)
                .addContent(ContentPart.newBuilder().setText("Hi"))).build();
        ProviderCall call = new ProviderCall(request, MODEL, MODEL.deployments().getFirst(), entry(), Optional.empty(),
                                             cancel, ENVIRONMENT);

        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Throwable> outcome = executor.submit(() -> {
                try {
                    provider.stream(call, chunks::add);
                    return null;
                } catch (Throwable failure) {
                    return failure;
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (chunks.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            Instant cancelledAt = Instant.now();
            cancel.cancel();

            assertThat(outcome.get(5, TimeUnit.SECONDS) instanceof UpstreamCancelled, is(true));
            assertThat(Duration.between(cancelledAt, Instant.now()).toMillis() < 1000, is(true));
            assertThat(chunks.size(), is(1));
        }
    }

    private ProviderEntry entry() {
        return new ProviderEntry("bedrock", ProviderType.BEDROCK, Optional.of(upstream.baseUrl()), Optional.empty(),
                                 Config.just(ConfigSources.create(Map.of("region", "us-east-1"))));
    }

    private ProviderCall call(Map<String, String> environment) {
        ChatRequest request = ChatRequest.newBuilder().addMessages(ChatMessage.newBuilder().setRole(Role.ROLE_USER)
                .addContent(ContentPart.newBuilder().setText("Hi"))).build();
        return new ProviderCall(request, MODEL, MODEL.deployments().getFirst(), entry(), Optional.empty(),
                                new CancelSignal(), environment);
    }
}
