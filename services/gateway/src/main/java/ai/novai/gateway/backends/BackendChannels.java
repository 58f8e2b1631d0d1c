package ai.novai.gateway.backends;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import ai.novai.common.grpc.GrpcLimits;
import ai.novai.common.telemetry.GrpcClientTelemetry;
import ai.novai.proto.embedding.v1.EmbeddingServiceGrpc;
import ai.novai.proto.inference.v1.InferenceServiceGrpc;
import ai.novai.proto.tools.v1.ToolExecutionServiceGrpc;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.helidon.config.Config;

/**
 * The gateway's long-lived gRPC channels to its backends. Targets are gRPC name URIs, e.g.
 * {@code dns:///inference.novai.svc:50051}: with a headless Service the DNS name resolves to every pod
 * and {@code round_robin} balances per call, not per connection.
 */
public final class BackendChannels implements AutoCloseable {

    private final ManagedChannel inference;
    private final ManagedChannel embedding;
    // empty when no tools service is configured (novai.backends.tools.target empty)
    private final Optional<ManagedChannel> tools;
    // the channels as calls use them: failing at once while their backend has no usable connection
    private final Channel inferenceCalls;
    private final Channel embeddingCalls;
    private final Optional<Channel> toolCalls;
    private final Duration listDeadline;

    private BackendChannels(ManagedChannel inference, ManagedChannel embedding, Optional<ManagedChannel> tools,
                            Duration listDeadline, Duration connectTimeout) {
        this.inference = inference;
        this.embedding = embedding;
        this.tools = tools;
        this.inferenceCalls = ClientInterceptors.intercept(
                inference, new FailFastWhenDown("inference", inference, connectTimeout));
        this.embeddingCalls = ClientInterceptors.intercept(
                embedding, new FailFastWhenDown("embedding", embedding, connectTimeout));
        this.toolCalls = tools.map(channel -> ClientInterceptors.intercept(
                channel, new FailFastWhenDown("tools", channel, connectTimeout)));
        this.listDeadline = listDeadline;
    }

    /**
     * Opens the channels {@code novai.backends.*} configures (connections are made lazily).
     *
     * @param backends the {@code novai.backends} node
     * @return the channels
     */
    public static BackendChannels create(Config backends) {
        BackendSettings settings = BackendSettings.from(backends);
        return new BackendChannels(
                channel(settings.inferenceTarget(), InferenceServiceGrpc.SERVICE_NAME, settings.reResolvePeriod()),
                channel(settings.embeddingTarget(), EmbeddingServiceGrpc.SERVICE_NAME, settings.reResolvePeriod()),
                settings.toolsTarget().map(target -> channel(target, ToolExecutionServiceGrpc.SERVICE_NAME,
                                                             settings.reResolvePeriod())),
                settings.listDeadline(), settings.connectTimeout());
    }

    // round_robin over every address of the target, skipping a backend whose grpc.health.v1 status for the
    // service is not SERVING (a draining pod says so first thing): client-side health checking. Calls' callbacks
    // run on the transport's own thread (directExecutor): none of them blocks (they complete a future, offer to a
    // bounded queue, send a message), and the default hand-off to a shared thread pool cost a thread switch per
    // message, each answer and each streamed chunk
    @SuppressWarnings("deprecation") // nameResolverFactory: the one way to wrap the registry's resolvers per channel
    private static ManagedChannel channel(String target, String service, Duration reResolvePeriod) {
        return ManagedChannelBuilder.forTarget(target)
                .nameResolverFactory(ReResolvingNames.of(target, reResolvePeriod))
                .directExecutor()
                .usePlaintext()
                .maxInboundMessageSize(GrpcLimits.MAX_RESPONSE_BYTES)
                .defaultServiceConfig(Map.of(
                        "loadBalancingConfig", List.of(Map.of("round_robin", Map.of())),
                        "healthCheckConfig", Map.of("serviceName", service)))
                .keepAliveTime(30, TimeUnit.SECONDS)
                .keepAliveWithoutCalls(false)
                .intercept(GrpcClientTelemetry.interceptors())
                .build();
    }

    /** A blocking inference stub; callers add their own deadline. */
    public InferenceServiceGrpc.InferenceServiceBlockingStub inference() {
        return InferenceServiceGrpc.newBlockingStub(inferenceCalls);
    }

    /**
     * A future inference stub, for a call to cancel when its client leaves; callers add their own deadline. (Not a
     * blocking call under a cancellable {@code Context}: the first call after the channel went idle builds its
     * load balancer, and its health-check streams would inherit that context and die with it.)
     */
    public InferenceServiceGrpc.InferenceServiceFutureStub inferenceFuture() {
        return InferenceServiceGrpc.newFutureStub(inferenceCalls);
    }

    /** An asynchronous inference stub, for streams; callers add their own deadline. */
    public InferenceServiceGrpc.InferenceServiceStub inferenceAsync() {
        return InferenceServiceGrpc.newStub(inferenceCalls);
    }

    /** A blocking embedding stub; callers add their own deadline. */
    public EmbeddingServiceGrpc.EmbeddingServiceBlockingStub embedding() {
        return EmbeddingServiceGrpc.newBlockingStub(embeddingCalls);
    }

    /** A blocking stub of the tools service, when one is configured; callers add their own deadline. */
    public Optional<ToolExecutionServiceGrpc.ToolExecutionServiceBlockingStub> tools() {
        return toolCalls.map(ToolExecutionServiceGrpc::newBlockingStub);
    }

    /** Deadline of catalogue calls such as {@code ListModels}. */
    public Duration listDeadline() {
        return listDeadline;
    }

    @Override
    public void close() {
        List<ManagedChannel> channels = new ArrayList<>(List.of(inference, embedding));
        tools.ifPresent(channels::add);
        channels.forEach(ManagedChannel::shutdown);
        try {
            for (ManagedChannel channel : channels) {
                if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
                    channel.shutdownNow();
                }
            }
        } catch (InterruptedException e) {
            channels.forEach(ManagedChannel::shutdownNow);
            Thread.currentThread().interrupt();
        }
    }
}
