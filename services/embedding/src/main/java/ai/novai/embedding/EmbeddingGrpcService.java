package ai.novai.embedding;

import java.util.Map;

import ai.novai.common.models.ModelRegistry;
import ai.novai.proto.common.v1.ListModelsRequest;
import ai.novai.proto.common.v1.ListModelsResponse;
import ai.novai.proto.common.v1.ModelKind;
import ai.novai.proto.embedding.v1.EmbeddingServiceGrpc;
import io.grpc.stub.StreamObserver;

/**
 * {@code novai.embedding.v1.EmbeddingService}. {@code Embed} arrives with the local model and the
 * upstream adapters; until then it answers UNIMPLEMENTED, as grpc-java does for any method a service
 * leaves out.
 */
final class EmbeddingGrpcService extends EmbeddingServiceGrpc.EmbeddingServiceImplBase {

    private final ModelRegistry registry;
    private final Map<String, String> environment;

    EmbeddingGrpcService(ModelRegistry registry, Map<String, String> environment) {
        this.registry = registry;
        this.environment = Map.copyOf(environment);
    }

    @Override
    public void listModels(ListModelsRequest request, StreamObserver<ListModelsResponse> response) {
        response.onNext(registry.listModels(ModelKind.MODEL_KIND_EMBEDDING, environment));
        response.onCompleted();
    }
}
