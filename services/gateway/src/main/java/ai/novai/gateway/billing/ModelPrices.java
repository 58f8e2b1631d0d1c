package ai.novai.gateway.billing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import ai.novai.gateway.models.ModelCatalog;
import ai.novai.gateway.models.ModelCatalog.Listing;
import ai.novai.proto.common.v1.ModelInfo;

/**
 * The catalogue as metering needs it on every request (prices, output caps, aliases), without a gRPC
 * call per request: each backend's listing is reused for {@code ttl}. A backend that fails to answer
 * keeps its previous listing (a model never turns free or unknown because its backend was slow once),
 * and a failed or incomplete refresh is tried again after a second rather than after {@code ttl}. A
 * model not in the listings triggers one early refresh (at most one a second), so a model just added to
 * the registry is priced at once.
 */
public final class ModelPrices {

    private static final System.Logger LOGGER = System.getLogger(ModelPrices.class.getName());
    private static final long RETRY_NANOS = 1_000_000_000L;

    private final Supplier<List<Listing>> catalogue;
    private final long ttlNanos;
    private final LongSupplier nanoTime;
    private final Map<String, List<ModelInfo>> byBackend = new HashMap<>();
    private volatile List<ModelInfo> models = List.of();
    private volatile long refreshedAtNanos;
    private volatile long nextRefreshNanos;
    private volatile boolean loaded;

    /**
     * @param catalogue each backend's listing (over gRPC)
     * @param ttl       how long a complete listing is reused
     * @param nanoTime  the clock
     */
    public ModelPrices(Supplier<List<Listing>> catalogue, java.time.Duration ttl, LongSupplier nanoTime) {
        this.catalogue = catalogue;
        this.ttlNanos = ttl.toNanos();
        this.nanoTime = nanoTime;
    }

    /** The model with this id or alias, if the catalogue has it. */
    public Optional<ModelInfo> find(String idOrAlias) {
        if (!loaded || nanoTime.getAsLong() - nextRefreshNanos >= 0) {
            refresh(false);
        }
        Optional<ModelInfo> found = lookup(idOrAlias);
        if (found.isEmpty() && nanoTime.getAsLong() - refreshedAtNanos >= RETRY_NANOS) {
            refresh(true);
            found = lookup(idOrAlias);
        }
        return found;
    }

    private Optional<ModelInfo> lookup(String idOrAlias) {
        return models.stream().filter(model -> ModelCatalog.isNamed(model, idOrAlias)).findFirst();
    }

    private synchronized void refresh(boolean early) {
        long now = nanoTime.getAsLong();
        if (loaded && (early ? now - refreshedAtNanos < RETRY_NANOS : now - nextRefreshNanos < 0)) {
            return; // another thread just refreshed
        }
        boolean complete = true;
        for (Listing listing : catalogue.get()) {
            if (listing.failure().isPresent()) {
                complete = false;
                LOGGER.log(System.Logger.Level.WARNING, "prices of the " + listing.backend()
                        + " models could not be refreshed; the previous ones stay in use: " + listing.failure().get());
            } else {
                byBackend.put(listing.backend(), listing.models());
            }
        }
        List<ModelInfo> merged = new ArrayList<>();
        byBackend.values().forEach(merged::addAll);
        models = List.copyOf(merged);
        loaded = true;
        refreshedAtNanos = now;
        nextRefreshNanos = now + (complete ? ttlNanos : RETRY_NANOS);
    }
}
