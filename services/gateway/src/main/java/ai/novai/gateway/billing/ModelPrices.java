package ai.novai.gateway.billing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import ai.novai.gateway.models.ModelCatalog;
import ai.novai.gateway.models.ModelCatalog.Listing;
import ai.novai.proto.common.v1.ModelInfo;

/**
 * The catalogue as metering needs it on every request (prices, output caps, aliases), without a gRPC
 * call per request: each backend's listing is reused for {@code ttl} and refreshed in the background, one
 * refresh at a time, while requests go on with the listing they have — a backend that is slow or down never
 * holds a request for a model already known. A backend that fails to answer keeps its previous listing (a model
 * never turns free or unknown because its backend was slow once), and a failed or incomplete refresh is tried
 * again after a second rather than after {@code ttl}. Only a request that finds nothing waits: for the first
 * listing, and for one early refresh (at most one a second) when its model is not listed, so a model just added
 * to the registry is priced at once. Listing calls to a down backend fail fast (see {@code BackendChannels}), so
 * that wait is short too.
 */
public final class ModelPrices {

    private static final System.Logger LOGGER = System.getLogger(ModelPrices.class.getName());
    private static final long RETRY_NANOS = 1_000_000_000L;

    private final Supplier<List<Listing>> catalogue;
    private final long ttlNanos;
    private final LongSupplier nanoTime;
    private final Executor refresher;
    // written by one refresh at a time (the one in flight)
    private final Map<String, List<ModelInfo>> byBackend = new HashMap<>();
    private final AtomicReference<CompletableFuture<Void>> inFlight = new AtomicReference<>();
    private volatile List<ModelInfo> models = List.of();
    private volatile long refreshedAtNanos;
    private volatile long nextRefreshNanos;
    private volatile boolean loaded;

    /**
     * @param catalogue each backend's listing (over gRPC)
     * @param ttl       how long a complete listing is reused
     * @param nanoTime  the clock
     */
    public ModelPrices(Supplier<List<Listing>> catalogue, Duration ttl, LongSupplier nanoTime) {
        this(catalogue, ttl, nanoTime, command -> Thread.ofVirtual().name("model-prices-refresh").start(command));
    }

    ModelPrices(Supplier<List<Listing>> catalogue, Duration ttl, LongSupplier nanoTime, Executor refresher) {
        this.catalogue = catalogue;
        this.ttlNanos = ttl.toNanos();
        this.nanoTime = nanoTime;
        this.refresher = refresher;
    }

    /** The model with this id or alias, if the catalogue has it. */
    public Optional<ModelInfo> find(String idOrAlias) {
        if (!loaded) {
            refresh().join();
        } else if (nanoTime.getAsLong() - nextRefreshNanos >= 0) {
            refresh();
        }
        Optional<ModelInfo> found = lookup(idOrAlias);
        if (found.isEmpty() && nanoTime.getAsLong() - refreshedAtNanos >= RETRY_NANOS) {
            refresh().join();
            found = lookup(idOrAlias);
        }
        return found;
    }

    /**
     * Starts a refresh in the background unless one is running.
     *
     * @return the refresh in flight, done when its listing is in use
     */
    public CompletableFuture<Void> refresh() {
        while (true) {
            CompletableFuture<Void> running = inFlight.get();
            if (running != null) {
                return running;
            }
            CompletableFuture<Void> mine = new CompletableFuture<>();
            if (inFlight.compareAndSet(null, mine)) {
                refresher.execute(() -> {
                    try {
                        load();
                    } finally {
                        inFlight.set(null);
                        mine.complete(null);
                    }
                });
                return mine;
            }
        }
    }

    private Optional<ModelInfo> lookup(String idOrAlias) {
        return models.stream().filter(model -> ModelCatalog.isNamed(model, idOrAlias)).findFirst();
    }

    private void load() {
        long now = nanoTime.getAsLong();
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
        refreshedAtNanos = now;
        nextRefreshNanos = now + (complete ? ttlNanos : RETRY_NANOS);
        loaded = true;
    }
}
