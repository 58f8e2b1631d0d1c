package ai.novai.embedding;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import ai.novai.common.models.Deployment;
import ai.novai.common.models.ModelEntry;
import ai.novai.common.models.ModelRegistry;
import ai.novai.common.grpc.CancelSignal;
import ai.novai.embedding.providers.EmbeddingCall;
import ai.novai.embedding.providers.EmbeddingErrors;
import ai.novai.embedding.providers.EmbeddingProvider;
import ai.novai.embedding.providers.EmbeddingResult;
import ai.novai.proto.common.v1.ListModelsResponse;
import ai.novai.proto.common.v1.ModelKind;
import ai.novai.proto.embedding.v1.EmbedRequest;
import ai.novai.proto.embedding.v1.EmbedResponse;
import ai.novai.proto.embedding.v1.EmbedUsage;
import ai.novai.proto.embedding.v1.Embedding;
import io.grpc.Status;

/**
 * Resolves a request's model and sends the whole request to the first deployment that can serve it.
 * Embeddings have no retries or fallbacks: a failed call is cheap to repeat for the client, and a vector
 * from another model would not be comparable with the ones the client already has.
 */
final class EmbeddingRouter {

    private final ModelRegistry registry;
    private final Map<String, String> environment;
    private final EmbeddingProviders providers;

    EmbeddingRouter(ModelRegistry registry, Map<String, String> environment, EmbeddingProviders providers) {
        this.registry = registry;
        this.environment = Map.copyOf(environment);
        this.providers = providers;
    }

    /** Vectors for every input, in input order, with the call's token usage. */
    EmbedResponse embed(EmbedRequest request, CancelSignal cancel) {
        ModelEntry model = registry.find(request.getModel())
                .filter(entry -> entry.kind() == ModelKind.MODEL_KIND_EMBEDDING)
                .orElseThrow(() -> EmbeddingErrors.modelNotFound(request.getModel()));
        Route route = route(model).orElseThrow(() -> EmbeddingErrors.modelNotFound(request.getModel()));
        EmbedRequestChecks.check(request, model);
        EmbeddingCall call = new EmbeddingCall(
                model, route.deployment(), request.getInputsList(),
                request.hasDimensions() ? OptionalInt.of(request.getDimensions()) : OptionalInt.empty(),
                request.getTruncate(), request.getUser(), request.getRequestId(),
                registry.provider(route.deployment().provider()).orElseThrow().apiKey(environment), cancel);
        String providerType = registry.provider(route.deployment().provider()).orElseThrow().type().configName();
        return response(model, request.getInputsCount(),
                        EmbeddingCallSpan.observe(call, providerType, () -> route.provider().embed(call)));
    }

    /** The embedding models this service can serve now. */
    ListModelsResponse listModels() {
        return ListModelsResponse.newBuilder()
                .addAllModels(registry.offered(ModelKind.MODEL_KIND_EMBEDDING, environment).stream()
                                      .filter(model -> route(model).isPresent())
                                      .map(ModelEntry::toProto)
                                      .toList())
                .build();
    }

    private Optional<Route> route(ModelEntry model) {
        for (Deployment deployment : registry.usableDeployments(model, environment)) {
            Optional<EmbeddingProvider> provider = providers.of(deployment.provider());
            if (provider.isPresent()) {
                return Optional.of(new Route(deployment, provider.get()));
            }
        }
        return Optional.empty();
    }

    private static EmbedResponse response(ModelEntry model, int inputs, EmbeddingResult result) {
        List<float[]> vectors = result.vectors();
        if (vectors.size() != inputs) {
            throw Status.INTERNAL.withDescription("The model " + model.id() + " returned " + vectors.size()
                                                          + " vectors for " + inputs + " inputs.").asRuntimeException();
        }
        EmbedResponse.Builder response = EmbedResponse.newBuilder()
                .setModel(model.id())
                .setUsage(EmbedUsage.newBuilder()
                                  .setPromptTokens(result.promptTokens())
                                  .setTotalTokens(result.promptTokens()));
        for (int i = 0; i < inputs; i++) {
            Embedding.Builder embedding = Embedding.newBuilder().setIndex(i);
            for (float value : vectors.get(i)) {
                embedding.addValues(value);
            }
            response.addEmbeddings(embedding);
        }
        return response.build();
    }

    /** A deployment and the adapter that serves it. */
    private record Route(Deployment deployment, EmbeddingProvider provider) {
    }
}
