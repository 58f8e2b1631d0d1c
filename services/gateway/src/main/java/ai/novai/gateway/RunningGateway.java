package ai.novai.gateway;

import java.util.List;

import ai.novai.common.server.Drain;
import io.helidon.webserver.WebServer;

/**
 * A started gateway and the resources it owns; closing it stops the server, then releases them.
 */
public final class RunningGateway implements AutoCloseable {

    private final WebServer server;
    private final Drain drain;
    private final List<AutoCloseable> resources;

    RunningGateway(WebServer server, Drain drain, List<AutoCloseable> resources) {
        this.server = server;
        this.drain = drain;
        this.resources = List.copyOf(resources);
    }

    /** The HTTP port of the API. */
    public int port() {
        return server.port();
    }

    /** The HTTP port of {@code /observe} (health, metrics). */
    public int managementPort() {
        return server.port(GatewayMain.MANAGEMENT_SOCKET);
    }

    /**
     * The graceful stop that SIGTERM runs: readiness turns DOWN, new requests are refused (503), requests
     * and SSE streams in flight get the drain deadline ({@value Drain#DEADLINE_KEY}), then {@link #close()}.
     */
    public void shutdown() {
        drain.run("gateway");
        close();
    }

    @Override
    public void close() {
        server.stop();
        closeAll(resources);
    }

    /** Closes each resource in order; a failure is logged and the rest are still closed. */
    static void closeAll(List<AutoCloseable> resources) {
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                System.getLogger(RunningGateway.class.getName())
                        .log(System.Logger.Level.WARNING, "closing " + resource + " failed", e);
            }
        }
    }
}
