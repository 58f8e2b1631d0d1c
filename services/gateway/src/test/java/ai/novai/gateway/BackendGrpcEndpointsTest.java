package ai.novai.gateway;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import ai.novai.common.server.GrpcBackendServer;
import ai.novai.embedding.EmbeddingMain;
import ai.novai.gateway.testing.Http;
import ai.novai.gateway.testing.NovaiCluster;
import ai.novai.inference.InferenceMain;
import ai.novai.proto.common.v1.ListModelsRequest;
import ai.novai.proto.embedding.v1.EmbedRequest;
import ai.novai.proto.embedding.v1.EmbeddingServiceGrpc;
import ai.novai.proto.inference.v1.InferenceServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * What operators and tools see on each backend's gRPC port: server reflection (what grpcurl uses),
 * {@code grpc.health.v1} (what Kubernetes' gRPC probes use), and HTTP health beside it.
 */
class BackendGrpcEndpointsTest {

    private static GrpcBackendServer inference;
    private static GrpcBackendServer embedding;
    private static ManagedChannel inferenceChannel;
    private static ManagedChannel embeddingChannel;

    @BeforeAll
    static void start() {
        inference = InferenceMain.start(NovaiCluster.backendConfig());
        embedding = EmbeddingMain.start(NovaiCluster.backendConfig());
        inferenceChannel = channel(inference.port());
        embeddingChannel = channel(embedding.port());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        inferenceChannel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        embeddingChannel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        inference.close();
        embedding.close();
    }

    @Test
    void reflectionListsExactlyTheServicesOfEachPort() throws Exception {
        assertThat(reflectedServices(inferenceChannel), containsInAnyOrder(
                "novai.inference.v1.InferenceService", "grpc.health.v1.Health",
                "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection"));
        assertThat(reflectedServices(embeddingChannel), containsInAnyOrder(
                "novai.embedding.v1.EmbeddingService", "grpc.health.v1.Health",
                "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection"));
    }

    @Test
    void healthAnswersServingForTheServerAndEachService() {
        HealthGrpc.HealthBlockingStub inferenceHealth = HealthGrpc.newBlockingStub(inferenceChannel);
        HealthGrpc.HealthBlockingStub embeddingHealth = HealthGrpc.newBlockingStub(embeddingChannel);

        assertThat(inferenceHealth.check(request("")).getStatus(), is(ServingStatus.SERVING));
        assertThat(inferenceHealth.check(request("novai.inference.v1.InferenceService")).getStatus(),
                   is(ServingStatus.SERVING));
        assertThat(embeddingHealth.check(request("")).getStatus(), is(ServingStatus.SERVING));
        assertThat(embeddingHealth.check(request("novai.embedding.v1.EmbeddingService")).getStatus(),
                   is(ServingStatus.SERVING));
        StatusRuntimeException unknown = assertThrows(StatusRuntimeException.class,
                                                      () -> inferenceHealth.check(request("no.Such")));
        assertThat(unknown.getStatus().getCode(), is(Status.Code.NOT_FOUND));
    }

    @Test
    void backendsListTheirOwnKindOfModel() {
        assertThat(InferenceServiceGrpc.newBlockingStub(inferenceChannel)
                           .listModels(ListModelsRequest.getDefaultInstance()).getModels(0).getId(),
                   is("novai-echo"));
        assertThat(EmbeddingServiceGrpc.newBlockingStub(embeddingChannel)
                           .listModels(ListModelsRequest.getDefaultInstance()).getModels(0).getId(),
                   is("all-minilm-l6-v2"));
    }

    @Test
    void aFailedRpcAnswersItsStatusAndTheServerKeepsServing() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> EmbeddingServiceGrpc
                .newBlockingStub(embeddingChannel).embed(EmbedRequest.newBuilder().setModel("x").build()));

        assertThat(e.getStatus().getCode(), is(Status.Code.NOT_FOUND));
        assertThat(HealthGrpc.newBlockingStub(embeddingChannel).check(request("")).getStatus(),
                   is(ServingStatus.SERVING));
    }

    @Test
    void httpHealthIsServedBesideGrpc() {
        for (GrpcBackendServer backend : List.of(inference, embedding)) {
            HttpResponse<String> health = new Http(backend.port())
                    .send(new Http(backend.port()).request("/observe/health").GET().build());
            assertThat(health.statusCode(), is(200));
            assertThat(Http.json(health).path("status").asText(), is("UP"));
        }
    }

    @Test
    void aClosedBackendReportsNotServingBeforeItStops() {
        GrpcBackendServer extra = InferenceMain.start(NovaiCluster.backendConfig());
        ManagedChannel channel = channel(extra.port());
        try {
            assertThat(HealthGrpc.newBlockingStub(channel).check(request("")).getStatus(), is(ServingStatus.SERVING));
            extra.close();
            assertThat(extra.isRunning(), is(false));
        } finally {
            channel.shutdownNow();
        }
    }

    private static List<String> reflectedServices(ManagedChannel channel) throws Exception {
        CompletableFuture<List<String>> services = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
                .serverReflectionInfo(new StreamObserver<>() {
                    @Override
                    public void onNext(ServerReflectionResponse response) {
                        services.complete(response.getListServicesResponse().getServiceList().stream()
                                                  .map(ServiceResponse::getName)
                                                  .toList());
                    }

                    @Override
                    public void onError(Throwable t) {
                        services.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
        requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
        try {
            return services.get(10, TimeUnit.SECONDS);
        } finally {
            requests.onCompleted();
        }
    }

    private static HealthCheckRequest request(String service) {
        return HealthCheckRequest.newBuilder().setService(service).build();
    }

    private static ManagedChannel channel(int port) {
        return ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }
}
