package ai.novai.gateway.batches;

import java.time.Clock;
import java.time.Duration;

import ai.novai.common.server.Drain;
import ai.novai.gateway.backends.BackendChannels;
import ai.novai.gateway.billing.Metering;
import ai.novai.gateway.chat.ChatDeadlines;
import ai.novai.gateway.embeddings.EmbeddingsSettings;
import ai.novai.gateway.files.FileLibrary;
import ai.novai.gateway.keys.ApiKeyStore;
import ai.novai.gateway.limits.InteractiveLoad;
import ai.novai.gateway.observability.BatchMetrics;
import io.helidon.config.Config;
import io.helidon.dbclient.DbClient;

/**
 * The batch engine of one gateway replica: its API and its workers, built from the configuration.
 *
 * @param service the {@code /v1/batches} routes
 * @param workers this replica's workers, started; close them before the backends and the database
 */
public record Batches(BatchesService service, BatchWorkers workers) {

    /**
     * Builds and starts the engine.
     *
     * @param novai    the {@code novai} configuration node ({@code chat}, {@code embeddings})
     * @param settings the {@code novai.batches} settings
     * @param db       the database
     * @param backends the gRPC backends the lines call
     * @param metering admission and prices
     * @param load     this replica's interactive calls, which batch work yields to
     * @param drain    the replica's graceful stop, which lines in flight take part in
     * @param keys     the keys, looked up for each line (a revoked key's lines fail)
     * @param files    input and output files
     * @param clock    the time
     */
    public static Batches start(Config novai, BatchSettings settings, DbClient db, BackendChannels backends,
                                Metering metering, InteractiveLoad load, Drain drain, ApiKeyStore keys,
                                FileLibrary files, Clock clock) {
        BatchStore store = new BatchStore(db);
        BatchRequests requests = new BatchRequests(metering);
        LineRunner runner = new LineRunner(backends, metering, ChatDeadlines.from(novai.get("chat")),
                                           EmbeddingsSettings.from(novai.get("embeddings")).deadline(), settings);
        BatchSteps steps = new BatchSteps(store, new BatchValidation(store, files, requests, settings, clock),
                                          new BatchFinalization(store, files, settings, clock), keys, clock);
        BatchWorkers workers = new BatchWorkers(store, runner, steps, keys, settings, new BatchMetrics(), load, drain,
                                                clock);
        workers.start();
        return new Batches(new BatchesService(store, files, requests, settings, clock), workers);
    }
}
