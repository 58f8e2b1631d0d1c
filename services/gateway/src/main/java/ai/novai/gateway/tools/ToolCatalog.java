package ai.novai.gateway.tools;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import ai.novai.gateway.backends.BackendChannels;
import ai.novai.gateway.backends.GrpcToHttpErrors;
import ai.novai.gateway.errors.ApiException;
import ai.novai.gateway.keys.ApiKey;
import ai.novai.proto.tools.v1.ListToolsRequest;
import ai.novai.proto.tools.v1.ListToolsResponse;
import io.grpc.StatusRuntimeException;

/**
 * The tools the tools service offers, asked for at most once per {@code catalog-ttl} (one caller asks, the others
 * wait for its answer). While the service cannot answer, the last list is used for up to ten times the TTL: a
 * tools pod restarting does not fail every request that offers tools.
 */
public final class ToolCatalog {

    private static final int STALE_FACTOR = 10;

    private final BackendChannels backends;
    private final Duration ttl;
    private final ReentrantLock refresh = new ReentrantLock();
    private volatile Snapshot snapshot;

    // the tools by function name, and every configured server (the built-ins' "novai" included) by whether it is up
    private record Snapshot(Map<String, ServerTool> byName, Map<String, Boolean> servers, long fetchedNanos) {
    }

    public ToolCatalog(BackendChannels backends, ToolSettings settings) {
        this.backends = backends;
        this.ttl = settings.catalogTtl();
    }

    /** Whether a tools service is configured at all. */
    public boolean enabled() {
        return backends.tools().isPresent();
    }

    /**
     * The tools this key may run, in the service's order.
     *
     * @throws ApiException 400 {@code tools_not_enabled} without a tools service, 503 when it cannot be asked
     */
    public List<ServerTool> forKey(ApiKey key) {
        return snapshot().byName().values().stream().filter(tool -> key.mayRunTool(tool.serverLabel(), tool.tool())).toList();
    }

    /** Every tool the service offers, to any key, in the service's order. */
    public List<ServerTool> all() {
        return List.copyOf(snapshot().byName().values());
    }

    /** A tool by its function name, if the service offers it and the key may run it. */
    public Optional<ServerTool> find(ApiKey key, String name) {
        return Optional.ofNullable(snapshot().byName().get(name)).filter(tool -> key.mayRunTool(tool.serverLabel(), tool.tool()));
    }

    /** Whether the service offers this tool (to any key). */
    public boolean exists(String serverLabel, String tool) {
        return snapshot().byName().values().stream()
                .anyMatch(candidate -> candidate.serverLabel().equals(serverLabel) && candidate.tool().equals(tool));
    }

    /** The labels of the configured servers, connected or not, for error messages. */
    public List<String> serverLabels() {
        return List.copyOf(snapshot().servers().keySet());
    }

    /** Whether a configured server is connected now (empty: no such server). */
    public Optional<Boolean> serverAvailable(String label) {
        return Optional.ofNullable(snapshot().servers().get(label));
    }

    private Snapshot snapshot() {
        Snapshot current = snapshot;
        if (current != null && age(current) < ttl.toNanos()) {
            return current;
        }
        refresh.lock();
        try {
            current = snapshot;
            if (current != null && age(current) < ttl.toNanos()) {
                return current;
            }
            try {
                snapshot = fetch();
                return snapshot;
            } catch (StatusRuntimeException failed) {
                if (current != null && age(current) < ttl.toNanos() * STALE_FACTOR) {
                    return current;
                }
                throw GrpcToHttpErrors.toApiException("tools", failed);
            }
        } finally {
            refresh.unlock();
        }
    }

    private Snapshot fetch() {
        var stub = backends.tools().orElseThrow(() -> ApiException.badRequest(
                "Server-side tools are not enabled on this gateway (no tools service is configured).", "tools",
                "tools_not_enabled"));
        ListToolsResponse listed = stub.withDeadlineAfter(backends.listDeadline().toMillis(), TimeUnit.MILLISECONDS)
                .listTools(ListToolsRequest.getDefaultInstance());
        Map<String, ServerTool> byName = new LinkedHashMap<>();
        listed.getToolsList().forEach(descriptor -> byName.put(descriptor.getName(), ServerTool.of(descriptor)));
        Map<String, Boolean> servers = new LinkedHashMap<>();
        listed.getServersList().forEach(server -> servers.put(server.getLabel(), server.getAvailable()));
        return new Snapshot(Collections.unmodifiableMap(byName), Collections.unmodifiableMap(servers),
                            System.nanoTime());
    }

    private static long age(Snapshot snapshot) {
        return System.nanoTime() - snapshot.fetchedNanos();
    }
}
