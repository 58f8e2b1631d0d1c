package ai.novai.inference.routing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import ai.novai.common.grpc.BackendError;
import ai.novai.common.models.ModelRegistry;
import ai.novai.common.grpc.CancelSignal;
import ai.novai.inference.providers.ChatProvider;
import ai.novai.inference.providers.ChunkSink;
import ai.novai.inference.providers.ProviderCall;
import ai.novai.upstream.UpstreamFailure;
import ai.novai.inference.providers.ProviderFeatures;
import ai.novai.upstream.UpstreamRejection;
import ai.novai.inference.providers.Providers;
import ai.novai.proto.inference.v1.ChatCompletion;
import ai.novai.proto.inference.v1.ChatCompletionChunk;
import ai.novai.proto.inference.v1.ChatMessage;
import ai.novai.proto.inference.v1.ChatRequest;
import ai.novai.proto.inference.v1.ChunkChoice;
import ai.novai.proto.inference.v1.ContentPart;
import ai.novai.proto.inference.v1.Delta;
import ai.novai.proto.inference.v1.FinishReason;
import ai.novai.proto.inference.v1.Role;
import ai.novai.proto.inference.v1.Usage;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.anyOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The router with scripted providers: who is called, how often, and what the caller gets.
 */
class ChatRouterTest {

    private static final String REGISTRY = """
            providers:
              a: { type: openai }
              b: { type: openai }
              c: { type: openai }
              locked: { type: openai, api-key-env: LOCKED_KEY }
            models:
              - id: main
                deployments: [ { provider: a, weight: 1 }, { provider: b, weight: 1 } ]
                fallbacks: [backup]
              - id: backup
                provider: c
              - id: single
                provider: a
              - id: keyless
                provider: locked
            """;
    private static final RoutingPolicy FAST = new RoutingPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5),
                                                                Duration.ofMillis(200), 4, 50, Duration.ofSeconds(30));

    private final Map<String, Scripted> providers = new ConcurrentHashMap<>(Map.of(
            "a", new Scripted("a"), "b", new Scripted("b"), "c", new Scripted("c"), "locked", new Scripted("locked")));

    @Test
    void aFailingDeploymentIsRetriedAtTheOtherOne() {
        providers.get("a").failWith(new UpstreamFailure(UpstreamFailure.Kind.SERVER_ERROR, "down"));
        ChatRouter router = router(FAST);

        for (int i = 0; i < 10; i++) {
            assertThat(text(router.complete(request("main"), new CancelSignal())), is("from b"));
        }
        assertThat(providers.get("c").calls.get(), is(0));
    }

    @Test
    void aModelWhoseDeploymentsAllFailFallsBack() {
        providers.get("a").failWith(new UpstreamFailure(UpstreamFailure.Kind.UNREACHABLE, "refused"));
        providers.get("b").failWith(new UpstreamFailure(UpstreamFailure.Kind.RATE_LIMITED, "slow down",
                                                         Optional.of(Duration.ofMillis(5)), null));

        ChatCompletion completion = router(FAST).complete(request("main"), new CancelSignal());

        assertThat(text(completion), is("from c"));
        assertThat(completion.getModel(), is("backup"));
        assertThat(providers.get("a").calls.get() + providers.get("b").calls.get(), is(3));
    }

    @Test
    void withNothingLeftTheCallerGetsTheLastFailureAsAStatus() {
        providers.get("a").failWith(new UpstreamFailure(UpstreamFailure.Kind.RATE_LIMITED, "busy",
                                                        Optional.of(Duration.ofMillis(1)), null));

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                                                () -> router(FAST).complete(request("single"), new CancelSignal()));

        assertThat(e.getStatus().getCode(), is(Status.Code.RESOURCE_EXHAUSTED));
        assertThat(providers.get("a").calls.get(), is(3));
        assertThat(BackendError.from(e).orElseThrow().code(), is("provider_rate_limited"));
    }

    @Test
    void aRetryAfterLongerThanThePolicyWaitsIsNotWaitedFor() {
        providers.get("a").failWith(new UpstreamFailure(UpstreamFailure.Kind.RATE_LIMITED, "come back in an hour",
                                                        Optional.of(Duration.ofHours(1)), null));
        long start = System.nanoTime();

        assertThrows(StatusRuntimeException.class, () -> router(FAST).complete(request("single"), new CancelSignal()));

        assertThat(Duration.ofNanos(System.nanoTime() - start).toMillis(), lessThan(1000L));
        assertThat(providers.get("a").calls.get(), is(1));
    }

    @Test
    void aRejectedRequestIsNeitherRetriedNorFallenBack() {
        providers.get("a").rejectWith(new UpstreamRejection("messages: too long", "messages"));
        providers.get("b").rejectWith(new UpstreamRejection("messages: too long", "messages"));

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                                                () -> router(FAST).complete(request("main"), new CancelSignal()));

        assertThat(e.getStatus().getCode(), is(Status.Code.INVALID_ARGUMENT));
        assertThat(BackendError.from(e).orElseThrow().param(), is("messages"));
        assertThat(providers.get("a").calls.get() + providers.get("b").calls.get(), is(1));
        assertThat(providers.get("c").calls.get(), is(0));
    }

    @Test
    void aRequestNeedingWhatOneDeploymentLacksIsRefusedBeforeAnyCall() {
        providers.get("b").features = new ProviderFeatures(true, false);
        ChatRequest twoChoices = request("main").toBuilder().setN(2).build();

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                                                () -> router(FAST).complete(twoChoices, new CancelSignal()));

        assertThat(e.getStatus().getCode(), is(Status.Code.INVALID_ARGUMENT));
        assertThat(BackendError.from(e).orElseThrow().param(), is("n"));
        assertThat(BackendError.from(e).orElseThrow().code(), is("unsupported_value"));
        assertThat(providers.get("a").calls.get() + providers.get("b").calls.get(), is(0));
        // what the model serves is still served
        assertThat(text(router(FAST).complete(request("main").toBuilder().setLogprobs(true).setN(1).build(),
                                              new CancelSignal())), anyOf(is("from a"), is("from b")));
    }

    @Test
    void parametersNovAiDoesNotModelAreRefusedByADeploymentThatCannotPassThemOn() {
        providers.get("b").features = new ProviderFeatures(true, true, false);
        ChatRequest unknown = request("main").toBuilder()
                .setPassthroughJson("{\"store\":true,\"prediction_v2\":{\"type\":\"content\"},\"knob\":1}").build();

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                                                () -> router(FAST).complete(unknown, new CancelSignal()));

        assertThat(e.getStatus().getCode(), is(Status.Code.INVALID_ARGUMENT));
        assertThat(BackendError.from(e).orElseThrow().param(), is("prediction_v2"));
        assertThat(BackendError.from(e).orElseThrow().code(), is("unknown_parameter"));
        assertThat(providers.get("a").calls.get() + providers.get("b").calls.get(), is(0));
        // the hints alone are ignored by it, and served
        assertThat(text(router(FAST).complete(request("main").toBuilder().setPassthroughJson("{\"store\":true}")
                                                      .build(), new CancelSignal())), anyOf(is("from a"), is("from b")));
    }

    @Test
    void aFallbackThatCannotServeTheRequestIsSkipped() {
        providers.get("a").failWith(new UpstreamFailure(UpstreamFailure.Kind.SERVER_ERROR, "down"));
        providers.get("b").failWith(new UpstreamFailure(UpstreamFailure.Kind.SERVER_ERROR, "down"));
        providers.get("c").features = ProviderFeatures.NONE;

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> router(FAST).complete(
                request("main").toBuilder().setLogprobs(true).build(), new CancelSignal()));

        assertThat(e.getStatus().getCode(), is(Status.Code.UNAVAILABLE));
        assertThat(providers.get("c").calls.get(), is(0));
        // without logprobs, the fallback serves
        assertThat(text(router(FAST).complete(request("main"), new CancelSignal())), is("from c"));
    }

    @Test
    void nothingIsRetriedOnceOutputWasStreamed() {
        providers.get("a").breakStreamAfterFirstChunk();
        List<ChatCompletionChunk> received = Collections.synchronizedList(new ArrayList<>());
        List<Usage> unreported = new ArrayList<>();

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                                                () -> router(FAST).stream(request("single"), received::add,
                                                                          new CancelSignal(), unreported::add));

        assertThat(e.getStatus().getCode(), is(Status.Code.UNAVAILABLE));
        assertThat(BackendError.from(e).orElseThrow().code(), is("stream_interrupted"));
        assertThat(received.size(), is(1));
        assertThat(providers.get("a").calls.get(), is(1));
        assertThat("the cut stream's usage is handed over", unreported.size(), is(1));
        assertThat(unreported.getFirst().getPromptTokens(), greaterThan(0));
    }

    @Test
    void aStreamWhoseAttemptsWereAnsweredWithErrorsHasNothingToBill() {
        providers.get("a").failWith(new UpstreamFailure(UpstreamFailure.Kind.SERVER_ERROR, "500"));
        List<Usage> unreported = new ArrayList<>();

        assertThrows(StatusRuntimeException.class, () -> router(FAST).stream(request("single"), chunk -> { },
                                                                             new CancelSignal(), unreported::add));

        assertThat(providers.get("a").calls.get(), is(3));
        assertThat("no attempt was served: nothing to bill", unreported, is(List.of()));
    }

    @Test
    void aStreamCancelledByItsCallerKeepsItsPromptToBillWhateverTheAbortedExchangeReported() {
        providers.get("a").failWith(new UpstreamFailure(UpstreamFailure.Kind.SERVER_ERROR, "aborted"));
        CancelSignal cancelled = new CancelSignal();
        cancelled.cancel();
        List<Usage> unreported = new ArrayList<>();

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> router(FAST).stream(
                request("single"), chunk -> { }, cancelled, unreported::add));

        assertThat(e.getStatus().getCode(), is(Status.Code.CANCELLED));
        assertThat("the provider had the request when the caller left", unreported.size(), is(1));
    }

    @Test
    void aStreamWhoseProviderWentSilentHasItsPromptToBill() {
        providers.get("a").failWith(new UpstreamFailure(UpstreamFailure.Kind.TIMEOUT, "no answer"));
        List<Usage> unreported = new ArrayList<>();

        assertThrows(StatusRuntimeException.class, () -> router(FAST).stream(request("single"), chunk -> { },
                                                                             new CancelSignal(), unreported::add));

        assertThat("the provider may have processed the prompt", unreported.size(), is(1));
    }

    @Test
    void aStreamWithoutProviderUsageEndsWithCountedUsage() {
        providers.get("a").streamWithoutUsage();
        List<ChatCompletionChunk> received = Collections.synchronizedList(new ArrayList<>());

        List<Usage> unreported = new ArrayList<>();
        router(FAST).stream(request("single"), received::add, new CancelSignal(), unreported::add);

        assertThat("a complete stream reports its usage in its last chunk", unreported, is(List.of()));
        ChatCompletionChunk last = received.getLast();
        assertThat(last.getChoicesCount(), is(0));
        assertThat(last.getUsage().getCompletionTokens(), is(2));
        assertThat(last.getUsage().getPromptTokens(), greaterThan(0));
    }

    @Test
    void anOpenBreakerSkipsItsDeploymentWithoutCallingIt() {
        providers.get("a").failWith(new UpstreamFailure(UpstreamFailure.Kind.SERVER_ERROR, "down"));
        ChatRouter router = router(FAST);
        for (int i = 0; i < 20; i++) {
            router.complete(request("main"), new CancelSignal());
        }
        int callsWhenOpen = providers.get("a").calls.get();

        for (int i = 0; i < 20; i++) {
            assertThat(text(router.complete(request("main"), new CancelSignal())), is("from b"));
        }

        assertThat(providers.get("a").calls.get(), is(callsWhenOpen));
    }

    @Test
    void aRateLimitIsBackPressureNotIllHealth() {
        providers.get("a").failWith(new UpstreamFailure(UpstreamFailure.Kind.RATE_LIMITED, "slow down",
                                                        Optional.of(Duration.ofMillis(1)), null));
        ChatRouter router = router(FAST);

        for (int i = 0; i < 40; i++) {
            assertThat(text(router.complete(request("main"), new CancelSignal())), is("from b"));
        }

        // an open breaker (2 failures in 4 calls would open it) would have stopped the calls at a after a few
        assertThat(providers.get("a").calls.get(), greaterThan(10));
    }

    @Test
    void theOnlyDeploymentIsCalledEvenWithItsBreakerOpen() {
        providers.get("a").failNextCalls(3, new UpstreamFailure(UpstreamFailure.Kind.SERVER_ERROR, "down"));
        ChatRouter router = router(FAST);
        assertThrows(StatusRuntimeException.class, () -> router.complete(request("single"), new CancelSignal()));
        // the fourth call fills the window (4 calls, 3 failed): the breaker opens, as the call succeeds
        assertThat(text(router.complete(request("single"), new CancelSignal())), is("from a"));

        assertThat("no fallback: the ejected deployment is all there is", text(router.complete(
                request("single"), new CancelSignal())), is("from a"));
        assertThat(providers.get("a").calls.get(), is(5));
    }

    @Test
    void aDeploymentThatFailedEveryRecentCallIsNotCalledPastItsBreaker() {
        providers.get("a").failWith(new UpstreamFailure(UpstreamFailure.Kind.SERVER_ERROR, "down"));
        ChatRouter router = router(FAST);
        for (int i = 0; i < 5; i++) {
            assertThrows(StatusRuntimeException.class, () -> router.complete(request("single"), new CancelSignal()));
        }
        int callsWhenDown = providers.get("a").calls.get();

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                                                () -> router.complete(request("single"), new CancelSignal()));

        assertThat(e.getStatus().getCode(), is(Status.Code.UNAVAILABLE));
        assertThat("down, not browning out: answered at once", providers.get("a").calls.get(), is(callsWhenDown));
    }

    @Test
    void withEveryDeploymentEjectedAFallbackWithAHealthyOneIsPreferred() {
        providers.get("a").failWith(new UpstreamFailure(UpstreamFailure.Kind.SERVER_ERROR, "down"));
        providers.get("b").failWith(new UpstreamFailure(UpstreamFailure.Kind.SERVER_ERROR, "down"));
        ChatRouter router = router(FAST);
        for (int i = 0; i < 10; i++) {
            router.complete(request("main"), new CancelSignal());
        }
        int callsWhenOpen = providers.get("a").calls.get() + providers.get("b").calls.get();

        assertThat(text(router.complete(request("main"), new CancelSignal())), is("from c"));
        assertThat(providers.get("a").calls.get() + providers.get("b").calls.get(), is(callsWhenOpen));
    }

    /**
     * The default breaker against brownouts (half the failures 500, half 429) of the only deployment of a model
     * without fallback: three attempts serve about 1 - share³ of the requests, whatever the breaker does.
     */
    @Test
    void theDefaultBreakerLetsRetriesRideOutBrownoutsOf5And20And50Percent() {
        RoutingPolicy defaults = RoutingPolicy.from(Config.empty());
        RoutingPolicy instantRetries = new RoutingPolicy(defaults.maxAttempts(), Duration.ZERO, Duration.ZERO,
                                                         defaults.maxRetryAfter(), defaults.breakerVolume(),
                                                         defaults.breakerErrorRatio(), defaults.breakerDelay());
        for (double share : new double[] {0.05, 0.20, 0.50}) {
            providers.put("a", new Scripted("a").brownout(share));
            ChatRouter router = router(instantRetries);
            int served = 0;
            int requests = 1000;
            for (int i = 0; i < requests; i++) {
                try {
                    router.complete(request("single"), new CancelSignal());
                    served++;
                } catch (StatusRuntimeException e) {
                    assertThat(e.getStatus().getCode(), anyOf(is(Status.Code.UNAVAILABLE), is(Status.Code.RESOURCE_EXHAUSTED)));
                }
            }
            double expected = 1 - Math.pow(share, 3);
            // 1,000 draws: the rate is within 4 percentage points (4 standard deviations at 50 %) of what three attempts give
            assertThat("brownout " + share + ": " + served + " of " + requests + " served",
                       (double) served / requests, greaterThan(expected - 0.04));
        }
    }

    @Test
    void unknownAndUnofferedModelsAreNotFound() {
        for (String model : List.of("nope", "keyless")) {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                                                    () -> router(FAST).complete(request(model), new CancelSignal()));
            assertThat(e.getStatus().getCode(), is(Status.Code.NOT_FOUND));
            assertThat(BackendError.from(e).orElseThrow().code(), is("model_not_found"));
        }
        assertThat(text(router(FAST, Map.of("LOCKED_KEY", "k")).complete(request("keyless"), new CancelSignal())),
                   is("from locked"));
    }

    @Test
    void weightsShareTheTraffic() {
        ChatRouter router = router(FAST);
        for (int i = 0; i < 400; i++) {
            router.complete(request("main"), new CancelSignal());
        }
        assertThat(providers.get("a").calls.get(), greaterThan(140));
        assertThat(providers.get("b").calls.get(), greaterThan(140));
        assertThat(providers.get("a").calls.get() + providers.get("b").calls.get(), is(400));
    }

    private ChatRouter router(RoutingPolicy policy) {
        return router(policy, Map.of());
    }

    private ChatRouter router(RoutingPolicy policy, Map<String, String> environment) {
        ModelRegistry registry = ModelRegistry.parse(Config.just(ConfigSources.create(REGISTRY,
                                                                                       MediaTypes.APPLICATION_YAML)));
        return new ChatRouter(registry, environment, Providers.of(Map.copyOf(providers)), policy);
    }

    private static ChatRequest request(String model) {
        return ChatRequest.newBuilder()
                .setModel(model)
                .addMessages(ChatMessage.newBuilder().setRole(Role.ROLE_USER)
                                     .addContent(ContentPart.newBuilder().setText("hi")))
                .build();
    }

    private static String text(ChatCompletion completion) {
        return completion.getChoices(0).getMessage().getContent(0).getText();
    }

    /** A provider that answers "from <name>", or fails as told. */
    private static final class Scripted implements ChatProvider {
        private final String name;
        private final AtomicInteger calls = new AtomicInteger();
        private volatile RuntimeException failure;
        private volatile boolean breakStream;
        private volatile boolean withoutUsage;
        private volatile double failingShare;
        private final AtomicInteger failuresLeft = new AtomicInteger();
        private volatile UpstreamFailure countedFailure;
        private volatile ProviderFeatures features = ProviderFeatures.ALL;
        private final java.util.SplittableRandom random = new java.util.SplittableRandom(42);

        Scripted(String name) {
            this.name = name;
        }

        void failWith(UpstreamFailure failure) {
            this.failure = failure;
        }

        void failNextCalls(int count, UpstreamFailure failure) {
            this.failuresLeft.set(count);
            this.countedFailure = failure;
        }

        void rejectWith(UpstreamRejection rejection) {
            this.failure = rejection;
        }

        void breakStreamAfterFirstChunk() {
            this.breakStream = true;
        }

        void streamWithoutUsage() {
            this.withoutUsage = true;
        }

        // fails this share of the calls, drawn at random: half as a 5xx, half as a 429
        Scripted brownout(double share) {
            this.failingShare = share;
            return this;
        }

        @Override
        public ProviderFeatures features() {
            return features;
        }

        @Override
        public ChatCompletion complete(ProviderCall call) {
            calls.incrementAndGet();
            if (failure != null) {
                throw failure;
            }
            if (failuresLeft.getAndDecrement() > 0) {
                throw countedFailure;
            }
            double draw;
            synchronized (random) {
                draw = random.nextDouble();
            }
            if (draw < failingShare / 2) {
                throw new UpstreamFailure(UpstreamFailure.Kind.SERVER_ERROR, "500");
            }
            if (draw < failingShare) {
                throw new UpstreamFailure(UpstreamFailure.Kind.RATE_LIMITED, "429", Optional.of(Duration.ZERO), null);
            }
            return ChatCompletion.newBuilder()
                    .setModel(call.model().id())
                    .addChoices(ai.novai.proto.inference.v1.Choice.newBuilder()
                                        .setMessage(ChatMessage.newBuilder().setRole(Role.ROLE_ASSISTANT)
                                                            .addContent(ContentPart.newBuilder().setText("from " + name))))
                    .build();
        }

        @Override
        public void stream(ProviderCall call, ChunkSink sink) {
            calls.incrementAndGet();
            if (failure != null) {
                throw failure;
            }
            ChatCompletionChunk template = ChatCompletionChunk.newBuilder().setModel(call.model().id()).build();
            sink.accept(template.toBuilder().addChoices(ChunkChoice.newBuilder()
                    .setDelta(Delta.newBuilder().setRole(Role.ROLE_ASSISTANT).setContent("from " + name))).build());
            if (breakStream) {
                throw new UpstreamFailure(UpstreamFailure.Kind.STREAM_BROKEN, "cut");
            }
            sink.accept(template.toBuilder().addChoices(ChunkChoice.newBuilder()
                    .setDelta(Delta.getDefaultInstance()).setFinishReason(FinishReason.FINISH_REASON_STOP)).build());
            if (!withoutUsage) {
                sink.accept(template.toBuilder().setUsage(ai.novai.proto.inference.v1.Usage.newBuilder()
                        .setPromptTokens(1).setCompletionTokens(2).setTotalTokens(3)).build());
            }
        }
    }
}
