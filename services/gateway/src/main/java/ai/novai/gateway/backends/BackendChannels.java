package ai.novai.gateway.backends;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import ai.novai.common.telemetry.GrpcClientTelemetry;
import ai.novai.proto.embedding.v1.EmbeddingServiceGrpc;
import ai.novai.proto.inference.v1.InferenceServiceGrpc;
import io.grpc.ManagedChannel;
import ai.novai.common.grpc.GrpcLimits;
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
    private final Duration listDeadline;

    private BackendChannels(ManagedChannel inference, ManagedChannel embedding, Duration listDeadline) {
        this.inference = inference;
        this.embedding = embedding;
        this.listDeadline = listDeadline;
    }

    /**
     * Opens the channels {@code novai.backends.*} configures (connections are made lazily).
     *
     * @param backends the {@code novai.backends} node
     * @return the channels
     */
    public static BackendChannels create(Config backends) {
        return new BackendChannels(
                channel(backends.get("inference.target").asString().orElse("dns:///127.0.0.1:50051")),
                channel(backends.get("embedding.target").asString().orElse("dns:///127.0.0.1:50052")),
                backends.get("list-deadline").as(Duration.class).orElse(Duration.ofSeconds(5)));
    }

    private static ManagedChannel channel(String target) {
        return ManagedChannelBuilder.forTarget(target)
                .usePlaintext()
                .maxInboundMessageSize(GrpcLimits.MAX_RESPONSE_BYTES)
                .defaultLoadBalancingPolicy("round_robin")
                .keepAliveTime(30, TimeUnit.SECONDS)
                .keepAliveWithoutCalls(false)
                .intercept(GrpcClientTelemetry.interceptors())
                .build();
    }

    /** A blocking inference stub; callers add their own deadline. */
    public InferenceServiceGrpc.InferenceServiceBlockingStub inference() {
        return InferenceServiceGrpc.newBlockingStub(inference);
    }

    /** An asynchronous inference stub, for streams; callers add their own deadline. */
    public InferenceServiceGrpc.InferenceServiceStub inferenceAsync() {
        return InferenceServiceGrpc.newStub(inference);
    }

    /** A blocking embedding stub; callers add their own deadline. */
    public EmbeddingServiceGrpc.EmbeddingServiceBlockingStub embedding() {
        return EmbeddingServiceGrpc.newBlockingStub(embedding);
    }

    /** Deadline of catalogue calls such as {@code ListModels}. */
    public Duration listDeadline() {
        return listDeadline;
    }

    @Override
    public void close() {
        inference.shutdown();
        embedding.shutdown();
        try {
            if (!inference.awaitTermination(5, TimeUnit.SECONDS)) {
                inference.shutdownNow();
            }
            if (!embedding.awaitTermination(5, TimeUnit.SECONDS)) {
                embedding.shutdownNow();
            }
        } catch (InterruptedException e) {
            inference.shutdownNow();
            embedding.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
