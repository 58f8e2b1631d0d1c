package ai.novai.inference;

import java.util.Map;

import ai.novai.common.models.ModelRegistry;
import ai.novai.proto.common.v1.ListModelsRequest;
import ai.novai.proto.common.v1.ListModelsResponse;
import ai.novai.proto.common.v1.ModelKind;
import ai.novai.proto.inference.v1.InferenceServiceGrpc;
import io.grpc.stub.StreamObserver;

/**
 * {@code novai.inference.v1.InferenceService}. Completions ({@code Complete}, {@code StreamComplete})
 * arrive with the provider adapters; until then they answer UNIMPLEMENTED, as grpc-java does for any
 * method a service leaves out.
 */
final class InferenceGrpcService extends InferenceServiceGrpc.InferenceServiceImplBase {

    private final ModelRegistry registry;
    private final Map<String, String> environment;

    InferenceGrpcService(ModelRegistry registry, Map<String, String> environment) {
        this.registry = registry;
        this.environment = Map.copyOf(environment);
    }

    @Override
    public void listModels(ListModelsRequest request, StreamObserver<ListModelsResponse> response) {
        response.onNext(registry.listModels(ModelKind.MODEL_KIND_CHAT, environment));
        response.onCompleted();
    }
}
