package ai.novai.gateway.billing;

import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import ai.novai.gateway.errors.ApiException;
import ai.novai.proto.common.v1.ModelInfo;

/**
 * The catalogue as metering needs it on every request (prices, output caps, aliases), without a gRPC
 * call per request: the list is reused for {@code ttl} and refreshed by the first request after that.
 * When a refresh fails the previous list is kept.
 */
public final class ModelPrices {

    private static final System.Logger LOGGER = System.getLogger(ModelPrices.class.getName());

    private final Supplier<List<ModelInfo>> catalogue;
    private final long ttlNanos;
    private final LongSupplier nanoTime;
    private volatile Snapshot snapshot;

    private record Snapshot(List<ModelInfo> models, long fetchedAtNanos) {
    }

    /**
     * @param catalogue lists every model (over gRPC)
     * @param ttl       how long a listing is reused
     * @param nanoTime  the clock
     */
    public ModelPrices(Supplier<List<ModelInfo>> catalogue, java.time.Duration ttl, LongSupplier nanoTime) {
        this.catalogue = catalogue;
        this.ttlNanos = ttl.toNanos();
        this.nanoTime = nanoTime;
    }

    /** The model with this id or alias, if the catalogue has it. */
    public Optional<ModelInfo> find(String idOrAlias) {
        return models().stream()
                .filter(model -> model.getId().equals(idOrAlias) || model.getAliasesList().contains(idOrAlias))
                .findFirst();
    }

    private List<ModelInfo> models() {
        Snapshot current = snapshot;
        if (current == null || nanoTime.getAsLong() - current.fetchedAtNanos() > ttlNanos) {
            synchronized (this) {
                current = snapshot;
                if (current == null || nanoTime.getAsLong() - current.fetchedAtNanos() > ttlNanos) {
                    current = refresh(current);
                }
            }
        }
        return current.models();
    }

    private Snapshot refresh(Snapshot previous) {
        try {
            Snapshot fresh = new Snapshot(List.copyOf(catalogue.get()), nanoTime.getAsLong());
            snapshot = fresh;
            return fresh;
        } catch (ApiException | io.grpc.StatusRuntimeException e) {
            LOGGER.log(System.Logger.Level.WARNING, "the model catalogue could not be refreshed: " + e.getMessage());
            Snapshot kept = previous == null ? new Snapshot(List.of(), nanoTime.getAsLong())
                    : new Snapshot(previous.models(), nanoTime.getAsLong());
            snapshot = kept;
            return kept;
        }
    }
}
