package ai.novai.gateway.models;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import ai.novai.gateway.backends.BackendChannels;
import ai.novai.gateway.backends.GrpcToHttpErrors;
import ai.novai.proto.common.v1.ListModelsRequest;
import ai.novai.proto.common.v1.ListModelsResponse;
import ai.novai.proto.common.v1.ModelInfo;
import io.grpc.StatusRuntimeException;

/**
 * The models NovAI offers: chat models from inference and embedding models from embedding, each asked
 * over gRPC ({@code ListModels}). When one backend is down the other's models are still listed; only
 * when every backend fails does the call fail.
 */
public final class ModelCatalog {

    private static final System.Logger LOGGER = System.getLogger(ModelCatalog.class.getName());

    private final BackendChannels backends;

    public ModelCatalog(BackendChannels backends) {
        this.backends = backends;
    }

    /** Every offered model, chat models first. */
    public List<ModelInfo> list() {
        List<Listing> listings = listings();
        if (listings.stream().allMatch(listing -> listing.failure().isPresent())) {
            Listing first = listings.getFirst();
            throw GrpcToHttpErrors.toApiException(first.backend(), first.failure().orElseThrow());
        }
        List<ModelInfo> models = new ArrayList<>();
        listings.forEach(listing -> models.addAll(listing.models()));
        return models;
    }

    /** The model with this id or alias. */
    public Optional<ModelInfo> find(String idOrAlias) {
        return list().stream().filter(model -> isNamed(model, idOrAlias)).findFirst();
    }

    /** Every name a client may use for this model: its id, then its aliases. */
    public static List<String> names(ModelInfo model) {
        List<String> names = new ArrayList<>(List.of(model.getId()));
        names.addAll(model.getAliasesList());
        return names;
    }

    /** Whether a client may name this model so: its id or one of its aliases. */
    public static boolean isNamed(ModelInfo model, String idOrAlias) {
        return model.getId().equals(idOrAlias) || model.getAliasesList().contains(idOrAlias);
    }

    /** What each backend answered (inference first), a failure in place of the models of one that did not. */
    public List<Listing> listings() {
        long deadlineMillis = backends.listDeadline().toMillis();
        ListModelsRequest request = ListModelsRequest.getDefaultInstance();
        return List.of(
                ask("inference", () -> backends.inference()
                        .withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS).listModels(request)),
                ask("embedding", () -> backends.embedding()
                        .withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS).listModels(request)));
    }

    private static Listing ask(String backend, Supplier<ListModelsResponse> call) {
        try {
            return new Listing(backend, call.get().getModelsList(), Optional.empty());
        } catch (StatusRuntimeException e) {
            LOGGER.log(System.Logger.Level.WARNING, "listing models of the " + backend + " service failed: "
                    + e.getStatus());
            return new Listing(backend, List.of(), Optional.of(e));
        }
    }

    /**
     * One backend's answer.
     *
     * @param backend {@code inference} or {@code embedding}
     * @param models  its models; empty when it failed
     * @param failure why it did not answer
     */
    public record Listing(String backend, List<ModelInfo> models, Optional<StatusRuntimeException> failure) {
    }
}
