package ai.novai.gateway;

import java.util.List;

import io.helidon.webserver.WebServer;

/**
 * A started gateway and the resources it owns; closing it stops the server, then releases them.
 */
public final class RunningGateway implements AutoCloseable {

    private final WebServer server;
    private final List<AutoCloseable> resources;

    RunningGateway(WebServer server, List<AutoCloseable> resources) {
        this.server = server;
        this.resources = List.copyOf(resources);
    }

    /** The HTTP port. */
    public int port() {
        return server.port();
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
